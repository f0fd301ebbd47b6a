import type { BusEvent } from "./bus-event";

export interface Scope {
  accountId: string;
  region: string;
}

/**
 * The smallest re-read that makes the store right after an event. Each names the ARN under which everything it
 * re-reads lives (`root`), which is also how a changed version is traced back to the event that caused it.
 */
export type RefreshTarget =
  | { kind: "listener"; serviceArn: string; listenerArn: string }
  /** UpdateListener changes only the default action: the default rule and its forwards. */
  | { kind: "listener-default"; serviceArn: string; listenerArn: string }
  | { kind: "service-listeners"; serviceArn: string }
  | { kind: "service"; serviceArn: string }
  | { kind: "service-network"; serviceNetworkArn: string }
  | { kind: "sn-associations"; serviceNetworkArn: string }
  | { kind: "target-group"; targetGroupArn: string }
  | { kind: "ram-shares" };

export type EventMapping =
  | { action: "refresh"; scope: Scope; targets: RefreshTarget[] }
  | { action: "crawl"; scope: Scope; reason: string }
  | { action: "ignore"; reason: string };

const READ_ONLY = /^(Get|List|Describe|BatchGet)/;
const LATTICE_ARN = /^arn:aws[a-z-]*:vpc-lattice:([a-z0-9-]+):(\d{12}):(.+)$/;
const RAM_SHARE_ARN = /^arn:aws[a-z-]*:ram:([a-z0-9-]+):(\d{12}):resource-share\//;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** An identifier (id or ARN) as an ARN: an id always names a resource of the caller's own account. */
function arnOf(event: BusEvent, identifier: string | undefined, type: string): string | undefined {
  if (!identifier) return undefined;
  if (identifier.startsWith("arn:")) return identifier;
  return `arn:aws:vpc-lattice:${event.region}:${event.account}:${type}/${identifier}`;
}

/** Account and region of an ARN (the owner's scope), else the event's own. */
export function scopeOfArn(arn: string | undefined, event: BusEvent): Scope {
  const m = arn ? (LATTICE_ARN.exec(arn) ?? RAM_SHARE_ARN.exec(arn)) : null;
  return m ? { accountId: m[2]!, region: m[1]! } : { accountId: event.account, region: event.region };
}

/** The target that re-reads whatever a Lattice ARN names (tags, policies). */
function targetOfArn(arn: string): RefreshTarget | undefined {
  const resource = LATTICE_ARN.exec(arn)?.[3] ?? "";
  const rule = /^(service\/[^/]+)\/listener\/([^/]+)\/rule\/[^/]+$/.exec(resource);
  const listener = /^(service\/[^/]+)\/listener\/([^/]+)$/.exec(resource);
  const base = arn.slice(0, arn.length - resource.length);
  if (rule || listener) {
    const m = (rule ?? listener)!;
    return { kind: "listener", serviceArn: `${base}${m[1]}`, listenerArn: `${base}${m[1]}/listener/${m[2]}` };
  }
  if (/^service\/[^/]+$/.test(resource)) return { kind: "service", serviceArn: arn };
  if (/^servicenetwork\/[^/]+$/.test(resource)) return { kind: "service-network", serviceNetworkArn: arn };
  if (/^targetgroup\/[^/]+$/.test(resource)) return { kind: "target-group", targetGroupArn: arn };
  return undefined;
}

/** A policy's resource: a service network (`sn-…`) or a service (`svc-…`), by id or ARN. */
function policyTarget(event: BusEvent, identifier: string | undefined): RefreshTarget | undefined {
  if (!identifier) return undefined;
  if (identifier.startsWith("arn:")) return targetOfArn(identifier);
  if (identifier.startsWith("sn-")) {
    return { kind: "service-network", serviceNetworkArn: arnOf(event, identifier, "servicenetwork")! };
  }
  if (identifier.startsWith("svc-"))
    return { kind: "service", serviceArn: arnOf(event, identifier, "service")! };
  return undefined;
}

function listenerTarget(event: BusEvent): RefreshTarget | undefined {
  const p = event.requestParameters;
  const r = event.responseElements;
  const serviceArn = text(r.serviceArn) ?? arnOf(event, text(p.serviceIdentifier), "service");
  if (!serviceArn) return undefined;
  const listener = text(p.listenerIdentifier);
  const update = event.eventName === "UpdateListener";
  const listenerArn =
    (update ? text(r.arn) : undefined) ??
    (listener?.startsWith("arn:") ? listener : listener ? `${serviceArn}/listener/${listener}` : undefined);
  if (!listenerArn) return undefined;
  return { kind: update ? "listener-default" : "listener", serviceArn, listenerArn };
}

