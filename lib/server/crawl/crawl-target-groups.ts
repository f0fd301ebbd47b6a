import "server-only";
import {
  GetTargetGroupCommand,
  ListTargetGroupsCommand,
  ListTargetsCommand,
  type TargetSummary,
} from "@aws-sdk/client-vpc-lattice";
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
 * Target groups with their targets and health. A group is recorded only when its detail, tags and targets were
 * all read, so a failed read keeps the previous version instead of writing one with missing parts.
 */
export async function crawlTargetGroups(s: ScopeCrawl): Promise<void> {
  const groups = await s.ctx.list("ListTargetGroups", undefined, async (nextToken) => {
    const out = await s.clients.lattice.send(new ListTargetGroupsCommand({ nextToken }));
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!groups) return;
  let allRead = true;
  await Promise.all(
    groups.map(async (summary) => {
      const arn = summary.arn;
      if (!arn || !s.owns(arn)) return;
      const [detail, tags, targets] = await Promise.all([
        s.ctx.call("GetTargetGroup", arn, () =>
          s.clients.lattice.send(new GetTargetGroupCommand({ targetGroupIdentifier: arn })),
        ),
        tagsOf(s, arn),
        s.ctx.list("ListTargets", arn, async (nextToken) => {
          const out = await s.clients.lattice.send(
            new ListTargetsCommand({ targetGroupIdentifier: arn, nextToken }),
          );
          return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
        }),
      ]);
      if (!detail || tags === undefined || !targets) {
        allRead = false;
        return;
      }
      s.ctx.addResource({
        id: arn,
        kind: "target-group",
        accountId: s.accountId,
        region: s.region,
        name: detail.name ?? summary.name ?? arn,
        parentId: accountNode(s.accountId),
        data: plainJson({ ...payload(detail), tags, health: healthCounts(targets) }),
        raw: plainJson({ GetTargetGroup: payload(detail) }),
      });
      for (const target of targets) {
        if (!target.id) continue;
        const id = targetNode(arn, target.id, target.port);
        s.ctx.addResource({
          id,
          kind: "target",
          accountId: s.accountId,
          region: s.region,
          name: target.port ? `${target.id}:${target.port}` : target.id,
          parentId: arn,
          data: plainJson({ ...target }),
        });
        s.ctx.addRelation("tg-target", arn, id);
      }
      s.ctx.completed("target", arn);
      s.ctx.completed("tg-target", arn);
    }),
  );
  if (allRead) s.ctx.completed("target-group");
}
