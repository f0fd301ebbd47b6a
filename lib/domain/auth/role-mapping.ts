import type { RoleMapping } from "./auth-config";
import { hasRole, type Role } from "./auth";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/**
 * The string values of a claim: `path` names a top-level claim (which may itself hold dots, like namespaced
 * `https://example.com/groups`) or, failing that, a dotted path into nested claims (`realm_access.roles`).
 */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  if (Object.hasOwn(claims, path)) return stringsOf(claims[path]);
  let current: unknown = claims;
  for (const key of path.split(".")) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return [];
    current = current[key];
  }
  return stringsOf(current);
}

/** The highest role any of the values maps to, else the default; undefined means turned away. */
export function roleForValues(values: readonly string[], mapping: RoleMapping): Role | undefined {
  let best: Role | undefined;
  for (const value of values) {
    const role = Object.hasOwn(mapping.map, value) ? mapping.map[value] : undefined;
    if (role && (best === undefined || !hasRole(best, role))) best = role;
  }
  if (best) return best;
  return mapping.default === "deny" ? undefined : mapping.default;
}

/** The role an identity's claims give it under the mapping; undefined means turned away. */
export function roleForClaims(claims: Record<string, unknown>, mapping: RoleMapping): Role | undefined {
  return roleForValues(claimValues(claims, mapping.claim), mapping);
}
