import { World } from "../core/world";
import { seedFromString } from "../core/random";
import { isVisibleTo } from "../core/sharing";
import { latticeArn } from "../lattice/common";
import { latticeHostedZoneId } from "../lattice/services";
import { syncResourcePolicies } from "../ram/resources";
import type {
  AccessLogSubscription,
  DnsEntry,
  HealthCheck,
  Listener,
  ResourceConfiguration,
  ResourceShare,
  RuleAction,
  RuleMatch,
  Service,
  ServiceNetwork,
  ServiceNetworkResourceAssociation,
  Target,
  TargetGroup,
  TargetStatus,
  VpcEndpointAssociation,
} from "../core/model";
import {
  parseScenario,
  ScenarioError,
  type Scenario,
  type ScenarioAction,
  type ScenarioRuleMatch,
} from "./schema";

type Item<K extends keyof Scenario> = Scenario[K] extends readonly (infer T)[] ? T : never;

interface Placed {
  id: string;
  accountId: string;
  region: string;
  path: string;
}

interface VpcEntry extends Placed {
  input: Item<"vpcs">;
  subnets: Map<string, string>;
  subnetIds: string[];
  securityGroups: Map<string, string>;
  defaultSecurityGroupId: string;
}

interface LatticeEntry<T> extends Placed {
  input: T;
  arn: string;
}

interface AccountEntry {
  id: string;
  regions: string[];
}

/** The RAM resource type of each shareable kind. */
const RAM_TYPES = {
  serviceNetwork: "vpc-lattice:ServiceNetwork",
  service: "vpc-lattice:Service",
  resourceConfiguration: "vpc-lattice:ResourceConfiguration",
} as const;

const DEFAULT_HEALTH_CHECK: HealthCheck = {
  enabled: true,
  protocol: "HTTP",
  protocolVersion: "HTTP1",
  path: "/",
  healthCheckIntervalSeconds: 30,
  healthCheckTimeoutSeconds: 5,
  healthyThresholdCount: 5,
  unhealthyThresholdCount: 2,
  matcher: { httpCode: "200" },
};

function fail(path: string, message: string): never {
  throw new ScenarioError([{ path, message }]);
}

function hash36(text: string): string {
  return seedFromString(text).toString(36);
}

/** The 7-hex "partition" part of Lattice-generated domain names, stable per account and region. */
export function dnsPartition(accountId: string, region: string): string {
  return seedFromString(`${accountId}:${region}`).toString(16).padStart(8, "0").slice(0, 7);
}

/** A Route 53-style hosted zone id, stable per input. */
export function hostedZoneId(seed: string): string {
  return `Z0${(hash36(seed) + hash36(`${seed}#`) + hash36(`${seed}##`)).toUpperCase().padEnd(19, "0").slice(0, 19)}`;
}

/** `{name}-{id without svc-}.{partition}.vpc-lattice-svcs.{region}.on.aws`, as Lattice names services. */
export function serviceDnsEntry(
  name: string,
  serviceId: string,
  accountId: string,
  region: string,
): DnsEntry {
  return {
    domainName: `${name}-${serviceId.slice(4)}.${dnsPartition(accountId, region)}.vpc-lattice-svcs.${region}.on.aws`,
    hostedZoneId: latticeHostedZoneId(region),
  };
}

/** The name clients resolve for a resource: a DNS resource's own name, or `{name}.{service}.{region}.amazonaws.com`. */
function privateDomainOf(
  definition: ResourceConfiguration["resourceConfigurationDefinition"],
): string | undefined {
  if (!definition) return undefined;
  if ("dnsResource" in definition) return definition.dnsResource.domainName;
  if (!("arnResource" in definition)) return undefined;
  const parts = definition.arnResource.arn.split(":");
  const name = (parts.slice(5).join(":").split(/[:/]/).pop() ?? "resource").toLowerCase();
  return `${name}.${parts[2] ?? "aws"}.${parts[3] ?? "us-east-1"}.amazonaws.com`;
}

export function resourceAssociationDnsEntry(
  snraId: string,
  rcfgId: string,
  accountId: string,
  region: string,
): DnsEntry {
  return {
    domainName: `${snraId}.${rcfgId}.${dnsPartition(accountId, region)}.vpc-lattice-rsc.${region}.on.aws`,
    hostedZoneId: hostedZoneId(`vpc-lattice-rsc.${region}`),
  };
}

function parseCidr(cidr: string): { base: number; bits: number } | undefined {
  const [ip, bitsText] = cidr.split("/");
  const octets = (ip ?? "").split(".").map(Number);
  const bits = Number(bitsText);
  if (octets.length !== 4 || octets.some((o) => o > 255) || bits > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { base, bits };
}

function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i || i.bits < o.bits) return false;
  const size = 2 ** (32 - o.bits);
  return Math.floor(i.base / size) === Math.floor(o.base / size);
}

class Registry<E extends { id: string }> {
  private readonly byRef = new Map<string, E>();
  readonly entries: E[] = [];

  constructor(private readonly kind: string) {}

  add(key: string, entry: E, path: string) {
    if (this.byRef.has(key))
      fail(path, `duplicate ${this.kind} key "${key}" (give one of them a distinct key)`);
    this.byRef.set(key, entry);
    if (!this.byRef.has(entry.id)) this.byRef.set(entry.id, entry);
    this.entries.push(entry);
  }

  get(ref: string, path: string): E {
    const found = this.byRef.get(ref);
    if (!found) fail(path, `unknown ${this.kind} "${ref}"`);
    return found;
  }
}

/** Builds a World from validated scenario data: resolves keys, derives ids, ARNs, DNS names and RAM state. */
class Loader {
  readonly world: World;
  private readonly usedIds = new Set<string>();
  private readonly baseMs: number;
  private tick = 0;
  private stampDay = Number.NaN;
  private stampPrefix = "";
  private readonly accounts = new Map<string, AccountEntry>();
  private readonly vpcs = new Registry<VpcEntry>("VPC");
  private readonly serviceNetworks = new Registry<LatticeEntry<Item<"serviceNetworks">>>("service network");
  private readonly services = new Registry<LatticeEntry<Item<"services">>>("service");
  private readonly targetGroups = new Registry<LatticeEntry<Item<"targetGroups">>>("target group");
  private readonly resourceGateways = new Registry<LatticeEntry<Item<"resourceGateways">>>(
    "resource gateway",
  );
  private readonly resourceConfigurations = new Registry<LatticeEntry<Item<"resourceConfigurations">>>(
    "resource configuration",
  );
  /** Target group ids some listener or rule forwards to. */
  private readonly usedTargetGroups = new Set<string>();

  constructor(private readonly scenario: Scenario) {
    this.baseMs = Date.parse(scenario.createdAt);
    this.world = new World({ seed: scenario.seed });
  }

