import { describeMatch } from "@/lib/domain/routing/routing-table";
import type { TopologyNode } from "@/lib/domain/topology/topology";

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The short id AWS shows for a resource (svc-…, tg-…, vpc-…), else the last part of its id. */
export function shortId(node: TopologyNode): string {
  if (node.kind === "account") return node.accountId;
  const id = str(node.data.id) ?? str(node.data.vpcId) ?? str(node.data.vpcEndpointId);
  if (id && !id.startsWith("arn:")) return id;
  return node.id.split("/").pop() ?? node.id;
}

/** One line of what matters most about a resource besides its name. */
export function nodeDetail(node: TopologyNode): string | undefined {
  const d = node.data;
  switch (node.kind) {
    case "listener": {
      const protocol = str(d.protocol);
      const port = num(d.port);
      return [protocol, port].filter((v) => v !== undefined).join(" ") || undefined;
    }
    case "rule": {
      if (d.isDefault === true) return "default action";
      const priority = num(d.priority);
      const match = d.match === undefined ? undefined : describeMatch(d.match);
      return (
        [priority === undefined ? undefined : `#${priority}`, match].filter(Boolean).join(" ") || undefined
      );
    }
    case "target":
      return str(d.status) ?? str(node.status);
    case "target-group": {
      const config = record(d.config);
      const protocol = str(config?.protocol);
      const port = num(config?.port);
      return [str(d.type), [protocol, port].filter((v) => v !== undefined).join(" ")]
        .filter(Boolean)
        .join(" · ");
    }
    case "vpc":
      return str(d.cidrBlock);
    case "resource-configuration": {
      const ports = Array.isArray(d.portRanges) ? d.portRanges.filter((p) => typeof p === "string") : [];
      return [str(d.type), str(d.protocol), ports.join(",")].filter(Boolean).join(" · ") || undefined;
    }
    case "vpc-endpoint":
      return str(d.vpcEndpointType) ?? str(d.state);
    case "ram-share": {
      const principals = Array.isArray(d.principals) ? d.principals.length : 0;
      return `${principals} principal${principals === 1 ? "" : "s"}`;
    }
    case "service":
      return str(d.customDomainName) ?? (str(d.authType) ? `auth ${str(d.authType)}` : undefined);
    default:
      return undefined;
  }
}
