import { z } from "zod";

/**
 * What VPC Lattice accepts for a rule's action and match, with AWS's own limits (model constraints in
 * shared/reference/lattice-api.md §2.2), so an editor can show every problem on its field before anything is sent.
 */

export const MAX_TARGET_GROUPS = 10;
export const MAX_WEIGHT = 999;
export const MAX_HEADER_MATCHES = 5;
export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 100;

/** TargetGroupIdentifier: an id or an ARN. */
export const TARGET_GROUP_IDENTIFIER =
  /^((tg-[0-9a-z]{17})|(arn:[a-z0-9-]+:vpc-lattice:[a-zA-Z0-9-]+:\d{12}:targetgroup\/tg-[0-9a-z]{17}))$/;
const PATH = /^\/[a-zA-Z0-9@:%_+.~#?&/=-]*$/;
/** An HTTP method is a token (RFC 9110): standard or custom, case-sensitive. */
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** HTTP header field name (a token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The target group id from an id or an ARN. */
export function targetGroupIdOf(identifier: string): string {
  const slash = identifier.lastIndexOf("/");
  return slash === -1 ? identifier : identifier.slice(slash + 1);
}

const weightSchema = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, `must be between 0 and ${MAX_WEIGHT}`)
  .max(MAX_WEIGHT, `must be between 0 and ${MAX_WEIGHT}`);

export const weightedTargetGroupSchema = z
  .object({
    targetGroupIdentifier: z
      .string({ error: "is required" })
      .regex(TARGET_GROUP_IDENTIFIER, "must be a target group id (tg-…) or target group ARN"),
    weight: weightSchema.optional(),
  })
  .strict();

export const forwardActionSchema = z
  .object({
    targetGroups: z
      .array(weightedTargetGroupSchema)
      .min(1, "needs at least one target group")
      .max(MAX_TARGET_GROUPS, `can forward to at most ${MAX_TARGET_GROUPS} target groups`),
  })
  .strict()
  .superRefine((forward, ctx) => {
    const seen = new Set<string>();
    forward.targetGroups.forEach((group, i) => {
      if (forward.targetGroups.length > 1 && group.weight === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["targetGroups", i, "weight"],
          message: "is required when the action forwards to several target groups",
        });
      }
      const id = targetGroupIdOf(group.targetGroupIdentifier);
      if (seen.has(id)) {
        ctx.addIssue({
          code: "custom",
          path: ["targetGroups", i, "targetGroupIdentifier"],
          message: `${id} is already in this action`,
        });
      }
      seen.add(id);
    });
  });

export const fixedResponseActionSchema = z
  .object({
    statusCode: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(100, "must be between 100 and 599")
      .max(599, "must be between 100 and 599"),
  })
  .strict();

/**
 * RuleAction, a union with exactly one member. Both members are optional fields of one object so that an error
 * inside the one given keeps its own path (a zod union would report only "invalid input" on the action).
 */
export const ruleActionSchema = z
  .object({ forward: forwardActionSchema.optional(), fixedResponse: fixedResponseActionSchema.optional() })
  .strict()
  .superRefine((action, ctx) => {
    const set = [action.forward, action.fixedResponse].filter((m) => m !== undefined).length;
    if (set !== 1)
      ctx.addIssue({ code: "custom", message: "must be exactly one of forward or fixedResponse" });
  })
  .transform((action): RuleAction =>
    action.forward ? { forward: action.forward } : { fixedResponse: action.fixedResponse! },
  );
export type RuleAction =
  | { forward: z.infer<typeof forwardActionSchema> }
  | { fixedResponse: z.infer<typeof fixedResponseActionSchema> };
export type ForwardAction = z.infer<typeof forwardActionSchema>;

const matchText = z
  .string({ error: "is required" })
  .min(1, "must be between 1 and 200 characters")
  .max(200, "must be between 1 and 200 characters");

