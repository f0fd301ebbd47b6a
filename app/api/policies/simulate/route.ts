import { getRuntime } from "@/lib/server/runtime";
import { servicesContext } from "@/lib/server/services/context";
import { simulateAccess } from "@/lib/server/services/policies/simulate-access";
import { apiRoute, jsonBody } from "../../_lib/http";

/** Simulates one request over the latest crawl: `{decision, reason, request, trace}`, or 422 `{errors}`. */
export const POST = apiRoute(async (request) => {
  const result = await simulateAccess(servicesContext(await getRuntime()), await jsonBody(request));
  if (result.status === "invalid") return Response.json({ errors: result.errors }, { status: 422 });
  return Response.json(result.simulation);
});
