/**
 * A structural diff of two JSON values, for showing what changed key by key instead of two walls of text.
 * Strings that hold a JSON document (an auth policy as AWS stores it) are read as that document, so a changed
 * statement shows as the keys that changed rather than one long line replaced by another.
 */

export type DiffKind = "same" | "changed" | "added" | "removed";

export interface DiffNode {
  /** Property name, or the array position (with the element's name when it has one, e.g. `default`). */
  key?: string;
  kind: DiffKind;
  /** Both sides are objects (or both arrays): the difference is in `children`. */
  container?: "object" | "array";
  children?: DiffNode[];
  /** The values at this place (for a container, the whole value on each side). */
  before?: unknown;
  after?: unknown;
  /** A side was JSON text, shown as the document it holds. */
  embedded?: boolean;
  /** Leaves below (or this one) that differ. */
  changes: number;
}

/** Keys that name an element of a list, so elements are matched by name rather than by position. */
const IDENTITY_KEYS = ["Sid", "arn", "targetGroupIdentifier", "id", "name", "key", "accessKeyId"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The document a string holds when it is JSON text of an object or array (an auth policy); else undefined. */
export function embeddedJson(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (!(text.startsWith("{") && text.endsWith("}")) && !(text.startsWith("[") && text.endsWith("]"))) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function readable(value: unknown): { value: unknown; embedded: boolean } {
  const parsed = embeddedJson(value);
  return parsed === undefined ? { value, embedded: false } : { value: parsed, embedded: true };
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

function leaves(value: unknown): number {
  if (Array.isArray(value))
    return Math.max(
      1,
      value.reduce<number>((n, v) => n + leaves(v), 0),
    );
  if (isRecord(value))
    return Math.max(
      1,
      Object.values(value).reduce<number>((n, v) => n + leaves(v), 0),
    );
  return 1;
}

/** The key all elements of both lists carry with a distinct string value, if any. */
function identityKey(a: unknown[], b: unknown[]): string | undefined {
  const all = [...a, ...b];
  if (all.length === 0 || !all.every(isRecord)) return undefined;
  return IDENTITY_KEYS.find((key) =>
    [a, b].every((list) => {
      const values = list.map((item) => (isRecord(item) ? item[key] : undefined));
      return values.every((v) => typeof v === "string") && new Set(values).size === values.length;
    }),
  );
}

function diffArrays(a: unknown[], b: unknown[]): DiffNode[] {
  const key = identityKey(a, b);
  if (!key) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
      diffAt(
        String(i),
        i < a.length ? { value: a[i] } : undefined,
        i < b.length ? { value: b[i] } : undefined,
      ),
    );
  }
  const name = (item: unknown) => (isRecord(item) ? String(item[key]) : "");
  // Shown by its name when it has one ("default"), else by what matched it.
  const label = (item: unknown, i: number) => {
    const shown = isRecord(item) && typeof item.name === "string" ? item.name : name(item);
    return `${i} · ${shown}`;
  };
  const before = new Map(a.map((item) => [name(item), item]));
  const nodes: DiffNode[] = b.map((item, i) => {
    const old = before.get(name(item));
    return diffAt(label(item, i), old === undefined ? undefined : { value: old }, { value: item });
  });
  const after = new Set(b.map(name));
  a.forEach((item, i) => {
    if (!after.has(name(item))) nodes.push(diffAt(label(item, i), { value: item }, undefined));
  });
  return nodes;
}

function diffAt(
  key: string | undefined,
  left: { value: unknown } | undefined,
  right: { value: unknown } | undefined,
): DiffNode {
  const at = key === undefined ? {} : { key };
  if (!left && !right) return { ...at, kind: "same", changes: 0 };
  if (!left) return { ...at, kind: "added", after: right!.value, changes: leaves(right!.value) };
  if (!right) return { ...at, kind: "removed", before: left.value, changes: leaves(left.value) };
  const a = readable(left.value);
  const b = readable(right.value);
  const embedded = a.embedded || b.embedded ? { embedded: true } : {};
  const sides = { before: a.value, after: b.value };
  if (isRecord(a.value) && isRecord(b.value)) {
    const keys = [...new Set([...Object.keys(a.value), ...Object.keys(b.value)])];
    const av = a.value;
    const bv = b.value;
    const children = keys.map((k) =>
      diffAt(k, k in av ? { value: av[k] } : undefined, k in bv ? { value: bv[k] } : undefined),
    );
    return container(at, "object", children, sides, embedded);
  }
  if (Array.isArray(a.value) && Array.isArray(b.value)) {
    return container(at, "array", diffArrays(a.value, b.value), sides, embedded);
  }
  const same = equal(a.value, b.value);
  return { ...at, kind: same ? "same" : "changed", ...sides, ...embedded, changes: same ? 0 : 1 };
}

function container(
  at: { key?: string },
  type: "object" | "array",
  children: DiffNode[],
  sides: { before: unknown; after: unknown },
  embedded: { embedded?: boolean },
): DiffNode {
  const changes = children.reduce((n, c) => n + c.changes, 0);
  return {
    ...at,
    kind: changes > 0 ? "changed" : "same",
    container: type,
    children,
    ...sides,
    ...embedded,
    changes,
  };
}

/** What changed from `before` to `after`, key by key; undefined on one side means nothing was recorded there. */
export function structuralDiff(before: unknown, after: unknown): DiffNode {
  return diffAt(
    undefined,
    before === undefined ? undefined : { value: before },
    after === undefined ? undefined : { value: after },
  );
}

/** A value as pretty-printed lines, with JSON text inside it shown as the document it holds. */
export function prettyLines(value: unknown): string[] {
  const expand = (v: unknown): unknown => {
    const parsed = embeddedJson(v);
    if (parsed !== undefined) return expand(parsed);
    if (Array.isArray(v)) return v.map(expand);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)]));
    return v;
  };
  return value === undefined ? [] : (JSON.stringify(expand(value), null, 2) ?? "").split("\n");
}

/** Whether a value is worth a structural view rather than a short inline one (objects, lists, JSON text). */
export function isStructured(value: unknown): boolean {
  return typeof value === "object" && value !== null ? true : embeddedJson(value) !== undefined;
}
