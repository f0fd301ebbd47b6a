import "server-only";
import type { CrawledIncompletePart } from "@/lib/domain/topology/incomplete";
import { accountNode, vpcNode } from "./node-ids";
import { payload, plainJson } from "./payload";
import { tagsOf, type ScopeCrawl } from "./scope-crawl";

/** Resource gateways the account owns; each sits in its VPC. */
export async function crawlResourceGateways(s: ScopeCrawl): Promise<void> {
  const gateways = await s.ctx.list("ListResourceGateways", undefined, async (nextToken) => {
    const out = await s.aws.listResourceGateways({ nextToken });
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!gateways) {
    s.ctx.listingFailed("resource-gateways", "ListResourceGateways");
    return;
  }
  let allPlaced = true;
  await Promise.all(
    gateways.map(async (summary) => {
      const arn = summary.arn ?? (summary.id ? s.arnOf("resourcegateway", summary.id) : undefined);
      if (!arn) {
        allPlaced = false;
        s.ctx.problem(
          "ListResourceGateways",
          undefined,
          "ListResourceGateways returned a gateway without arn or id",
        );
        return;
      }
      if (!s.owns(arn)) return;
      const [detail, tags] = await Promise.all([
        s.ctx.call("GetResourceGateway", arn, () =>
          s.aws.getResourceGateway({ resourceGatewayIdentifier: s.identifier(arn) }),
        ),
        tagsOf(s, arn),
      ]);
      const listed = plainJson({ ...summary, arn });
      const incomplete: CrawledIncompletePart[] = [];
      if (!detail)
        incomplete.push(
          s.ctx.unread("detail", "GetResourceGateway", arn, { fromListing: Object.keys(listed) }),
        );
      if (tags === undefined)
        incomplete.push(s.ctx.unread("tags", "ListTagsForResource", arn, { keys: ["tags"] }));
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
    }),
  );
  if (allPlaced) s.ctx.completed("resource-gateway");
}

/** Resource configurations the account owns, their gateway and the VPC endpoints that reach them. */
export async function crawlResourceConfigurations(s: ScopeCrawl): Promise<void> {
  const configurations = await s.ctx.list("ListResourceConfigurations", undefined, async (nextToken) => {
    const out = await s.aws.listResourceConfigurations({ nextToken });
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!configurations) {
    s.ctx.listingFailed("resource-configurations", "ListResourceConfigurations");
    return;
  }
  let allPlaced = true;
  let allGatewaysKnown = true;
  await Promise.all(
    configurations.map(async (summary) => {
      const arn = summary.arn ?? (summary.id ? s.arnOf("resourceconfiguration", summary.id) : undefined);
      if (!arn) {
        allPlaced = false;
        s.ctx.problem(
          "ListResourceConfigurations",
          undefined,
          "ListResourceConfigurations returned a resource configuration without arn or id",
        );
        return;
      }
      if (!s.owns(arn)) return;
      const identifier = s.identifier(arn);
      const [detail, tags, endpointAssociations] = await Promise.all([
        s.ctx.call("GetResourceConfiguration", arn, () =>
          s.aws.getResourceConfiguration({ resourceConfigurationIdentifier: identifier }),
        ),
        tagsOf(s, arn),
        s.ctx.list("ListResourceEndpointAssociations", arn, async (nextToken) => {
          const out = await s.aws.listResourceEndpointAssociations({
            resourceConfigurationIdentifier: identifier,
            nextToken,
          });
          return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
        }),
      ]);
      const listed = plainJson({ ...summary, arn });
      const incomplete: CrawledIncompletePart[] = [];
      if (!detail) {
        incomplete.push(
          s.ctx.unread("detail", "GetResourceConfiguration", arn, { fromListing: Object.keys(listed) }),
        );
      }
      if (tags === undefined)
        incomplete.push(s.ctx.unread("tags", "ListTagsForResource", arn, { keys: ["tags"] }));
      if (!endpointAssociations) {
        incomplete.push(
          s.ctx.unread("endpoint-associations", "ListResourceEndpointAssociations", arn, {
            keys: ["endpointAssociations"],
          }),
        );
      }
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
    }),
  );
  if (allPlaced) s.ctx.completed("resource-configuration");
  if (allPlaced && allGatewaysKnown) s.ctx.completed("rgw-rcfg");
}
