import { unknownBecause } from "../topology/incomplete";
import type { Topology } from "../topology/topology";
import {
  connectionsToService,
  findService,
  findVpc,
  policiesFromTopology,
  vpcIdOf,
  type Connection,
  type EstatePolicies,
} from "./connectivity";
import {
  evaluateLattice,
  evaluateLayer,
  invokeRequest,
  type AccessRequest,
  type LayerPolicy,
  type LayerTrace,
} from "./evaluate";
import {
  connectionUncertain,
  policyUnknowns,
  serviceConnectivityUnknowns,
  type UnknownRead,
} from "./connectivity-unknowns";
import { organizationFromTopology } from "./matrix";
import { routesForService } from "./matrix-routes";
import { identityOf, requestPrincipal, type Organization } from "./principals";

/** "Can principal P, calling from VPC V, invoke METHOD PATH on service S?" */
export interface AccessQuery {
  /** "anonymous", an account ID, or an IAM user, role or assumed-role session ARN. */
  principal: string;
  /** VPC ID, VPC ARN or VPC name. */
  sourceVpc: string;
  method: string;
  path: string;
  /** Service ARN, ID or name. */
  service: string;
  port?: number;
  headers?: Readonly<Record<string, string>>;
}

export type SimulationStep =
  | {
      step: "connectivity";
      connected: boolean;
      connection?: Connection;
      alternatives: Connection[];
      message: string;
      /** Set when a failed read leaves open whether the VPC reaches the service: what failed. */
      unknown?: string;
    }
  | ({ step: "network"; networkArn: string; networkName: string } & LayerTrace)
  | ({
      step: "service";
      serviceArn: string;
      serviceName: string;
      /** Evaluated as if the VPC were connected: the request can't get there today. */
      hypothetical?: boolean;
    } & LayerTrace);

export interface Simulation {
  /** "unknown" when the answer depends on a read the last crawl could not make (`unknown` lists them). */
  decision: "allow" | "deny" | "unknown";
  reason: string;
  /** What the answer rests on that the person may not have meant (a principal that is not an ARN, say). */
  warnings: string[];
  request?: AccessRequest;
  trace: SimulationStep[];
  unknown?: UnknownRead[];
}

const NOT_ENFORCED: LayerPolicy = { authType: "NONE", policy: null };

function describeConnection(c: Connection): string {
  return c.via.kind === "association"
    ? `${c.vpcId} is associated with service network ${c.networkName}${c.via.associationId ? ` (${c.via.associationId})` : ""}`
    : `${c.vpcId} reaches service network ${c.networkName} through VPC endpoint ${c.via.endpointId}`;
}

/**
 * Simulates one request through Lattice: is the VPC connected to the service (which association or endpoint),
 * then the service network's and the service's auth policies as Lattice combines them.
 */
export function simulateAccess(
  topology: Topology,
  query: AccessQuery,
  policies: EstatePolicies = policiesFromTopology(topology),
  options: { organization?: Organization } = {},
): Simulation {
  const result = simulate(topology, query, policies, options);
  const warnings = principalWarnings(query.principal);
  return { ...result, warnings };
}

/** A principal that is neither an IAM ARN (or account ID), "*" nor "anonymous" matches no Principal element. */
export function principalWarnings(text: string): string[] {
  const value = text.trim();
  if (value === "*" || value.toLowerCase() === "anonymous" || identityOf(value)) return [];
  return [
    `"${value}" is not an IAM ARN, an account ID, "*" or "anonymous": no Principal element names it, so only statements with Principal "*" apply to it`,
  ];
}

