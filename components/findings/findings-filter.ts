import {
  FINDING_RULES,
  SEVERITIES,
  filterFindings,
  type Finding,
  type FindingFilter,
  type FindingRule,
  type Severity,
} from "@/lib/domain/topology/findings";
import { RESOURCE_KINDS, type ResourceKind } from "@/lib/domain/topology/snapshot";

export interface FindingsFilterState {
  severities: Severity[];
  rules: FindingRule[];
  accountIds: string[];
  kinds: ResourceKind[];
}

export type FilterField = keyof FindingsFilterState;

/** URL parameter of each filter; values are comma-separated. */
export const FILTER_PARAMS: Record<FilterField, string> = {
  severities: "severity",
  rules: "rule",
  accountIds: "account",
  kinds: "kind",
};

function listParam<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: (value: string) => value is T,
): T[] {
  const values = params.getAll(name).flatMap((v) => v.split(","));
  return [...new Set(values.map((v) => v.trim()).filter(allowed))];
}

const isSeverity = (v: string): v is Severity => (SEVERITIES as readonly string[]).includes(v);
const isRule = (v: string): v is FindingRule => (FINDING_RULES as readonly string[]).includes(v);
const isAccount = (v: string): v is string => /^\d{12}$/.test(v);
const isKind = (v: string): v is ResourceKind => (RESOURCE_KINDS as readonly string[]).includes(v);

/** The filters a URL asks for; unknown values are ignored rather than matching nothing. */
export function parseFindingsFilter(params: URLSearchParams): FindingsFilterState {
  return {
    severities: listParam(params, FILTER_PARAMS.severities, isSeverity),
    rules: listParam(params, FILTER_PARAMS.rules, isRule),
    accountIds: listParam(params, FILTER_PARAMS.accountIds, isAccount),
    kinds: listParam(params, FILTER_PARAMS.kinds, isKind),
  };
}

/** The URL parameters for a filter state, keeping every other parameter (run …) as it is. */
export function findingsFilterParams(current: URLSearchParams, state: FindingsFilterState): URLSearchParams {
  const next = new URLSearchParams(current.toString());
  for (const field of Object.keys(FILTER_PARAMS) as FilterField[]) {
    const name = FILTER_PARAMS[field];
    next.delete(name);
    if (state[field].length > 0) next.set(name, state[field].join(","));
  }
  return next;
}

export function toggleValue<F extends FilterField>(
  state: FindingsFilterState,
  field: F,
  value: FindingsFilterState[F][number],
): FindingsFilterState {
  const values = state[field] as string[];
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  return { ...state, [field]: next };
}

export function isFiltered(state: FindingsFilterState): boolean {
  return Object.values(state).some((values) => values.length > 0);
}

function toDomainFilter(state: FindingsFilterState, without?: FilterField): FindingFilter {
  return {
    ...(without !== "severities" ? { severities: state.severities } : {}),
    ...(without !== "rules" ? { rules: state.rules } : {}),
    ...(without !== "accountIds" ? { accountIds: state.accountIds } : {}),
    ...(without !== "kinds" ? { kinds: state.kinds } : {}),
  };
}

export function applyFindingsFilter(findings: readonly Finding[], state: FindingsFilterState): Finding[] {
  return filterFindings(findings, toDomainFilter(state));
}

/**
 * How many findings each value of a filter would show, given the other filters: a facet count, so choosing a
 * value never leads to an empty list unexpectedly.
 */
export function facetCounts(
  findings: readonly Finding[],
  state: FindingsFilterState,
  field: FilterField,
  valueOf: (finding: Finding) => string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of filterFindings(findings, toDomainFilter(state, field))) {
    const value = valueOf(finding);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}
