import type { PrincipalElement } from "./document";

/** Who makes a request: a SigV4-signed IAM identity, or an anonymous caller in a connected VPC. */
export type RequestPrincipal =
  | { type: "anonymous" }
  | {
      type: "aws";
      /** An account root, IAM user, IAM role or assumed-role session ARN. */
      arn: string;
      orgId?: string;
      orgPaths?: string[];
      tags?: Readonly<Record<string, string>>;
    };

export interface Organization {
  id: string;
  accountIds: readonly string[];
}

export type IdentityKind = "account" | "user" | "role" | "assumed-role" | "federated-user";

export interface Identity {
  kind: IdentityKind;
  arn: string;
  accountId: string;
  /** Roles and sessions: the role's name (the last segment of its path). */
  roleName?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const IDENTITY_ARN = /^arn:[a-z-]+:(iam|sts)::(\d{12}):(.+)$/;

export const accountRootArn = (accountId: string) => `arn:aws:iam::${accountId}:root`;

const identities = new Map<string, Identity | undefined>();

/** Reads an IAM/STS principal ARN (or a bare account ID); undefined for anything else. */
export function identityOf(value: string): Identity | undefined {
  if (identities.has(value)) return identities.get(value);
  const identity = readIdentity(value);
  // Reviews read the same principals many times.
  if (identities.size > 10_000) identities.clear();
  identities.set(value, identity);
  return identity;
}

function readIdentity(value: string): Identity | undefined {
  if (ACCOUNT_ID.test(value)) return { kind: "account", arn: accountRootArn(value), accountId: value };
  const m = IDENTITY_ARN.exec(value);
  if (!m) return undefined;
  const [, service, accountId = "", resource = ""] = m;
  const base = { arn: value, accountId };
  if (service === "iam" && resource === "root") return { kind: "account", ...base };
  if (service === "iam" && resource.startsWith("user/")) return { kind: "user", ...base };
  if (service === "iam" && resource.startsWith("role/")) {
    return { kind: "role", ...base, roleName: resource.split("/").at(-1) ?? "" };
  }
  if (service === "sts" && resource.startsWith("assumed-role/")) {
    const [, roleName = "", session] = resource.split("/");
    if (session) return { kind: "assumed-role", ...base, roleName };
  }
  if (service === "sts" && resource.startsWith("federated-user/")) return { kind: "federated-user", ...base };
  return undefined;
}

/** "anonymous", an account ID or an IAM ARN as a request principal; org membership from `organization`. */
export function requestPrincipal(text: string, organization?: Organization): RequestPrincipal {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.toLowerCase() === "anonymous") return { type: "anonymous" };
  const identity = identityOf(trimmed);
  const arn = identity?.arn ?? trimmed;
  const orgId =
    identity && organization?.accountIds.includes(identity.accountId) ? organization.id : undefined;
  return { type: "aws", arn, ...(orgId ? { orgId } : {}) };
}

/** Does one `AWS` value of a Principal element name this identity? */
function awsValueMatches(value: string, identity: Identity): boolean {
  if (value === "*") return true;
  const named = identityOf(value);
  if (!named || named.accountId !== identity.accountId) return false;
  switch (named.kind) {
    case "account":
      return true;
    case "role":
      // A session ARN has no role path: sessions of arn:…:role/path/name match on the role's name.
      return (
        (identity.kind === "role" && identity.arn === named.arn) ||
        (identity.kind === "assumed-role" && identity.roleName === named.roleName)
      );
    default:
      return named.arn === identity.arn;
  }
}

const awsValues = (element: PrincipalElement): readonly string[] =>
  element === "*" ? ["*"] : (element.AWS ?? []);

/** Principal matching: `"*"` and `{"AWS": "*"}` include anonymous callers; an account includes its identities. */
export function principalMatches(element: PrincipalElement, principal: RequestPrincipal): boolean {
  const values = awsValues(element);
  if (principal.type === "anonymous") return values.includes("*");
  const identity = identityOf(principal.arn);
  return !!identity && values.some((v) => awsValueMatches(v, identity));
}

/**
 * NotPrincipal exclusion. AWS may check the account, then the role, then the session, so an identity is
 * excluded only when its account is listed and, unless it is the account itself, its user or role too.
 */
export function notPrincipalExcludes(element: PrincipalElement, principal: RequestPrincipal): boolean {
  const values = awsValues(element);
  if (values.includes("*")) return true;
  if (principal.type === "anonymous") return false;
  const identity = identityOf(principal.arn);
  if (!identity) return false;
  const accountListed = values.some((v) => identityOf(v)?.kind === "account" && awsValueMatches(v, identity));
  if (!accountListed) return false;
  if (identity.kind === "account") return true;
  return values.some((v) => identityOf(v)?.kind !== "account" && awsValueMatches(v, identity));
}

const PRINCIPAL_TYPES: Record<IdentityKind, string> = {
  account: "Account",
  user: "User",
  role: "AssumedRole",
  "assumed-role": "AssumedRole",
  "federated-user": "FederatedUser",
};

/** The aws:Principal* condition keys a request by this principal carries. */
export function principalContext(principal: RequestPrincipal): Record<string, string | string[]> {
  if (principal.type === "anonymous") return { "aws:PrincipalType": "Anonymous" };
  const identity = identityOf(principal.arn);
  if (!identity) return {};
  const principalArn =
    identity.kind === "assumed-role"
      ? `arn:aws:iam::${identity.accountId}:role/${identity.roleName}`
      : identity.arn;
  const context: Record<string, string | string[]> = {
    "aws:PrincipalArn": principalArn,
    "aws:PrincipalAccount": identity.accountId,
    "aws:PrincipalType": PRINCIPAL_TYPES[identity.kind],
  };
  if (identity.kind === "user") context["aws:username"] = identity.arn.split("/").at(-1) ?? "";
  if (principal.orgId) context["aws:PrincipalOrgID"] = principal.orgId;
  if (principal.orgPaths) context["aws:PrincipalOrgPaths"] = principal.orgPaths;
  for (const [key, value] of Object.entries(principal.tags ?? {})) context[`aws:PrincipalTag/${key}`] = value;
  return context;
}
