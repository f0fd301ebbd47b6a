"use client";

import type { ResourceVersionView } from "@/lib/domain/http/api-responses";
import { filterFindings } from "@/lib/domain/topology/findings";
import { ownershipOf } from "@/lib/domain/topology/ownership";
import { listenersUnknown, routingTable, type RoutingRow } from "@/lib/domain/routing/routing-table";
import type { ResourceKind } from "@/lib/domain/topology/snapshot";
import type { Topology, TopologyNode } from "@/lib/domain/topology/topology";
import { RoutingEditProvider } from "@/components/changes/routing-edits";
import { FindingCard } from "@/components/findings/finding-card";
import { findingsOf, healthIndex, nodeIndex } from "@/components/findings/findings-of";
import { AuthPolicyView } from "./auth-policy-view";
import { ConnectionsView } from "./connections-view";
import { DnsEntriesView } from "./dns-entries-view";
import { FieldsView } from "./fields-view";
import { connectionsOf, dnsEntriesFor, targetsOf, weightsReceived } from "./inspector-model";
import { OwnershipView } from "./ownership-view";
import { RoutingTableView } from "./routing-table-view";
import { Section } from "./section";
import { TagsTable } from "./tags-table";
import { TargetGroupView } from "./target-group-view";
import { UnknownPartsView } from "./unknown-parts-view";
import { VersionHistory } from "./version-history";
import { asTags } from "./values";
import { CanaryViews } from "@/components/traffic/canary-view";
import { TrafficView } from "@/components/traffic/traffic-view";

export interface InspectedResource {
  id: string;
  kind: ResourceKind;
  /** The resource's fields at the run the inspector shows. */
  data: Record<string, unknown>;
  /** The AWS payloads, when the inspector shows the newest version. */
  raw: Record<string, unknown> | null;
  history: ResourceVersionView[] | undefined;
  deleted: boolean;
  versionId: number | undefined;
}

function routingRows(
  topology: Topology,
  node: TopologyNode,
  nodes: ReadonlyMap<string, TopologyNode>,
): RoutingRow[] {
  const health = healthIndex(topology);
  if (node.kind === "service") return routingTable(topology, node.id, health);
  const listenerId = node.kind === "listener" ? node.id : node.parentId;
  const serviceId = listenerId ? nodes.get(listenerId)?.parentId : undefined;
  if (!listenerId || !serviceId) return [];
  return routingTable(topology, serviceId, health).filter((row) => row.listenerArn === listenerId);
}

/** The sections that depend on the rest of the estate: findings, owners, DNS, routing, targets, relations. */
function TopologySections({
  topology,
  resource,
  canEdit,
  autoEdit,
}: {
  topology: Topology;
  resource: InspectedResource;
  canEdit: boolean;
  autoEdit: string | undefined;
}) {
  const nodes = nodeIndex(topology);
  const node = nodes.get(resource.id);
  if (!node) return null;
  const findings = filterFindings(findingsOf(topology), { resourceId: node.id });
  const owners = ownershipOf(node.id, nodes);
  const dns = dnsEntriesFor(node, topology, nodes);
  const connections = connectionsOf(node.id, topology, nodes);
  const routed = node.kind === "service" || node.kind === "listener" || node.kind === "rule";
  return (
    <>
      {node.incomplete && node.incomplete.length > 0 && (
        <UnknownPartsView parts={node.incomplete} subjectName={(id) => nodes.get(id)?.name ?? id} />
      )}
      {findings.length > 0 && (
        <Section
          title="Findings"
          testId="inspector-findings"
          aside={<span className="text-xs text-neutral-500">{findings.length}</span>}
        >
          <ul className="flex flex-col gap-3">
            {findings.map((finding) => (
              <li key={finding.id}>
                <FindingCard finding={finding} />
              </li>
            ))}
          </ul>
        </Section>
      )}
      {(node.kind === "service" || node.kind === "target-group") && <TrafficView arn={node.id} />}
      {routed && <CanaryViews topology={topology} node={node} />}
      {owners.length > 0 && <OwnershipView owners={owners} />}
      {dns.length > 0 && <DnsEntriesView entries={dns} />}
      {routed && (
        <RoutingEditProvider value={{ topology, nodes, health: healthIndex(topology), canEdit, autoEdit }}>
          <RoutingTableView
            rows={routingRows(topology, node, nodes)}
            title={node.kind === "service" ? "Routing" : "Routing of the listener"}
            {...(node.kind === "rule" ? { highlightRuleId: node.id } : {})}
            listenersUnknown={node.kind === "service" ? listenersUnknown(topology, node.id) : undefined}
          />
        </RoutingEditProvider>
      )}
      {node.kind === "target-group" && (
        <TargetGroupView
          targets={targetsOf(node.id, topology)}
          health={healthIndex(topology).get(node.id)}
          received={weightsReceived(node.id, topology, nodes, healthIndex(topology))}
        />
      )}
      {connections.length > 0 && <ConnectionsView connections={connections} />}
    </>
  );
}

export function InspectorBody({
  topology,
  resource,
  canEdit = false,
  latest = false,
  autoEdit,
}: {
  topology: Topology | undefined;
  resource: InspectedResource;
  /** Offer routing edits: the latest state, to someone who may apply them. */
  canEdit?: boolean;
  /** A rule whose editor opens at once. */
  autoEdit?: string;
  /** Showing the newest crawled state (not an older run): policy edits and simulations start from it. */
  latest?: boolean;
}) {
  const { data, kind } = resource;
  return (
    <>
      {topology && (
        <TopologySections topology={topology} resource={resource} canEdit={canEdit} autoEdit={autoEdit} />
      )}
      {(kind === "service" || kind === "service-network") && (
        <AuthPolicyView
          data={data}
          what={kind === "service" ? "service" : "service network"}
          resource={{
            id: resource.id,
            kind,
            name: topology?.nodes.find((n) => n.id === resource.id)?.name ?? resource.id,
          }}
          topology={topology}
          editable={latest && !resource.deleted}
        />
      )}
      {"tags" in data && <TagsTable tags={asTags(data.tags)} />}
      <FieldsView data={data} raw={resource.raw} />
      {resource.history && (
        <VersionHistory
          history={resource.history}
          deleted={resource.deleted}
          currentVersionId={resource.versionId}
        />
      )}
    </>
  );
}
