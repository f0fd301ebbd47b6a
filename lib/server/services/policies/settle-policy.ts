import "server-only";
import type { LatticeClient } from "../../aws/clients";
import { z } from "zod";
import type { Principal } from "@/lib/domain/auth/auth";
import { policyDocument } from "@/lib/domain/policy/document";
import { sameAuthState, type AuthState, type PolicyTarget } from "@/lib/domain/policy/apply-plan";
import { readAuthState } from "../../aws/lattice-auth";
import type { Database } from "../../db/database";
import { storedShape } from "../../db/json-column";
import { settleIntent } from "../audit/write-ahead";
import { awsFailure, type AwsFailure } from "../changes/aws-failure";

/** What the open intent of a policy apply carries: where it wrote, what it was reviewed against, what it wanted. */
const authStateShape = z.object({ authType: z.enum(["AWS_IAM", "NONE"]), policy: z.unknown() });

/** The payload of a policy intent, as apply-policy wrote it. */
export const policyIntentSchema = z.object({
  target: storedShape<PolicyTarget>(
    z.object({
      kind: z.enum(["service", "service-network"]),
      arn: z.string(),
      accountId: z.string(),
      region: z.string(),
    }),
    "policy target",
  ),
  base: storedShape<AuthState>(authStateShape, "auth state"),
  after: storedShape<AuthState>(authStateShape, "auth state"),
});

function readable(state: AuthState) {
  return {
    authType: state.authType,
    policy: state.policy === null ? null : (policyDocument(state.policy) ?? state.policy),
  };
}

export type PolicyVerdict = "applied" | "not-applied" | "other";

/**
 * Settles a policy apply's open intent from the auth state AWS has now: the wanted state (applied), the reviewed
 * one (not applied), or anything else, such as the type switched but the policy not written (other).
 */
export async function settlePolicyFromLive(
  db: Database,
  input: {
    intentId: number;
    actor: Principal;
    operation: string;
    target: PolicyTarget;
    base: AuthState;
    after: AuthState;
    lattice: LatticeClient;
    why: string;
    failure?: AwsFailure;
  },
): Promise<{ verdict: PolicyVerdict } | { verdict: undefined; readError: AwsFailure }> {
  const { intentId, actor, operation, target, base, after, lattice, why, failure } = input;
  let live: AuthState;
  try {
    live = await readAuthState(lattice, target);
  } catch (error) {
    return { verdict: undefined, readError: awsFailure(error) };
  }
  const verdict: PolicyVerdict = sameAuthState(live, after)
    ? "applied"
    : sameAuthState(live, base)
      ? "not-applied"
      : "other";
  const found =
    verdict === "applied"
      ? "AWS has the reviewed policy and auth type"
      : verdict === "not-applied"
        ? "AWS still has the state it was reviewed against: nothing was written"
        : "AWS has neither the reviewed state nor the wanted one (part of the apply, or another writer)";
  await settleIntent(
    db,
    intentId,
    {
      actor,
      operation,
      resourceArn: target.arn,
      accountId: target.accountId,
      region: target.region,
      before: readable(base),
      after: readable(live),
      result: verdict === "applied" ? "applied" : verdict === "not-applied" ? "not-applied" : "conflict",
      message: `${why}; read back from AWS: ${found}`,
      ...(failure?.requestId ? { awsRequestId: failure.requestId } : {}),
    },
    `AWS ${verdict === "applied" ? "has" : "may have"} the policy`,
  );
  return { verdict };
}
