import type { Topology, TopologyNode } from "../topology/topology";
import { isRecord, readPolicy, type PolicyInput } from "./document";
import { conditionKeyInfo } from "./grammar";
import { resourceCanMatchService } from "./validate-resource";

/** A method and path worth asking about, with where it came from. */
export interface MatrixRoute {
  method: string;
  path: string;
  port?: number;
  origin: "rule" | "policy" | "default";
  /** The listener rule it was drawn from. */
  rule?: string;
}

/** Stands for "anything below this prefix" in sample paths. */
export const ANY_SEGMENT = "…";

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function children(topology: Topology, parent: string, kind: "listener" | "rule"): TopologyNode[] {
  const edgeKind = kind === "listener" ? "service-listener" : "listener-rule";
  const linked = new Set(
    topology.edges.filter((e) => e.kind === edgeKind && e.source === parent).map((e) => e.target),
  );
  return topology.nodes.filter((n) => n.kind === kind && (n.parentId === parent || linked.has(n.id)));
}

function joinPath(prefix: string, segment: string): string {
  return `${prefix.replace(/\/+$/, "")}/${segment}`;
}

/** A concrete path standing for a wildcard path pattern: `*` becomes "…", `?` becomes "x". */
function samplePath(pattern: string): string | undefined {
  if (!pattern.startsWith("/") || /^\/\**$/.test(pattern)) return undefined;
  return pattern.replace(/\*/g, ANY_SEGMENT).replace(/\?/g, "x");
}

/** Paths and methods that the policies single out for this service (Resource paths, RequestPath/Method values). */
function policyRoutes(
  policies: readonly PolicyInput[],
  serviceArn: string,
): { paths: string[]; methods: string[] } {
  const paths: string[] = [];
  const methods: string[] = [];
  for (const input of policies) {
    const policy = readPolicy(input);
    for (const statement of policy?.statements ?? []) {
      for (const pattern of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) {
        if (!resourceCanMatchService(pattern, serviceArn)) continue;
        const rest = pattern.startsWith(`${serviceArn}/`)
          ? pattern.slice(serviceArn.length)
          : pattern.startsWith("*/")
            ? pattern.slice(1)
            : undefined;
        const path = rest === undefined ? undefined : samplePath(rest);
        if (path) paths.push(path);
      }
      for (const block of Object.values(statement.condition ?? {})) {
        for (const [key, values] of Object.entries(block)) {
          const canonical = conditionKeyInfo(key)?.canonical;
          if (canonical === "vpc-lattice-svcs:RequestPath") {
            for (const v of values) {
              const path = samplePath(v);
              if (path) paths.push(path);
            }
          }
          if (canonical === "vpc-lattice-svcs:RequestMethod") {
            methods.push(...values.filter((v) => /^[A-Za-z]+$/.test(v)).map((v) => v.toUpperCase()));
          }
        }
      }
    }
  }
  return { paths, methods };
}

/** Routes of a service: its listener rules' method/path matches, paths and methods its policies name, and GET /. */
export function routesForService(
  topology: Topology,
  serviceArn: string,
  policies: readonly PolicyInput[],
): MatrixRoute[] {
  const routes: MatrixRoute[] = [];
  const listeners = children(topology, serviceArn, "listener").sort((a, b) => (a.id < b.id ? -1 : 1));
  const firstPort = listeners.map((l) => l.data.port).find((p): p is number => typeof p === "number");
  const withPort = (port: unknown) =>
    typeof port === "number" ? { port } : firstPort !== undefined ? { port: firstPort } : {};
  routes.push({ method: "GET", path: "/", origin: "default", ...withPort(undefined) });
  for (const listener of listeners) {
    for (const rule of children(topology, listener.id, "rule")) {
      const http =
        isRecord(rule.data.match) && isRecord(rule.data.match.httpMatch)
          ? rule.data.match.httpMatch
          : undefined;
      if (!http) continue;
      const match = isRecord(http.pathMatch) && isRecord(http.pathMatch.match) ? http.pathMatch.match : {};
      const exact = str(match.exact);
      const prefix = str(match.prefix);
      const paths = exact ? [exact] : prefix ? [prefix, joinPath(prefix, ANY_SEGMENT)] : ["/"];
      const method = str(http.method)?.toUpperCase() ?? "GET";
      for (const path of paths)
        routes.push({ method, path, origin: "rule", rule: rule.name, ...withPort(listener.data.port) });
    }
  }
  const named = policyRoutes(policies, serviceArn);
  for (const path of named.paths)
    routes.push({ method: "GET", path, origin: "policy", ...withPort(undefined) });
  for (const method of named.methods)
    routes.push({ method, path: "/", origin: "policy", ...withPort(undefined) });
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
