import { readPolicy, type PolicyInput } from "./document";
import { conditionKeyInfo } from "./grammar";
import { identityOf } from "./principals";

/** Accounts and IAM identities that policies name: in Principal/NotPrincipal, or as exact aws:Principal* values. */
export function policyPrincipals(policies: readonly PolicyInput[]): string[] {
  const out = new Set<string>();
  for (const input of policies) {
    for (const statement of readPolicy(input)?.statements ?? []) {
      for (const element of [statement.principal, statement.notPrincipal]) {
        if (!element || element === "*") continue;
        for (const value of element.AWS ?? []) if (identityOf(value)) out.add(value);
      }
      for (const block of Object.values(statement.condition ?? {})) {
        for (const [key, values] of Object.entries(block)) {
          const canonical = conditionKeyInfo(key)?.canonical;
          if (canonical !== "aws:PrincipalArn" && canonical !== "aws:PrincipalAccount") continue;
          for (const value of values) if (!/[*?$]/.test(value) && identityOf(value)) out.add(value);
        }
      }
    }
  }
  return [...out];
}
