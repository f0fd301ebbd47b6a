import "server-only";
import { z } from "zod";
import { principalSchema } from "@/lib/domain/auth/auth";
import type {
  ChangePlan,
  ChangeRequest,
  ListenerState,
  PlannedCall,
} from "@/lib/domain/routing/change-types";
import type { RolloutEvent } from "@/lib/domain/routing/rollout-contract";
import type { RuleAction } from "@/lib/domain/routing/rule-schemas";
import { storedShape } from "./json-column";

// The schemas JSON columns are read with (see json-column.ts). Each names the fields its readers rely on.

export { principalSchema };

const ruleActionShape = z.union([
  z.looseObject({ forward: z.looseObject({ targetGroups: z.array(z.looseObject({})) }) }),
  z.looseObject({ fixedResponse: z.looseObject({ statusCode: z.number() }) }),
]);

export const storedRuleAction = storedShape<RuleAction>(ruleActionShape, "rule action");

export const storedListenerState = storedShape<ListenerState>(
  z.looseObject({
    arn: z.string(),
    name: z.string(),
    serviceArn: z.string(),
    rules: z.array(z.looseObject({ arn: z.string() })),
  }),
  "listener state",
);

const plannedCallShape = z.looseObject({
  operation: z.string(),
  serviceArn: z.string(),
  listenerArn: z.string(),
});

export const storedPlannedCalls = storedShape<PlannedCall[]>(
  z.array(plannedCallShape),
  "list of planned calls",
);

export const storedChangePlan = storedShape<ChangePlan>(
  z.looseObject({
    kind: z.string(),
    target: z.string(),
    title: z.string(),
    changes: z.array(z.looseObject({})),
    calls: z.array(plannedCallShape),
    warnings: z.array(z.looseObject({ code: z.string(), message: z.string() })),
  }),
  "change plan",
);

export const storedChangeRequest = storedShape<ChangeRequest>(
  z.looseObject({ kind: z.string(), target: z.string() }),
  "change request",
);

export const storedRolloutSteps = z.array(z.number());

export const storedRolloutEvents = z.array(
  z.object({
    at: z.string(),
    message: z.string(),
    step: z.number().optional(),
    changeId: z.string().optional(),
  }),
) satisfies z.ZodType<RolloutEvent[]>;