  load(): World {
    this.loadAccounts();
    this.loadIam();
    this.registerVpcs();
    this.registerLattice();
    this.buildVpcs();
    this.buildTargetGroups();
    this.buildServices();
    this.buildServiceNetworks();
    this.buildResourceGateways();
    this.buildResourceConfigurations();
    this.buildShares();
    this.buildAssociations();
    this.buildEndpoints();
    this.buildHealthTimeline();
    return this.world;
  }

  // --- helpers ------------------------------------------------------------------------------------------

  private stamp(explicit?: string): string {
    if (explicit) return explicit;
    const ms = this.baseMs + this.tick++ * 60_000;
    const day = Math.floor(ms / 86_400_000);
    if (day !== this.stampDay) {
      this.stampDay = day;
      this.stampPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    }
    const rest = ms - day * 86_400_000;
    const hh = Math.floor(rest / 3_600_000);
    const mm = Math.floor((rest % 3_600_000) / 60_000);
    const ss = Math.floor((rest % 60_000) / 1000);
    const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);
    return `${this.stampPrefix}${pad(hh)}:${pad(mm)}:${pad(ss)}.${String(rest % 1000).padStart(3, "0")}Z`;
  }

  private claim(prefix: string, explicit: string | undefined, path: string, hex?: boolean): string {
    if (explicit !== undefined) {
      if (this.usedIds.has(explicit)) fail(`${path}.id`, `id ${explicit} is used twice`);
      this.usedIds.add(explicit);
      return explicit;
    }
    let id = this.world.newId(prefix, hex);
    while (this.usedIds.has(id)) id = this.world.newId(prefix, hex);
    this.usedIds.add(id);
    return id;
  }

  private account(ref: string, path: string): AccountEntry {
    const found = this.accounts.get(ref);
    if (!found) fail(path, `unknown account "${ref}"`);
    return found;
  }

  /** A listed account, or any 12-digit id (e.g. an account outside the scenario). */
  private accountId(ref: string, path: string): string {
    const found = this.accounts.get(ref);
    if (found) return found.id;
    if (/^\d{12}$/.test(ref)) return ref;
    return fail(path, `unknown account "${ref}"`);
  }

  private place(
    input: { account: string; region?: string },
    path: string,
  ): { accountId: string; region: string } {
    const account = this.account(input.account, `${path}.account`);
    const region = input.region ?? account.regions[0] ?? "us-east-1";
    if (!account.regions.includes(region)) {
      fail(
        `${path}.region`,
        `account ${account.id} has no region ${region} (its regions: ${account.regions.join(", ")})`,
      );
    }
    return { accountId: account.id, region };
  }

  private sameRegion(target: Placed, from: { region: string }, path: string, what: string) {
    if (target.region !== from.region) fail(path, `${what} is in ${target.region}, not ${from.region}`);
  }

  private sameAccount(target: Placed, from: { accountId: string }, path: string, what: string) {
    if (target.accountId !== from.accountId) {
      fail(path, `${what} belongs to account ${target.accountId}, not ${from.accountId}`);
    }
  }

  private setTags(region: string, arn: string, tags: Record<string, string> | undefined) {
    if (tags && Object.keys(tags).length > 0) this.world.region(region).tags.set(arn, { ...tags });
  }

  // --- accounts and IAM ---------------------------------------------------------------------------------

  private loadAccounts() {
    const { scenario, world } = this;
    const org = scenario.organization;
    scenario.accounts.forEach((a, i) => {
      const path = `accounts[${i}]`;
      const regions = a.regions ?? ["us-east-1"];
      const entry = { id: a.id, regions };
      if (world.accounts.has(a.id)) fail(`${path}.id`, `account ${a.id} is listed twice`);
      for (const ref of new Set([a.key ?? a.name, a.name, a.id])) {
        const other = this.accounts.get(ref);
        if (other && other.id !== a.id) fail(path, `account key or name "${ref}" is used twice`);
        this.accounts.set(ref, entry);
      }
      const inOrg = org !== undefined && a.inOrganization !== false;
      if (a.inOrganization && !org) fail(`${path}.inOrganization`, "the scenario has no organization");
      world.accounts.set(a.id, {
        id: a.id,
        name: a.name,
        ...(inOrg && org ? { organizationId: org.id } : {}),
      });
      for (const r of regions) world.region(r);
    });
    if (org) {
      const management = this.account(org.managementAccount, "organization.managementAccount");
      if (world.accounts.get(management.id)?.organizationId !== org.id) {
        fail("organization.managementAccount", `account ${management.id} is not in the organization`);
      }
      world.organization = {
        id: org.id,
        arn: `arn:aws:organizations::${management.id}:organization/${org.id}`,
        masterAccountId: management.id,
      };
    }
    const defaultAccount = scenario.defaultAccount ?? scenario.accounts[0]?.id ?? "";
    world.defaultAccountId = this.account(defaultAccount, "defaultAccount").id;
  }

  private upperId(prefix: string): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let out = prefix;
    for (let i = 0; i < 17; i++) out += alphabet[Math.floor(this.world.random() * alphabet.length)];
    return out;
  }

  private loadIam() {
    const { scenario, world } = this;
    scenario.identities.forEach((identity, i) => {
      const path = `identities[${i}]`;
      if (world.identities.has(identity.accessKeyId))
        fail(`${path}.accessKeyId`, `access key ${identity.accessKeyId} is listed twice`);
      const accountId = this.account(identity.account, `${path}.account`).id;
      world.identities.set(identity.accessKeyId, {
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        accountId,
        arn: `arn:aws:iam::${accountId}:user/${identity.user}`,
        userId: identity.userId ?? this.upperId("AIDA"),
      });
    });
    const addRole = (
      accountId: string,
      name: string,
      trustedPrincipals: string[],
      externalId: string | undefined,
      path: string,
      roleId?: string,
    ) => {
      const arn = `arn:aws:iam::${accountId}:role/${name}`;
      if (world.roles.has(arn)) fail(path, `role ${arn} is defined twice`);
      world.roles.set(arn, {
        arn,
        accountId,
        name,
        roleId: roleId ?? this.upperId("AROA"),
        trustedPrincipals,
        ...(externalId ? { externalId } : {}),
      });
    };
    const crawler = scenario.crawlerRole;
    if (crawler) {
      const trusted = this.account(crawler.trustedAccount, "crawlerRole.trustedAccount").id;
      const targets = crawler.accounts
        ? crawler.accounts.map((ref, i) => this.account(ref, `crawlerRole.accounts[${i}]`).id)
        : [...world.accounts.keys()];
      for (const accountId of targets)
        addRole(accountId, crawler.name, [trusted], crawler.externalId, "crawlerRole");
    }
    scenario.roles.forEach((role, i) => {
      const path = `roles[${i}]`;
      const accountId = this.account(role.account, `${path}.account`).id;
      const trusted = role.trustedPrincipals.map((p, j) =>
        p === "*" || p.startsWith("arn:") ? p : this.accountId(p, `${path}.trustedPrincipals[${j}]`),
      );
      addRole(accountId, role.name, trusted, role.externalId, path, role.roleId);
    });
  }

  // --- registration: ids and keys of everything others refer to -----------------------------------------

  private registerVpcs() {
    this.scenario.vpcs.forEach((vpc, i) => {
      const path = `vpcs[${i}]`;
      const placed = this.place(vpc, path);
      const id = this.claim("vpc-", vpc.id, path, true);
      const subnets = new Map<string, string>();
      const subnetIds: string[] = [];
      vpc.subnets.forEach((s, j) => {
        const subnetKey = s.key ?? s.az;
        if (subnets.has(subnetKey))
          fail(`${path}.subnets[${j}]`, `subnet key "${subnetKey}" is used twice in this VPC (give a key)`);
        const subnetId = this.claim("subnet-", s.id, `${path}.subnets[${j}]`, true);
        subnets.set(subnetKey, subnetId);
        subnets.set(subnetId, subnetId);
        subnetIds.push(subnetId);
      });
      const securityGroups = new Map<string, string>();
      vpc.securityGroups.forEach((g, j) => {
        const groupKey = g.key ?? g.name;
        if (securityGroups.has(groupKey))
          fail(`${path}.securityGroups[${j}]`, `security group key "${groupKey}" is used twice in this VPC`);
        const groupId = this.claim("sg-", g.id, `${path}.securityGroups[${j}]`, true);
        securityGroups.set(groupKey, groupId);
        securityGroups.set(groupId, groupId);
      });
      const defaultSecurityGroupId = vpc.securityGroups.some((g) => g.name === "default")
        ? (securityGroups.get("default") ?? "")
        : this.claim("sg-", undefined, path, true);
      if (!securityGroups.has("default")) securityGroups.set("default", defaultSecurityGroupId);
      this.vpcs.add(
        vpc.key ?? vpc.name,
        { ...placed, id, path, input: vpc, subnets, subnetIds, securityGroups, defaultSecurityGroupId },
        path,
      );
    });
  }

  private registerLattice() {
    const { scenario } = this;
    const register = <
      T extends { key?: string; name: string; id?: string; account: string; region?: string },
    >(
      registry: Registry<LatticeEntry<T>>,
      items: T[],
      section: string,
      prefix: string,
      resource: (id: string) => string,
    ) => {
      items.forEach((input, i) => {
        const path = `${section}[${i}]`;
        const placed = this.place(input, path);
        const id = this.claim(prefix, input.id, path);
        registry.add(
          input.key ?? input.name,
          { ...placed, id, path, input, arn: latticeArn(placed.region, placed.accountId, resource(id)) },
          path,
        );
      });
    };
    register(
      this.serviceNetworks,
      scenario.serviceNetworks,
      "serviceNetworks",
      "sn-",
      (id) => `servicenetwork/${id}`,
    );
    register(this.services, scenario.services, "services", "svc-", (id) => `service/${id}`);
    register(this.targetGroups, scenario.targetGroups, "targetGroups", "tg-", (id) => `targetgroup/${id}`);
    register(
      this.resourceGateways,
      scenario.resourceGateways,
      "resourceGateways",
      "rgw-",
      (id) => `resourcegateway/${id}`,
    );
    register(
      this.resourceConfigurations,
      scenario.resourceConfigurations,
      "resourceConfigurations",
      "rcfg-",
      (id) => `resourceconfiguration/${id}`,
    );
  }

  // --- EC2 ----------------------------------------------------------------------------------------------

  private vpcSubnets(vpc: VpcEntry, refs: string[] | undefined, path: string): string[] {
    if (!refs) return [...vpc.subnetIds];
    return refs.map(
      (ref, i) =>
        vpc.subnets.get(ref) ?? fail(`${path}[${i}]`, `VPC ${vpc.input.name} has no subnet "${ref}"`),
    );
  }

  private vpcSecurityGroups(vpc: VpcEntry, refs: string[] | undefined, path: string): string[] {
    if (!refs) return [vpc.defaultSecurityGroupId];
    return refs.map(
      (ref, i) =>
        vpc.securityGroups.get(ref) ??
        fail(`${path}[${i}]`, `VPC ${vpc.input.name} has no security group "${ref}"`),
    );
  }

  private buildVpcs() {
    for (const vpc of this.vpcs.entries) {
      const { input, path } = vpc;
      const state = this.world.region(vpc.region);
      state.vpcs.set(vpc.id, {
        vpcId: vpc.id,
        ownerId: vpc.accountId,
        region: vpc.region,
        cidrBlock: input.cidr,
        isDefault: input.isDefault,
        tags: { Name: input.name, ...input.tags },
      });
      input.subnets.forEach((s, j) => {
        if (!cidrContains(input.cidr, s.cidr))
          fail(`${path}.subnets[${j}].cidr`, `${s.cidr} is not inside the VPC's ${input.cidr}`);
        if (!s.az.startsWith(vpc.region)) fail(`${path}.subnets[${j}].az`, `${s.az} is not in ${vpc.region}`);
        const subnetId = vpc.subnetIds[j] ?? "";
        state.subnets.set(subnetId, {
          subnetId,
          vpcId: vpc.id,
          ownerId: vpc.accountId,
          region: vpc.region,
          cidrBlock: s.cidr,
          availabilityZone: s.az,
        });
      });
      const groups = input.securityGroups.some((g) => g.name === "default")
        ? input.securityGroups
        : [
            { name: "default", description: "default VPC security group", key: "default", tags: undefined },
            ...input.securityGroups,
          ];
      for (const g of groups) {
        const groupId = vpc.securityGroups.get(g.key ?? g.name) ?? "";
        state.securityGroups.set(groupId, {
          groupId,
          groupName: g.name,
          description: g.description ?? (g.name === "default" ? "default VPC security group" : g.name),
          vpcId: vpc.id,
          ownerId: vpc.accountId,
          region: vpc.region,
          tags: { ...g.tags },
        });
      }
    }
  }

  // --- target groups, services, listeners, rules --------------------------------------------------------

  private action(action: ScenarioAction, from: Placed, path: string): RuleAction {
    if ("fixedResponse" in action) return { fixedResponse: { statusCode: action.fixedResponse } };
    return {
      forward: {
        targetGroups: action.forward.map((t, i) => {
          const tg = this.targetGroups.get(t.targetGroup, `${path}.forward[${i}].targetGroup`);
          this.sameAccount(tg, from, `${path}.forward[${i}].targetGroup`, `target group "${t.targetGroup}"`);
          this.sameRegion(tg, from, `${path}.forward[${i}].targetGroup`, `target group "${t.targetGroup}"`);
          return { targetGroupIdentifier: tg.id, weight: t.weight ?? 100 };
        }),
      },
    };
  }

  private match(match: ScenarioRuleMatch): RuleMatch {
    const httpMatch: RuleMatch["httpMatch"] = {};
    if (match.method) httpMatch.method = match.method;
    if (match.path) {
      httpMatch.pathMatch = {
        match:
          match.path.prefix !== undefined
            ? { prefix: match.path.prefix }
            : { exact: match.path.exact ?? "/" },
        ...(match.path.caseSensitive !== undefined ? { caseSensitive: match.path.caseSensitive } : {}),
      };
    }
    if (match.headers) {
      httpMatch.headerMatches = match.headers.map((h) => ({
        name: h.name,
        match:
          h.exact !== undefined
            ? { exact: h.exact }
            : h.prefix !== undefined
              ? { prefix: h.prefix }
              : { contains: h.contains ?? "" },
        ...(h.caseSensitive !== undefined ? { caseSensitive: h.caseSensitive } : {}),
      }));
    }
    return { httpMatch };
  }

  private buildTargetGroups() {
    const byRef = new Map<string, string>();
    for (const e of this.targetGroups.entries) {
      for (const ref of [e.input.key ?? e.input.name, e.id]) if (!byRef.has(ref)) byRef.set(ref, e.id);
    }
    for (const s of this.scenario.services) {
      for (const l of s.listeners) {
        for (const a of [l.defaultAction, ...l.rules.map((r) => r.action)]) {
          if ("forward" in a)
            for (const t of a.forward) this.usedTargetGroups.add(byRef.get(t.targetGroup) ?? "");
        }
      }
    }
    for (const tg of this.targetGroups.entries) {
      const { input, path } = tg;
      const state = this.world.region(tg.region);
      let config: TargetGroup["config"];
      if (input.type === "LAMBDA") {
        config = { lambdaEventStructureVersion: input.lambdaEventStructureVersion ?? "V2" };
      } else {
        const vpc = this.vpcs.get(input.vpc ?? "", `${path}.vpc`);
        this.sameAccount(vpc, tg, `${path}.vpc`, `VPC "${input.vpc}"`);
        this.sameRegion(vpc, tg, `${path}.vpc`, `VPC "${input.vpc}"`);
        const healthCheck: HealthCheck | undefined =
          input.type === "ALB" ? undefined : { ...DEFAULT_HEALTH_CHECK, ...input.healthCheck };
        if (healthCheck?.protocol === "TCP") {
          delete healthCheck.path;
          delete healthCheck.matcher;
          delete healthCheck.protocolVersion;
        }
        config = {
          port: input.port,
          protocol: input.protocol,
          ...(input.protocol !== "TCP" ? { protocolVersion: input.protocolVersion ?? "HTTP1" } : {}),
          ...(input.type === "IP" ? { ipAddressType: input.ipAddressType ?? "IPV4" } : {}),
          vpcIdentifier: vpc.id,
          ...(healthCheck ? { healthCheck } : {}),
        };
      }
      const used = this.usedTargetGroups.has(tg.id);
      const checked =
        input.type !== "LAMBDA" && input.type !== "ALB" && config.healthCheck?.enabled !== false;
      const defaultStatus: TargetStatus = !used ? "UNUSED" : checked ? "HEALTHY" : "UNAVAILABLE";
      const seen = new Set<string>();
      const targets = input.targets.map((t, j) => {
        const targetPort = t.port ?? input.port;
        const id = `${t.id}:${targetPort ?? ""}`;
        if (seen.has(id))
          fail(
            `${path}.targets[${j}]`,
            `target ${t.id}${targetPort ? `:${targetPort}` : ""} is listed twice`,
          );
        seen.add(id);
        if (input.type === "LAMBDA" && !t.id.startsWith("arn:aws:lambda:"))
          fail(`${path}.targets[${j}].id`, "a LAMBDA target is a function ARN");
        if (input.type === "INSTANCE" && !/^i-[0-9a-f]{8,17}$/.test(t.id))
          fail(`${path}.targets[${j}].id`, "an INSTANCE target is an instance id (i-…)");
        const status = t.status ?? defaultStatus;
        const target: Target =
          targetPort === undefined ? { id: t.id, status } : { id: t.id, port: targetPort, status };
        if (t.reasonCode) target.reasonCode = t.reasonCode;
        return target;
      });
      const createdAt = this.stamp(input.createdAt);
      state.targetGroups.set(tg.id, {
        id: tg.id,
        arn: tg.arn,
        name: input.name,
        type: input.type,
        status: input.status,
        config,
        targets,
        ownerAccountId: tg.accountId,
        region: tg.region,
        createdAt,
        lastUpdatedAt: input.updatedAt ?? createdAt,
      });
      this.setTags(tg.region, tg.arn, input.tags);
    }
  }

  private accessLogs(
    owner: Placed & { arn: string },
    items: Item<"serviceNetworks">["accessLogs"],
    path: string,
    isNetwork: boolean,
  ) {
    const state = this.world.region(owner.region);
    const seen = new Set<string>();
    items.forEach((log, i) => {
      const kind = `${log.destinationArn.split(":")[2]}/${log.serviceNetworkLogType ?? ""}`;
      if (seen.has(kind)) fail(`${path}[${i}]`, "only one access log subscription per destination type");
      seen.add(kind);
      const id = this.claim("als-", log.id, `${path}[${i}]`);
      const arn = latticeArn(owner.region, owner.accountId, `accesslogsubscription/${id}`);
      const createdAt = this.stamp(log.createdAt);
      const record: AccessLogSubscription = {
        id,
        arn,
        resourceArn: owner.arn,
        resourceId: owner.id,
        destinationArn: log.destinationArn,
        ownerAccountId: owner.accountId,
        region: owner.region,
        createdAt,
        lastUpdatedAt: createdAt,
      };
      if (isNetwork) record.serviceNetworkLogType = log.serviceNetworkLogType ?? "SERVICE";
      else if (log.serviceNetworkLogType)
        fail(`${path}[${i}].serviceNetworkLogType`, "only service networks have a log type");
      state.accessLogSubscriptions.set(id, record);
      this.setTags(owner.region, arn, log.tags);
    });
  }

  private policies(
    owner: Placed & { arn: string },
    authPolicy: string | undefined,
    resourcePolicy: string | undefined,
    createdAt: string,
  ) {
    const state = this.world.region(owner.region);
    if (authPolicy)
      state.authPolicies.set(owner.arn, { policy: authPolicy, createdAt, lastUpdatedAt: createdAt });
    if (resourcePolicy)
      state.resourcePolicies.set(owner.arn, { policy: resourcePolicy, createdAt, lastUpdatedAt: createdAt });
  }

  private buildServices() {
    for (const svc of this.services.entries) {
      const { input, path } = svc;
      const state = this.world.region(svc.region);
      const createdAt = this.stamp(input.createdAt);
      const record: Service = {
        id: svc.id,
        arn: svc.arn,
        name: input.name,
        authType: input.authType,
        status: input.status,
        dnsEntry: input.dnsEntry
          ? { ...input.dnsEntry }
          : serviceDnsEntry(input.name, svc.id, svc.accountId, svc.region),
        ownerAccountId: svc.accountId,
        region: svc.region,
        createdAt,
        lastUpdatedAt: input.updatedAt ?? createdAt,
      };
      if (input.customDomainName) record.customDomainName = input.customDomainName;
      if (input.certificateArn) record.certificateArn = input.certificateArn;
      if (input.idleTimeoutSeconds) record.idleTimeoutSeconds = input.idleTimeoutSeconds;
      state.services.set(svc.id, record);
      this.setTags(svc.region, svc.arn, input.tags);
      this.policies(svc, input.authPolicy, input.resourcePolicy, createdAt);
      this.accessLogs(svc, input.accessLogs, `${path}.accessLogs`, false);

      input.listeners.forEach((l, i) => {
        const lpath = `${path}.listeners[${i}]`;
        const id = this.claim("listener-", l.id, lpath);
        const arn = `${svc.arn}/listener/${id}`;
        const listenerCreatedAt = this.stamp(l.createdAt);
        const listener: Listener = {
          id,
          arn,
          name: l.name,
          serviceId: svc.id,
          serviceArn: svc.arn,
          protocol: l.protocol,
          port: l.port ?? (l.protocol === "HTTP" ? 80 : 443),
          defaultAction: this.action(l.defaultAction, svc, `${lpath}.defaultAction`),
          defaultRuleId: this.claim("rule-", l.defaultRuleId, `${lpath}.defaultRuleId`),
          ownerAccountId: svc.accountId,
          region: svc.region,
          createdAt: listenerCreatedAt,
          lastUpdatedAt: l.updatedAt ?? listenerCreatedAt,
        };
        if (l.protocol === "TLS_PASSTHROUGH")
          this.checkTcpForward(listener.defaultAction, svc.region, `${lpath}.defaultAction`);
        state.listeners.set(id, listener);
        this.setTags(svc.region, arn, l.tags);
        l.rules.forEach((r, j) => {
          const rpath = `${lpath}.rules[${j}]`;
          const ruleId = this.claim("rule-", r.id, rpath);
          const ruleArn = `${arn}/rule/${ruleId}`;
          const ruleCreatedAt = this.stamp(r.createdAt);
          state.rules.set(ruleId, {
            id: ruleId,
            arn: ruleArn,
            name: r.name,
            listenerId: id,
            serviceId: svc.id,
            priority: r.priority,
            match: this.match(r.match),
            action: this.action(r.action, svc, `${rpath}.action`),
            ownerAccountId: svc.accountId,
            region: svc.region,
            createdAt: ruleCreatedAt,
            lastUpdatedAt: r.updatedAt ?? ruleCreatedAt,
          });
          this.setTags(svc.region, ruleArn, r.tags);
        });
      });
    }
  }

  private checkTcpForward(action: RuleAction, region: string, path: string) {
    if (!("forward" in action)) fail(path, "a TLS_PASSTHROUGH listener's default action must forward");
    for (const t of action.forward.targetGroups) {
      const tg = this.world.region(region).targetGroups.get(t.targetGroupIdentifier);
      if (tg?.config?.protocol !== "TCP")
        fail(path, `a TLS_PASSTHROUGH listener forwards to TCP target groups; ${tg?.name} is not TCP`);
    }
  }

  // --- service networks, gateways, resource configurations ----------------------------------------------

  private buildServiceNetworks() {
    for (const sn of this.serviceNetworks.entries) {
      const { input, path } = sn;
      const createdAt = this.stamp(input.createdAt);
      const record: ServiceNetwork = {
        id: sn.id,
        arn: sn.arn,
        name: input.name,
        authType: input.authType,
        sharingConfig: { ...input.sharingConfig },
        ownerAccountId: sn.accountId,
        region: sn.region,
        createdAt,
        lastUpdatedAt: input.updatedAt ?? createdAt,
      };
      this.world.region(sn.region).serviceNetworks.set(sn.id, record);
      this.setTags(sn.region, sn.arn, input.tags);
      this.policies(sn, input.authPolicy, input.resourcePolicy, createdAt);
      this.accessLogs(sn, input.accessLogs, `${path}.accessLogs`, true);
    }
  }

  private buildResourceGateways() {
    for (const rgw of this.resourceGateways.entries) {
      const { input, path } = rgw;
      const vpc = this.vpcs.get(input.vpc, `${path}.vpc`);
      this.sameAccount(vpc, rgw, `${path}.vpc`, `VPC "${input.vpc}"`);
      this.sameRegion(vpc, rgw, `${path}.vpc`, `VPC "${input.vpc}"`);
      const createdAt = this.stamp(input.createdAt);
      this.world.region(rgw.region).resourceGateways.set(rgw.id, {
        id: rgw.id,
        arn: rgw.arn,
        name: input.name,
        status: input.status,
        vpcId: vpc.id,
        subnetIds: this.vpcSubnets(vpc, input.subnets, `${path}.subnets`),
        securityGroupIds: this.vpcSecurityGroups(vpc, input.securityGroups, `${path}.securityGroups`),
        ipAddressType: input.ipAddressType,
        ownerAccountId: rgw.accountId,
        region: rgw.region,
        createdAt,
        lastUpdatedAt: input.updatedAt ?? createdAt,
      });
      this.setTags(rgw.region, rgw.arn, input.tags);
    }
  }

  private buildResourceConfigurations() {
    for (const rc of this.resourceConfigurations.entries) {
      const { input, path } = rc;
      let gatewayId: string;
      let groupId: string | undefined;
      if (input.type === "CHILD") {
        const group = this.resourceConfigurations.get(input.group ?? "", `${path}.group`);
        if (group.input.type !== "GROUP")
          fail(`${path}.group`, `"${input.group}" is a ${group.input.type}, not a GROUP`);
        this.sameAccount(group, rc, `${path}.group`, `group "${input.group}"`);
        this.sameRegion(group, rc, `${path}.group`, `group "${input.group}"`);
        gatewayId = this.resourceGateways.get(
          group.input.resourceGateway ?? "",
          `${group.path}.resourceGateway`,
        ).id;
        groupId = group.id;
      } else {
        const rgw = this.resourceGateways.get(input.resourceGateway ?? "", `${path}.resourceGateway`);
        this.sameAccount(rgw, rc, `${path}.resourceGateway`, `resource gateway "${input.resourceGateway}"`);
        this.sameRegion(rgw, rc, `${path}.resourceGateway`, `resource gateway "${input.resourceGateway}"`);
        gatewayId = rgw.id;
      }
      const createdAt = this.stamp(input.createdAt);
      const record: ResourceConfiguration = {
        id: rc.id,
        arn: rc.arn,
        name: input.name,
        type: input.type,
        status: input.status,
        resourceGatewayId: gatewayId,
        portRanges: [...input.portRanges],
        protocol: input.protocol,
        allowAssociationToShareableServiceNetwork: input.allowAssociationToShareableServiceNetwork,
        amazonManaged: input.amazonManaged,
        ownerAccountId: rc.accountId,
        region: rc.region,
        createdAt,
        lastUpdatedAt: input.updatedAt ?? createdAt,
      };
      if (groupId) record.resourceConfigurationGroupId = groupId;
      if (input.definition) record.resourceConfigurationDefinition = structuredClone(input.definition);
      this.world.region(rc.region).resourceConfigurations.set(rc.id, record);
      this.setTags(rc.region, rc.arn, input.tags);
      this.policies(rc, input.authPolicy, input.resourcePolicy, createdAt);
      this.accessLogs(rc, input.accessLogs, `${path}.accessLogs`, false);
    }
  }

  // --- RAM ----------------------------------------------------------------------------------------------

  private buildShares() {
    const { world } = this;
    /** Shared ARN → its region and the creation time of the first share that grants it. */
    const granted = new Map<string, { region: string; createdAt: string }>();
    this.scenario.resourceShares.forEach((share, i) => {
      const path = `resourceShares[${i}]`;
      const { accountId: owner, region } = this.place(share, path);
      const state = world.region(region);
      const shareArn = `arn:aws:ram:${region}:${owner}:resource-share/${share.id ?? world.uuid()}`;
      if (state.resourceShares.has(shareArn))
        fail(`${path}.id`, `resource share ${shareArn} is defined twice`);
      const createdAt = this.stamp(share.createdAt);
      const updatedAt = share.updatedAt ?? createdAt;
      const record: ResourceShare = {
        resourceShareArn: shareArn,
        name: share.name,
        owningAccountId: owner,
        region,
        allowExternalPrincipals: share.allowExternalPrincipals,
        status: share.status,
        featureSet: share.featureSet,
        tags: { ...share.tags },
        resources: [],
        principals: [],
        creationTime: createdAt,
        lastUpdatedTime: updatedAt,
      };
      share.resources.forEach((r, j) => {
        const rpath = `${path}.resources[${j}]`;
        let entry: LatticeEntry<{ resourcePolicy?: string }>;
        let kind: keyof typeof RAM_TYPES;
        if ("serviceNetwork" in r) {
          kind = "serviceNetwork";
          const sn = this.serviceNetworks.get(r.serviceNetwork, `${rpath}.serviceNetwork`);
          if (!sn.input.sharingConfig.enabled)
            fail(`${rpath}.serviceNetwork`, `service network "${r.serviceNetwork}" has sharing disabled`);
          entry = sn;
        } else if ("service" in r) {
          kind = "service";
          entry = this.services.get(r.service, `${rpath}.service`);
        } else {
          kind = "resourceConfiguration";
          const rc = this.resourceConfigurations.get(
            r.resourceConfiguration,
            `${rpath}.resourceConfiguration`,
          );
          if (rc.input.type === "CHILD")
            fail(
              `${rpath}.resourceConfiguration`,
              "a CHILD resource configuration cannot be shared; share its GROUP",
            );
          entry = rc;
        }
        this.sameAccount(entry, { accountId: owner }, rpath, "a shared resource");
        this.sameRegion(entry, { region }, rpath, "a shared resource");
        const status = r.status ?? "ASSOCIATED";
        record.resources.push({
          arn: entry.arn,
          type: RAM_TYPES[kind],
          status,
          creationTime: createdAt,
          lastUpdatedTime: updatedAt,
        });
        if (!entry.input.resourcePolicy && !granted.has(entry.arn))
          granted.set(entry.arn, { region, createdAt });
      });
      share.principals.forEach((p, j) => {
        const ppath = `${path}.principals[${j}]`;
        if ("organization" in p) {
          const org = world.organization;
          if (!org || world.accounts.get(owner)?.organizationId !== org.id) {
            fail(ppath, `account ${owner} is not in an organization to share with`);
          }
          record.principals.push({
            id: org.arn,
            status: "ASSOCIATED",
            external: false,
            creationTime: createdAt,
            lastUpdatedTime: updatedAt,
          });
          return;
        }
        const receiver = this.accountId(p.account, `${ppath}.account`);
        if (receiver === owner) fail(`${ppath}.account`, "a share's principal cannot be its owner");
        const external = !world.sameOrganization(owner, receiver);
        if (external && !share.allowExternalPrincipals) {
          fail(
            `${ppath}.account`,
            `account ${receiver} is outside the organization and the share does not allow external principals`,
          );
        }
        const invitation = p.invitation ?? (external ? "PENDING" : undefined);
        const status =
          invitation === undefined || invitation === "ACCEPTED"
            ? "ASSOCIATED"
            : invitation === "PENDING"
              ? "ASSOCIATING"
              : "DISASSOCIATED";
        record.principals.push({
          id: receiver,
          status,
          external,
          creationTime: createdAt,
          lastUpdatedTime: updatedAt,
        });
        if (invitation) {
          const invitationArn = `arn:aws:ram:${region}:${owner}:resource-share-invitation/${p.invitationId ?? world.uuid()}`;
          state.resourceShareInvitations.set(invitationArn, {
            resourceShareInvitationArn: invitationArn,
            resourceShareArn: shareArn,
            resourceShareName: share.name,
            senderAccountId: owner,
            receiverAccountId: receiver,
            region,
            invitationTimestamp: createdAt,
            status: invitation,
          });
        }
      });
      state.resourceShares.set(shareArn, record);
    });
    // The same RAM-style resource policies the RAM API writes when shares change, dated like the shares.
    for (const [arn, { region, createdAt }] of granted) {
      const state = world.region(region);
      syncResourcePolicies(world, state, [arn]);
      const policy = state.resourcePolicies.get(arn);
      if (policy) Object.assign(policy, { createdAt, lastUpdatedAt: createdAt });
    }
  }

  // --- associations -------------------------------------------------------------------------------------

  private requireVisible(entry: Placed & { arn: string }, accountId: string, path: string, what: string) {
    if (
      !isVisibleTo(this.world, entry.region, { arn: entry.arn, ownerAccountId: entry.accountId }, accountId)
    ) {
      fail(
        path,
        `${what} (owned by ${entry.accountId}) is not shared with account ${accountId}: add an ACTIVE resource share`,
      );
    }
  }

  private buildAssociations() {
    const { world } = this;
    const associatedVpcs = new Map<string, string>();
    for (const sn of this.serviceNetworks.entries) {
      const { input, path } = sn;
      const state = world.region(sn.region);
      const snName = `service network "${input.key ?? input.name}"`;

      input.vpcAssociations.forEach((a, i) => {
        const apath = `${path}.vpcAssociations[${i}]`;
        const vpc = this.vpcs.get(a.vpc, `${apath}.vpc`);
        this.sameRegion(vpc, sn, `${apath}.vpc`, `VPC "${a.vpc}"`);
        const previous = associatedVpcs.get(vpc.id);
        if (previous)
          fail(
            `${apath}.vpc`,
            `VPC "${a.vpc}" is already associated with ${previous} (one service network per VPC)`,
          );
        associatedVpcs.set(vpc.id, snName);
        this.requireVisible(sn, vpc.accountId, apath, snName);
        const id = this.claim("snva-", a.id, apath);
        const arn = latticeArn(sn.region, vpc.accountId, `servicenetworkvpcassociation/${id}`);
        const createdAt = this.stamp(a.createdAt);
        state.serviceNetworkVpcAssociations.set(id, {
          id,
          arn,
          serviceNetworkId: sn.id,
          vpcId: vpc.id,
          status: a.status,
          createdBy: vpc.accountId,
          securityGroupIds: this.vpcSecurityGroups(vpc, a.securityGroups, `${apath}.securityGroups`),
          ...(a.privateDnsEnabled !== undefined ? { privateDnsEnabled: a.privateDnsEnabled } : {}),
          ownerAccountId: vpc.accountId,
          region: sn.region,
          createdAt,
          lastUpdatedAt: a.updatedAt ?? createdAt,
        });
        this.setTags(sn.region, arn, a.tags);
      });

      const associatedServices = new Set<string>();
      input.serviceAssociations.forEach((a, i) => {
        const apath = `${path}.serviceAssociations[${i}]`;
        const svc = this.services.get(a.service, `${apath}.service`);
        this.sameRegion(svc, sn, `${apath}.service`, `service "${a.service}"`);
        if (associatedServices.has(svc.id))
          fail(`${apath}.service`, `service "${a.service}" is associated twice`);
        associatedServices.add(svc.id);
        const createdBy = a.createdBy ? this.account(a.createdBy, `${apath}.createdBy`).id : svc.accountId;
        this.requireVisible(sn, createdBy, apath, snName);
        this.requireVisible(svc, createdBy, apath, `service "${a.service}"`);
        const service = state.services.get(svc.id);
        const id = this.claim("snsa-", a.id, apath);
        const arn = latticeArn(sn.region, createdBy, `servicenetworkserviceassociation/${id}`);
        state.serviceNetworkServiceAssociations.set(id, {
          id,
          arn,
          serviceNetworkId: sn.id,
          serviceId: svc.id,
          status: a.status,
          createdBy,
          ...(service ? { dnsEntry: { ...service.dnsEntry } } : {}),
          ...(service?.customDomainName ? { customDomainName: service.customDomainName } : {}),
          ownerAccountId: createdBy,
          region: sn.region,
          createdAt: this.stamp(a.createdAt),
        });
        this.setTags(sn.region, arn, a.tags);
      });

      const associatedResources = new Set<string>();
      input.resourceAssociations.forEach((a, i) => {
        const apath = `${path}.resourceAssociations[${i}]`;
        const rc = this.resourceConfigurations.get(a.resourceConfiguration, `${apath}.resourceConfiguration`);
        this.sameRegion(
          rc,
          sn,
          `${apath}.resourceConfiguration`,
          `resource configuration "${a.resourceConfiguration}"`,
        );
        if (rc.input.type === "CHILD") {
          fail(
            `${apath}.resourceConfiguration`,
            `"${a.resourceConfiguration}" is a CHILD: associate its GROUP instead`,
          );
        }
        if (associatedResources.has(rc.id))
          fail(`${apath}.resourceConfiguration`, `"${a.resourceConfiguration}" is associated twice`);
        associatedResources.add(rc.id);
        if (!rc.input.allowAssociationToShareableServiceNetwork && input.sharingConfig.enabled) {
          fail(
            apath,
            `"${a.resourceConfiguration}" does not allow association to a shareable service network`,
          );
        }
        const createdBy = a.createdBy ? this.account(a.createdBy, `${apath}.createdBy`).id : rc.accountId;
        this.requireVisible(sn, createdBy, apath, snName);
        this.requireVisible(rc, createdBy, apath, `resource configuration "${a.resourceConfiguration}"`);
        const record = this.resourceAssociation(sn, rc, a, createdBy, false, apath);
        if (rc.input.type === "GROUP") {
          for (const child of this.resourceConfigurations.entries) {
            if (
              child.input.type !== "CHILD" ||
              state.resourceConfigurations.get(child.id)?.resourceConfigurationGroupId !== rc.id
            )
              continue;
            this.resourceAssociation(
              sn,
              child,
              { status: record.status, privateDnsEnabled: a.privateDnsEnabled },
              createdBy,
              true,
              apath,
            );
          }
        }
      });
    }
  }

  private resourceAssociation(
    sn: Placed,
    rc: LatticeEntry<Item<"resourceConfigurations">>,
    a: Partial<Item<"serviceNetworks">["resourceAssociations"][number]> &
      Pick<ServiceNetworkResourceAssociation, "status">,
    createdBy: string,
    managed: boolean,
    path: string,
  ): ServiceNetworkResourceAssociation {
    const state = this.world.region(sn.region);
    const id = this.claim("snra-", a.id, path, true);
    const arn = latticeArn(sn.region, createdBy, `servicenetworkresourceassociation/${id}`);
    const createdAt = this.stamp(a.createdAt);
    const privateDomain = privateDomainOf(rc.input.definition);
    const record: ServiceNetworkResourceAssociation = {
      id,
      arn,
      serviceNetworkId: sn.id,
      resourceConfigurationId: rc.id,
      status: a.status,
      createdBy,
      dnsEntry: a.dnsEntry
        ? { ...a.dnsEntry }
        : resourceAssociationDnsEntry(id, rc.id, rc.accountId, sn.region),
      isManagedAssociation: managed,
      ownerAccountId: createdBy,
      region: sn.region,
      createdAt,
      lastUpdatedAt: a.updatedAt ?? createdAt,
    };
    if (a.privateDnsEntry) record.privateDnsEntry = { ...a.privateDnsEntry };
    else if (privateDomain && a.privateDnsEnabled) {
      record.privateDnsEntry = {
        domainName: privateDomain,
        hostedZoneId: hostedZoneId(`private:${privateDomain}`),
      };
    }
    if (a.privateDnsEnabled !== undefined) record.privateDnsEnabled = a.privateDnsEnabled;
    state.serviceNetworkResourceAssociations.set(id, record);
    this.setTags(sn.region, arn, a.tags);
    return record;
  }

  // --- VPC endpoints ------------------------------------------------------------------------------------

  private endpointAssociationId(): string {
    return `vpce-rsc-asc-${this.world.newId("", true)}`;
  }

  private buildEndpoints() {
    const { world } = this;
    for (const vpc of this.vpcs.entries) {
      const state = world.region(vpc.region);
      vpc.input.endpoints.forEach((e, i) => {
        const path = `${vpc.path}.endpoints[${i}]`;
        const id = this.claim("vpce-", e.id, path, true);
        const createdAt = this.stamp(e.createdAt);
        const associations: VpcEndpointAssociation[] = [];
        let serviceNetworkArn: string | undefined;
        let resourceConfigurationArn: string | undefined;
        const dnsEntries: DnsEntry[] = [];
        if (e.type === "ServiceNetwork") {
          const sn = this.serviceNetworks.get(e.serviceNetwork ?? "", `${path}.serviceNetwork`);
          this.sameRegion(sn, vpc, `${path}.serviceNetwork`, `service network "${e.serviceNetwork}"`);
          this.requireVisible(sn, vpc.accountId, path, `service network "${e.serviceNetwork}"`);
          serviceNetworkArn = sn.arn;
          for (const a of state.serviceNetworkServiceAssociations.values()) {
            if (a.serviceNetworkId !== sn.id) continue;
            const svc = state.services.get(a.serviceId);
            if (!svc) continue;
            associations.push({
              id: this.endpointAssociationId(),
              associatedResourceArn: svc.arn,
              associatedResourceAccessibility:
                a.status === "ACTIVE" && svc.status === "ACTIVE" ? "Accessible" : "Inaccessible",
              dnsEntry: { ...svc.dnsEntry },
              ...(svc.customDomainName
                ? {
                    privateDnsEntry: {
                      domainName: svc.customDomainName,
                      hostedZoneId: hostedZoneId(`private:${id}:${svc.customDomainName}`),
                    },
                  }
                : {}),
              serviceNetworkArn: sn.arn,
              serviceNetworkName: sn.input.name,
            });
          }
          for (const a of state.serviceNetworkResourceAssociations.values()) {
            if (a.serviceNetworkId !== sn.id) continue;
            const rc = state.resourceConfigurations.get(a.resourceConfigurationId);
            if (!rc || rc.type === "GROUP") continue;
            associations.push(
              this.resourceEndpointView(
                rc,
                a.status === "ACTIVE",
                a.dnsEntry,
                a.privateDnsEntry,
                sn.arn,
                sn.input.name,
              ),
            );
          }
        } else {
          const rc = this.resourceConfigurations.get(
            e.resourceConfiguration ?? "",
            `${path}.resourceConfiguration`,
          );
          this.sameRegion(
            rc,
            vpc,
            `${path}.resourceConfiguration`,
            `resource configuration "${e.resourceConfiguration}"`,
          );
          this.requireVisible(rc, vpc.accountId, path, `resource configuration "${e.resourceConfiguration}"`);
          resourceConfigurationArn = rc.arn;
          const domain = `${id}-${rc.id}.${dnsPartition(rc.accountId, vpc.region)}.vpc-lattice-rsc.${vpc.region}.on.aws`;
          dnsEntries.push({
            domainName: domain,
            hostedZoneId: hostedZoneId(`vpc-lattice-rsc.${vpc.region}`),
          });
          const record = state.resourceConfigurations.get(rc.id);
          const members =
            record?.type === "GROUP"
              ? [...state.resourceConfigurations.values()].filter(
                  (c) => c.resourceConfigurationGroupId === rc.id,
                )
              : record
                ? [record]
                : [];
          for (const member of members) {
            const privateDomain = privateDomainOf(member.resourceConfigurationDefinition);
            const memberDomain = member.id === rc.id ? domain : `${member.id}.${domain}`;
            associations.push(
              this.resourceEndpointView(
                member,
                true,
                { domainName: memberDomain, hostedZoneId: hostedZoneId(`vpc-lattice-rsc.${vpc.region}`) },
                privateDomain && e.privateDnsEnabled
                  ? {
                      domainName: privateDomain,
                      hostedZoneId: hostedZoneId(`private:${id}:${privateDomain}`),
                    }
                  : undefined,
              ),
            );
          }
          const reaId = this.claim(
            "rea-",
            e.resourceEndpointAssociationId,
            `${path}.resourceEndpointAssociationId`,
            true,
          );
          state.resourceEndpointAssociations.set(reaId, {
            id: reaId,
            arn: latticeArn(vpc.region, vpc.accountId, `resourceendpointassociation/${reaId}`),
            resourceConfigurationId: rc.id,
            vpcEndpointId: id,
            vpcEndpointOwner: vpc.accountId,
            createdBy: vpc.accountId,
            ownerAccountId: vpc.accountId,
            region: vpc.region,
            createdAt,
          });
        }
        state.vpcEndpoints.set(id, {
          vpcEndpointId: id,
          vpcEndpointType: e.type,
          vpcId: vpc.id,
          ownerId: vpc.accountId,
          region: vpc.region,
          state: e.state,
          ...(serviceNetworkArn ? { serviceNetworkArn } : {}),
          ...(resourceConfigurationArn ? { resourceConfigurationArn } : {}),
          subnetIds: this.vpcSubnets(vpc, e.subnets, `${path}.subnets`),
          securityGroupIds: this.vpcSecurityGroups(vpc, e.securityGroups, `${path}.securityGroups`),
          ipAddressType: e.ipAddressType,
          privateDnsEnabled: e.privateDnsEnabled,
          dnsEntries,
          associations,
          creationTimestamp: createdAt,
          tags: { ...e.tags },
        });
      });
    }
  }

  private resourceEndpointView(
    rc: ResourceConfiguration,
    active: boolean,
    dnsEntry: DnsEntry | undefined,
    privateDnsEntry: DnsEntry | undefined,
    serviceNetworkArn?: string,
    serviceNetworkName?: string,
  ): VpcEndpointAssociation {
    const group = rc.resourceConfigurationGroupId
      ? this.world.region(rc.region).resourceConfigurations.get(rc.resourceConfigurationGroupId)
      : undefined;
    return {
      id: this.endpointAssociationId(),
      associatedResourceArn: rc.arn,
      associatedResourceAccessibility: active && rc.status === "ACTIVE" ? "Accessible" : "Inaccessible",
      ...(dnsEntry ? { dnsEntry: { ...dnsEntry } } : {}),
      ...(privateDnsEntry ? { privateDnsEntry: { ...privateDnsEntry } } : {}),
      ...(group ? { resourceConfigurationGroupArn: group.arn } : {}),
      ...(serviceNetworkArn ? { serviceNetworkArn } : {}),
      ...(serviceNetworkName ? { serviceNetworkName } : {}),
    };
  }

  // --- health timeline ----------------------------------------------------------------------------------

  private buildHealthTimeline() {
    this.scenario.healthTimeline.forEach((change, i) => {
      const path = `healthTimeline[${i}]`;
      const tg = this.targetGroups.get(change.targetGroup, `${path}.targetGroup`);
      const record = this.world.region(tg.region).targetGroups.get(tg.id);
      const registered = record?.targets.some(
        (t) => t.id === change.target && (change.port === undefined || t.port === change.port),
      );
      if (!registered)
        fail(
          `${path}.target`,
          `target ${change.target} is not registered in target group "${change.targetGroup}"`,
        );
      this.world.healthChanges.push({
        afterSeconds: change.afterSeconds,
        targetGroupArn: tg.arn,
        targetId: change.target,
        ...(change.port !== undefined ? { port: change.port } : {}),
        status: change.status,
        ...(change.reasonCode ? { reasonCode: change.reasonCode } : {}),
      });
    });
    this.world.healthChanges.sort((a, b) => a.afterSeconds - b.afterSeconds);
  }
}

/** Validates scenario data (YAML/JSON already parsed) and builds the World it describes. */
export function loadScenario(data: unknown): World {
  return loadParsedScenario(parseScenario(data));
}

/** Builds the World of data that is already in the schema's output form (e.g. the generator's). */
export function loadParsedScenario(scenario: Scenario): World {
  return new Loader(scenario).load();
}
