import type { RelationKind, ResourceKind } from "./snapshot";

/**
 * What a failed read leaves unknown about one resource or relation. `detail` is the resource's own Get* call;
 * the plural parts are listings under it (a target group's targets, a listener's rules); on an account, they
 * are the scope's listings of a whole kind (its target groups in that region).
 */
export const INCOMPLETE_PARTS = [
  "detail",
  "tags",
  "targets",
  "auth-policy",
  "resource-policy",
  "access-logs",
  "listeners",
  "rules",
  "action",
  "vpc-associations",
  "service-associations",
  "resource-associations",
  "endpoint-associations",
  "security-groups",
  "service-networks",
  "services",
  "target-groups",
  "resource-gateways",
  "resource-configurations",
  "ram-shares",
  "vpcs",
  "vpc-endpoints",
] as const;
export type IncompletePart = (typeof INCOMPLETE_PARTS)[number];

const PART_SET: ReadonlySet<string> = new Set(INCOMPLETE_PARTS);

export function isIncompletePart(value: string): value is IncompletePart {
  return PART_SET.has(value);
}

export const PART_LABELS: Record<IncompletePart, string> = {
  detail: "details",
  tags: "tags",
  targets: "targets and their health",
  "auth-policy": "auth policy",
  "resource-policy": "resource policy",
  "access-logs": "access log subscriptions",
  listeners: "listeners",
  rules: "rules",
  action: "action",
  "vpc-associations": "VPC associations",
  "service-associations": "service associations",
  "resource-associations": "resource configuration associations",
  "endpoint-associations": "VPC endpoint associations",
  "security-groups": "security groups",
  "service-networks": "service networks",
  services: "services",
  "target-groups": "target groups",
  "resource-gateways": "resource gateways",
  "resource-configurations": "resource configurations",
  "ram-shares": "RAM shares",
  vpcs: "VPCs",
  "vpc-endpoints": "VPC endpoints",
};

/** The failed read: the AWS operation and its error, as the crawl recorded it. */
export interface FailedRead {
  operation: string;
  message: string;
  code?: string;
}

/** A part the crawler could not read, on a crawled resource or relation. */
export interface CrawledIncompletePart extends FailedRead {
  part: IncompletePart;
  /**
   * Top-level `data` keys the failed read fills; the history store keeps the last known value of those not
   * read otherwise. Omitted for the `detail` read, which fills every key not read now.
   */
  keys?: readonly string[];
  /** `detail` only: keys filled from the listing instead, dropped when a last known detail is kept. */
  fromListing?: readonly string[];
}

/** An unknown part as stored and served: on which subject, which run could not read it, what is shown. */
export interface IncompleteMark extends FailedRead {
  subjectId: string;
  subjectType: "resource" | "relation";
  accountId: string;
  region: string;
  part: IncompletePart;
  /** The run whose crawl of the scope failed to read it. */
  runId: number;
  /** The run that last read the value kept in its place; null when it was never read. */
  keptFromRun: number | null;
}

/** An unknown part of one topology node or edge: its own mark, or one it inherits from an unread listing. */
export interface UnknownPart extends FailedRead {
  part: IncompletePart;
  accountId: string;
  region: string;
  runId: number;
  keptFromRun: number | null;
  /** Set when inherited: the subject whose listing could not be read, so this one was kept, not read. */
  via?: string;
}

/** "ListServiceNetworkVpcAssociations failed in 222233334444/us-east-1" */
export function describeFailedRead(read: Pick<UnknownPart, "operation" | "accountId" | "region">): string {
  return `${read.operation} failed in ${read.accountId}/${read.region}`;
}

/** "unknown: ListTargets failed in 222233334444/us-east-1" and, when several, "… and 2 more". */
export function unknownBecause(reads: readonly Pick<UnknownPart, "operation" | "accountId" | "region">[]) {
  const distinct = [...new Set(reads.map(describeFailedRead))];
  if (distinct.length === 0) return undefined;
  const [first, ...rest] = distinct;
  return `unknown: ${first}${rest.length > 0 ? ` and ${rest.length} more` : ""}`;
}

