import type { ChangeCause } from "@/lib/domain/events/freshness";
import type { DiffResponse, RelationView } from "@/lib/domain/http/api-responses";
import type { FieldChange } from "@/lib/domain/topology/history";
import { RESOURCE_KINDS, type RelationKind, type ResourceKind } from "@/lib/domain/topology/snapshot";
import type { TopologyNode } from "@/lib/domain/topology/topology";

export type ChangeState = "added" | "removed" | "changed";

/** What the change list and the change graph know about a resource: from the `to` run, or the diff itself. */
export interface KnownResource {
  id: string;
  kind: ResourceKind;
  name: string;
  accountId: string;
  region: string;
  parentId?: string | null;
}

export interface FieldChangeView extends FieldChange {
  label: string;
}

export interface RelationChangeView {
  id: string;
  kind: RelationKind;
  state: ChangeState;
  /** The resource at the other end (the relation's target). */
  other: KnownResource;
  label: string;
  changes: FieldChangeView[];
}

export interface ResourceEntry {
  resource: KnownResource;
  /** `connections`: the resource itself is unchanged, but relations it starts were added, removed or changed. */
  state: ChangeState | "connections";
  /** Names of its parents (service › listener), account excluded. */
  context: string[];
  changes: FieldChangeView[];
  relations: RelationChangeView[];
  /** The run at which the resource can be opened on the map: `to`, or `from` for one that is gone. */
  mapRun: number;
  /** Who caused the change, when an event re-read recorded it (of the resource, else of one of its relations). */
  cause?: ChangeCause;
}

export interface KindGroup {
  kind: ResourceKind;
  entries: ResourceEntry[];
}

export interface AccountGroup {
  accountId: string;
  name: string;
  kinds: KindGroup[];
}

export interface DiffTotals {
  resources: Record<ChangeState, number>;
  relations: Record<ChangeState, number>;
}

export interface DiffModel {
  accounts: AccountGroup[];
  /** The change of each resource to highlight; resources whose relations changed count as changed. */
  highlight: Record<string, ChangeState>;
  /** Changed relations by id, for the graph's edges. */
  relationStates: Record<string, ChangeState>;
  /** Relations of the `from` run that are gone, drawn dashed on the graph. */
  removedRelations: RelationView[];
  totals: DiffTotals;
  lookup: ResourceLookup;
}

export interface ResourceLookup {
  get(id: string): KnownResource | undefined;
  /** A target group's or resource's name from an id as AWS writes it in an action: an ARN or a bare id. */
  nameOf(identifier: string): string | undefined;
}

const KIND_ORDER: readonly ResourceKind[] = [
  "service-network",
  "service",
  "listener",
  "rule",
  "target-group",
  "target",
  "resource-configuration",
  "resource-gateway",
  "vpc",
  "vpc-endpoint",
  "ram-share",
  "account",
];

const RELATION_LABEL: Record<RelationKind, string> = {
  "sn-vpc": "Association with VPC",
  "sn-service": "Association with service",
  "sn-resource": "Association with resource configuration",
  "sn-endpoint": "VPC endpoint",
  "service-listener": "Listener",
  "listener-rule": "Rule",
  forward: "Forwards to",
  "tg-target": "Target",
  "rgw-rcfg": "Resource configuration",
  "shared-with": "Shared with",
};

function isKind(value: string): value is ResourceKind {
  return (RESOURCE_KINDS as readonly string[]).includes(value);
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1);
}

/** An id the estate doesn't hold (a principal outside it, a VPC of another account): named by its tail. */
function unknownResource(id: string): KnownResource {
  const account = /^account:(\d{12})$/.exec(id)?.[1] ?? id.split(":")[4] ?? "";
  const kind: ResourceKind = id.startsWith("account:") ? "account" : "vpc";
  return { id, kind, name: lastSegment(id) || id, accountId: account, region: id.split(":")[3] ?? "" };
}

