import type { LayerVerdict } from "./boxes";
import type { Cell, ContextValues, Dimension, ExampleRequest } from "./cells";
import { accountLabel, type ReviewAccount } from "./principal-dimension";
import { compact, members, type Box, type Budget } from "./regions";

export interface RowPrincipal {
  /** An IAM ARN for one identity, `account:<id>` for several in one account, "other-accounts" or "anonymous". */
  id: string;
  /** "role order-task-role in ordering (222233334444)", "any identity in payments (333344445555)" … */
  label: string;
  accountId?: string;
}

/** One class of requests whose decision changes: who, which service, which requests, and why on each side. */
export interface AccessRow {
  direction: "gain" | "loss";
  principal: RowPrincipal;
  service: { arn: string; name: string };
  network?: { arn: string; name: string };
  /** False when the class holds only VPCs not associated today: the change applies once one is. */
  reachable: boolean;
  /** The request class in words, one part per dimension that is not "any". */
  request: { description: string; parts: { dimension: string; text: string }[] };
  example: ExampleRequest;
  /** The example's source VPC as a person knows it ("order-vpc (vpc-…)"). */
  exampleSource: string;
  /** The edited layer's verdict and deciding statement before and after. */
  before: LayerVerdict & { layer: string };
  after: LayerVerdict & { layer: string };
  /** Classes of each dimension (test support: which requests the row stands for). */
  cells: number[][];
}

interface RowContext {
  service: { arn: string; name: string };
  network?: { arn: string; name: string };
  dimensions: readonly Dimension[];
  constants: ContextValues;
  accounts: readonly ReviewAccount[];
  layer: string;
}

function groupMask(d: Dimension, key: (c: Cell) => string | undefined): Map<string, bigint> {
  const out = new Map<string, bigint>();
  d.cells.forEach((c, i) => {
    const k = key(c) ?? "";
    out.set(k, (out.get(k) ?? 0n) | (1n << BigInt(i)));
  });
  return out;
}

const COMMON_METHODS = ["POST", "PUT", "DELETE", "PATCH", "GET", "HEAD", "OPTIONS"];

function listLabels(cells: readonly Cell[], conjunction = "or"): string {
  const labels = cells.map((c) => c.label);
  return labels.length <= 2
    ? labels.join(` ${conjunction} `)
    : `${labels.slice(0, -1).join(", ")} ${conjunction} ${labels.at(-1)}`;
}

/** A set of classes in words: "any method but GET", "POST or PUT", or undefined for "any". */
export function describeSet(d: Dimension, set: bigint, within: bigint): string | undefined {
  if ((set & within) === within) return undefined;
  const chosen = members(set & within).map((i) => d.cells[i] as Cell);
  const rest = members(within & ~set).map((i) => d.cells[i] as Cell);
  if (
    rest.length > 0 &&
    rest.every((c) => c.named) &&
    (rest.length < chosen.length || !chosen.every((c) => c.named))
  ) {
    const but = `any ${d.noun} but ${listLabels(rest, "and")}`;
    if (d.id !== "method") return but;
    const others = COMMON_METHODS.filter((m) => !rest.some((c) => c.label === m)).slice(0, 4);
    return `${but} (${others.join(", ")}, …)`;
  }
  return listLabels(chosen);
}

function principalOf(
  d: Dimension,
  set: bigint,
  group: string,
  groupSet: bigint,
  accounts: readonly ReviewAccount[],
): RowPrincipal {
  const cells = members(set).map((i) => d.cells[i] as Cell);
  if (group === "anonymous") return { id: "anonymous", label: "anonymous (unsigned) callers" };
  const accountId = group.startsWith("account:") ? group.slice("account:".length) : undefined;
  const where = accountId
    ? accountLabel(accountId, accounts)
    : "any account outside the organisation that no policy names";
  const only = cells.length === 1 ? cells[0] : undefined;
  if (only?.named && accountId) {
    const label = only.label === "the account root" ? `the root of ${where}` : `${only.label} in ${where}`;
    return { id: only.part.principal ?? group, label, accountId };
  }
  const which = describeSet({ ...d, noun: "identity" }, set, groupSet);
  const label =
    which === undefined
      ? `any identity in ${where}`
      : which.startsWith("any identity but ")
        ? `any identity in ${where} but ${which.slice("any identity but ".length)}`
        : `${which} in ${where}`;
  return { id: group, label, ...(accountId ? { accountId } : {}) };
}

function example(box: Box, ctx: RowContext): ExampleRequest {
  const out: ExampleRequest = {
    principal: "anonymous",
    service: ctx.service.arn,
    ...(ctx.network ? { serviceNetwork: ctx.network.arn } : {}),
    sourceVpc: "",
    action: "vpc-lattice-svcs:Invoke",
  };
  ctx.dimensions.forEach((d, i) => {
    const first = members(box[i] ?? 0n)[0];
    const part = first === undefined ? undefined : d.cells[first]?.part;
    if (!part) return;
    const { keys, ...rest } = part;
    Object.assign(out, rest);
    for (const [key, value] of Object.entries(keys ?? {})) {
      const header = /^vpc-lattice-svcs:RequestHeader\/(.+)$/i.exec(key);
      const query = /^vpc-lattice-svcs:RequestQueryString\/(.+)$/i.exec(key);
      if (header?.[1]) out.headers = { ...out.headers, [header[1]]: String(value) };
      else if (query?.[1])
        out.query = { ...out.query, [query[1]]: typeof value === "string" ? [value] : value };
      else out.keys = { ...out.keys, [key]: value };
    }
  });
  if (out.action === "vpc-lattice-svcs:Connect") {
    delete out.method;
    delete out.path;
  }
  return out;
}