/** "Targets and their health unknown. ListTargets failed (AccessDenied…): …. Shown as last read in crawl 12." */
export function describeUnknownPart(part: UnknownPart): string {
  const label = PART_LABELS[part.part];
  const what = `${label.charAt(0).toUpperCase()}${label.slice(1)} unknown`;
  const why = `${part.operation} failed${part.code ? ` (${part.code})` : ""}: ${part.message.replace(/\.$/, "")}`;
  const kept =
    part.keptFromRun === null ? "Never read" : `Shown as last read in crawl ${String(part.keptFromRun)}`;
  return `${what}. ${why}. ${kept}.`;
}

type Data = Record<string, unknown>;

/**
 * The data to record for a resource or relation some of whose reads failed: what was read now, with the last
 * known value of each unread part in its place. `kept` lists the parts a last known value was kept for.
 */
export function mergeUnreadParts(
  previous: Data | undefined,
  current: Data,
  parts: readonly CrawledIncompletePart[],
): { data: Data; kept: Set<IncompletePart> } {
  const data: Data = { ...current };
  const kept = new Set<IncompletePart>();
  if (!previous) return { data, kept };
  for (const part of parts) {
    if (part.keys) {
      for (const key of part.keys) {
        if (key in current || !(key in previous)) continue;
        data[key] = previous[key];
        kept.add(part.part);
      }
      continue;
    }
    if (Object.keys(previous).length === 0) continue;
    for (const key of Object.keys(previous)) if (!(key in current)) data[key] = previous[key];
    for (const key of part.fromListing ?? []) if (!(key in previous)) delete data[key];
    kept.add(part.part);
  }
  return { data, kept };
}

/** What a mark on a subject leaves unread besides the subject's own fields: children, relations, scope kinds. */
interface Coverage {
  children?: readonly ResourceKind[];
  relations?: readonly RelationKind[];
  /** Scope-wide listings (marks on the account): every resource of these kinds in the account × region. */
  scopeKinds?: readonly ResourceKind[];
  scopeRelations?: readonly RelationKind[];
}

const SN_RELATIONS = ["sn-vpc", "sn-service", "sn-resource", "sn-endpoint"] as const;

function coverage(kind: ResourceKind | undefined, part: IncompletePart): Coverage {
  switch (part) {
    case "targets":
      return { children: ["target"], relations: ["tg-target"] };
    case "listeners":
      return { children: ["listener"], relations: ["service-listener"] };
    case "rules":
      return { children: ["rule"], relations: ["listener-rule"] };
    case "action":
      return { relations: ["forward"] };
    case "detail":
      return kind === "rule" ? { relations: ["forward"] } : {};
    case "vpc-associations":
      return { relations: ["sn-vpc"] };
    case "service-associations":
      return { relations: ["sn-service"] };
    case "resource-associations":
      return { relations: ["sn-resource"] };
    case "endpoint-associations":
      return kind === "service-network" ? { relations: ["sn-endpoint"] } : {};
    case "service-networks":
      return { scopeKinds: ["service-network"], scopeRelations: SN_RELATIONS };
    case "services":
      return { scopeKinds: ["service"] };
    case "target-groups":
      return { scopeKinds: ["target-group"] };
    case "resource-gateways":
      return { scopeKinds: ["resource-gateway"] };
    case "resource-configurations":
      return { scopeKinds: ["resource-configuration"], scopeRelations: ["rgw-rcfg"] };
    case "ram-shares":
      return { scopeKinds: ["ram-share"], scopeRelations: ["shared-with"] };
    case "vpcs":
      return { scopeKinds: ["vpc"] };
    case "vpc-endpoints":
      return { scopeKinds: ["vpc-endpoint"] };
    default:
      return {};
  }
}

export interface CoverageResource {
  id: string;
  kind: ResourceKind;
  accountId: string;
  region: string;
  parentId?: string | null;
}

export interface CoverageRelation {
  id: string;
  kind: RelationKind;
  source: string;
  accountId?: string;
  region?: string;
  data?: Data | null;
}

function isDefaultForward(relation: CoverageRelation): boolean {
  return relation.kind === "forward" && relation.data?.isDefault === true;
}

function partOf(mark: IncompleteMark, via?: string): UnknownPart {
  return {
    part: mark.part,
    operation: mark.operation,
    message: mark.message,
    ...(mark.code ? { code: mark.code } : {}),
    accountId: mark.accountId,
    region: mark.region,
    runId: mark.runId,
    keptFromRun: mark.keptFromRun,
    ...(via ? { via } : {}),
  };
}

