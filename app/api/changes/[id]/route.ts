import type { ChangeView } from "@/lib/domain/routing/change-contract";
import { changeIdSchema } from "@/lib/domain/http/api-queries";
import { notFound } from "@/lib/domain/http/api-errors";
import { awsCliCommand } from "@/lib/domain/routing/aws-cli";
import { getRuntime } from "@/lib/server/runtime";
import { servicesContext } from "@/lib/server/services/context";
import { apiRoute, parseParams } from "../../_lib/http";

export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const { id } = parseParams(changeIdSchema, params);
  const change = await servicesContext(await getRuntime()).changes.get(id);
  if (!change) throw notFound(`Change ${id} does not exist`);
  const view: ChangeView = {
    ...change,
    warnings: change.plan.warnings,
    cli: change.plan.calls.map(awsCliCommand),
  };
  return Response.json(view);
});
