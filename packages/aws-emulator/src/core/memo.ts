import type { World } from "./world";

const caches = new WeakMap<object, Map<string, { stamp: string; value: unknown }>>();

/**
 * Caches a value derived from the whole region (e.g. which services use a target group) until the world
 * changes: every write request bumps `world.revision`. The sizes in `extra` also catch direct edits that tests
 * make to the maps between requests.
 */
export function memoize<T>(world: World, owner: object, key: string, extra: string, compute: () => T): T {
  const stamp = `${world.revision}|${extra}`;
  let cache = caches.get(owner);
  if (!cache) {
    cache = new Map();
    caches.set(owner, cache);
  }
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit.value as T;
  const value = compute();
  cache.set(key, { stamp, value });
  return value;
}
