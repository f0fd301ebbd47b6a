import "server-only";
import {
  GetAuthPolicyCommand,
  GetListenerCommand,
  GetResourceConfigurationCommand,
  GetResourceGatewayCommand,
  GetResourcePolicyCommand,
  GetRuleCommand,
  GetServiceCommand,
  GetServiceNetworkCommand,
  GetServiceNetworkVpcAssociationCommand,
  GetTargetGroupCommand,
  ListAccessLogSubscriptionsCommand,
  ListListenersCommand,
  ListResourceConfigurationsCommand,
  ListResourceEndpointAssociationsCommand,
  ListResourceGatewaysCommand,
  ListRulesCommand,
  ListServiceNetworkResourceAssociationsCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListServiceNetworkVpcEndpointAssociationsCommand,
  ListServiceNetworksCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTargetGroupsCommand,
  ListTargetsCommand,
  ResourceNotFoundException,
  type RuleAction,
} from "@aws-sdk/client-vpc-lattice";
import {
  GetResourceShareAssociationsCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
} from "@aws-sdk/client-ram";
import {
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointAssociationsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type Tag,
} from "@aws-sdk/client-ec2";
import type { ScopeSnapshot } from "@/lib/domain/snapshot";
import type { AwsClients } from "../aws/clients";
import { ScopeContext, type Limit } from "./scope-context";

export interface CrawlScopeOptions {
  accountId: string;
  accountName: string;
  region: string;
  clients: AwsClients;
  limit: Limit;
  /** Accounts this run crawls: a resource owned by one of them is recorded by its owner's crawl only. */
  crawledAccounts: ReadonlySet<string>;
}

const accountNode = (id: string) => `account:${id}`;
const vpcNode = (region: string, accountId: string, vpcId: string) =>
  `arn:aws:ec2:${region}:${accountId}:vpc/${vpcId}`;
const endpointNode = (region: string, accountId: string, id: string) =>
  `arn:aws:ec2:${region}:${accountId}:vpc-endpoint/${id}`;
const targetNode = (tgArn: string, id: string, port: number | undefined) =>
  `${tgArn}/target/${id}:${port ?? ""}`;
const arnAccount = (arn: string) => arn.split(":")[4] ?? "";

function tagMap(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? ""]));
}

/** Drops the SDK's response metadata so only the AWS payload is stored. */
function payload<T extends object>(output: T): Omit<T, "$metadata"> {
  const { $metadata: _, ...rest } = output as T & { $metadata?: unknown };
  void _;
  return rest;
}

