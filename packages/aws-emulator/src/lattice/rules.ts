import { z } from "zod";
import type { RequestContext } from "../core/context";
import { ApiError, conflict, notFound, quotaExceeded, validation } from "../core/errors";
import type { Listener, RegionState, Rule, RuleAction, RuleMatch, Service } from "../core/model";
import { jsonBody, type RestRoute } from "../core/rest-json";
import {
  actionTargetGroupIds,
  refreshTargetStatuses,
  resolveRuleAction,
  ruleActionSchema,
  ruleMatchSchema,
  rulePrioritySchema,
} from "./actions";
import {
  clientTokenSchema,
  idFromIdentifier,
  listPage,
  nameSchema,
  parseInput,
  regionOf,
  setTags,
  tagsSchema,
} from "./common";
import { forgetResourceArn, inCreationOrder, withClientToken } from "./kinds";
import { findListener } from "./listeners";
import { findService } from "./services";

const RESOURCE_TYPE = "RULE";
const RULES_PER_LISTENER = 10;
const DEFAULT_RULE_NAME = "default";

const createSchema = z.object({
  name: nameSchema(3, 63),
  match: ruleMatchSchema,
  priority: rulePrioritySchema,
  action: ruleActionSchema,
  tags: tagsSchema.optional(),
  clientToken: clientTokenSchema.optional(),
});

const updateSchema = z.object({
  match: ruleMatchSchema.optional(),
  priority: rulePrioritySchema.optional(),
  action: ruleActionSchema.optional(),
});

const batchSchema = z.object({
  rules: z
    .array(
      z.object({
        ruleIdentifier: z
          .string()
          .min(20, "must be a rule ID or ARN")
          .max(2048, "must be at most 2048 characters"),
        match: ruleMatchSchema.optional(),
        priority: rulePrioritySchema.optional(),
        action: ruleActionSchema.optional(),
      }),
    )
    .min(1, "must contain between 1 and 5 rule updates")
    .max(5, "must contain between 1 and 5 rule updates"),
});

interface RuleView {
  arn: string;
  id: string;
  name: string;
  isDefault: boolean;
  match?: RuleMatch;
  priority?: number;
  action: RuleAction;
  createdAt: string;
  lastUpdatedAt: string;
}

/** The default rule is not stored: it mirrors its listener's default action and has no match or priority. */
function defaultRuleView(listener: Listener): RuleView {
  return {
    arn: `${listener.arn}/rule/${listener.defaultRuleId}`,
    id: listener.defaultRuleId,
    name: DEFAULT_RULE_NAME,
    isDefault: true,
    action: listener.defaultAction,
    createdAt: listener.createdAt,
    lastUpdatedAt: listener.lastUpdatedAt,
  };
}

function ruleView(rule: Rule): RuleView {
  return {
    arn: rule.arn,
    id: rule.id,
    name: rule.name,
    isDefault: false,
    match: rule.match,
    priority: rule.priority,
    action: rule.action,
    createdAt: rule.createdAt,
    lastUpdatedAt: rule.lastUpdatedAt,
  };
}

/** Shape of UpdateRule / RuleUpdateSuccess. */
function updatedBody(rule: Rule) {
  return {
    arn: rule.arn,
    id: rule.id,
    name: rule.name,
    isDefault: false,
    match: rule.match,
    priority: rule.priority,
    action: rule.action,
  };
}

function rulesOf(region: RegionState, listener: Listener): Rule[] {
  return [...region.rules.values()].filter((r) => r.listenerId === listener.id);
}

type FoundRule = { isDefault: true; view: RuleView } | { isDefault: false; rule: Rule };

function findRule(ctx: RequestContext, listener: Listener, identifier: string | undefined): FoundRule {
  const raw = identifier ?? "";
  const id = idFromIdentifier(raw);
  const arnMatches = (arn: string) => !raw.startsWith("arn:") || arn === raw;
  if (id === listener.defaultRuleId) {
    const view = defaultRuleView(listener);
    if (arnMatches(view.arn)) return { isDefault: true, view };
  }
  const rule = regionOf(ctx).rules.get(id);
  if (!rule || rule.listenerId !== listener.id || !arnMatches(rule.arn)) {
    throw notFound(RESOURCE_TYPE, raw, `Rule ${raw} not found in listener ${listener.id}`);
  }
  return { isDefault: false, rule };
}

function defaultRuleImmutable(listener: Listener, verb: string, field?: string): ApiError {
  const message = `The default rule of listener ${listener.id} can't be ${verb}; use UpdateListener to change its default action`;
  return validation(message, field ? [{ name: field, message }] : undefined);
}

function context(ctx: RequestContext, params: Record<string, string>, write: boolean) {
  const service: Service = findService(ctx, params.serviceIdentifier, write);
  const listener = findListener(ctx, service, params.listenerIdentifier);
  return { region: regionOf(ctx), service, listener };
}