/**
 * The unknown parts of every resource and relation: its own marks, and for what an unread listing kept
 * (children, their descendants, relations from them) the listing's mark, `via` its subject. A listener's
 * default forward comes from GetListener, so only a mark on the listener itself reaches it, not one on its rules.
 */
export function expandIncomplete(
  resources: readonly CoverageResource[],
  relations: readonly CoverageRelation[],
  marks: readonly IncompleteMark[],
): { resources: Map<string, UnknownPart[]>; relations: Map<string, UnknownPart[]> } {
  const onResources = new Map<string, UnknownPart[]>();
  const onRelations = new Map<string, UnknownPart[]>();
  const add = (map: Map<string, UnknownPart[]>, id: string, part: UnknownPart) => {
    const list = map.get(id);
    if (!list) map.set(id, [part]);
    else if (!list.some((p) => p.part === part.part && p.operation === part.operation && p.via === part.via))
      list.push(part);
  };
  const kinds = new Map(resources.map((r) => [r.id, r.kind]));
  const childrenOf = new Map<string, CoverageResource[]>();
  for (const r of resources) {
    if (!r.parentId) continue;
    const list = childrenOf.get(r.parentId);
    if (list) list.push(r);
    else childrenOf.set(r.parentId, [r]);
  }
  const relationsFrom = new Map<string, CoverageRelation[]>();
  for (const rel of relations) {
    const list = relationsFrom.get(rel.source);
    if (list) list.push(rel);
    else relationsFrom.set(rel.source, [rel]);
  }
  const defaultForwardsOf = new Map<string, CoverageRelation[]>();
  for (const rel of relations) {
    const listener = rel.data?.listenerArn;
    if (!isDefaultForward(rel) || typeof listener !== "string") continue;
    defaultForwardsOf.set(listener, [...(defaultForwardsOf.get(listener) ?? []), rel]);
  }

  for (const mark of marks) {
    const own = partOf(mark);
    if (mark.subjectType === "relation") {
      add(onRelations, mark.subjectId, own);
      continue;
    }
    add(onResources, mark.subjectId, own);
    const inherited = partOf(mark, mark.subjectId);
    const cover = coverage(kinds.get(mark.subjectId), mark.part);
    const kept: CoverageResource[] = [];
    for (const child of childrenOf.get(mark.subjectId) ?? []) {
      if (cover.children?.includes(child.kind)) kept.push(child);
    }
    const inScope = (r: { accountId?: string; region?: string }) =>
      r.accountId === mark.accountId && r.region === mark.region;
    // Relations without a recorded scope (built by hand) are taken to be the mark's.
    const recordedHere = (r: CoverageRelation) => r.accountId === undefined || inScope(r);
    for (const rel of relationsFrom.get(mark.subjectId) ?? []) {
      if (cover.relations?.includes(rel.kind) && recordedHere(rel)) add(onRelations, rel.id, inherited);
    }
    if (kinds.get(mark.subjectId) === "listener" && mark.part === "detail") {
      for (const rel of defaultForwardsOf.get(mark.subjectId) ?? []) add(onRelations, rel.id, inherited);
    }
    if (cover.scopeKinds) {
      for (const r of resources) if (inScope(r) && cover.scopeKinds.includes(r.kind)) kept.push(r);
    }
    if (cover.scopeRelations) {
      for (const rel of relations) {
        if (inScope(rel) && cover.scopeRelations.includes(rel.kind)) add(onRelations, rel.id, inherited);
      }
    }
    // What was kept, and everything below it, was not read either.
    const seen = new Set<string>();
    while (kept.length > 0) {
      const r = kept.pop();
      if (!r || seen.has(r.id)) continue;
      seen.add(r.id);
      add(onResources, r.id, inherited);
      for (const rel of relationsFrom.get(r.id) ?? []) {
        if (!isDefaultForward(rel) && recordedHere(rel)) add(onRelations, rel.id, inherited);
      }
      if (r.kind === "listener") {
        for (const rel of defaultForwardsOf.get(r.id) ?? []) add(onRelations, rel.id, inherited);
      }
      kept.push(...(childrenOf.get(r.id) ?? []));
    }
  }
  return { resources: onResources, relations: onRelations };
}