/** AWS payloads as plain JSON (dates become RFC 3339 strings), the form history stores and hashes. */
function timestamps(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** Crawls one account × region: every Lattice kind, RAM shares, VPCs and endpoints, tags. */
export async function crawlScope(options: CrawlScopeOptions): Promise<ScopeSnapshot> {
  const startedAt = new Date().toISOString();
  const { accountId, region, clients } = options;
  const ctx = new ScopeContext(accountId, region, options.limit);
  const mine = (arn: string) => arnAccount(arn) === accountId;
  const recordHere = (arn: string) => mine(arn) || !options.crawledAccounts.has(arnAccount(arn));

  ctx.addResource({
    id: accountNode(accountId),
    kind: "account",
    accountId,
    region: "global",
    name: options.accountName,
    data: { id: accountId, name: options.accountName },
  });

  const tagsOf = async (arn: string): Promise<Record<string, string> | undefined> => {
    const out = await ctx.call("ListTagsForResource", arn, () =>
      clients.lattice.send(new ListTagsForResourceCommand({ resourceArn: arn })),
    );
    return out ? (out.tags ?? {}) : undefined;
  };

  const authPolicyOf = async (arn: string): Promise<Record<string, unknown> | null | undefined> => {
    try {
      const out = await options.limit(() =>
        clients.lattice.send(new GetAuthPolicyCommand({ resourceIdentifier: arn })),
      );
      ctx.calls += out.$metadata.attempts ?? 1;
      if (!out.policy) return null;
      return timestamps({
        policy: out.policy,
        state: out.state,
        createdAt: out.createdAt,
        lastUpdatedAt: out.lastUpdatedAt,
      });
    } catch (error) {
      ctx.calls += 1;
      if (error instanceof ResourceNotFoundException) return null;
      ctx.fail("GetAuthPolicy", arn, error);
      return undefined;
    }
  };

  const accessLogsOf = async (arn: string) =>
    ctx.list("ListAccessLogSubscriptions", arn, async (nextToken) => {
      const out = await clients.lattice.send(
        new ListAccessLogSubscriptionsCommand({ resourceIdentifier: arn, nextToken }),
      );
      return { items: out.items, nextToken: out.nextToken };
    });

  await Promise.all([
    crawlServiceNetworks(),
    crawlServices(),
    crawlTargetGroups(),
    crawlResourceGateways(),
    crawlResourceConfigurations(),
    crawlRam(),
    crawlVpcs(),
    crawlVpcEndpoints(),
  ]);

  async function crawlServiceNetworks() {
    const networks = await ctx.list("ListServiceNetworks", undefined, async (nextToken) => {
      const out = await clients.lattice.send(new ListServiceNetworksCommand({ nextToken }));
      return { items: out.items, nextToken: out.nextToken };
    });
    if (!networks) return;
    let allRead = true;
    await Promise.all(
      networks.map(async (summary) => {
        const arn = summary.arn!;
        const record = recordHere(arn);
        const owner = arnAccount(arn);
        const [detail, authPolicy, resourcePolicy, tags, accessLogs] = await Promise.all([
          ctx.call("GetServiceNetwork", arn, () =>
            clients.lattice.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: arn })),
          ),
          record && mine(arn) ? authPolicyOf(arn) : Promise.resolve(null),
          record && mine(arn)
            ? ctx
                .call("GetResourcePolicy", arn, () =>
                  clients.lattice.send(new GetResourcePolicyCommand({ resourceArn: arn })),
                )
                .then((o) => o?.policy ?? null)
            : Promise.resolve(null),
          record && mine(arn) ? tagsOf(arn) : Promise.resolve({}),
          record && mine(arn) ? accessLogsOf(arn) : Promise.resolve([]),
        ]);
        if (record) {
          if (!detail || authPolicy === undefined || tags === undefined || accessLogs === undefined) {
            allRead = false;
          } else {
            ctx.addResource({
              id: arn,
              kind: "service-network",
              accountId: owner,
              region,
              name: detail.name ?? summary.name ?? arn,
              parentId: accountNode(owner),
              data: timestamps({
                ...payload(detail),
                authPolicy,
                resourcePolicy,
                tags,
                accessLogSubscriptions: accessLogs,
                sharedIn: !mine(arn),
              }),
              raw: timestamps({ GetServiceNetwork: payload(detail) }),
            });
          }
        }
        await crawlNetworkAssociations(arn, owner);
      }),
    );
    if (allRead) ctx.completed("service-network");
  }

  async function crawlNetworkAssociations(snArn: string, owner: string) {
    const relationOwner = recordHere(snArn) ? owner : accountId;
    const vpcAssocs = await ctx.list("ListServiceNetworkVpcAssociations", snArn, async (nextToken) => {
      const out = await clients.lattice.send(
        new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: snArn, nextToken }),
      );
      return { items: out.items, nextToken: out.nextToken };
    });
    if (vpcAssocs) {
      let allRead = true;
      await Promise.all(
        vpcAssocs.map(async (a) => {
          const createdBy = a.createdBy ?? arnAccount(a.arn ?? "");
          if (!mine(snArn) && createdBy !== accountId) return;
          const detail = await ctx.call("GetServiceNetworkVpcAssociation", a.arn, () =>
            clients.lattice.send(
              new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: a.arn! }),
            ),
          );
          if (!detail) allRead = false;
          ctx.addRelation(
            "sn-vpc",
            snArn,
            vpcNode(region, createdBy, a.vpcId!),
            relationOwner,
            timestamps({
              associationId: a.id,
              associationArn: a.arn,
              status: a.status,
              createdBy,
              securityGroupIds: detail?.securityGroupIds ?? [],
              privateDnsEnabled: a.privateDnsEnabled,
            }),
          );
        }),
      );
      if (allRead && mine(snArn)) ctx.completed("sn-vpc", snArn);
    }

    const serviceAssocs = await ctx.list(
      "ListServiceNetworkServiceAssociations",
      snArn,
      async (nextToken) => {
        const out = await clients.lattice.send(
          new ListServiceNetworkServiceAssociationsCommand({ serviceNetworkIdentifier: snArn, nextToken }),
        );
        return { items: out.items, nextToken: out.nextToken };
      },
    );
    if (serviceAssocs) {
      for (const a of serviceAssocs) {
        ctx.addRelation(
          "sn-service",
          snArn,
          a.serviceArn!,
          relationOwner,
          timestamps({
            associationId: a.id,
            associationArn: a.arn,
            status: a.status,
            createdBy: a.createdBy,
            dnsEntry: a.dnsEntry,
            customDomainName: a.customDomainName,
          }),
        );
      }
      if (mine(snArn)) ctx.completed("sn-service", snArn);
    }

    const resourceAssocs = await ctx.list(
      "ListServiceNetworkResourceAssociations",
      snArn,
      async (nextToken) => {
        const out = await clients.lattice.send(
          new ListServiceNetworkResourceAssociationsCommand({ serviceNetworkIdentifier: snArn, nextToken }),
        );
        return { items: out.items, nextToken: out.nextToken };
      },
    );
    if (resourceAssocs) {
      for (const a of resourceAssocs) {
        ctx.addRelation(
          "sn-resource",
          snArn,
          a.resourceConfigurationArn!,
          relationOwner,
          timestamps({
            associationId: a.id,
            associationArn: a.arn,
            status: a.status,
            createdBy: a.createdBy,
            dnsEntry: a.dnsEntry,
            privateDnsEntry: a.privateDnsEntry,
            isManagedAssociation: a.isManagedAssociation,
          }),
        );
      }
      if (mine(snArn)) ctx.completed("sn-resource", snArn);
    }

    const endpointAssocs = await ctx.list(
      "ListServiceNetworkVpcEndpointAssociations",
      snArn,
      async (nextToken) => {
        const out = await clients.lattice.send(
          new ListServiceNetworkVpcEndpointAssociationsCommand({
            serviceNetworkIdentifier: snArn,
            nextToken,
          }),
        );
        return { items: out.items, nextToken: out.nextToken };
      },
    );
    if (endpointAssocs) {
      for (const a of endpointAssocs) {
        const endpointOwner = a.vpcEndpointOwnerId ?? accountId;
        ctx.addRelation(
          "sn-endpoint",
          snArn,
          endpointNode(region, endpointOwner, a.vpcEndpointId!),
          relationOwner,
          timestamps({
            associationId: a.id,
            state: a.state,
            vpcId: a.vpcId,
            vpcEndpointOwnerId: a.vpcEndpointOwnerId,
          }),
        );
      }
      if (mine(snArn)) ctx.completed("sn-endpoint", snArn);
    }
  }

  async function crawlServices() {
    const services = await ctx.list("ListServices", undefined, async (nextToken) => {
      const out = await clients.lattice.send(new ListServicesCommand({ nextToken }));
      return { items: out.items, nextToken: out.nextToken };
    });
    if (!services) return;
    let allRead = true;
    await Promise.all(
      services.map(async (summary) => {
        const arn = summary.arn!;
        if (!recordHere(arn)) return;
        const owner = arnAccount(arn);
        const own = mine(arn);
        const [detail, authPolicy, tags, accessLogs] = await Promise.all([
          ctx.call("GetService", arn, () =>
            clients.lattice.send(new GetServiceCommand({ serviceIdentifier: arn })),
          ),
          own ? authPolicyOf(arn) : Promise.resolve(null),
          own ? tagsOf(arn) : Promise.resolve({}),
          own ? accessLogsOf(arn) : Promise.resolve([]),
        ]);
        if (!detail || authPolicy === undefined || tags === undefined || accessLogs === undefined) {
          allRead = false;
          return;
        }
        ctx.addResource({
          id: arn,
          kind: "service",
          accountId: owner,
          region,
          name: detail.name ?? arn,
          parentId: accountNode(owner),
          data: timestamps({
            ...payload(detail),
            authPolicy,
            tags,
            accessLogSubscriptions: accessLogs,
            sharedIn: !own,
          }),
          raw: timestamps({ GetService: payload(detail) }),
        });
        await crawlListeners(arn, owner);
      }),
    );
    if (allRead) ctx.completed("service");
  }

  async function crawlListeners(serviceArn: string, owner: string) {
    const listeners = await ctx.list("ListListeners", serviceArn, async (nextToken) => {
      const out = await clients.lattice.send(
        new ListListenersCommand({ serviceIdentifier: serviceArn, nextToken }),
      );
      return { items: out.items, nextToken: out.nextToken };
    });
    if (!listeners) return;
    let allRead = true;
    await Promise.all(
      listeners.map(async (summary) => {
        const listenerArn = summary.arn!;
        const detail = await ctx.call("GetListener", listenerArn, () =>
          clients.lattice.send(
            new GetListenerCommand({ serviceIdentifier: serviceArn, listenerIdentifier: listenerArn }),
          ),
        );
        if (!detail) {
          allRead = false;
          return;
        }
        ctx.addResource({
          id: listenerArn,
          kind: "listener",
          accountId: owner,
          region,
          name: detail.name ?? listenerArn,
          parentId: serviceArn,
          data: timestamps({ ...payload(detail) }),
        });
        ctx.addRelation("service-listener", serviceArn, listenerArn, owner);
        await crawlRules(serviceArn, listenerArn, owner, detail.defaultAction);
      }),
    );
    if (allRead) {
      ctx.completed("listener", serviceArn);
      ctx.completed("service-listener", serviceArn);
    }
  }

  async function crawlRules(
    serviceArn: string,
    listenerArn: string,
    owner: string,
    defaultAction: RuleAction | undefined,
  ) {
    const rules = await ctx.list("ListRules", listenerArn, async (nextToken) => {
      const out = await clients.lattice.send(
        new ListRulesCommand({ serviceIdentifier: serviceArn, listenerIdentifier: listenerArn, nextToken }),
      );
      return { items: out.items, nextToken: out.nextToken };
    });
    if (!rules) return;
    let allRead = true;
    await Promise.all(
      rules.map(async (summary) => {
        const ruleArn = summary.arn!;
        let rule: Record<string, unknown> & { action?: RuleAction };
        if (summary.isDefault) {
          rule = timestamps({ ...summary, action: defaultAction });
        } else {
          const detail = await ctx.call("GetRule", ruleArn, () =>
            clients.lattice.send(
              new GetRuleCommand({
                serviceIdentifier: serviceArn,
                listenerIdentifier: listenerArn,
                ruleIdentifier: ruleArn,
              }),
            ),
          );
          if (!detail) {
            allRead = false;
            return;
          }
          rule = timestamps({ ...payload(detail) });
        }
        ctx.addResource({
          id: ruleArn,
          kind: "rule",
          accountId: owner,
          region,
          name: summary.isDefault ? "default" : (summary.name ?? ruleArn),
          parentId: listenerArn,
          data: rule,
        });
        ctx.addRelation("listener-rule", listenerArn, ruleArn, owner);
        const groups = rule.action?.forward?.targetGroups ?? [];
        const total = groups.reduce((sum, g) => sum + (g.weight ?? 0), 0);
        for (const g of groups) {
          const tgArn = g.targetGroupIdentifier!.startsWith("arn:")
            ? g.targetGroupIdentifier!
            : `arn:aws:vpc-lattice:${region}:${owner}:targetgroup/${g.targetGroupIdentifier}`;
          ctx.addRelation("forward", ruleArn, tgArn, owner, {
            weight: g.weight ?? null,
            totalWeight: total,
            listenerArn,
            isDefault: summary.isDefault === true,
          });
        }
        ctx.completed("forward", ruleArn);
      }),
    );
    if (allRead) {
      ctx.completed("rule", listenerArn);
      ctx.completed("listener-rule", listenerArn);
    }
  }

  async function crawlTargetGroups() {
    const groups = await ctx.list("ListTargetGroups", undefined, async (nextToken) => {
      const out = await clients.lattice.send(new ListTargetGroupsCommand({ nextToken }));
      return { items: out.items, nextToken: out.nextToken };
    });
    if (!groups) return;
    let allRead = true;
    await Promise.all(
      groups.map(async (summary) => {
        const arn = summary.arn!;
        const [detail, tags, targets] = await Promise.all([
          ctx.call("GetTargetGroup", arn, () =>
            clients.lattice.send(new GetTargetGroupCommand({ targetGroupIdentifier: arn })),
          ),
          tagsOf(arn),
          ctx.list("ListTargets", arn, async (nextToken) => {
            const out = await clients.lattice.send(
              new ListTargetsCommand({ targetGroupIdentifier: arn, nextToken }),
            );
            return { items: out.items, nextToken: out.nextToken };
          }),
        ]);
        if (!detail || tags === undefined) {
          allRead = false;
          return;
        }
        const health = { healthy: 0, unhealthy: 0, other: 0, total: 0 };
        for (const t of targets ?? []) {
          health.total++;
          if (t.status === "HEALTHY") health.healthy++;
          else if (t.status === "UNHEALTHY") health.unhealthy++;
          else health.other++;
        }
        ctx.addResource({
          id: arn,
          kind: "target-group",
          accountId,
          region,
          name: detail.name ?? arn,
          parentId: accountNode(accountId),
          data: timestamps({ ...payload(detail), tags, health: targets ? health : null }),
          raw: timestamps({ GetTargetGroup: payload(detail) }),
        });
        if (!targets) return;
        for (const t of targets) {
          const id = targetNode(arn, t.id!, t.port);
          ctx.addResource({
            id,
            kind: "target",
            accountId,
            region,
            name: t.port ? `${t.id}:${t.port}` : t.id!,
            parentId: arn,
            data: timestamps({ ...t }),
          });
          ctx.addRelation("tg-target", arn, id, accountId);
        }
        ctx.completed("target", arn);
        ctx.completed("tg-target", arn);
      }),
    );
    if (allRead) ctx.completed("target-group");
  }

  async function crawlResourceGateways() {
    const gateways = await ctx.list("ListResourceGateways", undefined, async (nextToken) => {
      const out = await clients.lattice.send(new ListResourceGatewaysCommand({ nextToken }));
      return { items: out.items, nextToken: out.nextToken };
    });
    if (!gateways) return;
    let allRead = true;
    await Promise.all(
      gateways.map(async (summary) => {
        const arn = summary.arn!;
        const [detail, tags] = await Promise.all([
          ctx.call("GetResourceGateway", arn, () =>
            clients.lattice.send(new GetResourceGatewayCommand({ resourceGatewayIdentifier: arn })),
          ),
          tagsOf(arn),
        ]);
        if (!detail || tags === undefined) {
          allRead = false;
          return;
        }
        ctx.addResource({
          id: arn,
          kind: "resource-gateway",
          accountId,
          region,
          name: detail.name ?? arn,
          parentId: detail.vpcId ? vpcNode(region, accountId, detail.vpcId) : accountNode(accountId),
          data: timestamps({ ...payload(detail), tags }),
        });
      }),
    );
    if (allRead) ctx.completed("resource-gateway");
  }

  async function crawlResourceConfigurations() {
    const configs = await ctx.list("ListResourceConfigurations", undefined, async (nextToken) => {
      const out = await clients.lattice.send(new ListResourceConfigurationsCommand({ nextToken }));
      return { items: out.items, nextToken: out.nextToken };
    });
    if (!configs) return;
    let allRead = true;
    await Promise.all(
      configs.map(async (summary) => {
        const arn = summary.arn!;
        if (!recordHere(arn)) return;
        const owner = arnAccount(arn);
        const own = mine(arn);
        const [detail, tags, endpointAssocs] = await Promise.all([
          ctx.call("GetResourceConfiguration", arn, () =>
            clients.lattice.send(
              new GetResourceConfigurationCommand({ resourceConfigurationIdentifier: arn }),
            ),
          ),
          own ? tagsOf(arn) : Promise.resolve({}),
          ctx.list("ListResourceEndpointAssociations", arn, async (nextToken) => {
            const out = await clients.lattice.send(
              new ListResourceEndpointAssociationsCommand({
                resourceConfigurationIdentifier: arn,
                nextToken,
              }),
            );
            return { items: out.items, nextToken: out.nextToken };
          }),
        ]);
        if (!detail || tags === undefined || endpointAssocs === undefined) {
          allRead = false;
          return;
        }
        ctx.addResource({
          id: arn,
          kind: "resource-configuration",
          accountId: owner,
          region,
          name: detail.name ?? arn,
          parentId: accountNode(owner),
          data: timestamps({
            ...payload(detail),
            tags,
            endpointAssociations: endpointAssocs,
            sharedIn: !own,
          }),
        });
        if (detail.resourceGatewayId && own) {
          ctx.addRelation(
            "rgw-rcfg",
            `arn:aws:vpc-lattice:${region}:${owner}:resourcegateway/${detail.resourceGatewayId}`,
            arn,
            owner,
          );
        }
      }),
    );
    if (allRead) {
      ctx.completed("resource-configuration");
      ctx.completed("rgw-rcfg");
    }
  }

  async function crawlRam() {
    const shares = await ctx.list("GetResourceShares", undefined, async (nextToken) => {
      const out = await clients.ram.send(new GetResourceSharesCommand({ resourceOwner: "SELF", nextToken }));
      return { items: out.resourceShares, nextToken: out.nextToken };
    });
    const [principals, resources, invitations] = await Promise.all([
      ctx.list("GetResourceShareAssociations", "PRINCIPAL", async (nextToken) => {
        const out = await clients.ram.send(
          new GetResourceShareAssociationsCommand({ associationType: "PRINCIPAL", nextToken }),
        );
        return { items: out.resourceShareAssociations, nextToken: out.nextToken };
      }),
      ctx.list("GetResourceShareAssociations", "RESOURCE", async (nextToken) => {
        const out = await clients.ram.send(
          new GetResourceShareAssociationsCommand({ associationType: "RESOURCE", nextToken }),
        );
        return { items: out.resourceShareAssociations, nextToken: out.nextToken };
      }),
      ctx.list("GetResourceShareInvitations", undefined, async (nextToken) => {
        const out = await clients.ram.send(new GetResourceShareInvitationsCommand({ nextToken }));
        return { items: out.resourceShareInvitations, nextToken: out.nextToken };
      }),
    ]);
    if (!shares || !principals || !resources || !invitations) return;
    for (const share of shares) {
      const arn = share.resourceShareArn!;
      const sharePrincipals = principals.filter((p) => p.resourceShareArn === arn);
      const shareResources = resources.filter((r) => r.resourceShareArn === arn);
      ctx.addResource({
        id: arn,
        kind: "ram-share",
        accountId,
        region,
        name: share.name ?? arn,
        parentId: accountNode(accountId),
        data: timestamps({
          ...share,
          tags: Object.fromEntries((share.tags ?? []).map((t) => [t.key ?? "", t.value ?? ""])),
          principals: sharePrincipals.map((p) => ({
            id: p.associatedEntity,
            status: p.status,
            external: p.external,
          })),
          resources: shareResources.map((r) => ({ arn: r.associatedEntity, status: r.status })),
          invitations: invitations.filter((i) => i.resourceShareArn === arn),
        }),
      });
      for (const r of shareResources) {
        for (const p of sharePrincipals) {
          const principal = p.associatedEntity!;
          ctx.addRelation(
            "shared-with",
            r.associatedEntity!,
            /^\d{12}$/.test(principal) ? accountNode(principal) : principal,
            accountId,
            {
              shareArn: arn,
              shareName: share.name,
              status: p.status,
              resourceStatus: r.status,
              external: p.external ?? false,
            },
          );
        }
      }
    }
    ctx.completed("shared-with");
    ctx.completed("ram-share");
  }

  async function crawlVpcs() {
    const [vpcs, groups] = await Promise.all([
      ctx.list("DescribeVpcs", undefined, async (nextToken) => {
        const out = await clients.ec2.send(new DescribeVpcsCommand({ NextToken: nextToken }));
        return { items: out.Vpcs, nextToken: out.NextToken };
      }),
      ctx.list("DescribeSecurityGroups", undefined, async (nextToken) => {
        const out = await clients.ec2.send(new DescribeSecurityGroupsCommand({ NextToken: nextToken }));
        return { items: out.SecurityGroups, nextToken: out.NextToken };
      }),
    ]);
    if (!vpcs) return;
    for (const vpc of vpcs) {
      const tags = tagMap(vpc.Tags);
      ctx.addResource({
        id: vpcNode(region, accountId, vpc.VpcId!),
        kind: "vpc",
        accountId,
        region,
        name: tags.Name ?? vpc.VpcId!,
        parentId: accountNode(accountId),
        data: {
          vpcId: vpc.VpcId,
          cidrBlock: vpc.CidrBlock ?? null,
          isDefault: vpc.IsDefault ?? false,
          state: vpc.State ?? null,
          tags,
          securityGroups: (groups ?? [])
            .filter((g) => g.VpcId === vpc.VpcId)
            .map((g) => ({ groupId: g.GroupId, groupName: g.GroupName, description: g.Description ?? null })),
        },
      });
    }
    ctx.completed("vpc");
  }

  async function crawlVpcEndpoints() {
    const endpoints = await ctx.list("DescribeVpcEndpoints", undefined, async (nextToken) => {
      const out = await clients.ec2.send(
        new DescribeVpcEndpointsCommand({
          Filters: [{ Name: "vpc-endpoint-type", Values: ["ServiceNetwork", "Resource"] }],
          NextToken: nextToken,
        }),
      );
      return { items: out.VpcEndpoints, nextToken: out.NextToken };
    });
    if (!endpoints) return;
    const associations =
      endpoints.length === 0
        ? []
        : await ctx.list("DescribeVpcEndpointAssociations", undefined, async (nextToken) => {
            const out = await clients.ec2.send(
              new DescribeVpcEndpointAssociationsCommand({
                VpcEndpointIds: endpoints.map((e) => e.VpcEndpointId!),
                NextToken: nextToken,
              }),
            );
            return { items: out.VpcEndpointAssociations, nextToken: out.NextToken };
          });
    if (associations === undefined) return;
    for (const e of endpoints) {
      const tags = tagMap(e.Tags);
      ctx.addResource({
        id: endpointNode(region, accountId, e.VpcEndpointId!),
        kind: "vpc-endpoint",
        accountId,
        region,
        name: tags.Name ?? e.VpcEndpointId!,
        parentId: e.VpcId ? vpcNode(region, accountId, e.VpcId) : accountNode(accountId),
        data: timestamps({
          vpcEndpointId: e.VpcEndpointId,
          vpcEndpointType: e.VpcEndpointType,
          vpcId: e.VpcId,
          state: e.State,
          serviceNetworkArn: e.ServiceNetworkArn ?? null,
          resourceConfigurationArn: e.ResourceConfigurationArn ?? null,
          subnetIds: e.SubnetIds ?? [],
          securityGroupIds: (e.Groups ?? []).map((g) => g.GroupId),
          privateDnsEnabled: e.PrivateDnsEnabled ?? false,
          dnsEntries: (e.DnsEntries ?? []).map((d) => ({ dnsName: d.DnsName, hostedZoneId: d.HostedZoneId })),
          associations: associations
            .filter((a) => a.VpcEndpointId === e.VpcEndpointId)
            .map((a) => ({
              id: a.Id,
              associatedResourceArn: a.AssociatedResourceArn,
              associatedResourceAccessibility: a.AssociatedResourceAccessibility,
              serviceNetworkArn: a.ServiceNetworkArn ?? null,
              serviceNetworkName: a.ServiceNetworkName ?? null,
              dnsEntry: a.DnsEntry
                ? { dnsName: a.DnsEntry.DnsName, hostedZoneId: a.DnsEntry.HostedZoneId }
                : null,
              privateDnsEntry: a.PrivateDnsEntry
                ? { dnsName: a.PrivateDnsEntry.DnsName, hostedZoneId: a.PrivateDnsEntry.HostedZoneId }
                : null,
            })),
          tags,
        }),
      });
    }
    ctx.completed("vpc-endpoint");
  }

  const finishedAt = new Date().toISOString();
  const status = ctx.errors.length === 0 ? "ok" : ctx.complete.length > 0 ? "partial" : "failed";
  return {
    accountId,
    region,
    status,
    resources: [...ctx.resources.values()],
    relations: [...ctx.relations.values()],
    complete: ctx.complete,
    errors: ctx.errors,
    calls: ctx.calls,
    startedAt,
    finishedAt,
  };
}
