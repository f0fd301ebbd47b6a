import "server-only";
import {
  relationId,
  type CrawledRelation,
  type CrawledResource,
  type ScopeSnapshot,
} from "@/lib/domain/topology/snapshot";

export interface SyntheticEstateOptions {
  accounts: number;
  servicesPerAccount: number;
  region?: string;
  /** Shifts the forward weights, so a second estate differs from the first in every default rule. */
  weightShift?: number;
}

const RESOURCES_PER_SERVICE = 12;
const RESOURCES_PER_ACCOUNT = 4;

/** Resources an estate of these options has: for sizing benchmarks. */
export function syntheticResourceCount(options: SyntheticEstateOptions): number {
  return options.accounts * (RESOURCES_PER_ACCOUNT + options.servicesPerAccount * RESOURCES_PER_SERVICE);
}

function hex17(n: number): string {
  return n.toString(16).padStart(17, "0");
}

/**
 * A large multi-account estate built directly as crawl snapshots, with data shaped like the crawler's (names,
 * statuses, timestamps, tags, actions, health), for latency measurements without crawling an emulator for minutes.
 * Every service of every account joins the first account's service network.
 */
export function syntheticSnapshots(options: SyntheticEstateOptions): ScopeSnapshot[] {
  const region = options.region ?? "us-east-1";
  const shift = options.weightShift ?? 0;
  const createdAt = "2026-01-05T09:00:00.000Z";
  const hubNetwork = `arn:aws:vpc-lattice:${region}:${accountId(0)}:servicenetwork/sn-${hex17(0)}`;
  return Array.from({ length: options.accounts }, (_, a) => {
    const account = accountId(a);
    const lattice = `arn:aws:vpc-lattice:${region}:${account}`;
    const resources: CrawledResource[] = [];
    const relations: CrawledRelation[] = [];
    const add = (resource: Omit<CrawledResource, "accountId" | "region"> & { region?: string }) =>
      resources.push({ accountId: account, region, ...resource });
    const link = (
      kind: CrawledRelation["kind"],
      source: string,
      target: string,
      data?: Record<string, unknown>,
    ) =>
      relations.push({
        id: relationId(kind, source, target),
        kind,
        source,
        target,
        accountId: account,
        region,
        ...(data ? { data } : {}),
      });

    const accountNode = `account:${account}`;
    add({
      id: accountNode,
      kind: "account",
      region: "global",
      name: `team-${a}`,
      data: { id: account, name: `team-${a}` },
    });
    const network = `${lattice}:servicenetwork/sn-${hex17(a)}`;
    add({
      id: network,
      kind: "service-network",
      name: `network-${a}`,
      parentId: accountNode,
      data: {
        arn: network,
        id: `sn-${hex17(a)}`,
        name: `network-${a}`,
        authType: "AWS_IAM",
        createdAt,
        lastUpdatedAt: createdAt,
        numberOfAssociatedServices: options.servicesPerAccount,
        numberOfAssociatedVPCs: 2,
        tags: { Environment: "production", Owner: `team-${a}` },
      },
    });
    const vpcs = [0, 1].map((v) => `arn:aws:ec2:${region}:${account}:vpc/vpc-${hex17(a * 2 + v)}`);
    vpcs.forEach((vpc, v) => {
      add({
        id: vpc,
        kind: "vpc",
        name: `vpc-${a}-${v}`,
        parentId: accountNode,
        data: {
          vpcId: `vpc-${hex17(a * 2 + v)}`,
          cidrBlock: `10.${a % 256}.${v * 16}.0/20`,
          isDefault: false,
          state: "available",
          tags: { Name: `vpc-${a}-${v}` },
          securityGroups: [
            {
              groupId: `sg-${hex17(a * 2 + v)}`,
              groupName: "default",
              description: "default VPC security group",
            },
          ],
        },
      });
      link("sn-vpc", network, vpc, { status: "ACTIVE", associationId: `snva-${hex17(a * 2 + v)}` });
    });

    for (let s = 0; s < options.servicesPerAccount; s++) {
      const n = a * options.servicesPerAccount + s;
      const name = `svc-${a}-${s}`;
      const service = `${lattice}:service/svc-${hex17(n)}`;
      const listener = `${service}/listener/listener-${hex17(n)}`;
      const defaultRule = `${listener}/rule/rule-${hex17(n * 2)}`;
      const pathRule = `${listener}/rule/rule-${hex17(n * 2 + 1)}`;
      const groups = [0, 1].map((g) => `${lattice}:targetgroup/tg-${hex17(n * 2 + g)}`);
      add({
        id: service,
        kind: "service",
        name,
        parentId: accountNode,
        data: {
          arn: service,
          id: `svc-${hex17(n)}`,
          name,
          status: "ACTIVE",
          authType: "AWS_IAM",
          customDomainName: `${name}.example.com`,
          dnsEntry: {
            domainName: `${name}-${hex17(n)}.7d67968.vpc-lattice-svcs.${region}.on.aws`,
            hostedZoneId: "Z0ABCDEF",
          },
          createdAt,
          lastUpdatedAt: createdAt,
          tags: { Team: `team-${a}`, Application: name },
        },
      });
      link("sn-service", hubNetwork, service, { status: "ACTIVE", associationId: `snsa-${hex17(n)}` });
      add({
        id: listener,
        kind: "listener",
        name: "https-443",
        parentId: service,
        data: {
          arn: listener,
          id: `listener-${hex17(n)}`,
          name: "https-443",
          protocol: "HTTPS",
          port: 443,
          createdAt,
          lastUpdatedAt: createdAt,
          tags: {},
        },
      });
      link("service-listener", service, listener);
      const weights = [90 - shift, 10 + shift];
      add({
        id: defaultRule,
        kind: "rule",
        name: "default",
        parentId: listener,
        data: {
          arn: defaultRule,
          id: `rule-${hex17(n * 2)}`,
          name: "default",
          isDefault: true,
          action: {
            forward: {
              targetGroups: groups.map((tg, g) => ({
                targetGroupIdentifier: tg.split("/").at(-1),
                weight: weights[g],
              })),
            },
          },
          createdAt,
          lastUpdatedAt: createdAt,
        },
      });
      add({
        id: pathRule,
        kind: "rule",
        name: "api-v2",
        parentId: listener,
        data: {
          arn: pathRule,
          id: `rule-${hex17(n * 2 + 1)}`,
          name: "api-v2",
          isDefault: false,
          priority: 10,
          match: { httpMatch: { method: "GET", pathMatch: { match: { prefix: "/api/v2" } } } },
          action: {
            forward: { targetGroups: [{ targetGroupIdentifier: groups[1]?.split("/").at(-1), weight: 100 }] },
          },
          createdAt,
          lastUpdatedAt: createdAt,
        },
      });
      link("listener-rule", listener, defaultRule);
      link("listener-rule", listener, pathRule);
      groups.forEach((tg, g) => {
        link("forward", defaultRule, tg, {
          weight: weights[g],
          totalWeight: 100,
          listenerArn: listener,
          isDefault: true,
        });
      });
      const pathTarget = groups[1];
      if (pathTarget) {
        link("forward", pathRule, pathTarget, {
          weight: 100,
          totalWeight: 100,
          listenerArn: listener,
          isDefault: false,
        });
      }
      groups.forEach((tg, g) => {
        const healthy = g === 0 ? 3 : 2;
        add({
          id: tg,
          kind: "target-group",
          name: `${name}-${g === 0 ? "stable" : "canary"}`,
          parentId: accountNode,
          data: {
            arn: tg,
            id: tg.split("/").at(-1),
            name: `${name}-${g === 0 ? "stable" : "canary"}`,
            type: "IP",
            status: "ACTIVE",
            config: {
              port: 8080,
              protocol: "HTTP",
              vpcIdentifier: vpcs[0]?.split("/").at(-1),
              healthCheck: {
                enabled: true,
                path: "/health",
                protocol: "HTTP",
                healthCheckIntervalSeconds: 10,
              },
            },
            serviceArns: [service],
            health: { healthy, unhealthy: 3 - healthy, other: 0, total: 3 },
            createdAt,
            lastUpdatedAt: createdAt,
            tags: {},
          },
        });
        for (let t = 0; t < 3; t++) {
          const ip = `10.${a % 256}.${(n * 2 + g) % 256}.${t + 10}`;
          const target = `${tg}/target/${ip}:8080`;
          add({
            id: target,
            kind: "target",
            name: ip,
            parentId: tg,
            data: {
              id: ip,
              port: 8080,
              status: t < healthy ? "HEALTHY" : "UNHEALTHY",
              ...(t < healthy ? {} : { reasonCode: "HealthCheckFailed" }),
            },
          });
          link("tg-target", tg, target);
        }
      });
    }
    return {
      accountId: account,
      region,
      status: "ok",
      resources,
      relations,
      complete: [],
      errors: [],
      calls: resources.length,
      startedAt: createdAt,
      finishedAt: createdAt,
    };
  });
}

function accountId(index: number): string {
  return String(500_000_000_000 + index);
}
