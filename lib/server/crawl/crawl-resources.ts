import "server-only";
import { accountNode, vpcNode } from "./node-ids";
import { payload, plainJson } from "./payload";
import { pageOf } from "./scope-context";
import { crawlOwnedKind, tagsOf, unreadParts, type ScopeCrawl } from "./scope-crawl";

/** Resource gateways the account owns; each sits in its VPC. */
export async function crawlResourceGateways(s: ScopeCrawl): Promise<void> {
  await crawlOwnedKind(
    s,
    {
      kind: "resource-gateway",
      part: "resource-gateways",
      operation: "ListResourceGateways",
      arnType: "resourcegateway",
      page: async (nextToken) => pageOf(await s.aws.listResourceGateways({ nextToken })),
      unplaced: () => "ListResourceGateways returned a gateway without arn or id",
    },
    async (arn, summary) => {
      const [detail, tags] = await Promise.all([
        s.ctx.call("GetResourceGateway", arn, () =>
          s.aws.getResourceGateway({ resourceGatewayIdentifier: s.identifier(arn) }),
        ),
        tagsOf(s, arn),
      ]);
      const listed = plainJson({ ...summary, arn });
      const incomplete = unreadParts(s, arn, [
        [detail, "detail", "GetResourceGateway", { fromListing: Object.keys(listed) }],
        [tags, "tags", "ListTagsForResource", { keys: ["tags"] }],
      ]);
      const vpcId = detail?.vpcId ?? summary.vpcIdentifier;
      s.ctx.addResource({
        id: arn,
        kind: "resource-gateway",
        accountId: s.accountId,
        region: s.region,
        name: detail?.name ?? summary.name ?? arn,
        parentId: vpcId ? vpcNode(s.region, s.accountId, vpcId) : accountNode(s.accountId),
        data: plainJson({ ...(detail ? payload(detail) : listed), ...(tags !== undefined ? { tags } : {}) }),
        ...(incomplete.length > 0 ? { incomplete } : {}),
      });
    },
  );
}

/** Resource configurations the account owns, their gateway and the VPC endpoints that reach them. */
export async function crawlResourceConfigurations(s: ScopeCrawl): Promise<void> {
  let allGatewaysKnown = true;
  const allPlaced = await crawlOwnedKind(
    s,
    {
      kind: "resource-configuration",
      part: "resource-configurations",
      operation: "ListResourceConfigurations",
      arnType: "resourceconfiguration",
      page: async (nextToken) => pageOf(await s.aws.listResourceConfigurations({ nextToken })),
      unplaced: () => "ListResourceConfigurations returned a resource configuration without arn or id",
    },
    async (arn, summary) => {
      const identifier = s.identifier(arn);
      const [detail, tags, endpointAssociations] = await Promise.all([
        s.ctx.call("GetResourceConfiguration", arn, () =>
          s.aws.getResourceConfiguration({ resourceConfigurationIdentifier: identifier }),
        ),
        tagsOf(s, arn),
        s.ctx.list("ListResourceEndpointAssociations", arn, async (nextToken) =>
          pageOf(
            await s.aws.listResourceEndpointAssociations({
              resourceConfigurationIdentifier: identifier,
              nextToken,
            }),
          ),
        ),
      ]);
      const listed = plainJson({ ...summary, arn });
      const incomplete = unreadParts(s, arn, [
        [detail, "detail", "GetResourceConfiguration", { fromListing: Object.keys(listed) }],
        [tags, "tags", "ListTagsForResource", { keys: ["tags"] }],
        [
          endpointAssociations,
          "endpoint-associations",
          "ListResourceEndpointAssociations",
          { keys: ["endpointAssociations"] },
        ],
      ]);
      s.ctx.addResource({
        id: arn,
        kind: "resource-configuration",
        accountId: s.accountId,
        region: s.region,
        name: detail?.name ?? summary.name ?? arn,
        parentId: accountNode(s.accountId),
        data: plainJson({
          ...(detail ? payload(detail) : listed),
          ...(tags !== undefined ? { tags } : {}),
          ...(endpointAssociations ? { endpointAssociations } : {}),
        }),
        raw: plainJson(
          detail ? { GetResourceConfiguration: payload(detail) } : { ListResourceConfigurations: summary },
        ),
        ...(incomplete.length > 0 ? { incomplete } : {}),
      });
      const gatewayId = detail?.resourceGatewayId ?? summary.resourceGatewayId;
      if (gatewayId) s.ctx.addRelation("rgw-rcfg", s.arnOf("resourcegateway", gatewayId), arn);
      else if (!detail) allGatewaysKnown = false;
    },
  );
  if (allPlaced && allGatewaysKnown) s.ctx.completed("rgw-rcfg");
}
