import { z } from "zod";
import type { ApiResponse } from "./core/context";
import type { Emulator } from "./server";
import type { TargetStatus } from "./core/model";

const targetHealthSchema = z
  .object({
    region: z.string().min(1).optional(),
    /** Target group id or ARN. */
    targetGroup: z.string().min(1),
    targetId: z.string().min(1),
    port: z.number().int().min(1).max(65535).optional(),
    status: z.enum(["DRAINING", "UNAVAILABLE", "HEALTHY", "UNHEALTHY", "INITIAL", "UNUSED"]),
    reasonCode: z.string().optional(),
  })
  .strict();

function json(status: number, body: unknown): ApiResponse {
  return { status, body };
}

function parse(body: Buffer): unknown {
  const text = body.toString("utf8").trim();
  return text === "" ? {} : JSON.parse(text);
}

/**
 * The control endpoint (unsigned, under /_emulator): reset, load a scenario, set faults, read call counts,
 * change target health. Tests and benchmarks use it; AWS clients never see it.
 */
export async function handleControl(
  emulator: Emulator,
  method: string,
  path: string,
  body: Buffer,
): Promise<ApiResponse> {
  const route = `${method} ${path.replace(/\/$/, "")}`;
  try {
    switch (route) {
      case "GET /_emulator":
      case "GET /_emulator/health":
        return json(200, { ok: true, scenario: emulator.scenario.name });
      case "GET /_emulator/scenario":
        return json(200, describeWorld(emulator));
      case "POST /_emulator/reset":
        emulator.reset();
        return json(200, { ok: true, scenario: emulator.scenario.name });
      case "POST /_emulator/scenario":
        emulator.load(parse(body) as never);
        return json(200, describeWorld(emulator));
      case "GET /_emulator/faults":
        return json(200, emulator.faults.config);
      case "PUT /_emulator/faults":
      case "POST /_emulator/faults":
        emulator.faults.set(parse(body) as never);
        return json(200, emulator.faults.config);
      case "GET /_emulator/calls":
        return json(200, emulator.calls.snapshot());
      case "DELETE /_emulator/calls":
        emulator.calls.reset();
        return json(200, emulator.calls.snapshot());
      case "GET /_emulator/events":
        return json(200, { config: emulator.events.config, stats: emulator.events.snapshot() });
      case "PUT /_emulator/events":
      case "POST /_emulator/events":
        emulator.events.set(parse(body) as never);
        return json(200, { config: emulator.events.config, stats: emulator.events.snapshot() });
      case "POST /_emulator/target-health":
        return setTargetHealth(emulator, targetHealthSchema.parse(parse(body)));
      default:
        return json(404, { message: `No control route ${route}` });
    }
  } catch (error) {
    if (error instanceof z.ZodError)
      return json(400, { message: "Invalid control request", issues: error.issues });
    if (error instanceof SyntaxError) return json(400, { message: `Invalid JSON: ${error.message}` });
    return json(400, { message: error instanceof Error ? error.message : String(error) });
  }
}

function setTargetHealth(emulator: Emulator, input: z.infer<typeof targetHealthSchema>): ApiResponse {
  const id = input.targetGroup.split("/").pop() ?? input.targetGroup;
  const regionName =
    input.region ?? (input.targetGroup.startsWith("arn:") ? input.targetGroup.split(":")[3] : undefined);
  const regions = regionName
    ? [emulator.world.regions.get(regionName)]
    : [...emulator.world.regions.values()];
  for (const region of regions) {
    const tg = region?.targetGroups.get(id);
    if (!tg) continue;
    const targets = tg.targets.filter(
      (t) => t.id === input.targetId && (input.port === undefined || t.port === input.port),
    );
    if (targets.length === 0)
      return json(404, { message: `Target ${input.targetId} is not registered in ${tg.id}` });
    for (const t of targets) {
      t.status = input.status as TargetStatus;
      if (input.reasonCode) t.reasonCode = input.reasonCode;
      else delete t.reasonCode;
    }
    return json(200, { targetGroup: tg.arn, targets });
  }
  return json(404, { message: `Target group ${input.targetGroup} not found` });
}

/** What a client needs to crawl the loaded organisation: accounts, regions, base credentials, crawl roles. */
export function describeWorld(emulator: Emulator) {
  const world = emulator.world;
  return {
    scenario: emulator.scenario.name,
    organization: world.organization ?? null,
    defaultAccountId: world.defaultAccountId,
    regions: [...world.regions.keys()],
    accounts: [...world.accounts.values()].map((a) => ({
      ...a,
      roles: [...world.roles.values()]
        .filter((r) => r.accountId === a.id)
        .map((r) => ({ arn: r.arn, name: r.name, externalId: r.externalId ?? null })),
    })),
    identities: [...world.identities.values()]
      .filter((i) => !i.sessionToken)
      .map((i) => ({
        accessKeyId: i.accessKeyId,
        secretAccessKey: i.secretAccessKey,
        accountId: i.accountId,
        arn: i.arn,
      })),
  };
}