export function createLookup(
  nodes: readonly TopologyNode[],
  diff: DiffResponse | undefined,
): ResourceLookup & { all(): Iterable<KnownResource> } {
  const byId = new Map<string, KnownResource>();
  const put = (resource: KnownResource) => {
    if (!byId.has(resource.id)) byId.set(resource.id, resource);
  };
  for (const node of nodes) put(node);
  for (const resource of diff?.resources.added ?? []) put(resource);
  for (const change of diff?.resources.changed ?? []) put(change.after);
  for (const resource of diff?.resources.removed ?? []) put(resource);
  const byTail = new Map<string, string>();
  for (const resource of byId.values()) {
    const tail = lastSegment(resource.id);
    if (tail && !byTail.has(tail)) byTail.set(tail, resource.name);
  }
  return {
    get: (id) => byId.get(id),
    nameOf: (identifier) => byId.get(identifier)?.name ?? byTail.get(lastSegment(identifier)),
    all: () => byId.values(),
  };
}

/** `lastUpdatedAt` → `Last updated at`, `healthCheck` → `Health check`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface PathPart {
  key: string | number;
}

function parsePath(path: string): PathPart[] {
  const parts: PathPart[] = [];
  const pattern = /([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) parts.push({ key: match[1] });
    else if (match[2] !== undefined) parts.push({ key: Number(match[2]) });
    else if (match[3] !== undefined) parts.push({ key: JSON.parse(match[3]) as string });
  }
  return parts;
}

function valueAt(value: unknown, parts: readonly PathPart[]): unknown {
  let current = value;
  for (const part of parts) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[part.key];
  }
  return current;
}

/**
 * A field change in words: `Weight for order-stable` for a forward action's target group weight, `Tag team` for a
 * tag, else the field's own name (`Last updated at`). The path itself is shown beside it.
 */
export function fieldLabel(
  path: string,
  before: unknown,
  after: unknown,
  lookup: Pick<ResourceLookup, "nameOf">,
): string {
  const parts = parsePath(path);
  const tagIndex = parts.findIndex((part) => part.key === "tags");
  if (tagIndex >= 0 && parts[tagIndex + 1] !== undefined) return `Tag ${String(parts[tagIndex + 1]?.key)}`;
  const groupIndex = parts.findIndex((part) => part.key === "targetGroups");
  if (groupIndex >= 0 && typeof parts[groupIndex + 1]?.key === "number") {
    const itemPath = parts.slice(0, groupIndex + 2);
    const item = valueAt(after, itemPath) ?? valueAt(before, itemPath);
    const identifier =
      item && typeof item === "object" ? (item as Record<string, unknown>).targetGroupIdentifier : undefined;
    const name = typeof identifier === "string" ? (lookup.nameOf(identifier) ?? identifier) : undefined;
    const rest = parts.slice(groupIndex + 2);
    const field = rest.length > 0 ? humanize(String(rest[rest.length - 1]?.key)) : "Target group";
    return name ? `${field} for ${name}` : field;
  }
  const named = [...parts].reverse().find((part) => typeof part.key === "string");
  return named ? humanize(String(named.key)) : path;
}

function isNoise(path: string): boolean {
  return /(^|\.)(lastUpdatedAt|updatedAt)$/.test(path);
}

function fieldViews(
  changes: readonly FieldChange[],
  before: unknown,
  after: unknown,
  lookup: Pick<ResourceLookup, "nameOf">,
): FieldChangeView[] {
  return [...changes]
    .sort((a, b) => Number(isNoise(a.path)) - Number(isNoise(b.path)))
    .map((change) => ({ ...change, label: fieldLabel(change.path, before, after, lookup) }));
}

function contextOf(resource: KnownResource, lookup: ResourceLookup): string[] {
  const names: string[] = [];
  const seen = new Set<string>([resource.id]);
  let parentId = resource.parentId ?? undefined;
  while (parentId && !seen.has(parentId)) {
    seen.add(parentId);
    const parent = lookup.get(parentId);
    if (!parent || parent.kind === "account") break;
    names.unshift(parent.name);
    parentId = parent.parentId ?? undefined;
  }
  return names;
}

/**
 * The diff grouped for reading: by account (its name from the `to` run), then kind, one entry per resource with
 * its field changes and the changes of the relations it starts.
 */
