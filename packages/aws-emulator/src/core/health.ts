import type { World } from "./world";

/** Applies scheduled target-health changes that are due; returns how many were applied. */
export function applyDueHealthChanges(world: World, nowMs = Date.now()): number {
  const elapsed = (nowMs - world.loadedAtMs) / 1000;
  let applied = 0;
  const remaining = [];
  for (const change of world.healthChanges) {
    if (change.afterSeconds > elapsed) {
      remaining.push(change);
      continue;
    }
    const region = change.targetGroupArn.split(":")[3] ?? "";
    const tgId = change.targetGroupArn.split("/").pop() ?? "";
    const tg = world.regions.get(region)?.targetGroups.get(tgId);
    const target = tg?.targets.find(
      (t) => t.id === change.targetId && (change.port === undefined || t.port === change.port),
    );
    if (target) {
      target.status = change.status;
      if (change.reasonCode) target.reasonCode = change.reasonCode;
      else delete target.reasonCode;
      applied++;
    }
  }
  world.healthChanges = remaining;
  return applied;
}