export const ruleRoutes: RestRoute[] = [
  {
    operation: "CreateRule",
    method: "POST",
    path: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}/rules",
    handler: (ctx, params) => {
      const input = parseInput(createSchema, jsonBody(ctx));
      const { region, service, listener } = context(ctx, params, true);
      const { clientToken, ...rest } = input;
      return withClientToken(
        ctx,
        {
          operation: "CreateRule",
          resourceType: RESOURCE_TYPE,
          clientToken,
          params: { listener: listener.id, ...rest },
        },
        () => {
          if (listener.protocol === "TLS_PASSTHROUGH") {
            throw validation(
              `Listener ${listener.id} uses TLS_PASSTHROUGH, which allows only its default rule`,
              undefined,
              "other",
            );
          }
          const siblings = rulesOf(region, listener);
          const sameName = siblings.find((r) => r.name === input.name);
          if (sameName) {
            throw conflict(
              RESOURCE_TYPE,
              sameName.id,
              `A rule named ${input.name} already exists in listener ${listener.id}`,
            );
          }
          const samePriority = siblings.find((r) => r.priority === input.priority);
          if (samePriority) {
            throw conflict(
              RESOURCE_TYPE,
              samePriority.id,
              `Rule ${samePriority.id} already has priority ${input.priority} in listener ${listener.id}`,
            );
          }
          if (siblings.length >= RULES_PER_LISTENER) {
            throw quotaExceeded(
              RESOURCE_TYPE,
              "L-CF78395E",
              `Listener ${listener.id} already has the maximum of ${RULES_PER_LISTENER} rules`,
              listener.id,
            );
          }
          const action = resolveRuleAction(region, input.action, {
            ownerAccountId: service.ownerAccountId,
            serviceArn: service.arn,
            listenerProtocol: listener.protocol,
            field: "action",
          });
          const id = ctx.world.newId("rule-");
          const now = ctx.world.now();
          const rule: Rule = {
            id,
            name: input.name,
            arn: `${listener.arn}/rule/${id}`,
            ownerAccountId: service.ownerAccountId,
            region: ctx.region,
            listenerId: listener.id,
            serviceId: service.id,
            priority: input.priority,
            match: input.match,
            action,
            createdAt: now,
            lastUpdatedAt: now,
          };
          region.rules.set(id, rule);
          setTags(region, rule.arn, input.tags);
          refreshTargetStatuses(region, actionTargetGroupIds(action));
          return {
            status: 201,
            body: {
              arn: rule.arn,
              id,
              name: rule.name,
              match: rule.match,
              priority: rule.priority,
              action: rule.action,
            },
          };
        },
      );
    },
  },
  {
    operation: "GetRule",
    method: "GET",
    path: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}/rules/{ruleIdentifier}",
    handler: (ctx, params) => {
      const { listener } = context(ctx, params, false);
      const found = findRule(ctx, listener, params.ruleIdentifier);
      return { status: 200, body: found.isDefault ? found.view : ruleView(found.rule) };
    },
  },
  {
    operation: "ListRules",
    method: "GET",
    path: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}/rules",
    handler: (ctx, params) => {
      const { region, listener } = context(ctx, params, false);
      // Evaluation order: by priority, the default rule last.
      const rules = inCreationOrder(rulesOf(region, listener))
        .sort((a, b) => a.priority - b.priority)
        .map(ruleView);
      const page = listPage(ctx, [...rules, defaultRuleView(listener)]);
      return {
        status: 200,
        body: {
          ...page,
          items: page.items.map((r) => ({
            arn: r.arn,
            id: r.id,
            name: r.name,
            isDefault: r.isDefault,
            priority: r.priority,
            createdAt: r.createdAt,
            lastUpdatedAt: r.lastUpdatedAt,
          })),
        },
      };
    },
  },
  {
    operation: "UpdateRule",
    method: "PATCH",
    path: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}/rules/{ruleIdentifier}",
    handler: (ctx, params) => {
      const input = parseInput(updateSchema, jsonBody(ctx));
      const { region, service, listener } = context(ctx, params, true);
      const found = findRule(ctx, listener, params.ruleIdentifier);
      if (found.isDefault) throw defaultRuleImmutable(listener, "updated with UpdateRule", "ruleIdentifier");
      const rule = found.rule;
      if (input.priority !== undefined) {
        const clash = rulesOf(region, listener).find(
          (r) => r.id !== rule.id && r.priority === input.priority,
        );
        if (clash) {
          throw conflict(
            RESOURCE_TYPE,
            clash.id,
            `Rule ${clash.id} already has priority ${input.priority} in listener ${listener.id}`,
          );
        }
      }
      const action =
        input.action &&
        resolveRuleAction(region, input.action, {
          ownerAccountId: service.ownerAccountId,
          serviceArn: service.arn,
          listenerProtocol: listener.protocol,
          field: "action",
        });
      const before = actionTargetGroupIds(rule.action);
      if (input.match) rule.match = input.match;
      if (input.priority !== undefined) rule.priority = input.priority;
      if (action) rule.action = action;
      rule.lastUpdatedAt = ctx.world.now();
      refreshTargetStatuses(region, [...before, ...actionTargetGroupIds(rule.action)]);
      return { status: 200, body: updatedBody(rule) };
    },
  },
  {
    operation: "DeleteRule",
    method: "DELETE",
    path: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}/rules/{ruleIdentifier}",
    handler: (ctx, params) => {
      const { region, listener } = context(ctx, params, true);
      const found = findRule(ctx, listener, params.ruleIdentifier);
      if (found.isDefault) throw defaultRuleImmutable(listener, "deleted", "ruleIdentifier");
      region.rules.delete(found.rule.id);
      forgetResourceArn(region, found.rule.arn);
      refreshTargetStatuses(region, actionTargetGroupIds(found.rule.action));
      return { status: 204 };
    },
  },
  {
    operation: "BatchUpdateRule",
    method: "PATCH",
    path: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}/rules",
    handler: (ctx, params) => {
      const input = parseInput(batchSchema, jsonBody(ctx));
      const { region, service, listener } = context(ctx, params, true);
      return { status: 200, body: batchUpdate(ctx, region, service, listener, input.rules) };
    },
  },
];

