/**
 * Sets of requests as unions of boxes: a box holds, per request dimension, a set of that dimension's classes
 * (a bit per class). Intersection and difference are exact, so a region is exactly the requests it names.
 */

export type Box = readonly bigint[];
/** Disjoint boxes. */
export type Region = Box[];

export const all = (count: number): bigint => (1n << BigInt(count)) - 1n;

export function universe(sizes: readonly number[]): Box {
  return sizes.map(all);
}

export function isEmpty(box: Box): boolean {
  return box.some((set) => set === 0n);
}

export function intersectBox(a: Box, b: Box): Box | undefined {
  const out = a.map((set, i) => set & (b[i] ?? 0n));
  return isEmpty(out) ? undefined : out;
}

/** a \ b as disjoint boxes. */
export function subtractBox(a: Box, b: Box): Box[] {
  if (!intersectBox(a, b)) return [a];
  const pieces: Box[] = [];
  const rest = [...a];
  for (let i = 0; i < a.length; i++) {
    const outside = (rest[i] ?? 0n) & ~(b[i] ?? 0n);
    if (outside !== 0n) {
      const piece = [...rest];
      piece[i] = outside;
      pieces.push(piece);
    }
    rest[i] = (rest[i] ?? 0n) & (b[i] ?? 0n);
  }
  return pieces;
}

export interface Budget {
  /** Throws when the review has used up its time. */
  check(): void;
}

export const NO_BUDGET: Budget = { check: () => undefined };

export function subtract(region: Region, boxes: readonly Box[], budget: Budget = NO_BUDGET): Region {
  let out = region;
  for (const b of boxes) {
    budget.check();
    out = out.flatMap((a) => subtractBox(a, b));
    if (out.length === 0) break;
  }
  return out;
}

export function intersect(a: Region, b: Region, budget: Budget = NO_BUDGET): Region {
  const out: Box[] = [];
  for (const x of a) {
    budget.check();
    for (const y of b) {
      const both = intersectBox(x, y);
      if (both) out.push(both);
    }
  }
  return out;
}

/** Boxes that differ in one dimension only are joined, so a class reads as one row rather than several. */
export function compact(region: Region): Region {
  const boxes = [...region];
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i] as Box;
        const b = boxes[j] as Box;
        let differing = -1;
        let count = 0;
        for (let d = 0; d < a.length; d++) {
          if (a[d] !== b[d]) {
            differing = d;
            if (++count > 1) break;
          }
        }
        if (count === 1) {
          const joined = [...a];
          joined[differing] = (a[differing] ?? 0n) | (b[differing] ?? 0n);
          boxes[i] = joined;
          boxes.splice(j, 1);
          merged = true;
          break outer;
        }
      }
    }
  }
  return boxes;
}

export function members(set: bigint): number[] {
  const out: number[] = [];
  for (let i = 0, s = set; s !== 0n; i++, s >>= 1n) if (s & 1n) out.push(i);
  return out;
}

export const has = (set: bigint, index: number) => ((set >> BigInt(index)) & 1n) === 1n;
