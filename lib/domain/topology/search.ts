import type { ResourceKind } from "./snapshot";
import type { Topology, TopologyNode } from "./topology";

export type SearchField = "name" | "id" | "ip" | "cidr" | "dns" | "tag" | "engine" | "kind" | "arn";

export interface SearchHit {
  nodeId: string;
  kind: ResourceKind;
  name: string;
  accountId: string;
  region: string;
  matched: SearchField;
  /** The text that matched (the name, id, ARN, DNS name, `key=value` tag, CIDR …). */
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
  readonly byId: ReadonlyMap<string, SearchEntry>;
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

/** Words a person types for a kind: "target group", "tg". */
const KIND_WORDS: Record<ResourceKind, string[]> = {
  account: ["account"],
  vpc: ["vpc"],
  "vpc-endpoint": ["vpc endpoint", "vpce"],
  "service-network": ["service network"],
  service: ["service"],
  listener: ["listener"],
  rule: ["rule"],
  "target-group": ["target group", "tg"],
  target: ["target"],
  "resource-gateway": ["resource gateway", "rgw"],
  "resource-configuration": ["resource configuration", "rcfg"],
  "ram-share": ["ram share", "resource share"],
};

/** Database engines by the port a resource is reached on. */
const PORT_ENGINES: Record<string, string[]> = {
  "5432": ["postgresql", "postgres"],
  "3306": ["mysql", "mariadb"],
  "1433": ["sql server", "mssql"],
  "1521": ["oracle"],
  "6379": ["redis", "valkey", "elasticache"],
  "27017": ["mongodb", "documentdb"],
  "9042": ["cassandra", "keyspaces"],
};

/** What a resource behind a configuration is, in the words people search for: "aurora", "database", "rds". */
function engineWords(node: TopologyNode): string[] {
  if (node.kind !== "resource-configuration") return [];
  const definition = obj(node.data.resourceConfigurationDefinition);
  const arn = str(obj(definition?.arnResource)?.arn);
  const words: string[] = [];
  if (arn) {
    const [, , service = "", , , resource = ""] = arn.split(":");
    words.push(service);
    if (service === "rds") words.push("database", resource === "cluster" ? "aurora cluster" : "db instance");
    if (service === "dynamodb") words.push("database", "table");
    if (service === "redshift") words.push("database", "warehouse");
  }
  for (const port of list(node.data.portRanges)) {
    for (const word of PORT_ENGINES[String(port)] ?? []) words.push(word, "database");
  }
  if (obj(definition?.ipResource)) words.push("ip address");
  if (obj(definition?.dnsResource)) words.push("domain name");
  return [...new Set(words.filter(Boolean))];
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((a, p) => a * 256 + p, 0);
}

/** Whether an IPv4 CIDR block ("10.11.0.0/16") holds an address. */
export function cidrContains(cidr: string, address: string): boolean {
  const [base = "", bits = ""] = cidr.split("/");
  const start = ipv4(base);
  const ip = ipv4(address);
  const prefix = Number(bits);
  if (start === undefined || ip === undefined || !/^\d{1,2}$/.test(bits) || prefix > 32) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(ip / size) === Math.floor(start / size);
}

/** CIDR blocks of a VPC (primary and associated), IP addresses of a target or an IP resource. */
function addressTerms(node: TopologyNode): { field: "cidr" | "ip"; text: string }[] {
  const d = node.data;
  const terms: { field: "cidr" | "ip"; text: string }[] = [];
  if (node.kind === "vpc") {
    const cidr = str(d.cidrBlock);
    if (cidr) terms.push({ field: "cidr", text: cidr });
    for (const item of list(d.cidrBlockAssociationSet)) {
      const block = str(obj(item)?.cidrBlock);
      if (block && block !== cidr) terms.push({ field: "cidr", text: block });
    }
    for (const item of list(d.ipv6CidrBlockAssociationSet)) {
      const block = str(obj(item)?.ipv6CidrBlock);
      if (block) terms.push({ field: "cidr", text: block });
    }
  }
  if (node.kind === "target") {
    const id = str(d.id);
    if (id && (ipv4(id) !== undefined || id.includes(":"))) terms.push({ field: "ip", text: id });
  }
  const ip = str(obj(obj(d.resourceConfigurationDefinition)?.ipResource)?.ipAddress);
  if (ip) terms.push({ field: "ip", text: ip });
  return terms;
}

function tagTerms(node: TopologyNode): string[] {
  const tags = obj(node.data.tags);
  if (!tags) return [];
  return Object.entries(tags)
    .filter(([key]) => !key.startsWith("aws:"))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : ""}`);
}

/**
 * Builds the ⌘K index over every node: names, ids, ARNs and DNS names (association ids find the associated
 * resource), CIDR blocks and IP addresses, tags (`key=value`), kinds and the engine behind a resource
 * configuration ("aurora", "database", "postgresql").
 */
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
    for (const a of addressTerms(node)) add(a.field, a.text);
    add("id", shortId(node));
    if (node.id.startsWith("arn:")) add("arn", node.id);
    for (const t of extra.get(node.id) ?? []) add(t.field, t.text);
    for (const d of dns.get(node.id) ?? []) add("dns", d.name);
    for (const tag of tagTerms(node)) add("tag", tag);
    for (const word of engineWords(node)) add("engine", word);
    for (const word of KIND_WORDS[node.kind]) add("kind", word);
    return { node, terms, all: terms.map((t) => t.lower).join("\u0000") };
  });
  return { entries, byId: new Map(entries.map((e) => [e.node.id, e])) };
}

const FIELD_RANK: Record<SearchField, number> = {
  name: 0,
  id: 1,
  ip: 1,
  cidr: 2,
  dns: 2,
  tag: 3,
  engine: 3,
  arn: 3,
  kind: 3,
};
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

function hitOf(node: TopologyNode, matched: SearchField, text: string): SearchHit {
  return {
    nodeId: node.id,
    kind: node.kind,
    name: node.name,
    accountId: node.accountId,
    region: node.region,
    matched,
    text,
  };
}

/** A resource as a result without a query (recently opened, suggested). */
export function hitFor(index: SearchIndex, nodeId: string): SearchHit | undefined {
  const entry = index.byId.get(nodeId);
  return entry ? hitOf(entry.node, "name", entry.node.name) : undefined;
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
  const address = words.length === 1 && ipv4(q) !== undefined ? q : undefined;
  for (const entry of index.entries) {
    const within = address
      ? entry.terms.find((t) => t.field === "cidr" && cidrContains(t.text, address))
      : undefined;
    if (within) {
      ranked.push({
        score: 2 * 4 + FIELD_RANK.cidr,
        hit: hitOf(entry.node, "cidr", `${within.text} holds ${q}`),
      });
      continue;
    }
    const phrase = entry.all.includes(q);
    if (!phrase && (words.length === 1 || !words.every((w) => entry.all.includes(w)))) continue;
    let best: { term: SearchTerm; score: number } | undefined;
    for (const term of entry.terms) {
      // A phrase ("target group", "aurora cluster") that one term holds ranks as a one-word query would.
      const whole = phrase ? matchQuality(term.lower, q) : -1;
      const quality = whole >= 0 ? whole : matchQuality(term.lower, words[0] ?? q);
      if (quality < 0) continue;
      const score = (whole >= 0 ? quality : 4 + quality) * 4 + FIELD_RANK[term.field];
      if (!best || score < best.score) best = { term, score };
    }
    if (!best) continue;
    ranked.push({ score: best.score, hit: hitOf(entry.node, best.term.field, best.term.text) });
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
