import { MAX_WEIGHT } from "./rule-schemas";

/**
 * The weight editor's rules, checked on every keystroke: each weight a whole number 0–999 (VPC Lattice's
 * WeightedTargetGroup.weight), and at least one above 0, or the action sends requests nowhere.
 */
export interface WeightCheck {
  /** One message per target group, in its order; undefined where the weight is fine. */
  fields: (string | undefined)[];
  /** About the weights together (all zero). */
  action: string | undefined;
  ok: boolean;
}

const INTEGER = /^-?\d+$/;

/** Messages for weights as typed. A lone target group may leave its weight empty: AWS then gives it all. */
export function checkWeights(typed: readonly string[]): WeightCheck {
  const fields = typed.map((raw): string | undefined => {
    const text = raw.trim();
    if (text === "") return typed.length === 1 ? undefined : `Enter a weight from 0 to ${MAX_WEIGHT}`;
    if (!INTEGER.test(text)) return `Use a whole number from 0 to ${MAX_WEIGHT}`;
    const value = Number(text);
    return value < 0 || value > MAX_WEIGHT ? `Must be between 0 and ${MAX_WEIGHT}` : undefined;
  });
  const allZero = typed.length > 1 && typed.every((raw) => INTEGER.test(raw.trim()) && Number(raw) === 0);
  const action =
    fields.every((f) => f === undefined) && allZero
      ? "At least one weight must be above 0, or the requests this action matches reach no target"
      : undefined;
  return { fields, action, ok: fields.every((f) => f === undefined) && action === undefined };
}

/** Whole numbers proportional to `basis` that add up to exactly `total` (largest remainder, ties to the first). */
export function apportion(basis: readonly number[], total: number): number[] {
  const sum = basis.reduce((a, b) => a + Math.max(0, b), 0);
  if (sum <= 0 || total <= 0) return basis.map(() => 0);
  const exact = basis.map((b) => (Math.max(0, b) / sum) * total);
  const result = exact.map(Math.floor);
  let left = total - result.reduce((a, v) => a + v, 0);
  const order = exact
    .map((v, i) => ({ i, remainder: v - Math.floor(v) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    result[i] = (result[i] ?? 0) + 1;
    left--;
  }
  return result;
}

/**
 * Moves target group `index` to `percent` of the action and rebalances the others so the weights add up to
 * 100 again: the rest is shared in proportion to their current weights (equally when those are all 0), so each
 * weight reads as its share.
 */
export function rebalanceWeights(weights: readonly number[], index: number, percent: number): number[] {
  if (index < 0 || index >= weights.length) return [...weights];
  const value = Math.min(100, Math.max(0, Math.round(percent)));
  const others = weights.map((w, i) => (i === index ? 0 : Math.max(0, w)));
  const basis = others.some((w) => w > 0) ? others : weights.map((_, i) => (i === index ? 0 : 1));
  const rest = apportion(basis, 100 - value);
  return rest.map((w, i) => (i === index ? value : w));
}

export interface SplitPreset {
  label: string;
  weights: number[];
}

/** One-click splits: for two target groups 100/0, 90/10, 50/50 and 0/100; for more, even or all to the first. */
export function splitPresets(groups: number): SplitPreset[] {
  if (groups === 2) {
    return [
      [100, 0],
      [90, 10],
      [50, 50],
      [0, 100],
    ].map((weights) => ({ label: weights.join(" / "), weights }));
  }
  if (groups < 2) return [];
  return [
    {
      label: "Even",
      weights: apportion(
        Array.from({ length: groups }, () => 1),
        100,
      ),
    },
    { label: "All to the first", weights: Array.from({ length: groups }, (_, i) => (i === 0 ? 100 : 0)) },
  ];
}
