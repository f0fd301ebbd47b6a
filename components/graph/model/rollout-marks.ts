import { isActiveRollout, type RolloutStatus } from "@/lib/domain/routing/rollout";
import type { TopologyNode } from "@/lib/domain/topology/topology";
import { accountBoxId } from "./topology-index";

/** What the map needs of a rollout (`GET /api/rollouts?active=1`). */
export interface RolloutLike {
  id: string;
  /** The rule ARN, or the listener ARN for its default action. */
  target: string;
  listener: string;
  /** Target group ARN. */
  canary: string;
  steps: number[];
  stepsDone: number;
  status: RolloutStatus;
  nextStepAt: string | null;
  message: string | null;
}

/**
 * The badge on a service, listener or rule node. Flat (primitives only), so that an unchanged badge can be told
 * apart by a shallow comparison and handed out as the same object.
 */
export interface RolloutBadge {
  rolloutId: string;
  status: RolloutStatus;
  /** The service the rollout's listener belongs to: clicking the badge selects it. */
  service: string;
  /** The canary target group's name as crawled, else its id. */
  canary: string;
  stepsDone: number;
  steps: number;
  /** The canary's percent after the steps done; undefined before the first. */
  percent: number | undefined;
  nextStepAt: string | null;
  message: string | null;
  /** Other running or paused rollouts on the same node (a service with rollouts on two listeners). */
  others: number;
}

/** The mark on the canary's forward edge label. */
export interface RolloutEdgeMark {
  rolloutId: string;
  status: RolloutStatus;
  title: string;
}

/** Rollouts of the services in an account box, by status. */
export type AccountRollouts = Record<RolloutStatus, number>;

export interface RolloutMarks {
  /** By node id: the service, the listener and the rule of each rollout. */
  nodes: ReadonlyMap<string, RolloutBadge>;
  /** By `edgeKey(source, target)`: the rule's (or, collapsed, its service's) forward edge to the canary. */
  edges: ReadonlyMap<string, RolloutEdgeMark>;
  /** By account box id (`account:<id>`). */
  accounts: ReadonlyMap<string, AccountRollouts>;
}

export const NO_ROLLOUT_MARKS: RolloutMarks = { nodes: new Map(), edges: new Map(), accounts: new Map() };

export function edgeKey(source: string, target: string): string {
  return `${source}|${target}`;
}

/** What the marks need from the topology. */
export interface RolloutTopology {
  /** The default rule of each listener: a listener-target rollout shifts that rule's forward edge. */
  defaultRules: ReadonlyMap<string, string>;
  /** Target group names by ARN. */
  targetGroupNames: ReadonlyMap<string, string>;
}

export function rolloutTopologyOf(nodes: Iterable<TopologyNode>): RolloutTopology {
  const defaultRules = new Map<string, string>();
  const targetGroupNames = new Map<string, string>();
  for (const node of nodes) {
    if (node.kind === "rule" && node.data.isDefault === true && node.parentId) {
      defaultRules.set(node.parentId, node.id);
    } else if (node.kind === "target-group") {
      targetGroupNames.set(node.id, node.name);
    }
  }
  return { defaultRules, targetGroupNames };
}

export function serviceOfListener(listener: string): string {
  return listener.replace(/\/listener\/[^/]+$/, "");
}

