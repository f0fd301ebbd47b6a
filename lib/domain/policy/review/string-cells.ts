/**
 * The classes of strings that a set of IAM patterns can tell apart, each with a witness. Every pattern is an
 * automaton; a breadth-first walk over the product of their states, reading one representative of each class
 * of characters, reaches every combination of "matches / doesn't match" that some string realises.
 */

export type Token = { kind: "any" } | { kind: "one" } | { kind: "char"; char: string; ignoreCase: boolean };

/** A pattern over one string, started in `start` (the states left after a fixed prefix such as a service ARN). */
export interface StringAtom {
  tokens: readonly Token[];
  start: readonly number[];
}

export class ReviewLimitError extends Error {}

export function globTokens(pattern: string, ignoreCase = false): Token[] {
  return [...pattern].map((c) =>
    c === "*" ? { kind: "any" } : c === "?" ? { kind: "one" } : { kind: "char", char: c, ignoreCase },
  );
}

export function literalTokens(text: string, ignoreCase = false): Token[] {
  return [...text].map((char) => ({ kind: "char", char, ignoreCase }));
}

function closure(tokens: readonly Token[], states: Iterable<number>): number[] {
  const out = new Set<number>();
  for (const s of states) {
    let k = s;
    out.add(k);
    while (tokens[k]?.kind === "any") out.add(++k);
  }
  return [...out].sort((a, b) => a - b);
}

function charMatches(token: Token, c: string): boolean {
  if (token.kind !== "char") return true;
  return token.ignoreCase ? token.char.toLowerCase() === c.toLowerCase() : token.char === c;
}

export function stepStates(tokens: readonly Token[], states: readonly number[], c: string): number[] {
  const next: number[] = [];
  for (const s of states) {
    const token = tokens[s];
    if (!token) continue;
    if (token.kind === "any") next.push(s);
    else if (charMatches(token, c)) next.push(s + 1);
  }
  return closure(tokens, next);
}

export function initialStates(tokens: readonly Token[]): number[] {
  return closure(tokens, [0]);
}

/** The states a pattern is in after reading `prefix` from its start. */
export function statesAfter(tokens: readonly Token[], prefix: string): number[] {
  let states = initialStates(tokens);
  for (const c of prefix) {
    states = stepStates(tokens, states, c);
    if (states.length === 0) break;
  }
  return states;
}

export function atomMatches(atom: StringAtom, value: string): boolean {
  let states = closure(atom.tokens, atom.start);
  for (const c of value) {
    states = stepStates(atom.tokens, states, c);
    if (states.length === 0) return false;
  }
  return states.includes(atom.tokens.length);
}

export interface StringDomain {
  /** Every value starts with this (paths with "/"). */
  prefix?: string;
  /** Characters a value may hold; absent: any. */
  allowed?: (c: string) => boolean;
  /** Candidates, in order of preference, for "a character no pattern names". */
  fresh: string;
  minLength?: number;
  exactLength?: number;
  /** Readable witnesses tried before the walk's shortest ones. */
  preferred?: readonly string[];
  /** Names the domain (its prefix, characters and lengths) so that its classes can be reused. */
  name?: string;
}

export interface StringCell {
  /** Which atoms the cell's strings match. */
  signature: boolean[];
  witness: string;
}

const MAX_STATES = 40_000;

function signatureKey(signature: readonly boolean[]): string {
  return signature.map((b) => (b ? "1" : "0")).join("");
}

const computed = new Map<string, StringCell[]>();

/** Every class of the domain's strings that the atoms tell apart, with a witness of each. */
export function stringCells(atoms: readonly StringAtom[], domain: StringDomain): StringCell[] {
  if (!domain.name) return walk(atoms, domain);
  // Many services of a network meet the same patterns: their classes are computed once.
  const key = JSON.stringify([domain.name, domain.preferred ?? [], atoms]);
  let cells = computed.get(key);
  if (!cells) {
    cells = walk(atoms, domain);
    if (computed.size > 500) computed.clear();
    computed.set(key, cells);
  }
  return cells;
}

