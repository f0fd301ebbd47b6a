import type { ResourceKind } from "./snapshot";
import type { Topology, TopologyNode } from "./topology";

export type SearchField = "name" | "id" | "arn" | "dns";

export interface SearchHit {
  nodeId: string;
  kind: ResourceKind;
  name: string;
  accountId: string;
  region: string;
  matched: SearchField;
  /** The text that matched (the name, id, ARN or DNS name). */
  text: string;
}

export type DnsSource =
  | "service"
  | "custom-domain"
  | "association"
  | "association-private"
  | "endpoint"
  | "endpoint-association"
  | "endpoint-association-private"
  | "resource-definition";

/** A DNS name that reaches a resource, and where it comes from (`via`: the network or endpoint that gives it). */
export interface DnsName {
  name: string;
  source: DnsSource;
  via?: string;
}

export interface SearchTerm {
  field: SearchField;
  text: string;
  lower: string;
}

export interface SearchEntry {
  node: TopologyNode;
  terms: SearchTerm[];
  /** Every term, lowercased and joined, to reject most nodes with one indexOf. */
  all: string;
}

export interface SearchIndex {
  readonly entries: readonly SearchEntry[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** DNS names of every resource: service and custom domains, association (private) DNS, endpoint DNS. */
export function collectDnsNames(topology: Topology): Map<string, DnsName[]> {
  const names = new Map<string, DnsName[]>();
  const nodeIds = new Set(topology.nodes.map((n) => n.id));
  const add = (nodeId: string, name: unknown, source: DnsSource, via?: string) => {
    const text = str(name);
    if (!text || !nodeIds.has(nodeId)) return;
    const entries = names.get(nodeId) ?? [];
    if (entries.some((e) => e.name === text && e.source === source && e.via === via)) return;
    entries.push({ name: text, source, ...(via ? { via } : {}) });
    names.set(nodeId, entries);
  };
  for (const node of topology.nodes) {
    const d = node.data;
    if (node.kind === "service") {
      add(node.id, obj(d.dnsEntry)?.domainName, "service");
      add(node.id, d.customDomainName, "custom-domain");
    } else if (node.kind === "resource-configuration") {
      add(
        node.id,
        obj(obj(d.resourceConfigurationDefinition)?.dnsResource)?.domainName,
        "resource-definition",
      );
    } else if (node.kind === "vpc-endpoint") {
      for (const entry of list(d.dnsEntries)) add(node.id, obj(entry)?.dnsName, "endpoint");
      for (const item of list(d.associations)) {
        const a = obj(item);
        const resource = str(a?.associatedResourceArn);
        for (const target of resource ? [node.id, resource] : [node.id]) {
          const via = target === node.id ? resource : node.id;
          add(target, obj(a?.dnsEntry)?.dnsName, "endpoint-association", via);
          add(target, obj(a?.privateDnsEntry)?.dnsName, "endpoint-association-private", via);
        }
      }
    }
  }
  for (const edge of topology.edges) {
    if (edge.kind !== "sn-resource" && edge.kind !== "sn-service") continue;
    add(edge.target, obj(edge.data?.dnsEntry)?.domainName, "association", edge.source);
    add(edge.target, obj(edge.data?.privateDnsEntry)?.domainName, "association-private", edge.source);
    add(edge.target, edge.data?.customDomainName, "custom-domain", edge.source);
  }
  return names;
}

function shortId(node: TopologyNode): string | undefined {
  if (node.kind === "account") return node.accountId;
  const d = node.data;
  const id = str(d.id) ?? str(d.vpcId) ?? str(d.vpcEndpointId);
  if (id && !id.startsWith("arn:")) return id;
  if (node.id.startsWith("arn:")) return node.id.split("/").pop();
  return undefined;
}

/** Builds the ⌘K index over every node: names, ids, ARNs and DNS names (association ids find the associated resource). */
export function buildSearchIndex(topology: Topology): SearchIndex {
  const dns = collectDnsNames(topology);
  const extra = new Map<string, SearchTerm[]>();
  const push = (nodeId: string, field: SearchField, value: unknown) => {
    const text = str(value);
    if (!text) return;
    const terms = extra.get(nodeId) ?? [];
    terms.push({ field, text, lower: text.toLowerCase() });
    extra.set(nodeId, terms);
  };
  for (const edge of topology.edges) {
    if (!edge.kind.startsWith("sn-")) continue;
    push(edge.target, "id", edge.data?.associationId);
    push(edge.target, "arn", edge.data?.associationArn);
  }
  for (const node of topology.nodes) {
    const definition = obj(node.data.resourceConfigurationDefinition);
    push(node.id, "arn", obj(definition?.arnResource)?.arn);
  }
  const entries = topology.nodes.map((node): SearchEntry => {
    const terms: SearchTerm[] = [];
    const add = (field: SearchField, text: string | undefined) => {
      if (!text) return;
      const lower = text.toLowerCase();
      if (terms.some((t) => t.lower === lower)) return;
      terms.push({ field, text, lower });
    };
    add("name", node.name);
    add("id", shortId(node));
    if (node.id.startsWith("arn:")) add("arn", node.id);
    for (const t of extra.get(node.id) ?? []) add(t.field, t.text);
    for (const d of dns.get(node.id) ?? []) add("dns", d.name);
    return { node, terms, all: terms.map((t) => t.lower).join("\u0000") };
  });
  return { entries };
}

const FIELD_RANK: Record<SearchField, number> = { name: 0, id: 1, dns: 2, arn: 3 };
const KIND_RANK: Partial<Record<ResourceKind, number>> = {
  "service-network": 0,
  service: 1,
  "resource-configuration": 2,
  account: 3,
  "target-group": 4,
  vpc: 5,
  "vpc-endpoint": 6,
  "resource-gateway": 7,
  "ram-share": 8,
  listener: 9,
  rule: 10,
  target: 11,
};
const SEPARATORS = "-_./:@ ";

/** 0 exact, 1 prefix, 2 start of a word, 3 anywhere; -1 no match. */
function matchQuality(lower: string, query: string): number {
  let at = lower.indexOf(query);
  if (at < 0) return -1;
  if (at === 0) return lower.length === query.length ? 0 : 1;
  while (at > 0) {
    if (SEPARATORS.includes(lower[at - 1] ?? "")) return 2;
    at = lower.indexOf(query, at + 1);
  }
  return 3;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Ranked {
  hit: SearchHit;
  score: number;
}

/**
 * Ranked hits for a ⌘K query, case-insensitive: exact before prefix before word start before substring, names
 * before ids, DNS names and ARNs. Several words must all occur (in any of the node's texts).
 */
export function search(index: SearchIndex, query: string, limit = 20): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q || limit <= 0) return [];
  const words = q.split(/\s+/);
  const ranked: Ranked[] = [];
  for (const entry of index.entries) {
    if (words.length === 1 ? !entry.all.includes(q) : !words.every((w) => entry.all.includes(w))) continue;
    let best: { term: SearchTerm; score: number } | undefined;
    for (const term of entry.terms) {
      const quality = matchQuality(term.lower, words.length === 1 ? q : (words[0] ?? q));
      if (quality < 0) continue;
      const score = (words.length === 1 ? quality : 4 + quality) * 4 + FIELD_RANK[term.field];
      if (!best || score < best.score) best = { term, score };
    }
    if (!best) continue;
    const node = entry.node;
    ranked.push({
      score: best.score,
      hit: {
        nodeId: node.id,
        kind: node.kind,
        name: node.name,
        accountId: node.accountId,
        region: node.region,
        matched: best.term.field,
        text: best.term.text,
      },
    });
  }
  ranked.sort(
    (a, b) =>
      a.score - b.score ||
      (KIND_RANK[a.hit.kind] ?? 99) - (KIND_RANK[b.hit.kind] ?? 99) ||
      a.hit.name.length - b.hit.name.length ||
      compareText(a.hit.name, b.hit.name) ||
      compareText(a.hit.nodeId, b.hit.nodeId),
  );
  return ranked.slice(0, limit).map((r) => r.hit);
}
