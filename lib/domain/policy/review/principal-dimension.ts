import { parseOperator } from "../grammar";
import {
  accountRootArn,
  identityOf,
  principalContext,
  requestPrincipal,
  type Identity,
  type Organization,
} from "../principals";
import type { Cell, Dimension, Undecided } from "./cells";
import type { RoutedPolicy } from "./statements";

export interface ReviewAccount {
  accountId: string;
  name?: string;
}

const WILDCARD = /[*?]|\$\{/;

/** Principal keys whose values name one identity or account when they hold no wildcard. */
const IDENTITY_KEYS = new Set(["aws:principalarn", "aws:principalaccount", "aws:username"]);

interface Named {
  accounts: Set<string>;
  identities: Map<string, Identity>;
  userNames: Set<string>;
  undecided: Undecided[];
}

function collect(policies: readonly RoutedPolicy[], accounts: readonly string[]): Named {
  const named: Named = {
    accounts: new Set(accounts),
    identities: new Map(),
    userNames: new Set(),
    undecided: [],
  };
  const addIdentity = (value: string) => {
    const identity = identityOf(value);
    if (!identity) return;
    named.accounts.add(identity.accountId);
    if (identity.kind !== "account") named.identities.set(identity.arn, identity);
  };
  for (const policy of policies) {
    for (const s of policy.statements) {
      if (s.principal && s.principal.element !== "*") {
        for (const v of s.principal.element.AWS ?? []) addIdentity(v);
      }
      for (const clause of s.clauses) {
        const key = clause.key.toLowerCase();
        if (clause.dimension !== "principal") continue;
        const op = parseOperator(clause.operator);
        if (!op || op.family === "null" || !IDENTITY_KEYS.has(key)) continue;
        const exact = (op.family === "string" && op.comparison !== "eqi") || op.family === "arn";
        for (const v of clause.values) {
          if (!exact || WILDCARD.test(v)) {
            named.undecided.push({
              construct: `${clause.operator} on ${clause.key}`,
              message: `cannot decide ${clause.operator} ${clause.key} "${v}" for every principal: only exact values (no wildcards, letter case as written) are decided`,
            });
          } else if (key === "aws:username") named.userNames.add(v);
          else addIdentity(v);
        }
      }
    }
  }
  for (const identity of named.identities.values()) {
    if (identity.kind === "role" && identity.arn.split(":").at(-1)?.split("/").length !== 2) {
      named.undecided.push({
        construct: "role with a path",
        message: `cannot decide every session of ${identity.arn}: sessions match a role by its name, whatever its path`,
      });
    }
  }
  return named;
}

function freshName(base: string, taken: (name: string) => boolean): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!taken(name)) return name;
  }
}

function identityLabel(identity: Identity): string {
  const resource = identity.arn.split(":").slice(5).join(":");
  const [kind = "", ...rest] = resource.split("/");
  const noun: Record<string, string> = {
    role: "role",
    user: "user",
    "assumed-role": "session of role",
    "federated-user": "federated user",
  };
  return `${noun[kind] ?? kind} ${rest.join("/")}`;
}

/**
 * The classes of callers: anonymous; per account the policies, the estate or the organisation name, its root,
 * each identity named, and another role, user and federated user; and the same for any account nobody names
 * (outside the organisation, whose accounts are all named). Sessions of a role act as the role.
 */
export function principalDimension(
  policies: readonly RoutedPolicy[],
  estateAccounts: readonly ReviewAccount[],
  organization: Organization | undefined,
): { dimension: Dimension; undecided: Undecided[] } {
  const accountNames = new Map(estateAccounts.map((a) => [a.accountId, a.name]));
  const named = collect(policies, [
    ...estateAccounts.map((a) => a.accountId),
    ...(organization?.accountIds ?? []),
  ]);
  const cells: Cell[] = [];
  const push = (group: string, arn: string, label: string, isNamed: boolean) => {
    const principal = requestPrincipal(arn, organization);
    cells.push({
      label,
      named: isNamed,
      context: principalContext(principal),
      part: { principal: arn },
      principal,
      group,
    });
  };
  const anonymous = { type: "anonymous" } as const;
  cells.push({
    label: "anonymous (unsigned) callers",
    named: true,
    context: principalContext(anonymous),
    part: { principal: "anonymous" },
    principal: anonymous,
    group: "anonymous",
  });
  const taken = new Set([...named.identities.values()].map((i) => i.arn.split(":").slice(5).join(":")));
  const other = (kind: string, base: string) =>
    `${kind}/${freshName(base, (n) => taken.has(`${kind}/${n}`) || named.userNames.has(n))}`;
  const kinds = [
    { resource: other("role", "trellis-any-role"), label: "another role", iam: true },
    { resource: other("user", "trellis-any-user"), label: "another user", iam: true },
    { resource: other("federated-user", "trellis-any"), label: "a federated user", iam: false },
  ];
  const addAccount = (group: string, accountId: string) => {
    push(group, accountRootArn(accountId), "the account root", true);
    const own = [...named.identities.values()].filter((i) => i.accountId === accountId);
    for (const identity of own.sort((a, b) => (a.arn < b.arn ? -1 : 1))) {
      push(group, identity.arn, identityLabel(identity), true);
    }
    for (const name of [...named.userNames].sort()) {
      const arn = `arn:aws:iam::${accountId}:user/${name}`;
      if (!named.identities.has(arn)) push(group, arn, `user ${name}`, true);
      // aws:username is the name without its path: a user of that name under a path is a class of its own.
      push(
        group,
        `arn:aws:iam::${accountId}:user/trellis-path/${name}`,
        `a user named ${name} under a path`,
        false,
      );
    }
    for (const k of kinds) {
      push(group, `arn:aws:${k.iam ? "iam" : "sts"}::${accountId}:${k.resource}`, k.label, false);
    }
  };
  for (const accountId of [...named.accounts].sort()) {
    if (!accountNames.has(accountId)) accountNames.set(accountId, undefined);
    addAccount(`account:${accountId}`, accountId);
  }
  let outside = 999_900_000_000;
  while (named.accounts.has(String(outside))) outside++;
  addAccount("other-accounts", String(outside));
  return { dimension: { id: "principal", noun: "principal", cells }, undecided: named.undecided };
}

/** "ordering (222233334444)", or the id alone. */
export function accountLabel(accountId: string, accounts: readonly ReviewAccount[]): string {
  const name = accounts.find((a) => a.accountId === accountId)?.name;
  return name && name !== accountId ? `${name} (${accountId})` : accountId;
}
