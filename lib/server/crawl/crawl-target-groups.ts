import "server-only";
import type { TargetGroupSummary, TargetSummary } from "../aws/crawl-reads";
import type { CrawledResource } from "@/lib/domain/topology/snapshot";
import { accountNode, targetNode } from "./node-ids";
import { payload, plainJson } from "./payload";
import { pageOf } from "./scope-context";
import { crawlOwnedKind, tagsOf, unreadParts, type ScopeCrawl } from "./scope-crawl";

function healthCounts(targets: TargetSummary[]) {
  const health = { healthy: 0, unhealthy: 0, other: 0, total: 0 };
  for (const target of targets) {
    health.total++;
    if (target.status === "HEALTHY") health.healthy++;
    else if (target.status === "UNHEALTHY") health.unhealthy++;
    else health.other++;
  }
  return health;
}

/**
 * Target groups with their targets and health. Every listed group is recorded with what was read; a failed
 * detail, tags or targets read marks it incomplete, and the history store keeps that part's last known value.
 */
export async function crawlTargetGroups(s: ScopeCrawl): Promise<void> {
  await crawlOwnedKind(
    s,
    {
      kind: "target-group",
      part: "target-groups",
      operation: "ListTargetGroups",
      arnType: "targetgroup",
      page: async (nextToken) => pageOf(await s.aws.listTargetGroups({ nextToken })),
      unplaced: (summary) =>
        `ListTargetGroups returned a target group without arn or id (name ${summary.name ?? "none"}); it could not be placed`,
    },
    (arn, summary) => readTargetGroup(s, arn, summary),
  );
}

/** One target group: its detail, tags and targets with their health. */
export async function readTargetGroup(
  s: ScopeCrawl,
  arn: string,
  summary: TargetGroupSummary,
): Promise<void> {
  const id = s.identifier(arn);
  const [detail, tags, targets] = await Promise.all([
    s.ctx.call("GetTargetGroup", arn, () => s.aws.getTargetGroup({ targetGroupIdentifier: id })),
    tagsOf(s, arn),
    s.ctx.list("ListTargets", arn, async (nextToken) =>
      pageOf(await s.aws.listTargets({ targetGroupIdentifier: id, nextToken })),
    ),
  ]);
  const listed = plainJson({ ...summary, arn });
  const incomplete = unreadParts(s, arn, [
    [detail, "detail", "GetTargetGroup", { fromListing: Object.keys(listed) }],
    [tags, "tags", "ListTagsForResource", { keys: ["tags"] }],
    [targets, "targets", "ListTargets", { keys: ["health"] }],
  ]);
  const placed = (targets ?? []).filter((target) => !!target.id);
  if (targets && placed.length < targets.length) {
    s.ctx.problem(
      "ListTargets",
      arn,
      `ListTargets returned ${targets.length - placed.length} target(s) without id for ${arn}; they could not be placed`,
    );
    incomplete.push(s.ctx.unread("targets", "ListTargets", arn, { keys: [] }));
  }
  s.ctx.addResource({
    id: arn,
    kind: "target-group",
    accountId: s.accountId,
    region: s.region,
    name: detail?.name ?? summary.name ?? arn,
    parentId: accountNode(s.accountId),
    data: plainJson({
      ...(detail ? payload(detail) : listed),
      ...(tags !== undefined ? { tags } : {}),
      ...(targets ? { health: healthCounts(targets) } : {}),
    }),
    raw: plainJson(detail ? { GetTargetGroup: payload(detail) } : { ListTargetGroups: summary }),
    ...(incomplete.length > 0 ? { incomplete } : {}),
  });
  if (targets) addTargets(s, arn, targets);
}

/** The group's targets as resources under it; the listing is complete when every target could be placed. */
function addTargets(s: ScopeCrawl, arn: string, targets: TargetSummary[]): void {
  const placed = targets.filter((target) => !!target.id);
  for (const target of placed) {
    const targetId = targetNode(arn, target.id ?? "", target.port);
    s.ctx.addResource({
      id: targetId,
      kind: "target",
      accountId: s.accountId,
      region: s.region,
      name: target.port ? `${target.id}:${target.port}` : (target.id ?? ""),
      parentId: arn,
      data: plainJson({ ...target }),
    });
    s.ctx.addRelation("tg-target", arn, targetId);
  }
  if (placed.length < targets.length) return;
  s.ctx.completed("target", arn);
  s.ctx.completed("tg-target", arn);
}

/**
 * Target health between crawls: ListTargets only. The group keeps the detail and tags of its stored version
 * (`group`), with its health counts read now; a failed ListTargets changes nothing.
 */
export async function readTargetHealth(s: ScopeCrawl, group: CrawledResource): Promise<void> {
  const arn = group.id;
  const targets = await s.ctx.list("ListTargets", arn, async (nextToken) =>
    pageOf(await s.aws.listTargets({ targetGroupIdentifier: s.identifier(arn), nextToken })),
  );
  if (!targets) return;
  s.ctx.addResource({ ...group, data: plainJson({ ...group.data, health: healthCounts(targets) }) });
  addTargets(s, arn, targets);
}
