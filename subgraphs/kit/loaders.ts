import DataLoader from 'dataloader';

/** One batched fetch per request for entities by key; missing keys resolve to null. */
export function entityLoader<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row] as const));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Rows grouped by a key, in their order: what a per-parent or per-subject pass reads from. */
export function groupBy<T, K = string>(rows: Iterable<T>, keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** One batched fetch per request for the children of many parents (per-parent list fields). */
export function childrenLoader<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, parentOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader(async (keys) => {
    const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
    for (const row of await fetch(keys)) groups.get(parentOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * Merges resolver maps type by type, so one subgraph's resolvers can live in several modules; each map is the
 * subgraph's generated `Resolvers` (or part of it), and so is the result.
 */
export function mergeResolvers<T extends object>(...maps: T[]): T {
  const merged: Record<string, object> = {};
  for (const map of maps) for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...fields };
  return merged as T;
}