export const pathMatchSchema = z
  .object({
    match: z.union([
      z
        .object({ exact: matchText.regex(PATH, "must start with / and use only URL path characters") })
        .strict(),
      z
        .object({ prefix: matchText.regex(PATH, "must start with / and use only URL path characters") })
        .strict(),
    ]),
    caseSensitive: z.boolean().optional(),
  })
  .strict();

export const headerMatchSchema = z
  .object({
    name: z
      .string({ error: "is required" })
      .min(1, "must be between 1 and 100 characters")
      .max(100, "must be between 1 and 100 characters")
      .regex(HEADER_NAME, "must be an HTTP header name, without spaces or wildcards"),
    match: z.union([
      z.object({ exact: matchText }).strict(),
      z.object({ prefix: matchText }).strict(),
      z.object({ contains: matchText }).strict(),
    ]),
    caseSensitive: z.boolean().optional(),
  })
  .strict();

export const httpMatchSchema = z
  .object({
    method: z
      .string()
      .min(1, "must not be empty")
      .max(16, "must be at most 16 characters")
      .regex(METHOD, "must be an HTTP method such as GET, without spaces or wildcards")
      .optional(),
    pathMatch: pathMatchSchema.optional(),
    headerMatches: z
      .array(headerMatchSchema)
      .min(1, "must not be an empty list")
      .max(MAX_HEADER_MATCHES, `can have at most ${MAX_HEADER_MATCHES} header matches`)
      .optional(),
  })
  .strict()
  .superRefine((match, ctx) => {
    const names = new Set<string>();
    match.headerMatches?.forEach((header, i) => {
      const name = header.name.toLowerCase();
      if (names.has(name)) {
        ctx.addIssue({
          code: "custom",
          path: ["headerMatches", i, "name"],
          message: `header ${header.name} is already matched by this rule`,
        });
      }
      names.add(name);
    });
    if (!match.method && !match.pathMatch && !match.headerMatches) {
      ctx.addIssue({ code: "custom", message: "needs at least a path, a method or a header to match" });
    }
  });

export const ruleMatchSchema = z.object({ httpMatch: httpMatchSchema }).strict();
export type RuleMatch = z.infer<typeof ruleMatchSchema>;

export const prioritySchema = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(MIN_PRIORITY, `must be between ${MIN_PRIORITY} and ${MAX_PRIORITY}`)
  .max(MAX_PRIORITY, `must be between ${MIN_PRIORITY} and ${MAX_PRIORITY}`);

export const ruleNameSchema = z
  .string({ error: "is required" })
  .min(3, "must be between 3 and 63 characters")
  .max(63, "must be between 3 and 63 characters")
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    "must use lowercase letters, digits and single hyphens, starting and ending with a letter or digit",
  );

/**
 * Whether two actions route the same: target groups compared by id (AWS answers with the id or ARN it was given),
 * a lone group's missing weight read as the weight Lattice stores for it.
 */
export function sameAction(a: RuleAction | undefined, b: RuleAction | undefined): boolean {
  const norm = (action: RuleAction | undefined) => {
    if (!action) return null;
    if ("fixedResponse" in action) return { fixed: action.fixedResponse.statusCode };
    const single = action.forward.targetGroups.length === 1;
    return action.forward.targetGroups.map((g) => [
      targetGroupIdOf(g.targetGroupIdentifier),
      g.weight ?? (single ? LONE_GROUP_WEIGHT : null),
    ]);
  };
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** What Lattice stores as the weight of the only target group of an action when none was given. */
export const LONE_GROUP_WEIGHT = 100;

/** Whether two matches match the same requests: an explicit `caseSensitive: false` is the default. */
export function sameMatch(a: RuleMatch | undefined, b: RuleMatch | undefined): boolean {
  const norm = (match: RuleMatch | undefined) => {
    const http = match?.httpMatch;
    if (!http) return null;
    return {
      method: http.method ?? null,
      path: http.pathMatch ? [http.pathMatch.match, http.pathMatch.caseSensitive === true] : null,
      headers: (http.headerMatches ?? []).map((h) => [
        h.name.toLowerCase(),
        h.match,
        h.caseSensitive === true,
      ]),
    };
  };
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
