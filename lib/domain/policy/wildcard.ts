/** IAM wildcard matching: `*` any run of characters, `?` one character, `${name}` a policy variable. */

/** Resolves a policy variable (`aws:username`, or the specials `*`, `?`, `$`); undefined if it has no value. */
export type VariableResolver = (name: string) => string | undefined;

const SPECIAL_VARIABLES: Record<string, string> = { "*": "*", "?": "?", $: "$" };

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * The pattern as a regular-expression source, or undefined when a variable can't be resolved (AWS then treats
 * the value as not matching). Without a resolver, `${…}` is literal text (Version 2008-10-17 semantics).
 */
function wildcardSource(pattern: string, resolve?: VariableResolver): string | undefined {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (resolve && c === "$" && pattern[i + 1] === "{") {
      const end = pattern.indexOf("}", i + 2);
      if (end > 0) {
        const name = pattern.slice(i + 2, end).trim();
        const value = SPECIAL_VARIABLES[name] ?? resolve(name);
        if (value === undefined) return undefined;
        out += escape(value);
        i = end;
        continue;
      }
    }
    out += c === "*" ? ".*" : c === "?" ? "." : escape(c);
  }
  return out;
}

/** The text with its policy variables replaced; undefined when one can't be resolved. */
export function substituteVariables(text: string, resolve: VariableResolver): string | undefined {
  let failed = false;
  const out = text.replace(/\$\{([^}]*)\}/g, (_, raw: string) => {
    const name = raw.trim();
    const value = SPECIAL_VARIABLES[name] ?? resolve(name);
    if (value === undefined) failed = true;
    return value ?? "";
  });
  return failed ? undefined : out;
}

const compiled = new Map<string, RegExp>();

export function wildcardMatch(
  pattern: string,
  value: string,
  options: { ignoreCase?: boolean; resolve?: VariableResolver } = {},
): boolean {
  const plain = !pattern.includes("${");
  const fast = plain ? compiled.get(`${options.ignoreCase ? "i" : ""}|${pattern}`) : undefined;
  if (fast) return fast.test(value);
  const source = wildcardSource(pattern, options.resolve);
  if (source === undefined) return false;
  const flags = options.ignoreCase ? "is" : "s";
  const key = `${flags}:${source}`;
  let regex = compiled.get(key);
  if (!regex) {
    // A semantic diff matches the same few patterns against thousands of requests.
    if (compiled.size > 5000) compiled.clear();
    regex = new RegExp(`^${source}$`, flags);
    compiled.set(key, regex);
  }
  if (plain) compiled.set(`${options.ignoreCase ? "i" : ""}|${pattern}`, regex);
  return regex.test(value);
}

/** Splits an ARN into its six segments (the resource keeps any further colons). */
export function arnSegments(arn: string): string[] | undefined {
  const parts = arn.split(":");
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/** ArnLike/ArnEquals: each of the six segments matched on its own, so a wildcard never spans a colon. */
export function arnMatch(pattern: string, arn: string, resolve?: VariableResolver): boolean {
  const p = arnSegments(pattern);
  const a = arnSegments(arn);
  if (!p || !a) return false;
  return p.every((segment, i) => wildcardMatch(segment, a[i] ?? "", { resolve }));
}

/**
 * Whether the pattern matches at least one string that starts with `prefix`: it tracks which pattern positions
 * can be reached after reading the prefix; any reachable position can then be completed.
 */
export function wildcardCanMatchPrefix(pattern: string, prefix: string): boolean {
  const closure = (states: Set<number>) => {
    for (const s of [...states]) {
      let k = s;
      while (pattern[k] === "*") states.add(++k);
    }
    return states;
  };
  let states = closure(new Set([0]));
  for (const c of prefix) {
    const next = new Set<number>();
    for (const s of states) {
      const p = pattern[s];
      if (p === undefined) continue;
      if (p === "*") next.add(s);
      else if (p === "?" || p === c) next.add(s + 1);
    }
    states = closure(next);
    if (states.size === 0) return false;
  }
  return states.size > 0;
}
