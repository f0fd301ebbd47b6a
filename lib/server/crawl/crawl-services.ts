import "server-only";
import {
  GetListenerCommand,
  GetRuleCommand,
  GetServiceCommand,
  ListListenersCommand,
  ListRulesCommand,
  ListServicesCommand,
  type RuleAction,
  type RuleSummary,
} from "@aws-sdk/client-vpc-lattice";
import { accountNode } from "./node-ids";
import { payload, plainJson } from "./payload";
import { accessLogsOf, authPolicyOf, tagsOf, type ScopeCrawl } from "./scope-crawl";

/** Services the account owns, with their listeners, rules (the default rule included) and forward actions. */
export async function crawlServices(s: ScopeCrawl): Promise<void> {
  const services = await s.ctx.list("ListServices", undefined, async (nextToken) => {
    const out = await s.clients.lattice.send(new ListServicesCommand({ nextToken }));
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!services) return;
  let allRead = true;
  await Promise.all(
    services.map(async (summary) => {
      const arn = summary.arn;
      if (!arn || !s.owns(arn)) return;
      const [detail, authPolicy, tags, accessLogs] = await Promise.all([
        s.ctx.call("GetService", arn, () =>
          s.clients.lattice.send(new GetServiceCommand({ serviceIdentifier: arn })),
        ),
        authPolicyOf(s, arn),
        tagsOf(s, arn),
        accessLogsOf(s, arn),
      ]);
      if (!detail || authPolicy === undefined || tags === undefined || accessLogs === undefined) {
        allRead = false;
        return;
      }
      s.ctx.addResource({
        id: arn,
        kind: "service",
        accountId: s.accountId,
        region: s.region,
        name: detail.name ?? summary.name ?? arn,
        parentId: accountNode(s.accountId),
        data: plainJson({ ...payload(detail), authPolicy, tags, accessLogSubscriptions: accessLogs }),
        raw: plainJson({ GetService: payload(detail) }),
      });
      await crawlListeners(s, arn);
    }),
  );
  if (allRead) s.ctx.completed("service");
}

async function crawlListeners(s: ScopeCrawl, serviceArn: string): Promise<void> {
  const listeners = await s.ctx.list("ListListeners", serviceArn, async (nextToken) => {
    const out = await s.clients.lattice.send(
      new ListListenersCommand({ serviceIdentifier: serviceArn, nextToken }),
    );
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!listeners) return;
  let allRead = true;
  await Promise.all(
    listeners.map(async (summary) => {
      const listenerArn = summary.arn;
      if (!listenerArn) return;
      const [detail, tags] = await Promise.all([
        s.ctx.call("GetListener", listenerArn, () =>
          s.clients.lattice.send(
            new GetListenerCommand({ serviceIdentifier: serviceArn, listenerIdentifier: listenerArn }),
          ),
        ),
        tagsOf(s, listenerArn),
      ]);
      if (!detail || tags === undefined) {
        allRead = false;
        return;
      }
      // The default action is the listener's default rule, recorded (and versioned) once, as that rule. Only
      // UpdateListener changes lastUpdatedAt, and that change shows on the default rule.
      const { defaultAction, lastUpdatedAt: _lastUpdatedAt, ...listener } = payload(detail);
      s.ctx.addResource({
        id: listenerArn,
        kind: "listener",
        accountId: s.accountId,
        region: s.region,
        name: detail.name ?? summary.name ?? listenerArn,
        parentId: serviceArn,
        data: plainJson({ ...listener, tags }),
        raw: plainJson({ GetListener: payload(detail) }),
      });
      s.ctx.addRelation("service-listener", serviceArn, listenerArn);
      await crawlRules(s, serviceArn, listenerArn, defaultAction);
    }),
  );
  if (allRead) {
    s.ctx.completed("listener", serviceArn);
    s.ctx.completed("service-listener", serviceArn);
  }
}

async function crawlRules(
  s: ScopeCrawl,
  serviceArn: string,
  listenerArn: string,
  defaultAction: RuleAction | undefined,
): Promise<void> {
  const rules = await s.ctx.list("ListRules", listenerArn, async (nextToken) => {
    const out = await s.clients.lattice.send(
      new ListRulesCommand({ serviceIdentifier: serviceArn, listenerIdentifier: listenerArn, nextToken }),
    );
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!rules) return;
  let allRead = true;
  await Promise.all(
    rules.map(async (summary) => {
      const read = await readRule(s, serviceArn, listenerArn, summary, defaultAction);
      if (!read) allRead = false;
    }),
  );
  if (allRead) {
    s.ctx.completed("rule", listenerArn);
    s.ctx.completed("listener-rule", listenerArn);
  }
}

async function readRule(
  s: ScopeCrawl,
  serviceArn: string,
  listenerArn: string,
  summary: RuleSummary,
  defaultAction: RuleAction | undefined,
): Promise<boolean> {
  const ruleArn = summary.arn;
  if (!ruleArn) return true;
  let rule: Record<string, unknown>;
  let action: RuleAction | undefined;
  if (summary.isDefault) {
    // GetRule would return the same: the default rule is the listener's default action.
    action = defaultAction;
    rule = plainJson({ ...summary, action });
  } else {
    const [detail, tags] = await Promise.all([
      s.ctx.call("GetRule", ruleArn, () =>
        s.clients.lattice.send(
          new GetRuleCommand({
            serviceIdentifier: serviceArn,
            listenerIdentifier: listenerArn,
            ruleIdentifier: ruleArn,
          }),
        ),
      ),
      tagsOf(s, ruleArn),
    ]);
    if (!detail || tags === undefined) return false;
    action = detail.action;
    rule = plainJson({ ...payload(detail), tags });
  }
  s.ctx.addResource({
    id: ruleArn,
    kind: "rule",
    accountId: s.accountId,
    region: s.region,
    name: summary.isDefault ? "default" : (summary.name ?? ruleArn),
    parentId: listenerArn,
    data: rule,
  });
  s.ctx.addRelation("listener-rule", listenerArn, ruleArn);
  for (const group of action?.forward?.targetGroups ?? []) {
    const identifier = group.targetGroupIdentifier;
    if (!identifier) continue;
    // Forward actions name target groups of the service's own account, by id or ARN.
    const tgArn = identifier.startsWith("arn:")
      ? identifier
      : `arn:aws:vpc-lattice:${s.region}:${s.accountId}:targetgroup/${identifier}`;
    s.ctx.addRelation("forward", ruleArn, tgArn, {
      weight: group.weight ?? null,
      listenerArn,
      isDefault: summary.isDefault === true,
    });
  }
  s.ctx.completed("forward", ruleArn);
  return true;
}