export function buildDiffModel(diff: DiffResponse, nodes: readonly TopologyNode[] = []): DiffModel {
  const lookup = createLookup(nodes, diff);
  const entries = new Map<string, ResourceEntry>();
  const highlight: Record<string, ChangeState> = {};

  const entryFor = (resource: KnownResource, state: ResourceEntry["state"], mapRun: number) => {
    let entry = entries.get(resource.id);
    if (!entry) {
      entry = { resource, state, context: contextOf(resource, lookup), changes: [], relations: [], mapRun };
      entries.set(resource.id, entry);
    }
    return entry;
  };

  for (const resource of diff.resources.added) {
    entryFor(resource, "added", diff.toRun);
    highlight[resource.id] = "added";
  }
  for (const resource of diff.resources.removed) {
    entryFor(resource, "removed", diff.fromRun);
    highlight[resource.id] = "removed";
  }
  for (const change of diff.resources.changed) {
    const entry = entryFor(change.after, "changed", diff.toRun);
    entry.changes = fieldViews(change.changes, change.before, change.after, lookup);
    highlight[change.id] = "changed";
  }

  const relationStates: Record<string, ChangeState> = {};
  const addRelation = (relation: RelationView, state: ChangeState, changes: FieldChangeView[]) => {
    relationStates[relation.id] = state;
    const source = lookup.get(relation.source) ?? unknownResource(relation.source);
    const sourceGone = diff.resources.removed.some((resource) => resource.id === source.id);
    const entry = entryFor(source, "connections", sourceGone ? diff.fromRun : diff.toRun);
    highlight[source.id] ??= "changed";
    const other = lookup.get(relation.target) ?? unknownResource(relation.target);
    entry.relations.push({
      id: relation.id,
      kind: relation.kind,
      state,
      other,
      label: `${RELATION_LABEL[relation.kind]} ${other.name}`,
      changes,
    });
  };
  const causes = diff.causes ?? {};
  for (const entry of entries.values()) {
    const cause = causes[entry.resource.id];
    if (cause) entry.cause = cause;
  }
  for (const relation of diff.relations.added) addRelation(relation, "added", []);
  for (const relation of diff.relations.removed) addRelation(relation, "removed", []);
  for (const change of diff.relations.changed) {
    addRelation(change.after, "changed", fieldViews(change.changes, change.before, change.after, lookup));
  }

  for (const entry of entries.values()) {
    if (entry.cause) continue;
    const cause = entry.relations.map((relation) => causes[relation.id]).find((c) => c !== undefined);
    if (cause) entry.cause = cause;
  }

  const accountName = (accountId: string) =>
    lookup.get(`account:${accountId}`)?.name ?? (accountId || "Outside the estate");
  const grouped = new Map<string, Map<ResourceKind, ResourceEntry[]>>();
  for (const entry of entries.values()) {
    const kinds = grouped.get(entry.resource.accountId) ?? new Map<ResourceKind, ResourceEntry[]>();
    grouped.set(entry.resource.accountId, kinds);
    const kind = isKind(entry.resource.kind) ? entry.resource.kind : "account";
    kinds.set(kind, [...(kinds.get(kind) ?? []), entry]);
  }
  const accounts = [...grouped.entries()]
    .map(([accountId, kinds]) => ({
      accountId,
      name: accountName(accountId),
      kinds: [...kinds.entries()]
        .sort(([a], [b]) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b))
        .map(([kind, list]) => ({
          kind,
          entries: list.sort(
            (a, b) =>
              [...a.context, a.resource.name]
                .join("/")
                .localeCompare([...b.context, b.resource.name].join("/")) ||
              a.resource.id.localeCompare(b.resource.id),
          ),
        })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const count = <T>(set: { added: T[]; removed: T[]; changed: unknown[] }) => ({
    added: set.added.length,
    removed: set.removed.length,
    changed: set.changed.length,
  });
  return {
    accounts,
    highlight,
    relationStates,
    removedRelations: diff.relations.removed,
    totals: { resources: count(diff.resources), relations: count(diff.relations) },
    lookup,
  };
}

export function isEmptyDiff(diff: DiffResponse): boolean {
  return [diff.resources, diff.relations].every(
    (set) => set.added.length + set.removed.length + set.changed.length === 0,
  );
}
