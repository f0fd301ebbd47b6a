import "server-only";
import type { ListenerSummary, RuleAction, RuleSummary, ServiceSummary } from "../aws/crawl-reads";
import type { CrawledIncompletePart } from "@/lib/domain/topology/incomplete";
import { accountNode } from "./node-ids";
import { payload, plainJson } from "./payload";
import { accessLogsOf, authPolicyOf, tagsOf, type ScopeCrawl } from "./scope-crawl";

/** The listener's default action as GetListener returned it; `read: false` when GetListener failed. */
type DefaultAction = { read: true; action: RuleAction | undefined } | { read: false };

/**
 * Services the account owns, with their listeners, rules (the default rule included) and forward actions.
 * Every listed resource is recorded with what was read; what a failed read left out is marked incomplete.
 */
export async function crawlServices(s: ScopeCrawl): Promise<void> {
  const services = await s.ctx.list("ListServices", undefined, async (nextToken) => {
    const out = await s.aws.listServices({ nextToken });
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!services) {
    s.ctx.listingFailed("services", "ListServices");
    return;
  }
  let allPlaced = true;
  await Promise.all(
    services.map(async (summary) => {
      const arn = summary.arn ?? (summary.id ? s.arnOf("service", summary.id) : undefined);
      if (!arn) {
        allPlaced = false;
        s.ctx.problem("ListServices", undefined, "ListServices returned a service without arn or id");
        return;
      }
      if (!s.owns(arn)) return;
      await readService(s, arn, summary);
      await crawlListeners(s, arn);
    }),
  );
  if (allPlaced) s.ctx.completed("service");
}

/** One service's detail, auth policy, tags and access log subscriptions (not its listeners). */
export async function readService(s: ScopeCrawl, arn: string, summary: ServiceSummary): Promise<void> {
  const [detail, authPolicy, tags, accessLogs] = await Promise.all([
    s.ctx.call("GetService", arn, () => s.aws.getService({ serviceIdentifier: s.identifier(arn) })),
    authPolicyOf(s, arn),
    tagsOf(s, arn),
    accessLogsOf(s, arn),
  ]);
  const listed = plainJson({ ...summary, arn });
  const incomplete: CrawledIncompletePart[] = [];
  if (!detail)
    incomplete.push(s.ctx.unread("detail", "GetService", arn, { fromListing: Object.keys(listed) }));
  if (authPolicy === undefined)
    incomplete.push(s.ctx.unread("auth-policy", "GetAuthPolicy", arn, { keys: ["authPolicy"] }));
  if (tags === undefined)
    incomplete.push(s.ctx.unread("tags", "ListTagsForResource", arn, { keys: ["tags"] }));
  if (accessLogs === undefined) {
    incomplete.push(
      s.ctx.unread("access-logs", "ListAccessLogSubscriptions", arn, {
        keys: ["accessLogSubscriptions"],
      }),
    );
  }
  s.ctx.addResource({
    id: arn,
    kind: "service",
    accountId: s.accountId,
    region: s.region,
    name: detail?.name ?? summary.name ?? arn,
    parentId: accountNode(s.accountId),
    data: plainJson({
      ...(detail ? payload(detail) : listed),
      ...(authPolicy !== undefined ? { authPolicy } : {}),
      ...(tags !== undefined ? { tags } : {}),
      ...(accessLogs !== undefined ? { accessLogSubscriptions: accessLogs } : {}),
    }),
    raw: plainJson(detail ? { GetService: payload(detail) } : { ListServices: summary }),
    ...(incomplete.length > 0 ? { incomplete } : {}),
  });
}

export async function crawlListeners(s: ScopeCrawl, serviceArn: string): Promise<void> {
  const listeners = await s.ctx.list("ListListeners", serviceArn, async (nextToken) => {
    const out = await s.aws.listListeners({ serviceIdentifier: s.identifier(serviceArn), nextToken });
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!listeners) {
    s.ctx.markIncomplete(serviceArn, s.ctx.unread("listeners", "ListListeners", serviceArn, { keys: [] }));
    return;
  }
  let allPlaced = true;
  await Promise.all(
    listeners.map(async (summary) => {
      const listenerArn = summary.arn ?? (summary.id ? `${serviceArn}/listener/${summary.id}` : undefined);
      if (!listenerArn) {
        allPlaced = false;
        s.ctx.problem("ListListeners", serviceArn, `ListListeners returned a listener without arn or id`);
        return;
      }
      await readListener(s, serviceArn, listenerArn, summary);
    }),
  );
  if (allPlaced) {
    s.ctx.completed("listener", serviceArn);
    s.ctx.completed("service-listener", serviceArn);
  }
}

export async function readListener(
  s: ScopeCrawl,
  serviceArn: string,
  listenerArn: string,
  summary: ListenerSummary,
): Promise<void> {
  const [detail, tags] = await Promise.all([
    s.ctx.call("GetListener", listenerArn, () =>
      s.aws.getListener({
        serviceIdentifier: s.identifier(serviceArn),
        listenerIdentifier: s.identifier(listenerArn),
      }),
    ),
    tagsOf(s, listenerArn),
  ]);
  // The default action is the listener's default rule, recorded (and versioned) once, as that rule. Only
  // UpdateListener changes lastUpdatedAt, and that change shows on the default rule.
  const { lastUpdatedAt: _listed, ...listed } = plainJson({ ...summary, arn: listenerArn });
  const incomplete: CrawledIncompletePart[] = [];
  let fields: Record<string, unknown> = listed;
  let defaultAction: DefaultAction = { read: false };
  if (detail) {
    const { defaultAction: action, lastUpdatedAt: _lastUpdatedAt, ...rest } = payload(detail);
    fields = plainJson(rest);
    defaultAction = { read: true, action };
  } else {
    incomplete.push(s.ctx.unread("detail", "GetListener", listenerArn, { fromListing: Object.keys(listed) }));
  }
  if (tags === undefined) {
    incomplete.push(s.ctx.unread("tags", "ListTagsForResource", listenerArn, { keys: ["tags"] }));
  }
  s.ctx.addResource({
    id: listenerArn,
    kind: "listener",
    accountId: s.accountId,
    region: s.region,
    name: detail?.name ?? summary.name ?? listenerArn,
    parentId: serviceArn,
    data: { ...fields, ...(tags !== undefined ? { tags } : {}) },
    raw: plainJson(detail ? { GetListener: payload(detail) } : { ListListeners: summary }),
    ...(incomplete.length > 0 ? { incomplete } : {}),
  });
  s.ctx.addRelation("service-listener", serviceArn, listenerArn);
  await crawlRules(s, serviceArn, listenerArn, defaultAction);
}

/**
 * After UpdateListener: its default action, i.e. the default rule and its forwards (GetListener and ListRules).
 * The listener's own record and its other rules cannot have changed, so they are not re-read.
 */
export async function readListenerDefault(
  s: ScopeCrawl,
  serviceArn: string,
  listenerArn: string,
): Promise<void> {
  const detail = await s.ctx.call("GetListener", listenerArn, () =>
    s.aws.getListener({
      serviceIdentifier: s.identifier(serviceArn),
      listenerIdentifier: s.identifier(listenerArn),
    }),
  );
  if (!detail) return;
  await crawlRules(s, serviceArn, listenerArn, { read: true, action: payload(detail).defaultAction }, true);
}

/** Forward relations of an action; a target group named by id belongs to the service's own account. */
function addForwards(
  s: ScopeCrawl,
  source: string,
  listenerArn: string,
  action: RuleAction | undefined,
  isDefault: boolean,
): void {
  for (const group of action?.forward?.targetGroups ?? []) {
    const identifier = group.targetGroupIdentifier;
    if (!identifier) {
      s.ctx.problem(
        isDefault ? "GetListener" : "GetRule",
        isDefault ? listenerArn : source,
        `The action of ${source} forwards to a target group without identifier`,
      );
      continue;
    }
    const tgArn = identifier.startsWith("arn:") ? identifier : s.arnOf("targetgroup", identifier);
    s.ctx.addRelation("forward", source, tgArn, { weight: group.weight ?? null, listenerArn, isDefault });
  }
  s.ctx.completed("forward", source);
}

/**
 * The listener's rules. GetListener is authoritative for the default action and its weights: when the rules
 * cannot be listed (or list no default rule), its forwards start at the listener, and the history store moves
 * them to the default rule it knows.
 */
async function crawlRules(
  s: ScopeCrawl,
  serviceArn: string,
  listenerArn: string,
  defaultAction: DefaultAction,
  /** Only the default rule (after UpdateListener, which changes nothing else): its other rules are not re-read. */
  onlyDefault = false,
): Promise<void> {
  const rules = await s.ctx.list("ListRules", listenerArn, async (nextToken) => {
    const out = await s.aws.listRules({
      serviceIdentifier: s.identifier(serviceArn),
      listenerIdentifier: s.identifier(listenerArn),
      nextToken,
    });
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!rules)
    s.ctx.markIncomplete(listenerArn, s.ctx.unread("rules", "ListRules", listenerArn, { keys: [] }));
  const defaultListed = rules?.some((rule) => rule.isDefault === true) ?? false;
  if (!defaultListed && defaultAction.read) {
    addForwards(s, listenerArn, listenerArn, defaultAction.action, true);
    s.ctx.unplacedDefaultActions.push({
      listenerArn,
      action: plainJson(defaultAction.action ?? {}),
    });
  } else if (defaultListed && defaultAction.read) {
    // The default rule carries them now: forwards an earlier crawl had to start at the listener are gone.
    s.ctx.completed("forward", listenerArn);
  }
  if (!rules) return;
  let allPlaced = true;
  await Promise.all(
    rules
      .filter((rule) => !onlyDefault || rule.isDefault === true)
      .map(async (summary) => {
        const ruleArn = summary.arn ?? (summary.id ? `${listenerArn}/rule/${summary.id}` : undefined);
        if (!ruleArn) {
          allPlaced = false;
          s.ctx.problem("ListRules", listenerArn, "ListRules returned a rule without arn or id");
          return;
        }
        await readRule(s, serviceArn, listenerArn, ruleArn, summary, defaultAction);
      }),
  );
  if (allPlaced && !onlyDefault) {
    s.ctx.completed("rule", listenerArn);
    s.ctx.completed("listener-rule", listenerArn);
  }
}

async function readRule(
  s: ScopeCrawl,
  serviceArn: string,
  listenerArn: string,
  ruleArn: string,
  summary: RuleSummary,
  defaultAction: DefaultAction,
): Promise<void> {
  const listed = plainJson({ ...summary, arn: ruleArn });
  const incomplete: CrawledIncompletePart[] = [];
  let data: Record<string, unknown>;
  if (summary.isDefault) {
    // GetRule would return the same: the default rule is the listener's default action.
    if (defaultAction.read) {
      data = plainJson({ ...listed, action: defaultAction.action });
      addForwards(s, ruleArn, listenerArn, defaultAction.action, true);
    } else {
      data = listed;
      incomplete.push(s.ctx.unread("action", "GetListener", listenerArn, { keys: ["action"] }));
    }
  } else {
    const [detail, tags] = await Promise.all([
      s.ctx.call("GetRule", ruleArn, () =>
        s.aws.getRule({
          serviceIdentifier: s.identifier(serviceArn),
          listenerIdentifier: s.identifier(listenerArn),
          ruleIdentifier: s.identifier(ruleArn),
        }),
      ),
      tagsOf(s, ruleArn),
    ]);
    if (detail) addForwards(s, ruleArn, listenerArn, detail.action, false);
    else incomplete.push(s.ctx.unread("detail", "GetRule", ruleArn, { fromListing: Object.keys(listed) }));
    if (tags === undefined)
      incomplete.push(s.ctx.unread("tags", "ListTagsForResource", ruleArn, { keys: ["tags"] }));
    data = plainJson({ ...(detail ? payload(detail) : listed), ...(tags !== undefined ? { tags } : {}) });
  }
  s.ctx.addResource({
    id: ruleArn,
    kind: "rule",
    accountId: s.accountId,
    region: s.region,
    name: summary.isDefault ? "default" : (summary.name ?? ruleArn),
    parentId: listenerArn,
    data,
    ...(incomplete.length > 0 ? { incomplete } : {}),
  });
  s.ctx.addRelation("listener-rule", listenerArn, ruleArn);
}
