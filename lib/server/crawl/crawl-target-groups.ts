import "server-only";
import type { TargetGroupSummary, TargetSummary } from "../aws/crawl-reads";
import type { CrawledIncompletePart } from "@/lib/domain/topology/incomplete";
import type { CrawledResource } from "@/lib/domain/topology/snapshot";
import { accountNode, targetNode } from "./node-ids";
import { payload, plainJson } from "./payload";
import { tagsOf, type ScopeCrawl } from "./scope-crawl";

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
  const groups = await s.ctx.list("ListTargetGroups", undefined, async (nextToken) => {
    const out = await s.aws.listTargetGroups({ nextToken });
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!groups) {
    s.ctx.listingFailed("target-groups", "ListTargetGroups");
    return;
  }
  let allPlaced = true;
  await Promise.all(
    groups.map(async (summary) => {
      const arn = summary.arn ?? (summary.id ? s.arnOf("targetgroup", summary.id) : undefined);
      if (!arn) {
        allPlaced = false;
        s.ctx.problem(
          "ListTargetGroups",
          undefined,
          `ListTargetGroups returned a target group without arn or id (name ${summary.name ?? "none"}); it could not be placed`,
        );
        return;
      }
      if (!s.owns(arn)) return;
      await readTargetGroup(s, arn, summary);
    }),
  );
  if (allPlaced) s.ctx.completed("target-group");
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
    s.ctx.list("ListTargets", arn, async (nextToken) => {
      const out = await s.aws.listTargets({ targetGroupIdentifier: id, nextToken });
      return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
    }),
  ]);
  const listed = plainJson({ ...summary, arn });
  const incomplete: CrawledIncompletePart[] = [];
  if (!detail) {
    incomplete.push(s.ctx.unread("detail", "GetTargetGroup", arn, { fromListing: Object.keys(listed) }));
  }
  if (tags === undefined)
    incomplete.push(s.ctx.unread("tags", "ListTagsForResource", arn, { keys: ["tags"] }));
  if (!targets) incomplete.push(s.ctx.unread("targets", "ListTargets", arn, { keys: ["health"] }));
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
  const targets = await s.ctx.list("ListTargets", arn, async (nextToken) => {
    const out = await s.aws.listTargets({ targetGroupIdentifier: s.identifier(arn), nextToken });
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!targets) return;
  s.ctx.addResource({ ...group, data: plainJson({ ...group.data, health: healthCounts(targets) }) });
  addTargets(s, arn, targets);
}
