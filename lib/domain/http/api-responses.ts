import type { ChangeCause } from "../events/freshness";
import type { AuditEntry } from "../audit/audit";
import type {
  Changed,
  CrawlRunDetail,
  CrawlRunStatus,
  CrawlRunSummary,
  EstateDiff,
  FieldChange,
  ResourceHistoryEntry,
  RunPoint,
  ScopeCrawlStatus,
  ScopeState,
  StoredRelation,
  StoredResource,
} from "../topology/history";
import type { IncompleteMark } from "../topology/incomplete";
import type { RelationKind, ResourceKind } from "../topology/snapshot";
import type { Topology, TopologyEdge, TopologyNode } from "../topology/topology";

export interface StartCrawlResponse {
  id: number;
}

export interface CrawlListResponse {
  runs: CrawlRunSummary[];
  /** Pass as `?before=` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

export type CrawlRunResponse = CrawlRunDetail;

export interface AuditListResponse {
  /** Newest first. */
  entries: AuditEntry[];
  /** Pass as `?before=` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

export interface TopologyRun {
  id: number;
  status: CrawlRunStatus;
  startedAt: string | null;
  finishedAt: string | null;
}

/** How fresh one account × region is: a stale scope failed its last crawl and shows its last known state. */
export interface ScopeFreshness {
  accountId: string;
  region: string;
  status: ScopeCrawlStatus;
  stale: boolean;
  lastCrawledAt: string;
  lastSuccessAt: string | null;
}

export interface TopologyResponse {
  /** The run the map shows; null before the first crawl. */
  run: TopologyRun | null;
  /** Serving the built-in emulator's demo organisation rather than AWS. */
  demo: boolean;
  scopes: ScopeFreshness[];
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** Every failed read the data depends on; see `incomplete` on nodes and edges for what each left unknown. */
  incomplete?: IncompleteMark[];
}

export interface ResourceView {
  id: string;
  kind: ResourceKind;
  name: string;
  accountId: string;
  region: string;
  parentId: string | null;
  data: Record<string, unknown>;
}

export interface RelationView {
  id: string;
  kind: RelationKind;
  source: string;
  target: string;
  accountId: string;
  region: string;
  data: Record<string, unknown>;
}

export interface ResourceVersionView extends ResourceView {
  versionId: number;
  /** The run that first saw this version, and the run that first saw it changed or gone (null: current). */
  from: RunPoint;
  to: RunPoint | null;
  /** Changes from the previous version; empty for the first one. */
  changes: FieldChange[];
  /** Who caused this version, when an event re-read recorded it (see describeCause). */
  cause?: ChangeCause;
}

export interface ResourceDetailResponse {
  /** The newest version: the current state, or the last one seen when the resource is gone. */
  resource: ResourceView;
  /** No longer returned by AWS since run `history[last].to.runId`. */
  deleted: boolean;
  /** The AWS payloads of the newest version, by operation name. */
  raw: Record<string, unknown> | null;
  /** Every version, oldest first. */
  history: ResourceVersionView[];
}

export interface ChangedView<T> {
  id: string;
  before: T;
  after: T;
  changes: FieldChange[];
}

export interface DiffSet<T> {
  added: T[];
  removed: T[];
  changed: ChangedView<T>[];
}

export interface DiffResponse {
  fromRun: number;
  toRun: number;
  resources: DiffSet<ResourceView>;
  relations: DiffSet<RelationView>;
  /** Who caused changes event re-reads recorded between the runs, by resource or relation id. */
  causes?: Record<string, ChangeCause>;
}

export function toResourceView(resource: StoredResource): ResourceView {
  return {
    id: resource.id,
    kind: resource.kind,
    name: resource.name,
    accountId: resource.accountId,
    region: resource.region,
    parentId: resource.parentId,
    data: resource.data,
  };
}

export function toRelationView(relation: StoredRelation): RelationView {
  return {
    id: relation.id,
    kind: relation.kind,
    source: relation.source,
    target: relation.target,
    accountId: relation.accountId,
    region: relation.region,
    data: relation.data,
  };
}

export function toTopologyRun(run: CrawlRunSummary): TopologyRun {
  return { id: run.id, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt };
}

export function toScopeFreshness(scope: ScopeState): ScopeFreshness {
  return {
    accountId: scope.accountId,
    region: scope.region,
    status: scope.status,
    stale: scope.stale,
    lastCrawledAt: scope.lastCrawledAt,
    lastSuccessAt: scope.lastSuccessAt,
  };
}

export function toTopologyResponse(input: {
  run: CrawlRunSummary | null;
  demo: boolean;
  scopes: ScopeState[];
  topology: Topology;
}): TopologyResponse {
  return {
    run: input.run ? toTopologyRun(input.run) : null,
    demo: input.demo,
    scopes: input.scopes.map(toScopeFreshness),
    nodes: input.topology.nodes,
    edges: input.topology.edges,
    ...(input.topology.incomplete ? { incomplete: input.topology.incomplete } : {}),
  };
}

/** The detail of a resource from its versions (oldest first, as stored); undefined when there are none. */
export function toResourceDetail(history: ResourceHistoryEntry[]): ResourceDetailResponse | undefined {
  const newest = history.at(-1);
  if (!newest) return undefined;
  return {
    resource: toResourceView(newest.resource),
    deleted: newest.to !== null,
    raw: newest.resource.raw,
    history: history.map((entry) => ({
      ...toResourceView(entry.resource),
      versionId: entry.resource.versionId,
      from: entry.from,
      to: entry.to,
      changes: entry.changes,
      ...(entry.cause ? { cause: entry.cause } : {}),
    })),
  };
}

function diffSet<S extends { id: string }, V>(
  set: { added: S[]; removed: S[]; changed: Changed<S>[] },
  view: (item: S) => V,
): DiffSet<V> {
  return {
    added: set.added.map(view),
    removed: set.removed.map(view),
    changed: set.changed.map((change) => ({
      id: change.after.id,
      before: view(change.before),
      after: view(change.after),
      changes: change.changes,
    })),
  };
}

export function toDiffResponse(diff: EstateDiff): DiffResponse {
  return {
    fromRun: diff.fromRun,
    toRun: diff.toRun,
    resources: diffSet(diff.resources, toResourceView),
    relations: diffSet(diff.relations, toRelationView),
    ...(diff.causes && Object.keys(diff.causes).length > 0 ? { causes: diff.causes } : {}),
  };
}
