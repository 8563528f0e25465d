/**
 * The rows of a raw `db.execute(sql…)`: postgres-js answers an array, PGlite an object holding `rows`. Every
 * raw statement's result is read through this, so code written against one driver runs on the other.
 */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
