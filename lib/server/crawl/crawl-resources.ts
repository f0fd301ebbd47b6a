import "server-only";
import {
  GetResourceConfigurationCommand,
  GetResourceGatewayCommand,
  ListResourceConfigurationsCommand,
  ListResourceEndpointAssociationsCommand,
  ListResourceGatewaysCommand,
} from "@aws-sdk/client-vpc-lattice";
import { accountNode, vpcNode } from "./node-ids";
import { payload, plainJson } from "./payload";
import { tagsOf, type ScopeCrawl } from "./scope-crawl";

/** Resource gateways the account owns; each sits in its VPC. */
export async function crawlResourceGateways(s: ScopeCrawl): Promise<void> {
  const gateways = await s.ctx.list("ListResourceGateways", undefined, async (nextToken) => {
    const out = await s.clients.lattice.send(new ListResourceGatewaysCommand({ nextToken }));
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!gateways) return;
  let allRead = true;
  await Promise.all(
    gateways.map(async (summary) => {
      const arn = summary.arn;
      if (!arn || !s.owns(arn)) return;
      const [detail, tags] = await Promise.all([
        s.ctx.call("GetResourceGateway", arn, () =>
          s.clients.lattice.send(new GetResourceGatewayCommand({ resourceGatewayIdentifier: arn })),
        ),
        tagsOf(s, arn),
      ]);
      if (!detail || tags === undefined) {
        allRead = false;
        return;
      }
      const vpcId = detail.vpcId ?? summary.vpcIdentifier;
      s.ctx.addResource({
        id: arn,
        kind: "resource-gateway",
        accountId: s.accountId,
        region: s.region,
        name: detail.name ?? summary.name ?? arn,
        parentId: vpcId ? vpcNode(s.region, s.accountId, vpcId) : accountNode(s.accountId),
        data: plainJson({ ...payload(detail), tags }),
      });
    }),
  );
  if (allRead) s.ctx.completed("resource-gateway");
}

/** Resource configurations the account owns, their gateway and the VPC endpoints that reach them. */
export async function crawlResourceConfigurations(s: ScopeCrawl): Promise<void> {
  const configurations = await s.ctx.list("ListResourceConfigurations", undefined, async (nextToken) => {
    const out = await s.clients.lattice.send(new ListResourceConfigurationsCommand({ nextToken }));
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!configurations) return;
  let allRead = true;
  await Promise.all(
    configurations.map(async (summary) => {
      const arn = summary.arn;
      if (!arn || !s.owns(arn)) return;
      const [detail, tags, endpointAssociations] = await Promise.all([
        s.ctx.call("GetResourceConfiguration", arn, () =>
          s.clients.lattice.send(
            new GetResourceConfigurationCommand({ resourceConfigurationIdentifier: arn }),
          ),
        ),
        tagsOf(s, arn),
        s.ctx.list("ListResourceEndpointAssociations", arn, async (nextToken) => {
          const out = await s.clients.lattice.send(
            new ListResourceEndpointAssociationsCommand({ resourceConfigurationIdentifier: arn, nextToken }),
          );
          return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
        }),
      ]);
      if (!detail || tags === undefined || !endpointAssociations) {
        allRead = false;
        return;
      }
      s.ctx.addResource({
        id: arn,
        kind: "resource-configuration",
        accountId: s.accountId,
        region: s.region,
        name: detail.name ?? summary.name ?? arn,
        parentId: accountNode(s.accountId),
        data: plainJson({ ...payload(detail), tags, endpointAssociations }),
        raw: plainJson({ GetResourceConfiguration: payload(detail) }),
      });
      if (detail.resourceGatewayId) {
        s.ctx.addRelation(
          "rgw-rcfg",
          `arn:aws:vpc-lattice:${s.region}:${s.accountId}:resourcegateway/${detail.resourceGatewayId}`,
          arn,
        );
      }
    }),
  );
  if (allRead) {
    s.ctx.completed("resource-configuration");
    s.ctx.completed("rgw-rcfg");
  }
}
