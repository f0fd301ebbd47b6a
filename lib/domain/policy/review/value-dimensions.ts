import { clauseHolds, contextLookup, parseDate, parseNumber } from "../conditions";
import { parseOperator } from "../grammar";
import { parseCidr } from "../ip";
import type { Cell, Dimension, Undecided } from "./cells";
import type { RoutedClause } from "./statements";
import {
  stringCells,
  valueTokens,
  type StringAtom,
  type StringCell,
  type StringDomain,
  type Token,
} from "./string-cells";

/** An atom with the text it came from, to describe the classes it draws. */
export interface DescribedAtom {
  atom: StringAtom;
  text: string;
  kind: "literal" | "literal-ci" | "glob";
}

export interface AtomCollection {
  atoms: DescribedAtom[];
  /** Operator families other than string comparison were used. */
  otherFamilies: Set<string>;
  setQualified: boolean;
  undecided: Undecided[];
}

const start0 = [0];

/** The string atoms that clauses on one key draw; other operator families are noted for the caller. */
export function clauseAtoms(clauses: readonly RoutedClause[], variables: boolean): AtomCollection {
  const out: AtomCollection = { atoms: [], otherFamilies: new Set(), setQualified: false, undecided: [] };
  const seen = new Set<string>();
  for (const clause of clauses) {
    const op = parseOperator(clause.operator);
    if (!op) continue;
    if (op.set) out.setQualified = true;
    if (op.family === "null") continue;
    const kind: DescribedAtom["kind"] | undefined =
      op.family === "string"
        ? op.comparison === "like"
          ? "glob"
          : op.comparison === "eqi"
            ? "literal-ci"
            : "literal"
        : op.family === "bool"
          ? "literal-ci"
          : undefined;
    if (!kind) {
      out.otherFamilies.add(op.family);
      continue;
    }
    for (const value of clause.values) {
      const tokens: Token[] | undefined = valueTokens(value, {
        wildcards: kind === "glob",
        ignoreCase: kind === "literal-ci",
        variables,
      });
      if (!tokens) {
        out.undecided.push({
          construct: `policy variable in ${clause.key}`,
          message: `cannot decide ${clause.operator} ${clause.key} "${value}": a policy variable ties it to another part of the request`,
        });
        continue;
      }
      const key = `${kind}|${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.atoms.push({ atom: { tokens, start: start0 }, text: value, kind });
    }
  }
  return out;
}

/** Words for a class of strings from the atoms it matches. */
export function describeStringCell(
  cell: StringCell,
  atoms: readonly DescribedAtom[],
  noun: string,
): { label: string; named: boolean } {
  const positive = atoms.filter((_, i) => cell.signature[i]);
  const literal = positive.find((a) => a.kind === "literal");
  if (literal) return { label: literal.text, named: true };
  const ci = positive.find((a) => a.kind === "literal-ci");
  if (ci) return { label: `${ci.text} (any letter case)`, named: true };
  if (positive.length === 0) return { label: `any other ${noun}`, named: false };
  const globs = positive.map((a) => describeGlob(a.text, noun));
  return { label: globs.join(" and "), named: false };
}

export function describeGlob(text: string, noun: string): string {
  const star = text.indexOf("*");
  if (star === text.length - 1 && !text.slice(0, -1).includes("?")) {
    const stem = text.slice(0, -1);
    return noun === "path" ? `paths under ${stem}` : `${noun}s starting with ${stem}`;
  }
  return `${noun}s matching ${text}`;
}

function cellsOf(
  atoms: readonly DescribedAtom[],
  domain: StringDomain,
  noun: string,
  toCell: (witness: string) => Omit<Cell, "label" | "named">,
): Cell[] {
  return stringCells(
    atoms.map((a) => a.atom),
    domain,
  ).map((c) => ({ ...toCell(c.witness), ...describeStringCell(c, atoms, noun) }));
}

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

export function methodDimension(
  clauses: readonly RoutedClause[],
  variables: boolean,
  connect: boolean,
): { dimension: Dimension; undecided: Undecided[] } {
  const collected = clauseAtoms(clauses, variables);
  const cells = cellsOf(
    collected.atoms,
    {
      name: "method",
      allowed: (c) => c >= "A" && c <= "Z",
      fresh: "XQZJKVWY",
      minLength: 1,
      preferred: METHODS,
    },
    "method",
    (method) => ({
      context: { "vpc-lattice-svcs:RequestMethod": method },
      part: { method },
    }),
  );
  if (connect) cells.push({ label: "no method (TCP)", named: false, context: {}, part: {}, absent: true });
  return { dimension: { id: "method", noun: "method", cells }, undecided: collected.undecided };
}

/** Cells of a header, a query parameter or another key: absent, or each class of its values. */
export function keyDimension(
  id: string,
  noun: string,
  key: string,
  clauses: readonly RoutedClause[],
  variables: boolean,
  options: { multiValued?: boolean } = {},
): { dimension: Dimension; undecided: Undecided[] } {
  const collected = clauseAtoms(clauses, variables);
  const undecided = [...collected.undecided];
  let values: { witness: string; label: string; named: boolean }[];
  if (collected.otherFamilies.size > 0) {
    const candidates = familyCandidates(clauses);
    if (collected.atoms.length > 0 || collected.otherFamilies.has("arn") || !candidates) {
      undecided.push({
        construct: `mixed operators on ${key}`,
        message: `cannot decide ${key} exactly: its conditions mix ${[...collected.otherFamilies, "string"].join(" and ")} comparisons`,
      });
    }
    const pool = [...(candidates ?? []), ...collected.atoms.map((a) => a.text), "x"];
    const lookupKey = key;
    const seen = new Map<string, string>();
    for (const v of pool) {
      const lookup = contextLookup({ [lookupKey]: v });
      const sig = clauses.map((c) => clauseHolds(c.operator, c.key, c.values, lookup, variables)).join("");
      if (!seen.has(sig)) seen.set(sig, v);
    }
    values = [...seen.values()].map((v) => ({ witness: v, label: `${noun} ${v}`, named: false }));
  } else {
    values = stringCells(
      collected.atoms.map((a) => a.atom),
      {
        name: "any",
        fresh: "xqz0_~",
        preferred: collected.atoms.map((a) => a.text.replace(/[*?]/g, "x")),
      },
    ).map((c) => {
      const d = describeStringCell(c, collected.atoms, "value");
      return { witness: c.witness, label: `${noun} ${d.named ? `= ${d.label}` : d.label}`, named: d.named };
    });
  }
  const cells: Cell[] = [{ label: `without ${noun}`, named: false, context: {}, part: {}, absent: true }];
  const multi = options.multiValued || collected.setQualified;
  if (multi && values.length > 0) {
    if (values.length > 5) {
      undecided.push({
        construct: `many values of ${key}`,
        message: `cannot decide every combination of ${key} values: ${values.length} classes of values`,
      });
    }
    const count = Math.min(values.length, 5);
    for (let mask = 1; mask < 1 << count; mask++) {
      const chosen = values.filter((_, i) => i < count && (mask >> i) & 1);
      cells.push({
        label: chosen.map((v) => v.label).join(", "),
        named: chosen.every((v) => v.named),
        context: { [key]: chosen.map((v) => v.witness) },
        part: { keys: { [key]: chosen.map((v) => v.witness) } },
      });
    }
  } else {
    for (const v of values) {
      cells.push({
        label: v.label,
        named: v.named,
        context: { [key]: v.witness },
        part: { keys: { [key]: v.witness } },
      });
    }
  }
  return { dimension: { id, noun, cells }, undecided };
}

/** For numeric, date, IP and Bool comparisons: a value in every interval their thresholds cut. */
function familyCandidates(clauses: readonly RoutedClause[]): string[] | undefined {
  const out: string[] = [];
  for (const clause of clauses) {
    const op = parseOperator(clause.operator);
    if (!op) continue;
    for (const v of clause.values) {
      if (op.family === "numeric") {
        const n = parseNumber(v);
        if (n !== undefined) out.push(String(n - 1), String(n), String(n + 0.5), String(n + 1));
      } else if (op.family === "date") {
        const ms = parseDate(v);
        if (ms !== undefined) {
          for (const d of [ms - 1000, ms, ms + 1000]) out.push(new Date(d).toISOString());
        }
      } else if (op.family === "ip") {
        const edges = cidrEdges(v);
        if (!edges) return undefined;
        out.push(...edges);
      } else if (op.family === "bool") {
        out.push("true", "false");
      } else if (op.family === "arn") {
        return undefined;
      }
    }
  }
  return out;
}

/** The first and last address of an IPv4 range and their neighbours; undefined for IPv6 (not decided). */
function cidrEdges(text: string): string[] | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return [];
  if (cidr.bits !== 32) return undefined;
  const size = 1n << BigInt(32 - cidr.prefix);
  const first = (cidr.value >> BigInt(32 - cidr.prefix)) << BigInt(32 - cidr.prefix);
  const ip = (n: bigint) =>
    n < 0n || n > 0xffffffffn ? undefined : [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join(".");
  return [first - 1n, first, first + size - 1n, first + size].flatMap((n) => ip(n) ?? []);
}
