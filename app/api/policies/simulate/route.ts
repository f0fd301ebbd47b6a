import type { SimulateAccessAnswers } from "@/lib/domain/policy/policy-contract";
import { getRuntime } from "@/lib/server/runtime";
import { servicesContext } from "@/lib/server/services/context";
import { simulateAccess } from "@/lib/server/services/policies/simulate-access";
import { apiRoute, jsonBody, replyWith } from "../../_lib/http";

const reply = replyWith<SimulateAccessAnswers>();

/** Simulates one request over the latest crawl: `{decision, reason, request, trace}`, or 422 `{errors}`. */
export const POST = apiRoute(async (request) => {
  const result = await simulateAccess(servicesContext(await getRuntime()), await jsonBody(request));
  if (result.status === "invalid") return reply(422, { errors: result.errors });
  return reply(200, result.simulation);
});
