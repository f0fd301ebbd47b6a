import type { ResourceKind } from "./snapshot";
import type { TopologyNode } from "./topology";

export type Manager = "cloudformation" | "gateway-api-controller" | "ecs" | "ack" | "terraform";

/** Something that manages a resource from outside Trellis: edits made here are reverted or overwritten by it. */
export interface Ownership {
  manager: Manager;
  label: string;
  /** Stack name, route namespace/name, ECS service … */
  detail: string;
  advice: string;
  /** The tags that gave it away. */
  evidence: Record<string, string>;
  /** Set when the owner was found on an ancestor (a listener or rule of a managed service). */
  inheritedFrom?: { id: string; name: string; kind: ResourceKind };
}

const CFN = "aws:cloudformation:";
const K8S = "application-networking.k8s.aws/";
const ACK = "services.k8s.aws/";

function pick(tags: Record<string, string>, test: (key: string) => boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([key]) => test(key)));
}

function lastSegment(value: string): string {
  return value.split("/").filter(Boolean).pop() ?? value;
}

function cloudFormation(tags: Record<string, string>): Ownership | undefined {
  const evidence = pick(tags, (k) => k.startsWith(CFN));
  if (Object.keys(evidence).length === 0) return undefined;
  const stackId = tags[`${CFN}stack-id`];
  const stack = tags[`${CFN}stack-name`] ?? (stackId ? (stackId.split("/")[1] ?? stackId) : "unknown stack");
  const logicalId = tags[`${CFN}logical-id`];
  return {
    manager: "cloudformation",
    label: "CloudFormation",
    detail: logicalId ? `stack ${stack}, resource ${logicalId}` : `stack ${stack}`,
    advice: `Change the template of stack ${stack} and update the stack; edits made here are drift and are reverted by the next stack update.`,
    evidence,
  };
}

function gatewayApiController(tags: Record<string, string>): Ownership | undefined {
  const evidence = pick(tags, (k) => k.startsWith(K8S));
  if (Object.keys(evidence).length === 0) return undefined;
  const get = (...names: string[]) => names.map((n) => tags[`${K8S}${n}`]).find((v) => v);
  const managedBy = get("ManagedBy");
  // ManagedBy is "<account>/<cluster>/<vpc>"; older versions only set K8SClusterName.
  const cluster = managedBy?.split("/")[1] ?? get("K8SClusterName");
  const routeName = get("RouteName");
  const routeNamespace = get("RouteNamespace");
  const routeType = get("RouteType", "SourceTypeKey");
  const serviceName = get("ServiceName", "K8SServiceName");
  const serviceNamespace = get("ServiceNamespace", "K8SServiceNamespace");
  const kindOfRoute = /grpc/i.test(routeType ?? "") ? "GRPCRoute" : "HTTPRoute";
  const route = routeName ? `${kindOfRoute} ${routeNamespace ?? "default"}/${routeName}` : undefined;
  const service = serviceName ? `Service ${serviceNamespace ?? "default"}/${serviceName}` : undefined;
  const inCluster = cluster ? ` in cluster ${cluster}` : "";
  const detail = [route, service].filter(Boolean).join(", ") || (cluster ? "" : (managedBy ?? ""));
  return {
    manager: "gateway-api-controller",
    label: "AWS Gateway API Controller",
    detail: detail ? `${detail}${inCluster}` : `cluster ${cluster ?? "unknown"}`,
    advice: route
      ? `Change the ${route}${inCluster} instead; the controller reconciles this resource back to the route.`
      : `Change the Kubernetes resources${inCluster} instead; the controller reconciles this resource.`,
    evidence,
  };
}