function simulate(
  topology: Topology,
  query: AccessQuery,
  policies: EstatePolicies,
  options: { organization?: Organization },
): Omit<Simulation, "warnings"> {
  const service = findService(topology, query.service);
  if (!service) {
    const unread = (topology.incomplete ?? []).filter((m) => m.part === "services");
    const because = unknownBecause(unread);
    const message = `no service "${query.service}" in the estate`;
    return {
      decision: because ? "unknown" : "deny",
      reason: because ? `${because}: ${message} as far as Trellis could read` : message,
      trace: [{ step: "connectivity", connected: false, alternatives: [], message }],
      ...(because ? { unknown: unread.map((m) => ({ ...m })) } : {}),
    };
  }
  const vpc = findVpc(topology, query.sourceVpc);
  const vpcId = vpc ? vpcIdOf(vpc.id, vpc) : query.sourceVpc;
  const connections = connectionsToService(topology, service.id).filter((c) => c.vpcId === vpcId);
  const certain = connections.filter((c) => !connectionUncertain(topology, c, service.id));
  const [connection, ...alternatives] = certain.length > 0 ? certain : connections;
  // One path read in full settles it; otherwise every failed listing on the way leaves it open.
  const connectivityReads = certain.length > 0 ? [] : serviceConnectivityUnknowns(topology, service.id);
  const connectivityUnknown = unknownBecause(connectivityReads);
  const principal = requestPrincipal(
    query.principal,
    options.organization ?? organizationFromTopology(topology),
  );
  const port = query.port ?? routesForService(topology, service.id, [])[0]?.port;
  const request = invokeRequest({
    principal,
    serviceArn: service.id,
    method: query.method,
    path: query.path,
    sourceVpc: vpcId,
    ...(vpc ? { sourceVpcOwnerAccount: vpc.accountId } : {}),
    ...(connection ? { serviceNetworkArn: connection.networkArn } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(query.headers ? { headers: query.headers } : {}),
  });
  const serviceLayer = policies.services[service.id] ?? NOT_ENFORCED;
  const serviceStep = (trace: LayerTrace, hypothetical: boolean): SimulationStep => ({
    step: "service",
    serviceArn: service.id,
    serviceName: service.name,
    ...(hypothetical ? { hypothetical } : {}),
    ...trace,
  });

  if (!connection) {
    const message = `${vpcId} is not associated with a service network of ${service.name} and has no VPC endpoint to one`;
    return {
      decision: connectivityUnknown ? "unknown" : "deny",
      reason: connectivityUnknown ? `${connectivityUnknown}; as far as it was read, ${message}` : message,
      request,
      trace: [
        {
          step: "connectivity",
          connected: false,
          alternatives: [],
          message,
          ...(connectivityUnknown ? { unknown: connectivityUnknown } : {}),
        },
        serviceStep(evaluateLayer("service", serviceLayer, request), true),
      ],
      ...(connectivityUnknown ? { unknown: connectivityReads } : {}),
    };
  }

  const networkLayer = policies.networks[connection.networkArn] ?? NOT_ENFORCED;
  const result = evaluateLattice({ network: networkLayer, service: serviceLayer }, request);
  const [networkTrace, serviceTrace] = result.layers as [LayerTrace, LayerTrace];
  const decided = result.layers.find((t) => t.layer === result.decidedBy);
  const answer =
    result.decision === "allow"
      ? "both layers let the request through"
      : `${decided?.layer} layer: ${decided?.reason}`;
  const unread = [
    ...connectivityReads,
    ...policyUnknowns(topology, connection.networkArn),
    ...policyUnknowns(topology, service.id),
  ];
  const because = unknownBecause(unread);
  const message = describeConnection(connection);
  return {
    decision: because ? "unknown" : result.decision === "allow" ? "allow" : "deny",
    reason: because
      ? `${because}; as last read: ${result.decision === "allow" ? "allow" : "deny"}, ${answer}`
      : answer,
    request,
    trace: [
      {
        step: "connectivity",
        connected: true,
        connection,
        alternatives,
        message: connectivityUnknown ? `as last read, ${message}` : message,
        ...(connectivityUnknown ? { unknown: connectivityUnknown } : {}),
      },
      {
        step: "network",
        networkArn: connection.networkArn,
        networkName: connection.networkName,
        ...networkTrace,
      },
      serviceStep(serviceTrace, false),
    ],
    ...(because ? { unknown: unread } : {}),
  };
}
