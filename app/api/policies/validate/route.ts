import type { ValidatePolicyAnswers } from "@/lib/domain/policy/policy-contract";
import { getRuntime } from "@/lib/server/runtime";
import { servicesContext } from "@/lib/server/services/context";
import { validatePolicy } from "@/lib/server/services/policies/validate-policy";
import { apiRoute, jsonBody, replyWith } from "../../_lib/http";

const reply = replyWith<ValidatePolicyAnswers>();

/** Lints an auth policy for a service or service network: `{findings}`, or 422 `{errors}`. Changes nothing. */
export const POST = apiRoute(async (request) => {
  const result = await validatePolicy(servicesContext(await getRuntime()), await jsonBody(request));
  if (result.status === "invalid") return reply(422, { errors: result.errors });
  return reply(200, { findings: result.findings });
});