function ecs(tags: Record<string, string>): Ownership | undefined {
  const evidence = pick(tags, (k) => k === "AmazonECSManaged" || k.startsWith("aws:ecs:"));
  if (Object.keys(evidence).length === 0) return undefined;
  const serviceArn = tags["aws:ecs:serviceArn"];
  const cluster = tags["aws:ecs:clusterName"] ?? (serviceArn ? serviceArn.split("/")[1] : undefined);
  const service = tags["aws:ecs:serviceName"] ?? (serviceArn ? lastSegment(serviceArn) : undefined);
  const detail = service ? `service ${service}${cluster ? ` in cluster ${cluster}` : ""}` : "ECS-managed";
  return {
    manager: "ecs",
    label: "Amazon ECS",
    detail,
    advice: `ECS registers and deregisters the targets as tasks start and stop; change the ECS ${detail} (its VPC Lattice configuration) instead of the targets here.`,
    evidence,
  };
}

function ack(tags: Record<string, string>): Ownership | undefined {
  const evidence = pick(tags, (k) => k.startsWith(ACK));
  if (Object.keys(evidence).length === 0) return undefined;
  const namespace = tags[`${ACK}namespace`];
  return {
    manager: "ack",
    label: "AWS Controllers for Kubernetes",
    detail: namespace ? `namespace ${namespace}` : "ACK-managed",
    advice: "Change the custom resource in Kubernetes instead; the ACK controller reconciles this resource.",
    evidence,
  };
}

function terraform(tags: Record<string, string>): Ownership | undefined {
  const evidence = pick(
    tags,
    (k) =>
      /terraform|opentofu/i.test(k) ||
      (/^(managed[-_ ]?by|provisioner|provisioned[-_ ]?by|created[-_ ]?by|iac|tool)$/i.test(k) &&
        /terraform|opentofu/i.test(tags[k] ?? "")),
  );
  if (Object.keys(evidence).length === 0) return undefined;
  const workspace = Object.entries(tags).find(([k]) => /workspace|module|repo/i.test(k))?.[1];
  return {
    manager: "terraform",
    label: "Terraform (from tags)",
    detail: workspace ?? Object.entries(evidence).map(([k, v]) => `${k}=${v}`)[0] ?? "",
    advice:
      "Tags suggest Terraform manages this resource: change the configuration and apply it, or the next plan reverts edits made here.",
    evidence,
  };
}

const DETECTORS = [cloudFormation, gatewayApiController, ecs, ack, terraform];

/** Owners that a resource's tags reveal, most specific first. */
export function ownershipFromTags(tags: Record<string, string> | null | undefined): Ownership[] {
  if (!tags) return [];
  return DETECTORS.map((detect) => detect(tags)).filter((o): o is Ownership => o !== undefined);
}

function tagsOf(node: TopologyNode): Record<string, string> {
  const tags = node.data.tags;
  if (!tags || typeof tags !== "object" || Array.isArray(tags)) return {};
  return Object.fromEntries(
    Object.entries(tags).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** Kinds that Lattice manages as parts of their parent: they belong to whoever owns the parent. */
const INHERITS: Partial<Record<ResourceKind, readonly ResourceKind[]>> = {
  listener: ["service"],
  rule: ["listener"],
  target: ["target-group"],
};

/**
 * Who owns a resource: from its own tags and, for listeners, rules and targets (parts of their parent), from the
 * nearest ancestor with an owner, whose tags usually say more (the route, not just the controller).
 */
export function ownershipOf(nodeId: string, nodes: ReadonlyMap<string, TopologyNode>): Ownership[] {
  const node = nodes.get(nodeId);
  if (!node) return [];
  const own = ownershipFromTags(tagsOf(node));
  const inherited = inheritedOwnership(node, nodes);
  const merged = own.map((o) => {
    const parent = inherited.find((i) => i.manager === o.manager);
    return parent ? { ...parent, evidence: { ...parent.evidence, ...o.evidence } } : o;
  });
  return [...merged, ...inherited.filter((i) => !own.some((o) => o.manager === i.manager))];
}

function inheritedOwnership(node: TopologyNode, nodes: ReadonlyMap<string, TopologyNode>): Ownership[] {
  const parent = node.parentId ? nodes.get(node.parentId) : undefined;
  if (!parent || !INHERITS[node.kind]?.includes(parent.kind)) return [];
  const from = { id: parent.id, name: parent.name, kind: parent.kind };
  return ownershipOf(parent.id, nodes).map((o) => ({ ...o, inheritedFrom: o.inheritedFrom ?? from }));
}