function describeRequest(box: Box, ctx: RowContext, within: Box, sourceGroup: string): AccessRow["request"] {
  const parts: { dimension: string; text: string }[] = [];
  ctx.dimensions.forEach((d, i) => {
    if (d.id === "principal") return;
    let text = describeSet(d, box[i] ?? 0n, within[i] ?? 0n);
    if (d.id === "source") {
      const network = ctx.network?.name;
      const everyOne =
        sourceGroup === "connected"
          ? `any VPC associated with ${network ?? "its service network"}`
          : network
            ? `any VPC not associated with ${network}`
            : "any VPC (the service is in no service network)";
      text = `from ${text ?? everyOne}`;
    }
    if (text !== undefined) parts.push({ dimension: d.id, text });
  });
  return { description: parts.length === 0 ? "any request" : parts.map((p) => p.text).join("; "), parts };
}

/**
 * One row per principal: a set of classes in one account splits into each identity named, and the rest, unless
 * it reads as "any identity but …" or is the whole account.
 */
function byPrincipal(box: Box, at: number, d: Dimension, group: bigint): Box[] {
  const set = box[at] ?? 0n;
  const complement = members(group & ~set);
  const chosen = members(set);
  const named = chosen.filter((i) => d.cells[i]?.named);
  const reads =
    complement.length === 0 ||
    (complement.every((i) => d.cells[i]?.named) && complement.length < chosen.length);
  if (reads || named.length === 0 || chosen.length === 1) return [box];
  const rest = chosen.filter((i) => !d.cells[i]?.named).reduce((m, i) => m | (1n << BigInt(i)), 0n);
  const parts = [...named.map((i) => 1n << BigInt(i)), ...(rest === 0n ? [] : [rest])];
  return parts.map((p) => {
    const copy = [...box];
    copy[at] = p;
    return copy;
  });
}

/** Rows of changed requests: one per principal group × kind of source, with the classes merged where they can be. */
export function buildRows(
  direction: AccessRow["direction"],
  pieces: readonly { box: Box; before: LayerVerdict; after: LayerVerdict }[],
  ctx: RowContext,
  budget: Budget,
): AccessRow[] {
  const principalAt = ctx.dimensions.findIndex((d) => d.id === "principal");
  const sourceAt = ctx.dimensions.findIndex((d) => d.id === "source");
  const principal = ctx.dimensions[principalAt] as Dimension;
  const source = ctx.dimensions[sourceAt] as Dimension;
  const principalGroups = groupMask(principal, (c) => c.group);
  const sourceGroups = groupMask(source, (c) => c.group);
  const buckets = new Map<
    string,
    { boxes: Box[]; before: LayerVerdict; after: LayerVerdict; group: string; sourceGroup: string }
  >();
  for (const piece of pieces) {
    for (const [group, gMask] of principalGroups) {
      const p = (piece.box[principalAt] ?? 0n) & gMask;
      if (p === 0n) continue;
      for (const [sourceGroup, sMask] of sourceGroups) {
        const s = (piece.box[sourceAt] ?? 0n) & sMask;
        if (s === 0n) continue;
        const box = [...piece.box];
        box[principalAt] = p;
        box[sourceAt] = s;
        const key = JSON.stringify([group, sourceGroup, piece.before, piece.after]);
        const bucket = buckets.get(key) ?? {
          boxes: [],
          before: piece.before,
          after: piece.after,
          group,
          sourceGroup,
        };
        bucket.boxes.push(box);
        buckets.set(key, bucket);
      }
    }
  }
  const rows: AccessRow[] = [];
  for (const bucket of buckets.values()) {
    budget.check();
    const gMask = principalGroups.get(bucket.group) ?? 0n;
    const sMask = sourceGroups.get(bucket.sourceGroup) ?? 0n;
    for (const box of compact(bucket.boxes).flatMap((b) => byPrincipal(b, principalAt, principal, gMask))) {
      const within = ctx.dimensions.map((d, i) =>
        i === principalAt ? gMask : i === sourceAt ? sMask : (1n << BigInt(d.cells.length)) - 1n,
      );
      rows.push({
        direction,
        principal: principalOf(principal, box[principalAt] ?? 0n, bucket.group, gMask, ctx.accounts),
        service: ctx.service,
        ...(ctx.network ? { network: ctx.network } : {}),
        reachable: bucket.sourceGroup === "connected",
        request: describeRequest(box, ctx, within, bucket.sourceGroup),
        example: example(box, ctx),
        exampleSource: source.cells[members(box[sourceAt] ?? 0n)[0] ?? 0]?.label ?? "",
        before: { layer: ctx.layer, ...bucket.before },
        after: { layer: ctx.layer, ...bucket.after },
        cells: box.map(members),
      });
    }
  }
  return rows;
}
