import { z } from "zod";
import { authConfigSchema, DEFAULT_AUTH_CONFIG } from "../auth/auth-config";

const accountIdSchema = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");

export const accountConfigSchema = z
  .object({
    id: accountIdSchema,
    name: z.string().min(1).max(128),
    /** Role to assume in the account; omit to crawl it with the base credentials directly. */
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN")
      .optional(),
    /**
     * Role Trellis assumes to apply routing and auth-policy changes; omit to use `roleArn`. Keeping it separate
     * keeps the crawler's role read-only (README: IAM for applying changes).
     */
    applyRoleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN")
      .optional(),
    externalId: z.string().min(2).max(1224).optional(),
    /** Overrides the global region list for this account. */
    regions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region like us-east-1"))
      .min(1)
      .optional(),
  })
  .strict();

export const crawlSettingsSchema = z
  .object({
    /** Seconds between scheduled crawls; 0 disables scheduling. */
    intervalSeconds: z.number().int().min(0).max(86_400).default(300),
    /** Concurrent AWS calls across all accounts. */
    concurrency: z.number().int().min(1).max(512).default(64),
    /** Concurrent AWS calls per account. */
    perAccountConcurrency: z.number().int().min(1).max(128).default(16),
    /** Timeout of one AWS call attempt. */
    callTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    /** Attempts per AWS call, with the SDK's adaptive retry on throttling and 5xx. */
    maxAttempts: z.number().int().min(1).max(20).default(6),
    /** Seconds between target health polls (ListTargets only, between crawls); 0 turns them off. */
    healthIntervalSeconds: z.number().int().min(0).max(3_600).default(30),
  })
  .strict();

/**
 * The SQS queue an EventBridge rule feeds with VPC Lattice and RAM events (README: "Events"). Without it Trellis
 * keeps to its scheduled crawls.
 */
export const eventSettingsSchema = z
  .object({
    queueUrl: z
      .string()
      .url("must be the queue's URL, e.g. https://sqs.us-east-1.amazonaws.com/111122223333/trellis-events"),
    /** The queue's region; taken from an sqs.<region>.amazonaws.com URL when omitted. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region like us-east-1")
      .optional(),
    /** Long polling: how long one ReceiveMessage waits for a message. */
    waitTimeSeconds: z.number().int().min(1).max(20).default(20),
    /** How long a received message stays hidden while its re-read runs; it comes back if Trellis dies. */
    visibilityTimeoutSeconds: z.number().int().min(5).max(43_200).default(120),
    /** After the first message, how long to gather more so a burst for one scope is one re-read. */
    batchWindowMs: z.number().int().min(0).max(10_000).default(250),
  })
  .strict();
export type EventSettings = z.infer<typeof eventSettingsSchema>;

export const trellisConfigSchema = z
  .object({
    accounts: z.array(accountConfigSchema).default([]),
    regions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region like us-east-1"))
      .min(1)
      .default(["us-east-1"]),
    crawl: crawlSettingsSchema.default(crawlSettingsSchema.parse({})),
    /**
     * The AWS Organization the accounts belong to, so policy review can evaluate aws:PrincipalOrgID. Its
     * accounts default to every configured account.
     */
    organization: z
      .object({
        id: z.string().regex(/^o-[a-z0-9]{10,32}$/, "must be an organization id like o-a1b2c3d4e5"),
        accountIds: z.array(accountIdSchema).optional(),
      })
      .strict()
      .optional(),
    events: eventSettingsSchema.optional(),
    /** Who may sign in and how (see README, "Sign-in and roles"); `none` when absent. */
    auth: authConfigSchema.default(DEFAULT_AUTH_CONFIG),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.accounts.forEach((account, i) => {
      if (seen.has(account.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["accounts", i, "id"],
          message: `account ${account.id} is listed twice`,
        });
      }
      seen.add(account.id);
      if (account.applyRoleArn && account.applyRoleArn.split(":")[4] !== account.id) {
        ctx.addIssue({
          code: "custom",
          path: ["accounts", i, "applyRoleArn"],
          message: `role ${account.applyRoleArn} is not in account ${account.id}`,
        });
      }
      if (account.roleArn && account.roleArn.split(":")[4] !== account.id) {
        ctx.addIssue({
          code: "custom",
          path: ["accounts", i, "roleArn"],
          message: `role ${account.roleArn} is not in account ${account.id}`,
        });
      }
    });
  });

export type AccountConfig = z.infer<typeof accountConfigSchema>;

/** The organization as policy evaluation needs it: its id and member accounts. */
export function organizationOf(config: TrellisConfig): { id: string; accountIds: string[] } | undefined {
  const org = config.organization;
  if (!org) return undefined;
  return { id: org.id, accountIds: org.accountIds ?? config.accounts.map((a) => a.id) };
}
export type CrawlSettings = z.infer<typeof crawlSettingsSchema>;
export type TrellisConfig = z.infer<typeof trellisConfigSchema>;

/** Every account × region the configuration asks to crawl. */
export function crawlScopes(config: TrellisConfig): { accountId: string; region: string }[] {
  return config.accounts.flatMap((account) =>
    (account.regions ?? config.regions).map((region) => ({ accountId: account.id, region })),
  );
}