function accountOfArn(arn: string): string | undefined {
  const account = arn.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** The canary's percent after `stepsDone` steps; undefined before the first. */
export function percentAt(rollout: Pick<RolloutLike, "steps" | "stepsDone">): number | undefined {
  return rollout.stepsDone > 0
    ? rollout.steps[Math.min(rollout.stepsDone, rollout.steps.length) - 1]
    : undefined;
}

/**
 * The step a rollout is at, as every screen says it: "step 1 of 4" from the moment it starts (its first step runs
 * at once) to its end; never "step 0".
 */
export function stepText(stepsDone: number, steps: number): string {
  return `step ${currentStep(stepsDone, steps)} of ${steps}`;
}

export function currentStep(stepsDone: number, steps: number): number {
  return Math.min(Math.max(stepsDone, 1), Math.max(steps, 1));
}

/** Which rollout a node shows when several touch it: one still active, then the newest. */
function rank(status: RolloutStatus): number {
  return isActiveRollout(status) ? 0 : 1;
}

function edgeTitle(rollout: RolloutLike, percent: number | undefined): string {
  const step = stepText(rollout.stepsDone, rollout.steps.length);
  const where = percent === undefined ? `, first → ${rollout.steps[0]} %` : ` → ${percent} %`;
  switch (rollout.status) {
    case "running":
      return `rollout ${step}${where}`;
    case "paused":
      return `rollout ${step}${where} (paused)`;
    case "completed":
      return `rollout completed${where}`;
    default:
      return `rollout ${rollout.status} at ${step}${rollout.message ? `: ${rollout.message}` : ""}`;
  }
}

/**
 * Where the map shows each rollout: a badge on its service, listener and rule, a mark on the canary's forward
 * edge (from the rule, or from the service while its rules are hidden), and a count on the account box.
 * `rollouts` come newest first.
 */
export function rolloutMarks(rollouts: readonly RolloutLike[], topology: RolloutTopology): RolloutMarks {
  const { defaultRules, targetGroupNames } = topology;
  const ordered = [...rollouts].sort((a, b) => rank(a.status) - rank(b.status));
  const nodes = new Map<string, RolloutBadge>();
  const edges = new Map<string, RolloutEdgeMark>();
  const accounts = new Map<string, AccountRollouts>();
  const active = new Map<string, number>();
  for (const rollout of ordered) {
    const service = serviceOfListener(rollout.listener);
    const rule = rollout.target === rollout.listener ? defaultRules.get(rollout.listener) : rollout.target;
    const percent = percentAt(rollout);
    const badge: RolloutBadge = {
      rolloutId: rollout.id,
      status: rollout.status,
      service,
      canary: targetGroupNames.get(rollout.canary) ?? rollout.canary.replace(/^.*targetgroup\//, ""),
      stepsDone: rollout.stepsDone,
      steps: rollout.steps.length,
      percent,
      nextStepAt: rollout.status === "running" ? rollout.nextStepAt : null,
      message: rollout.message,
      others: 0,
    };
    for (const id of [service, rollout.listener, rule]) {
      if (!id) continue;
      if (isActiveRollout(rollout.status)) active.set(id, (active.get(id) ?? 0) + 1);
      if (!nodes.has(id)) nodes.set(id, badge);
    }
    const mark: RolloutEdgeMark = {
      rolloutId: rollout.id,
      status: rollout.status,
      title: edgeTitle(rollout, percent),
    };
    for (const source of [rule, service]) {
      const key = source ? edgeKey(source, rollout.canary) : undefined;
      if (key && !edges.has(key)) edges.set(key, mark);
    }
    const account = accountOfArn(service);
    if (account) {
      const box = accountBoxId(account);
      const counts = accounts.get(box) ?? { running: 0, paused: 0, completed: 0, aborted: 0, failed: 0 };
      counts[rollout.status]++;
      accounts.set(box, counts);
    }
  }
  for (const [id, badge] of nodes) {
    const others = (active.get(id) ?? 0) - (isActiveRollout(badge.status) ? 1 : 0);
    if (others > 0) nodes.set(id, { ...badge, others });
  }
  return { nodes, edges, accounts };
}

/** "4:12", "1:02:03": time left until `at`, never negative. */
export function countdown(at: string, now: number): string {
  const seconds = Math.max(0, Math.ceil((Date.parse(at) - now) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export interface BadgeText {
  /** What the badge reads. */
  text: string;
  /** Time to the next step ("4:12", or "due"), drawn after the text with a clock: running badges only. */
  next?: string;
  /** What a screen reader and the tooltip say: the whole state, with the rollout's message. */
  label: string;
}

/**
 * How much a badge may say: `full` on a service node, `compact` on the narrower listener and rule nodes, `short`
 * zoomed out past reading distance.
 */
export type BadgeSize = "full" | "compact" | "short";

/**
 * A badge's words. Full: "Canary 25 % · step 2 of 4" with the countdown beside it (running), "… · paused",
 * "Canary 100 % · completed", "Canary aborted · step 2 of 4". Compact drops "Canary"; short keeps only what
 * still reads zoomed out: "25 % · 2 of 4", "paused 25 %". `now` undefined (not mounted yet): no countdown.
 */
export function badgeText(badge: RolloutBadge, now: number | undefined, size: BadgeSize = "full"): BadgeText {
  const percent = badge.percent === undefined ? "starting" : `${badge.percent} %`;
  const step = stepText(badge.stepsDone, badge.steps);
  const left =
    badge.status === "running" && badge.nextStepAt && now !== undefined
      ? Date.parse(badge.nextStepAt) > now
        ? countdown(badge.nextStepAt, now)
        : "due"
      : undefined;
  const canary = size === "full" ? "Canary " : "";
  let text: string;
  if (size === "short") {
    text =
      badge.status === "running"
        ? `${percent} · ${currentStep(badge.stepsDone, badge.steps)} of ${badge.steps}`
        : badge.status === "paused"
          ? `paused ${percent}`
          : badge.status;
  } else if (badge.status === "running") {
    text = `${canary}${percent} · ${step}`;
  } else if (badge.status === "paused") {
    text = `${canary}${percent} · ${step} · paused`;
  } else if (badge.status === "completed") {
    text = `${canary}${percent} · completed`;
  } else {
    text = `${canary}${badge.status} · ${step}`;
  }
  const more = badge.others > 0 ? ` (and ${badge.others} more)` : "";
  const label = [
    `Rollout ${badge.status}${more}: canary ${badge.canary} at ${percent}, ${step}`,
    left === undefined ? undefined : left === "due" ? "next step due" : `next step in ${left}`,
    badge.message,
  ]
    .filter(Boolean)
    .join("; ");
  return { text, ...(left !== undefined && size !== "short" ? { next: left } : {}), label };
}

const ACCOUNT_ORDER: RolloutStatus[] = ["running", "paused", "failed", "aborted", "completed"];

/** "1 rollout running", "2 rollouts paused" … for an account box, active ones first. */
export function accountRolloutLines(counts: AccountRollouts): { status: RolloutStatus; text: string }[] {
  return ACCOUNT_ORDER.filter((status) => counts[status] > 0).map((status) => ({
    status,
    text: `${counts[status]} ${counts[status] === 1 ? "rollout" : "rollouts"} ${status}`,
  }));
}