interface Candidate {
  index: number;
  ruleIdentifier: string;
  rule: Rule;
  match?: RuleMatch;
  priority: number;
  action?: RuleAction;
}

interface Failure {
  index: number;
  ruleIdentifier: string;
  failureCode: string;
  failureMessage: string;
}

/**
 * Applies each update that is valid on its own, judging priority uniqueness on the final state so rules can
 * swap priorities in one call. A failed update keeps its rule's priority, which can in turn collide with
 * another update, so collisions are re-checked until none remain.
 */
function batchUpdate(
  ctx: RequestContext,
  region: RegionState,
  service: Service,
  listener: Listener,
  updates: z.infer<typeof batchSchema>["rules"],
) {
  const failures: Failure[] = [];
  let candidates: Candidate[] = [];
  const fail = (index: number, ruleIdentifier: string, error: unknown) => {
    const failureCode = error instanceof ApiError ? error.code : "InternalServerException";
    const failureMessage = error instanceof Error ? error.message : String(error);
    failures.push({ index, ruleIdentifier, failureCode, failureMessage });
  };
  const seen = new Set<string>();
  updates.forEach((update, index) => {
    try {
      const found = findRule(ctx, listener, update.ruleIdentifier);
      if (found.isDefault) throw defaultRuleImmutable(listener, "updated with BatchUpdateRule");
      const rule = found.rule;
      if (seen.has(rule.id)) throw validation(`Rule ${rule.id} appears more than once in the request`);
      seen.add(rule.id);
      const action =
        update.action &&
        resolveRuleAction(region, update.action, {
          ownerAccountId: service.ownerAccountId,
          serviceArn: service.arn,
          listenerProtocol: listener.protocol,
          field: `rules[${index}].action`,
        });
      candidates.push({
        index,
        ruleIdentifier: update.ruleIdentifier,
        rule,
        ...(update.match ? { match: update.match } : {}),
        priority: update.priority ?? rule.priority,
        ...(action ? { action } : {}),
      });
    } catch (error) {
      fail(index, update.ruleIdentifier, error);
    }
  });

  for (;;) {
    const moving = new Map(candidates.map((c) => [c.rule.id, c]));
    const holders = new Map<number, { fixed: Rule[]; moving: Candidate[] }>();
    for (const rule of rulesOf(region, listener)) {
      const candidate = moving.get(rule.id);
      const priority = candidate ? candidate.priority : rule.priority;
      const slot = holders.get(priority) ?? { fixed: [], moving: [] };
      if (candidate) slot.moving.push(candidate);
      else slot.fixed.push(rule);
      holders.set(priority, slot);
    }
    const losers = new Set<Candidate>();
    for (const [priority, slot] of holders) {
      if (slot.fixed.length + slot.moving.length < 2) continue;
      const sorted = [...slot.moving].sort((a, b) => a.index - b.index);
      const winners = slot.fixed.length > 0 ? 0 : 1;
      for (const loser of sorted.slice(winners)) {
        losers.add(loser);
        const holder = slot.fixed[0] ?? sorted[0]?.rule;
        fail(
          loser.index,
          loser.ruleIdentifier,
          conflict(
            RESOURCE_TYPE,
            loser.rule.id,
            `Priority ${priority} would also be held by rule ${holder?.id ?? "?"}`,
          ),
        );
      }
    }
    if (losers.size === 0) break;
    candidates = candidates.filter((c) => !losers.has(c));
  }

  const now = ctx.world.now();
  const touched: string[] = [];
  for (const c of candidates) {
    touched.push(...actionTargetGroupIds(c.rule.action));
    if (c.match) c.rule.match = c.match;
    c.rule.priority = c.priority;
    if (c.action) c.rule.action = c.action;
    c.rule.lastUpdatedAt = now;
    touched.push(...actionTargetGroupIds(c.rule.action));
  }
  refreshTargetStatuses(region, touched);
  return {
    successful: candidates.sort((a, b) => a.index - b.index).map((c) => updatedBody(c.rule)),
    unsuccessful: failures
      .sort((a, b) => a.index - b.index)
      .map((f) => ({
        ruleIdentifier: f.ruleIdentifier,
        failureCode: f.failureCode,
        failureMessage: f.failureMessage,
      })),
  };
}
