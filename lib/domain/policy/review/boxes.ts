import { actionMatches } from "../auth-policy-actions";
import { clauseHolds, contextLookup, type ContextLookup } from "../conditions";
import { notPrincipalExcludes, principalMatches } from "../principals";
import { wildcardMatch } from "../wildcard";
import type { Cell, ContextValues, Dimension } from "./cells";
import { all, subtract, type Box, type Budget, type Region } from "./regions";
import type { RoutedPolicy, RoutedStatement } from "./statements";

/** Why the edited layer lets a request through or stops it. */
export interface LayerVerdict {
  decision: "allow" | "deny" | "implicit-deny" | "not-enforced";
  statement?: { index: number; sid?: string };
  reason: string;
}

export interface LabelledRegion {
  verdict: LayerVerdict;
  region: Region;
}

export type LayerState = { authType: "NONE" } | { authType: "AWS_IAM"; policy: RoutedPolicy | null };

const lookups = new WeakMap<Cell, WeakMap<ContextValues, ContextLookup>>();

/** A class's condition keys with the service's and network's, read once per class and context. */
function merged(cell: Cell, constants: ContextValues): ContextLookup {
  let byConstants = lookups.get(cell);
  if (!byConstants) {
    byConstants = new WeakMap();
    lookups.set(cell, byConstants);
  }
  let lookup = byConstants.get(constants);
  if (!lookup) {
    lookup = contextLookup({ ...constants, ...cell.context });
    byConstants.set(constants, lookup);
  }
  return lookup;
}

export function elementHolds(
  s: RoutedStatement,
  dimension: Dimension,
  cell: Cell,
  constants: ContextValues,
  serviceArn: string,
  variables: boolean,
): boolean {
  const lookup = merged(cell, constants);
  if (dimension.id === "principal" && s.principal && cell.principal) {
    const { element, not } = s.principal;
    const ok = not
      ? !notPrincipalExcludes(element, cell.principal)
      : principalMatches(element, cell.principal);
    if (!ok) return false;
  }
  if (dimension.id === "operation" && cell.action) {
    const action = s.action;
    if (action) {
      const hit = action.patterns.some((a) => actionMatches(a, cell.action as string));
      if (hit === action.not) return false;
    }
    const resource = s.resource;
    if (resource) {
      const path =
        typeof cell.context["vpc-lattice-svcs:RequestPath"] === "string"
          ? cell.context["vpc-lattice-svcs:RequestPath"]
          : "";
      const target = cell.action === "vpc-lattice-svcs:Connect" ? serviceArn : `${serviceArn}${path}`;
      const resolve = variables ? (name: string) => lookup(name)?.[0] : undefined;
      const hit = resource.patterns.some((p) => wildcardMatch(p, target, { resolve }));
      if (hit === resource.not) return false;
    }
  }
  return s.clauses
    .filter((c) => c.dimension === dimension.id)
    .every((c) => clauseHolds(c.operator, c.key, c.values, lookup, variables));
}

/** The requests a statement applies to, as one box; undefined when it applies to none. */
export function statementBox(
  s: RoutedStatement,
  dimensions: readonly Dimension[],
  constants: ContextValues,
  serviceArn: string,
  variables: boolean,
): Box | undefined {
  if (!s.principal || !s.action || !s.resource) return undefined;
  const constLookup = contextLookup(constants);
  const constant = s.clauses
    .filter((c) => c.dimension === "const")
    .every((c) => clauseHolds(c.operator, c.key, c.values, constLookup, variables));
  if (!constant) return undefined;
  const box: bigint[] = [];
  for (const dimension of dimensions) {
    let set = 0n;
    dimension.cells.forEach((cell, i) => {
      if (elementHolds(s, dimension, cell, constants, serviceArn, variables)) set |= 1n << BigInt(i);
    });
    if (set === 0n) return undefined;
    box.push(set);
  }
  return box;
}

const ref = (s: RoutedStatement) => ({ index: s.index, ...(s.sid !== undefined ? { sid: s.sid } : {}) });
const named = (s: RoutedStatement) => (s.sid ? `statement ${s.index} (${s.sid})` : `statement ${s.index}`);

/**
 * The request space cut by how one layer decides: each Deny statement (the first that applies), each Allow
 * statement (the first that applies, where no Deny does), and "no statement allows"; as IAM evaluates a policy.
 */
export function layerRegions(
  state: LayerState,
  dimensions: readonly Dimension[],
  constants: ContextValues,
  serviceArn: string,
  layer: string,
  budget: Budget,
): LabelledRegion[] {
  const everything: Region = [dimensions.map((d) => all(d.cells.length))];
  if (state.authType === "NONE") {
    return [
      {
        verdict: {
          decision: "not-enforced",
          reason: `auth type NONE: the ${layer} auth policy is not enforced`,
        },
        region: everything,
      },
    ];
  }
  if (!state.policy) {
    return [
      {
        verdict: {
          decision: "implicit-deny",
          reason: "auth type AWS_IAM with no auth policy denies every request",
        },
        region: everything,
      },
    ];
  }
  const { variables } = state.policy;
  const boxes = state.policy.statements.map((s) => ({
    s,
    box: statementBox(s, dimensions, constants, serviceArn, variables),
  }));
  const denies = boxes.filter((b) => b.s.effect === "Deny" && b.box);
  const allows = boxes.filter((b) => b.s.effect === "Allow" && b.box);
  const out: LabelledRegion[] = [];
  const denyBoxes: Box[] = [];
  for (const d of denies) {
    const region = subtract([d.box as Box], denyBoxes, budget);
    denyBoxes.push(d.box as Box);
    if (region.length > 0) {
      out.push({
        verdict: { decision: "deny", statement: ref(d.s), reason: `explicitly denied by ${named(d.s)}` },
        region,
      });
    }
  }
  const taken: Box[] = [...denyBoxes];
  for (const a of allows) {
    const region = subtract([a.box as Box], taken, budget);
    taken.push(a.box as Box);
    if (region.length > 0) {
      out.push({
        verdict: { decision: "allow", statement: ref(a.s), reason: `allowed by ${named(a.s)}` },
        region,
      });
    }
  }
  const rest = subtract(everything, taken, budget);
  if (rest.length > 0) {
    out.push({
      verdict: { decision: "implicit-deny", reason: "no statement allows this request" },
      region: rest,
    });
  }
  return out;
}

export const lets = (v: LayerVerdict) => v.decision === "allow" || v.decision === "not-enforced";