function latticeTargets(event: BusEvent): RefreshTarget[] | undefined {
  const p = event.requestParameters;
  const r = event.responseElements;
  const one = (target: RefreshTarget | undefined) => (target ? [target] : undefined);
  switch (event.eventName) {
    case "UpdateListener":
    case "CreateRule":
    case "UpdateRule":
    case "DeleteRule":
    case "BatchUpdateRule":
      return one(listenerTarget(event));
    case "CreateListener":
    case "DeleteListener": {
      const serviceArn = text(r.serviceArn) ?? arnOf(event, text(p.serviceIdentifier), "service");
      return one(serviceArn ? { kind: "service-listeners", serviceArn } : undefined);
    }
    case "RegisterTargets":
    case "DeregisterTargets":
    case "UpdateTargetGroup": {
      const targetGroupArn =
        (event.eventName === "UpdateTargetGroup" ? text(r.arn) : undefined) ??
        arnOf(event, text(p.targetGroupIdentifier), "targetgroup");
      return one(targetGroupArn ? { kind: "target-group", targetGroupArn } : undefined);
    }
    case "PutAuthPolicy":
    case "DeleteAuthPolicy":
      return one(policyTarget(event, text(p.resourceIdentifier)));
    case "PutResourcePolicy":
    case "DeleteResourcePolicy":
      return one(policyTarget(event, text(p.resourceArn)));
    case "UpdateService":
      return one({
        kind: "service",
        serviceArn: text(r.arn) ?? arnOf(event, text(p.serviceIdentifier), "service")!,
      });
    case "UpdateServiceNetwork":
      return one({
        kind: "service-network",
        serviceNetworkArn: text(r.arn) ?? arnOf(event, text(p.serviceNetworkIdentifier), "servicenetwork")!,
      });
    case "TagResource":
    case "UntagResource": {
      const arn = text(p.resourceArn);
      return one(arn ? targetOfArn(arn) : undefined);
    }
    case "CreateServiceNetworkServiceAssociation":
    case "CreateServiceNetworkVpcAssociation":
    case "CreateServiceNetworkResourceAssociation":
    case "UpdateServiceNetworkVpcAssociation": {
      // The association is an edge of the network; the network's own record counts its associations.
      const serviceNetworkArn =
        text(r.serviceNetworkArn) ?? arnOf(event, text(p.serviceNetworkIdentifier), "servicenetwork");
      if (!serviceNetworkArn) return undefined;
      const ends: RefreshTarget[] = [
        { kind: "sn-associations", serviceNetworkArn },
        { kind: "service-network", serviceNetworkArn },
      ];
      // A service association's other end, when it lives in the same account × region as the network (one
      // event re-reads one scope; a service elsewhere is re-read by the next crawl of its own scope).
      const serviceArn =
        event.eventName === "CreateServiceNetworkServiceAssociation"
          ? (text(r.serviceArn) ?? arnOf(event, text(p.serviceIdentifier), "service"))
          : undefined;
      const network = LATTICE_ARN.exec(serviceNetworkArn);
      const service = serviceArn ? LATTICE_ARN.exec(serviceArn) : null;
      if (serviceArn && service && network && service[1] === network[1] && service[2] === network[2]) {
        ends.push({ kind: "service", serviceArn });
      }
      return ends;
    }
    default:
      return undefined;
  }
}

/** Maps one event to the smallest re-read; what the mapping does not know becomes a crawl of its scope. */
export function mapEvent(event: BusEvent): EventMapping {
  if (event.source === "aws.ram") {
    if (READ_ONLY.test(event.eventName))
      return { action: "ignore", reason: `${event.eventName} is read-only` };
    const share =
      event.resources.find((arn) => RAM_SHARE_ARN.test(arn)) ??
      text(event.requestParameters.resourceShareArn);
    return { action: "refresh", scope: scopeOfArn(share, event), targets: [{ kind: "ram-shares" }] };
  }
  if (event.source !== "aws.vpc-lattice")
    return { action: "ignore", reason: `events from ${event.source} are not read` };
  if (READ_ONLY.test(event.eventName)) return { action: "ignore", reason: `${event.eventName} is read-only` };
  const targets = latticeTargets(event);
  if (!targets || targets.length === 0) {
    return {
      action: "crawl",
      scope: { accountId: event.account, region: event.region },
      reason: `${event.eventName} has no smaller re-read`,
    };
  }
  return { action: "refresh", scope: scopeOfArn(rootOf(targets[0]!), event), targets };
}