function walk(atoms: readonly StringAtom[], domain: StringDomain): StringCell[] {
  const prefix = domain.prefix ?? "";
  const allowed = domain.allowed ?? (() => true);
  const reps = new Set<string>();
  for (const atom of atoms) {
    for (const t of atom.tokens) {
      if (t.kind !== "char") continue;
      for (const c of t.ignoreCase ? [t.char.toLowerCase(), t.char.toUpperCase()] : [t.char]) {
        if (allowed(c)) reps.add(c);
      }
    }
  }
  const fresh = [...domain.fresh].find((c) => allowed(c) && !reps.has(c));
  if (fresh) reps.add(fresh);
  const alphabet = [...reps].sort();
  const found = new Map<string, StringCell>();
  const valid = (s: string) =>
    s.startsWith(prefix) &&
    [...s.slice(prefix.length)].every(allowed) &&
    (domain.exactLength === undefined || s.length === domain.exactLength) &&
    s.length >= (domain.minLength ?? 0);
  for (const candidate of domain.preferred ?? []) {
    if (!valid(candidate)) continue;
    const signature = atoms.map((a) => atomMatches(a, candidate));
    const key = signatureKey(signature);
    if (!found.has(key)) found.set(key, { signature, witness: candidate });
  }
  const limit = domain.exactLength;
  const lengthCap = Math.max(domain.minLength ?? 0, limit ?? 0) + 1;
  type Node = { text: string; states: number[][] };
  let start: Node = { text: "", states: atoms.map((a) => closure(a.tokens, a.start)) };
  for (const c of prefix) {
    start = { text: start.text + c, states: start.states.map((s, i) => stepStates(atoms[i]!.tokens, s, c)) };
  }
  const keyOf = (n: Node) =>
    `${Math.min(n.text.length, lengthCap)}|${n.states.map((s) => s.join(",")).join(";")}`;
  const seen = new Set<string>([keyOf(start)]);
  let frontier: Node[] = [start];
  while (frontier.length > 0) {
    const next: Node[] = [];
    for (const node of frontier) {
      if (valid(node.text)) {
        const signature = node.states.map((s, i) => s.includes(atoms[i]!.tokens.length));
        const key = signatureKey(signature);
        if (!found.has(key)) found.set(key, { signature, witness: node.text });
      }
      if (limit !== undefined && node.text.length >= limit) continue;
      for (const c of alphabet) {
        const child: Node = {
          text: node.text + c,
          states: node.states.map((s, i) => stepStates(atoms[i]!.tokens, s, c)),
        };
        const key = keyOf(child);
        if (seen.has(key)) continue;
        seen.add(key);
        if (seen.size > MAX_STATES) {
          throw new ReviewLimitError("too many overlapping patterns to tell every class of values apart");
        }
        next.push(child);
      }
    }
    frontier = next;
  }
  return [...found.values()];
}

/**
 * A policy value as tokens: with `wildcards`, `*` and `?` match (StringLike); `${*}`, `${?}` and `${$}` stand
 * for the character itself when variables are resolved. Undefined when it names another policy variable.
 */
export function valueTokens(
  text: string,
  options: { wildcards: boolean; ignoreCase?: boolean; variables: boolean },
): Token[] | undefined {
  const out: Token[] = [];
  const ignoreCase = options.ignoreCase ?? false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (options.variables && c === "$" && text[i + 1] === "{") {
      const end = text.indexOf("}", i + 2);
      if (end > 0) {
        const name = text.slice(i + 2, end).trim();
        if (name !== "*" && name !== "?" && name !== "$") return undefined;
        out.push({ kind: "char", char: name, ignoreCase });
        i = end;
        continue;
      }
    }
    if (options.wildcards && c === "*") out.push({ kind: "any" });
    else if (options.wildcards && c === "?") out.push({ kind: "one" });
    else out.push({ kind: "char", char: c, ignoreCase });
  }
  return out;
}
