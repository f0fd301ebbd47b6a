import { embeddedJson } from "@/components/ui/structural-diff-model";

/** One line of one side: its text and 1-based line number. */
export interface DiffLine {
  number: number;
  text: string;
}

/**
 * One row of a side-by-side diff. `same`: the line is on both sides; `changed`: a before line and the after
 * line that took its place; `removed` / `added`: a line on one side only.
 */
export interface DiffRow {
  kind: "same" | "changed" | "removed" | "added";
  before?: DiffLine;
  after?: DiffLine;
}

/** Beyond this many cells of the line-matching table, the differing middle is shown as replaced whole. */
const MAX_TABLE_CELLS = 1_000_000;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => [key, sortKeys(member)]),
  );
}

/**
 * JSON indented by two spaces with keys in order, so the same value always reads the same, and JSON text inside
 * it (an auth policy) shown as the document it holds; none for undefined.
 */
export function jsonLines(value: unknown): string[] {
  return value === undefined ? [] : JSON.stringify(sortKeys(expandJsonText(value)), null, 2).split("\n");
}

function expandJsonText(value: unknown): unknown {
  const parsed = embeddedJson(value);
  if (parsed !== undefined) return expandJsonText(parsed);
  if (Array.isArray(value)) return value.map(expandJsonText);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandJsonText(v)]));
  }
  return value;
}

type Op = "same" | "removed" | "added";

/** Edit script turning `a` into `b`: longest common subsequence over the lines between a common head and tail. */
function lineOps(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle: Op[] = [];
  if (x.length * y.length > MAX_TABLE_CELLS) {
    middle.push(...x.map((): Op => "removed"), ...y.map((): Op => "added"));
  } else {
    // lengths[i][j]: longest common subsequence of x[i..] and y[j..], in one flat array.
    const width = y.length + 1;
    const lengths = new Uint32Array((x.length + 1) * width);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lengths[i * width + j] =
          x[i] === y[j]
            ? lengths[(i + 1) * width + j + 1]! + 1
            : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        middle.push("same");
        i++;
        j++;
      } else if (
        j < y.length &&
        (i === x.length || lengths[i * width + j + 1]! >= lengths[(i + 1) * width + j]!)
      ) {
        middle.push("added");
        j++;
      } else {
        middle.push("removed");
        i++;
      }
    }
  }
  return [...Array<Op>(head).fill("same"), ...middle, ...Array<Op>(tail).fill("same")];
}

/**
 * `before` and `after` as side-by-side rows of pretty-printed JSON. Within each run of differing lines, removed
 * and added lines are paired up as changed rows, the rest stay one-sided.
 */
export function jsonDiffRows(before: unknown, after: unknown): DiffRow[] {
  const a = jsonLines(before);
  const b = jsonLines(after);
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flush = () => {
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const left = removed[k];
      const right = added[k];
      rows.push({
        kind: left && right ? "changed" : left ? "removed" : "added",
        ...(left ? { before: left } : {}),
        ...(right ? { after: right } : {}),
      });
    }
    removed = [];
    added = [];
  };
  for (const op of lineOps(a, b)) {
    if (op === "same") {
      flush();
      rows.push({
        kind: "same",
        before: { number: i + 1, text: a[i]! },
        after: { number: j + 1, text: b[j]! },
      });
      i++;
      j++;
    } else if (op === "removed") {
      removed.push({ number: i + 1, text: a[i]! });
      i++;
    } else {
      added.push({ number: j + 1, text: b[j]! });
      j++;
    }
  }
  flush();
  return rows;
}