/** The ARN under which everything the target re-reads lives ("" for RAM: it is matched by kind). */
export function rootOf(target: RefreshTarget): string {
  switch (target.kind) {
    case "listener":
    case "listener-default":
      return target.listenerArn;
    case "service-listeners":
    case "service":
      return target.serviceArn;
    case "service-network":
    case "sn-associations":
      return target.serviceNetworkArn;
    case "target-group":
      return target.targetGroupArn;
    case "ram-shares":
      return "";
  }
}

export function targetKey(target: RefreshTarget): string {
  return `${target.kind}|${rootOf(target)}`;
}

export interface ScopePlan {
  scope: Scope;
  /** A crawl of the whole scope replaces the re-reads (an event the mapping does not know). */
  crawl: boolean;
  targets: RefreshTarget[];
  /** Per target key, the events that asked for it, latest last. */
  causes: Map<string, BusEvent[]>;
}

export interface RefreshPlan {
  scopes: ScopePlan[];
  ignored: { event: BusEvent; reason: string }[];
}

function scopeKeyOf(scope: Scope): string {
  return `${scope.accountId}:${scope.region}`;
}

/**
 * Plans one batch: duplicates (same event id) count once, a burst for one resource becomes one re-read, a
 * listener is not re-read on its own when its service's listeners are, and a scope crawl replaces every re-read
 * of its scope. Re-reads read AWS as it is now, so the order the events arrived in does not matter.
 */
export function planRefresh(events: BusEvent[], crawled: (scope: Scope) => boolean): RefreshPlan {
  const seen = new Set<string>();
  const scopes = new Map<string, ScopePlan>();
  const ignored: RefreshPlan["ignored"] = [];
  const sorted = [...events].sort((a, b) => a.time.localeCompare(b.time));
  for (const event of sorted) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const mapping = mapEvent(event);
    if (mapping.action === "ignore") {
      ignored.push({ event, reason: mapping.reason });
      continue;
    }
    if (!crawled(mapping.scope)) {
      ignored.push({ event, reason: `${mapping.scope.accountId}/${mapping.scope.region} is not crawled` });
      continue;
    }
    const key = scopeKeyOf(mapping.scope);
    let plan = scopes.get(key);
    if (!plan) {
      plan = { scope: mapping.scope, crawl: false, targets: [], causes: new Map() };
      scopes.set(key, plan);
    }
    if (mapping.action === "crawl") {
      plan.crawl = true;
      const list = plan.causes.get("scope") ?? [];
      plan.causes.set("scope", [...list, event]);
      continue;
    }
    for (const target of mapping.targets) {
      const tk = targetKey(target);
      if (!plan.causes.has(tk)) plan.targets.push(target);
      plan.causes.set(tk, [...(plan.causes.get(tk) ?? []), event]);
    }
  }
  for (const plan of scopes.values()) {
    if (plan.crawl) {
      plan.targets = [];
      continue;
    }
    const wholeServices = new Set(
      plan.targets.flatMap((t) => (t.kind === "service-listeners" ? [t.serviceArn] : [])),
    );
    const wholeListeners = new Set(
      plan.targets.flatMap((t) => (t.kind === "listener" ? [t.listenerArn] : [])),
    );
    plan.targets = plan.targets.filter((t) => {
      if (t.kind !== "listener" && t.kind !== "listener-default") return true;
      if (wholeServices.has(t.serviceArn)) return false;
      return t.kind === "listener" || !wholeListeners.has(t.listenerArn);
    });
  }
  return { scopes: [...scopes.values()], ignored };
}

/**
 * The event that caused a change to a resource or relation re-read for `plan`: the latest event of the target
 * whose root is the longest prefix of the subject's id (a rule lives under its listener's ARN, a target under
 * its group's), or of the RAM re-read for shares.
 */
export function causeOf(
  plan: ScopePlan,
  subject: { id: string; kind: string; source?: string },
): BusEvent | undefined {
  let best: { length: number; events: BusEvent[] } | undefined;
  const ids = [subject.id, ...(subject.source ? [subject.source] : [])];
  for (const target of plan.targets) {
    const events = plan.causes.get(targetKey(target));
    if (!events || events.length === 0) continue;
    if (target.kind === "ram-shares") {
      if (subject.kind === "ram-share" || subject.kind === "shared-with") {
        if (!best) best = { length: 0, events };
      }
      continue;
    }
    const root = rootOf(target);
    if (ids.some((id) => id === root || id.startsWith(`${root}/`))) {
      if (!best || root.length > best.length) best = { length: root.length, events };
    }
  }
  return best?.events.at(-1);
}
