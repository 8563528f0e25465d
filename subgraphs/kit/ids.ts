const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A row id that cannot exist is simply absent: callers return null, with no error that tells a prober anything. */
export function asUuid(id: string): string | null {
  return UUID.test(id) ? id.toLowerCase() : null;
}
