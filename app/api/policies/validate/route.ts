import { getRuntime } from "@/lib/server/runtime";
import { servicesContext } from "@/lib/server/services/context";
import { validatePolicy } from "@/lib/server/services/policies/validate-policy";
import { apiRoute, jsonBody } from "../../_lib/http";

/** Lints an auth policy for a service or service network: `{findings}`, or 422 `{errors}`. Changes nothing. */
export const POST = apiRoute(async (request) => {
  const result = await validatePolicy(servicesContext(await getRuntime()), await jsonBody(request));
  if (result.status === "invalid") return Response.json({ errors: result.errors }, { status: 422 });
  return Response.json({ findings: result.findings });
});
