import { isRecord, policyDocument, type Json, type PolicyInput } from "./document";
import { identityOf } from "./principals";

const TOP_ORDER = ["Version", "Id", "Statement"];
const STATEMENT_ORDER = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
];

function ordered(obj: Json, order: readonly string[]): Json {
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  const keys = Object.keys(obj).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

const byText = (a: unknown, b: unknown) => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** A list of scalars sorted and deduplicated, and a single value written as a scalar. */
function valueSet(value: unknown, map: (v: unknown) => unknown = (v) => v): unknown {
  if (!Array.isArray(value)) return map(value);
  const unique = [...new Map(value.map((v) => [JSON.stringify(map(v)), map(v)])).values()].sort(byText);
  return unique.length === 1 ? unique[0] : unique;
}

/** `"123456789012"` and `arn:aws:iam::123456789012:root` name the same principal; the ARN form is kept. */
function principalValue(v: unknown): unknown {
  return typeof v === "string" && /^\d{12}$/.test(v) ? (identityOf(v)?.arn ?? v) : v;
}

function canonicalPrincipal(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const out = ordered(
    Object.fromEntries(
      Object.entries(value).map(([type, v]) => [
        type,
        valueSet(v, type === "AWS" ? principalValue : undefined),
      ]),
    ),
    ["AWS"],
  );
  // IAM treats {"AWS": "*"} and "*" alike.
  return Object.keys(out).length === 1 && out.AWS === "*" ? "*" : out;
}

function canonicalCondition(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const sortedEntries = (obj: Json) => Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(
    sortedEntries(value).map(([operator, block]) => [
      operator,
      isRecord(block)
        ? Object.fromEntries(sortedEntries(block).map(([key, v]) => [key, valueSet(v)]))
        : block,
    ]),
  );
}

function canonicalStatement(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "Principal" || key === "NotPrincipal") out[key] = canonicalPrincipal(v);
    else if (key === "Condition") out[key] = canonicalCondition(v);
    else if (["Action", "NotAction", "Resource", "NotResource"].includes(key)) out[key] = valueSet(v);
    else out[key] = v;
  }
  return ordered(out, STATEMENT_ORDER);
}

/** The policy document normalised: element order, sets sorted and deduplicated, statements in a stable order. */
export function canonicalDocument(doc: Json): Json {
  const out: Json = { ...doc };
  if (doc.Statement !== undefined) {
    const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    out.Statement = list.map(canonicalStatement).sort(byText);
  }
  return ordered(out, TOP_ORDER);
}

/**
 * Stable pretty text of a policy, so that reordering, repeating or re-wrapping values leaves no textual trace.
 * Text that is not a JSON object is returned trimmed; no policy is the empty string.
 */
export function canonicalPolicy(input: PolicyInput | null | undefined): string {
  if (input === null || input === undefined) return "";
  const doc = policyDocument(input);
  if (!doc) return typeof input === "string" ? input.trim() : "";
  return JSON.stringify(canonicalDocument(doc), null, 2);
}

export interface DiffLine {
  kind: "added" | "removed" | "unchanged";
  text: string;
  /** 1-based line numbers in the before and after texts. */
  before?: number;
  after?: number;
}

export interface TextDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

/** Line diff (longest common subsequence) of two texts. */
export function lineDiff(before: string, after: string): TextDiff {
  const a = before === "" ? [] : before.split("\n");
  const b = after === "" ? [] : after.split("\n");
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: "unchanged", text: a[i] as string, before: i + 1, after: j + 1 });
      i++;
      j++;
    } else if (
      i < a.length &&
      (j === b.length || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))
    ) {
      lines.push({ kind: "removed", text: a[i] as string, before: i + 1 });
      i++;
    } else {
      lines.push({ kind: "added", text: b[j] as string, after: j + 1 });
      j++;
    }
  }
  return {
    lines,
    added: lines.filter((l) => l.kind === "added").length,
    removed: lines.filter((l) => l.kind === "removed").length,
  };
}

/** Line diff of the canonical texts of two policies: only real changes show. */
export function canonicalTextDiff(
  before: PolicyInput | null | undefined,
  after: PolicyInput | null | undefined,
): TextDiff {
  return lineDiff(canonicalPolicy(before), canonicalPolicy(after));
}
