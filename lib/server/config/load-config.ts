import "server-only";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { trellisConfigSchema, type TrellisConfig } from "@/lib/domain/config/config";
import type { AwsCredentialIdentity } from "../aws/credentials";
import type { AwsEndpoints } from "../aws/clients";

export interface CrawlEnvironment {
  mode: "demo" | "aws";
  config: TrellisConfig;
  /** Demo mode: the emulator's identity; AWS mode: undefined, i.e. the standard credential chain. */
  credentials?: AwsCredentialIdentity;
  /** Demo mode: every service at the emulator; AWS mode: the SDK's own resolution (AWS_ENDPOINT_URL_*). */
  endpoints?: AwsEndpoints;
  /** Where the configuration came from, for the UI and logs. */
  source: string;
}

export class ConfigError extends Error {}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n");
}

/** Reads and validates a YAML or JSON configuration file. */
export function readConfigFile(path: string): TrellisConfig {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new ConfigError(`Configuration file ${absolute} does not exist`);
  let data: unknown;
  try {
    data = parseYaml(readFileSync(absolute, "utf8")) ?? {};
  } catch (error) {
    throw new ConfigError(`Configuration file ${absolute} is not valid YAML: ${(error as Error).message}`);
  }
  const result = trellisConfigSchema.safeParse(data);
  if (!result.success)
    throw new ConfigError(`Configuration file ${absolute} is invalid:\n${formatIssues(result.error)}`);
  return result.data;
}

const demoScenarioSchema = z.object({
  defaultAccountId: z.string(),
  regions: z.array(z.string()),
  accounts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      organizationId: z.string().optional(),
      roles: z.array(z.object({ arn: z.string(), name: z.string(), externalId: z.string().nullable() })),
    }),
  ),
  identities: z.array(
    z.object({
      accessKeyId: z.string(),
      secretAccessKey: z.string(),
      accountId: z.string(),
      arn: z.string(),
    }),
  ),
});

function organizationOfScenario(accounts: { id: string; organizationId?: string | undefined }[]) {
  const id = accounts.find((a) => a.organizationId)?.organizationId;
  if (!id) return {};
  return {
    organization: { id, accountIds: accounts.filter((a) => a.organizationId === id).map((a) => a.id) },
  };
}

const emulatorEventsSchema = z.object({ config: z.object({ queueArn: z.string().optional() }) });

/** The queue the demo emulator puts its events on, when it has one (`npm start` turns it on). */
async function demoEventQueue(emulatorUrl: string): Promise<{ url: string; region: string } | undefined> {
  const response = await fetch(`${emulatorUrl}/_emulator/events`).catch(() => undefined);
  if (!response?.ok) return undefined;
  const parsed = emulatorEventsSchema.safeParse(await response.json());
  const arn = parsed.success ? parsed.data.config.queueArn : undefined;
  const m = arn ? /^arn:aws:sqs:([^:]+):(\d{12}):(.+)$/.exec(arn) : null;
  return m ? { url: `${emulatorUrl}/${m[2]}/${m[3]}`, region: m[1]! } : undefined;
}

/**
 * Demo mode: crawl the emulator's organisation as a real deployment would — base credentials of a user in
 * the hub account, then AssumeRole into each account's TrellisCrawler role.
 */
export async function demoEnvironment(emulatorUrl: string): Promise<CrawlEnvironment> {
  const response = await fetch(`${emulatorUrl}/_emulator/scenario`);
  if (!response.ok) throw new ConfigError(`The demo emulator at ${emulatorUrl} answered ${response.status}`);
  const scenario = demoScenarioSchema.parse(await response.json());
  const identity =
    scenario.identities.find((i) => i.accountId === scenario.defaultAccountId) ?? scenario.identities[0];
  const queue = await demoEventQueue(emulatorUrl);
  const config = trellisConfigSchema.parse({
    accounts: scenario.accounts.map((a) => {
      const role = a.roles.find((r) => r.name === "TrellisCrawler");
      return {
        id: a.id,
        name: a.name,
        ...(role && a.id !== scenario.defaultAccountId ? { roleArn: role.arn } : {}),
        ...(role?.externalId ? { externalId: role.externalId } : {}),
      };
    }),
    regions: scenario.regions.length > 0 ? scenario.regions : ["us-east-1"],
    crawl: { intervalSeconds: 120, healthIntervalSeconds: 10 },
    ...(queue ? { events: { queueUrl: queue.url, region: queue.region } } : {}),
    ...organizationOfScenario(scenario.accounts),
  });
  return {
    mode: "demo",
    config,
    credentials: identity
      ? { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey }
      : { accessKeyId: "AKIAEMULATORDEMO", secretAccessKey: "demo" },
    endpoints: {
      lattice: emulatorUrl,
      ram: emulatorUrl,
      ec2: emulatorUrl,
      sts: emulatorUrl,
      sqs: emulatorUrl,
    },
    source: `demo emulator at ${emulatorUrl}`,
  };
}

/**
 * The configuration in force: TRELLIS_CONFIG or ./trellis.config.yaml when present and naming accounts;
 * otherwise demo mode against the built-in emulator.
 */
export async function loadCrawlEnvironment(options: {
  configPath?: string;
  emulatorUrl: string;
}): Promise<CrawlEnvironment> {
  const path = options.configPath ?? (existsSync("trellis.config.yaml") ? "trellis.config.yaml" : undefined);
  if (path) {
    const config = readConfigFile(path);
    if (config.accounts.length > 0) return { mode: "aws", config, source: resolve(path) };
  }
  return demoEnvironment(options.emulatorUrl);
}
