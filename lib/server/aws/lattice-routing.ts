import "server-only";
import {
  BatchUpdateRuleCommand,
  CreateRuleCommand,
  DeleteRuleCommand,
  GetListenerCommand,
  GetRuleCommand,
  ListRulesCommand,
  ListTargetsCommand,
  UpdateListenerCommand,
  UpdateRuleCommand,
  type RuleAction as SdkRuleAction,
  type RuleMatch as SdkRuleMatch,
  type VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import type { BatchOutcome } from "@/lib/domain/routing/change-compensation";
import type { ListenerState, PlannedCall, RuleState } from "@/lib/domain/routing/change-types";
import type { RuleAction, RuleMatch } from "@/lib/domain/routing/rule-schemas";
import { summarizeTargetStatuses, type TargetGroupHealth } from "@/lib/domain/routing/weights";

/** The parts of a listener or rule ARN the API paths need. */
export interface ListenerRef {
  serviceArn: string;
  listenerArn: string;
  accountId: string;
  region: string;
}

const LISTENER_ARN =
  /^(arn:aws[a-z-]*:vpc-lattice:([a-z0-9-]+):(\d{12}):service\/svc-[0-9a-z]+)\/listener\/listener-[0-9a-z]+/;

/** The service and listener of a listener or rule ARN; undefined for anything else. */
export function listenerRefOf(arn: string): ListenerRef | undefined {
  const m = LISTENER_ARN.exec(arn);
  if (!m || !m[1] || !m[2] || !m[3]) return undefined;
  return { serviceArn: m[1], listenerArn: m[0], region: m[2], accountId: m[3] };
}

/**
 * SDK unions carry `$unknown` members and optional fields; Trellis's own types are the validated shape. Safe:
 * the value is only read, and an unknown member simply fails validation when it is planned against.
 */
function asDomainAction(action: SdkRuleAction | undefined): RuleAction {
  if (action?.fixedResponse?.statusCode !== undefined) {
    return { fixedResponse: { statusCode: action.fixedResponse.statusCode } };
  }
  return {
    forward: {
      targetGroups: (action?.forward?.targetGroups ?? []).map((g) => ({
        targetGroupIdentifier: g.targetGroupIdentifier ?? "",
        ...(g.weight !== undefined ? { weight: g.weight } : {}),
      })),
    },
  };
}

function asDomainMatch(match: SdkRuleMatch | undefined): RuleMatch | undefined {
  const http = match?.httpMatch;
  if (!http) return undefined;
  const path = http.pathMatch?.match;
  return {
    httpMatch: {
      ...(http.method ? { method: http.method } : {}),
      ...(path && (path.exact !== undefined || path.prefix !== undefined)
        ? {
            pathMatch: {
              match: path.exact !== undefined ? { exact: path.exact } : { prefix: path.prefix ?? "" },
              ...(http.pathMatch?.caseSensitive !== undefined
                ? { caseSensitive: http.pathMatch.caseSensitive }
                : {}),
            },
          }
        : {}),
      ...(http.headerMatches && http.headerMatches.length > 0
        ? {
            headerMatches: http.headerMatches.map((h) => ({
              name: h.name ?? "",
              match:
                h.match?.exact !== undefined
                  ? { exact: h.match.exact }
                  : h.match?.prefix !== undefined
                    ? { prefix: h.match.prefix }
                    : { contains: h.match?.contains ?? "" },
              ...(h.caseSensitive !== undefined ? { caseSensitive: h.caseSensitive } : {}),
            })),
          }
        : {}),
    },
  };
}

/** The listener and all its rules as AWS has them now: the base of a plan and of its drift check. */
export async function readListenerState(
  lattice: VPCLatticeClient,
  ref: ListenerRef,
  serviceName: string,
): Promise<ListenerState> {
  const ids = { serviceIdentifier: ref.serviceArn, listenerIdentifier: ref.listenerArn };
  const listener = await lattice.send(new GetListenerCommand(ids));
  const summaries = [];
  let nextToken: string | undefined;
  do {
    const page = await lattice.send(new ListRulesCommand({ ...ids, nextToken }));
    summaries.push(...(page.items ?? []));
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  const rules = await Promise.all(
    summaries.map(async (summary): Promise<RuleState> => {
      if (summary.isDefault) {
        return {
          arn: summary.arn ?? "",
          name: summary.name ?? "default",
          isDefault: true,
          action: asDomainAction(listener.defaultAction),
        };
      }
      const rule = await lattice.send(new GetRuleCommand({ ...ids, ruleIdentifier: summary.arn }));
      const match = asDomainMatch(rule.match);
      return {
        arn: rule.arn ?? summary.arn ?? "",
        name: rule.name ?? summary.name ?? "",
        isDefault: false,
        ...(rule.priority !== undefined ? { priority: rule.priority } : {}),
        ...(match ? { match } : {}),
        action: asDomainAction(rule.action),
      };
    }),
  );
  return {
    arn: listener.arn ?? ref.listenerArn,
    name: listener.name ?? ref.listenerArn,
    serviceArn: ref.serviceArn,
    serviceName,
    protocol: listener.protocol ?? "HTTP",
    rules: rules.sort(
      (a, b) => Number(a.isDefault) - Number(b.isDefault) || (a.priority ?? 0) - (b.priority ?? 0),
    ),
  };
}

/** Live target health of target groups, by ARN: what a weight change will actually meet. */
export async function readTargetHealth(
  lattice: VPCLatticeClient,
  targetGroupArns: Iterable<string>,
): Promise<Map<string, TargetGroupHealth>> {
  const result = new Map<string, TargetGroupHealth>();
  await Promise.all(
    [...new Set(targetGroupArns)].map(async (arn) => {
      const statuses: (string | undefined)[] = [];
      let nextToken: string | undefined;
      do {
        const page = await lattice.send(new ListTargetsCommand({ targetGroupIdentifier: arn, nextToken }));
        statuses.push(...(page.items ?? []).map((t) => t.status));
        nextToken = page.nextToken || undefined;
      } while (nextToken);
      result.set(arn, summarizeTargetStatuses(statuses));
    }),
  );
  return result;
}

export interface AppliedCall {
  operation: PlannedCall["operation"];
  requestId: string | undefined;
  response: unknown;
}

/**
 * A BatchUpdateRule that AWS answered with 200 but with unsuccessful entries: the entries it lists as successful
 * were applied. Named like an SDK error, with its request id, so it is reported like one.
 */
export class BatchPartlyFailedError extends Error {
  override readonly name = "BatchUpdateRulePartlyFailed";
  constructor(
    readonly outcome: BatchOutcome,
    readonly $metadata: { requestId?: string; httpStatusCode?: number },
  ) {
    super(
      `BatchUpdateRule refused ${outcome.unsuccessful
        .map((f) => `${f.ruleIdentifier}: ${[f.failureCode, f.failureMessage].filter(Boolean).join(" ")}`)
        .join("; ")}`,
    );
  }
}

/**
 * Makes the planned AWS writes in order; stops at the first that fails (the error carries its request id). A
 * BatchUpdateRule with refused entries throws BatchPartlyFailedError, which says which entries were applied.
 */
export async function applyPlannedCalls(
  lattice: VPCLatticeClient,
  calls: PlannedCall[],
): Promise<AppliedCall[]> {
  const applied: AppliedCall[] = [];
  for (const call of calls) {
    const ids = { serviceIdentifier: call.serviceArn, listenerIdentifier: call.listenerArn };
    const output = await (() => {
      switch (call.operation) {
        case "UpdateListener":
          return lattice.send(new UpdateListenerCommand({ ...ids, defaultAction: call.defaultAction }));
        case "UpdateRule":
          return lattice.send(
            new UpdateRuleCommand({
              ...ids,
              ruleIdentifier: call.ruleArn,
              ...(call.priority !== undefined ? { priority: call.priority } : {}),
              ...(call.match ? { match: call.match } : {}),
              ...(call.action ? { action: call.action } : {}),
            }),
          );
        case "BatchUpdateRule":
          return lattice.send(new BatchUpdateRuleCommand({ ...ids, rules: call.rules }));
        case "CreateRule":
          return lattice.send(
            new CreateRuleCommand({
              ...ids,
              name: call.name,
              priority: call.priority,
              match: call.match,
              action: call.action,
            }),
          );
        case "DeleteRule":
          return lattice.send(new DeleteRuleCommand({ ...ids, ruleIdentifier: call.ruleArn }));
      }
    })();
    const { $metadata, ...response } = output;
    if (call.operation === "BatchUpdateRule") {
      const batch = response as {
        successful?: { arn?: string; id?: string }[];
        unsuccessful?: { ruleIdentifier?: string; failureCode?: string; failureMessage?: string }[];
      };
      if (batch.unsuccessful && batch.unsuccessful.length > 0) {
        throw new BatchPartlyFailedError(
          {
            successful: (batch.successful ?? []).map((r) => r.arn ?? r.id ?? "").filter(Boolean),
            unsuccessful: batch.unsuccessful.map((f) => ({
              ruleIdentifier: f.ruleIdentifier ?? "",
              ...(f.failureCode ? { failureCode: f.failureCode } : {}),
              ...(f.failureMessage ? { failureMessage: f.failureMessage } : {}),
            })),
          },
          $metadata,
        );
      }
    }
    applied.push({ operation: call.operation, requestId: $metadata.requestId, response });
  }
  return applied;
}
