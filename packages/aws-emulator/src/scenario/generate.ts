import { createRandom } from "../core/random";
import type { Scenario } from "./schema";

export interface GenerateOptions {
  accounts: number;
  /** Services per account, spread over the regions. */
  services: number;
  regions?: string[];
  seed: number;
}

type Item<K extends keyof Scenario> = Scenario[K] extends readonly (infer T)[] ? T : never;
type AccountInput = Item<"accounts">;
type VpcInput = Item<"vpcs">;
type NetworkInput = Item<"serviceNetworks">;
type ServiceInput = Item<"services">;
type TargetGroupInput = Item<"targetGroups">;
type ListenerInput = ServiceInput["listeners"][number];
type RuleInput = ListenerInput["rules"][number];
type ActionInput = ListenerInput["defaultAction"];
type TargetInput = TargetGroupInput["targets"][number];
type ResourceConfigurationInput = Item<"resourceConfigurations">;
type ShareInput = Item<"resourceShares">;

const WORDS = [
  "orders",
  "billing",
  "catalog",
  "cart",
  "search",
  "checkout",
  "profile",
  "shipping",
  "inventory",
  "pricing",
  "reviews",
  "recommend",
  "ledger",
  "notify",
  "media",
  "reports",
  "loyalty",
  "identity",
  "fraud",
  "returns",
] as const;

const SPLITS: Record<number, number[][]> = {
  2: [
    [90, 10],
    [80, 20],
    [50, 50],
  ],
  3: [
    [70, 20, 10],
    [60, 30, 10],
  ],
};

const HEX = "0123456789abcdef";

/** Account id of the i-th generated account (the hub is 0). */
export function generatedAccountId(index: number): string {
  return String(200000000000 + index * 10_000_001);
}

/** Access key of the i-th generated account's IAM user (any secret works; "generated-secret" is listed). */
export function generatedAccessKey(index: number): string {
  return `AKIAGEN${String(index).padStart(13, "0")}`;
}

/**
 * A seeded multi-account estate in the scenario format: the same options always give the same data. Account 0 is
 * the network hub, whose service networks are shared with the whole organisation.
 *
 * The data is built in the schema's output form (defaults filled in, policies as JSON strings) so that it can be
 * loaded without a zod pass, which dominates the load time of large estates; the unit tests check that it parses
 * to itself.
 */
export function generateScenario(options: GenerateOptions): Scenario {
  const random = createRandom(options.seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const hex = (n: number) => Array.from({ length: n }, () => HEX[Math.floor(random() * 16)]).join("");
  const regions = options.regions ?? ["us-east-1"];
  const orgId = `o-gen${String(Math.abs(options.seed)).padStart(7, "0")}`;

  const accounts: AccountInput[] = Array.from({ length: options.accounts }, (_, i) => ({
    key: `acct-${i}`,
    id: generatedAccountId(i),
    name: i === 0 ? "network-hub" : `team-${String(i).padStart(3, "0")}`,
    regions: [...regions],
  }));
  const hub = accounts[0]!;

  const vpcs: VpcInput[] = [];
  const serviceNetworks: NetworkInput[] = [];
  const services: ServiceInput[] = [];
  const targetGroups: TargetGroupInput[] = [];
  const resourceGateways: Item<"resourceGateways">[] = [];
  const resourceConfigurations: ResourceConfigurationInput[] = [];
  const resourceShares: ShareInput[] = [];
  const networkByKey = new Map<string, NetworkInput>();
  const vpcByKey = new Map<string, VpcInput>();

  const orgPolicy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: "*",
        Action: "vpc-lattice-svcs:Invoke",
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalOrgID": [orgId] } },
      },
    ],
  });

  const share = (
    name: string,
    account: string,
    region: string,
    networks: string[],
    principals: ShareInput["principals"],
  ): ShareInput => ({
    name,
    account,
    region,
    status: "ACTIVE",
    allowExternalPrincipals: true,
    featureSet: "STANDARD",
    resources: networks.map((serviceNetwork) => ({ serviceNetwork })),
    principals,
  });

  /** Per region and account: VPC keys (with their second octet) and the service networks the account may use. */
  const vpcsOf = new Map<string, { key: string; octet: number }[]>();
  const visible = new Map<string, string[]>();
  const scope = (region: string, account: string) => `${region}|${account}`;

  regions.forEach((region, r) => {
    for (const account of accounts) visible.set(scope(region, account.key ?? ""), []);
    for (const account of accounts) {
      const accountKey = account.key ?? "";
      const at = scope(region, accountKey);
      const own: string[] = [];
      const accountVpcs: { key: string; octet: number }[] = [];
      const vpcCount = int(2, 4);
      for (let v = 0; v < vpcCount; v++) {
        const key = `${accountKey}.${region}.vpc-${v}`;
        const octet = (v * 8 + r) % 250;
        accountVpcs.push({ key, octet });
        const input: VpcInput = {
          key,
          name: `${account.name}-vpc-${v}`,
          account: accountKey,
          region,
          cidr: `10.${octet}.0.0/16`,
          isDefault: false,
          subnets: Array.from({ length: int(2, 3) }, (_, s) => ({
            cidr: `10.${octet}.${s}.0/24`,
            az: `${region}${"abc"[s]}`,
          })),
          securityGroups: [
            { name: "lattice-clients", description: "Workloads calling VPC Lattice services" },
          ],
          endpoints: [],
        };
        vpcs.push(input);
        vpcByKey.set(key, input);
      }
      vpcsOf.set(at, accountVpcs);

      const networkCount = int(1, 3);
      for (let n = 0; n < networkCount; n++) {
        const key = `${accountKey}.${region}.net-${n}`;
        const name = `${account.name}-net-${n}`;
        const iam = chance(0.5);
        const network: NetworkInput = {
          key,
          name,
          account: accountKey,
          region,
          authType: iam ? "AWS_IAM" : "NONE",
          sharingConfig: { enabled: true },
          tags: { Owner: account.name, Environment: pick(["production", "staging"]) },
          ...(iam ? { authPolicy: orgPolicy } : {}),
          accessLogs: chance(0.3)
            ? [{ destinationArn: `arn:aws:logs:${region}:${account.id}:log-group:/aws/vpc-lattice/${name}` }]
            : [],
          vpcAssociations: [],
          serviceAssociations: [],
          resourceAssociations: [],
        };
        serviceNetworks.push(network);
        networkByKey.set(key, network);
        own.push(key);
        visible.get(at)?.push(key);
      }

      if (account === hub) {
        resourceShares.push(share("hub-networks", accountKey, region, own, [{ organization: true }]));
        for (const other of accounts)
          if (other !== hub) visible.get(scope(region, other.key ?? ""))?.push(...own);
        resourceShares.push(
          share("partner-preview", accountKey, region, own.slice(0, 1), [{ account: "999900000000" }]),
        );
      } else if (accounts.length > 2 && chance(0.3)) {
        const shared = own.slice(0, int(1, own.length));
        const others = accounts.filter((a) => a !== account && a !== hub);
        const principals = [
          ...new Set(Array.from({ length: int(1, Math.min(3, others.length)) }, () => pick(others))),
        ];
        const principalInputs = principals.map((p) => ({ account: p.key ?? "" }));
        resourceShares.push(
          share(`${account.name}-shared-networks`, accountKey, region, shared, principalInputs),
        );
        for (const p of principals) visible.get(scope(region, p.key ?? ""))?.push(...shared);
      }
    }
  });

  const health = (): Pick<TargetInput, "status" | "reasonCode"> => {
    const x = random();
    if (x < 0.8) return { status: "HEALTHY" };
    if (x < 0.88) return { status: "UNHEALTHY", reasonCode: "HealthCheckFailed" };
    if (x < 0.94) return { status: "INITIAL", reasonCode: "RegistrationInProgress" };
    return { status: "DRAINING", reasonCode: "DeregistrationInProgress" };
  };

  const targetGroup = (
    key: string,
    name: string,
    account: AccountInput,
    region: string,
    type: TargetGroupInput["type"],
    attached = true,
  ) => {
    const accountKey = account.key ?? "";
    const tg: TargetGroupInput = {
      key,
      name,
      account: accountKey,
      region,
      type,
      status: "ACTIVE",
      targets: [],
    };
    if (type === "LAMBDA") {
      tg.targets = [{ id: `arn:aws:lambda:${region}:${account.id}:function:${name}` }];
    } else {
      const vpc = pick(vpcsOf.get(scope(region, accountKey)) ?? []);
      tg.vpc = vpc.key;
      tg.port = 8080;
      tg.protocol = "HTTP";
      tg.healthCheck = { path: "/health" };
      tg.targets = Array.from({ length: int(2, 8) }, (_, n) => ({
        id: type === "INSTANCE" ? `i-0${hex(16)}` : `10.${vpc.octet}.${n % 2}.${10 + n}`,
        ...(attached ? health() : {}),
      }));
    }
    targetGroups.push(tg);
    return tg;
  };

  const forward = (keys: string[]): ActionInput => {
    if (keys.length === 1) return { forward: [{ targetGroup: keys[0]! }] };
    const split = pick(SPLITS[keys.length] ?? [keys.map(() => 1)]);
    return { forward: keys.map((targetGroup, i) => ({ targetGroup, weight: split[i] ?? 1 })) };
  };

  const rule = (k: number, tgKeys: string[]): RuleInput => {
    const priority = (k + 1) * 10;
    const action: ActionInput = chance(0.1) ? { fixedResponse: 403 } : forward([pick(tgKeys)]);
    switch (int(0, 3)) {
      case 0:
        return {
          name: `api-v${k + 2}`,
          priority,
          match: { method: "GET", path: { prefix: `/api/v${k + 2}` } },
          action,
        };
      case 1:
        return {
          name: `version-${k}`,
          priority,
          match: { headers: [{ name: "x-version", exact: `v${k + 2}` }] },
          action,
        };
      case 2:
        return {
          name: `admin-${k}`,
          priority,
          match: { method: "POST", path: { prefix: "/admin" } },
          action,
        };
      default:
        return {
          name: `deep-health-${k}`,
          priority,
          match: { path: { exact: `/health/deep-${k}` } },
          action,
        };
    }
  };

  for (const account of accounts) {
    const accountKey = account.key ?? "";
    for (let j = 0; j < options.services; j++) {
      const region = regions[j % regions.length]!;
      const key = `${accountKey}.svc-${j}`;
      const name = `${pick(WORDS)}-${j + 1}`;
      const managed = random();
      const tgKeys: string[] = [];
      const tgCount = int(1, 3);
      for (let t = 0; t < tgCount; t++) {
        const x = random();
        const type = x < 0.7 ? "IP" : x < 0.85 ? "INSTANCE" : "LAMBDA";
        const tg = targetGroup(`${key}.tg-${t}`, `${name}-tg-${t}`, account, region, type);
        if (managed < 0.1 && type === "IP") {
          tg.tags = {
            AmazonECSManaged: "true",
            "aws:ecs:clusterName": `${account.name}-cluster`,
            "aws:ecs:serviceArn": `arn:aws:ecs:${region}:${account.id}:service/${account.name}-cluster/${name}`,
          };
        }
        tgKeys.push(tg.key ?? "");
      }
      const listeners: ListenerInput[] = [];
      const https = chance(0.7);
      const listenerCount = int(1, 2);
      for (let l = 0; l < listenerCount; l++) {
        const secure = l === 0 ? https : !https;
        listeners.push({
          name: secure ? "https-443" : "http-80",
          protocol: secure ? "HTTPS" : "HTTP",
          port: secure ? 443 : 80,
          defaultAction: chance(0.05) ? { fixedResponse: 404 } : forward(tgKeys),
          rules: [],
        });
      }
      listeners[0]!.rules = Array.from({ length: int(0, 4) }, (_, k) => rule(k, tgKeys));
      const tags: Record<string, string> = {
        Team: account.name,
        Environment: pick(["production", "staging"]),
      };
      if (managed >= 0.1 && managed < 0.2) tags["aws:cloudformation:stack-name"] = `${name}-stack`;
      if (managed >= 0.2 && managed < 0.3) {
        tags["application-networking.k8s.aws/ManagedBy"] = `${account.id}/${account.name}-eks/vpc`;
        tags["application-networking.k8s.aws/RouteName"] = name;
        tags["application-networking.k8s.aws/RouteNamespace"] = "default";
        tags["application-networking.k8s.aws/RouteType"] = "http";
      }
      const iam = chance(0.4);
      const service: ServiceInput = {
        key,
        name,
        account: accountKey,
        region,
        authType: iam ? "AWS_IAM" : "NONE",
        status: "ACTIVE",
        tags,
        accessLogs: [],
        listeners,
      };
      if (iam) {
        service.authPolicy = JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: {
                AWS: [`arn:aws:iam::${account.id}:root`, `arn:aws:iam::${pick(accounts).id}:root`],
              },
              Action: chance(0.05) ? "vpc-lattice:Invoke" : "vpc-lattice-svcs:Invoke",
              Resource: "*",
            },
          ],
        });
      }
      services.push(service);
      const usable = visible.get(scope(region, accountKey)) ?? [];
      const networks = new Set([pick(usable)]);
      if (usable.length > 1 && chance(0.4)) networks.add(pick(usable));
      for (const n of networks)
        networkByKey.get(n)?.serviceAssociations.push({ service: key, status: "ACTIVE" });
    }
  }

  for (const region of regions) {
    for (const account of accounts) {
      const accountKey = account.key ?? "";
      const at = scope(region, accountKey);
      const accountVpcs = vpcsOf.get(at) ?? [];
      const usable = visible.get(at) ?? [];
      const own = usable.filter((n) => n.startsWith(`${accountKey}.`));
      accountVpcs.forEach((vpc, v) => {
        const last = v === accountVpcs.length - 1;
        if (!last && chance(0.8)) {
          networkByKey
            .get(pick(usable))
            ?.vpcAssociations.push({ vpc: vpc.key, securityGroups: ["lattice-clients"], status: "ACTIVE" });
        } else if (last && chance(0.3)) {
          vpcByKey.get(vpc.key)?.endpoints.push({
            type: "ServiceNetwork",
            serviceNetwork: pick(usable),
            securityGroups: ["lattice-clients"],
            privateDnsEnabled: true,
            ipAddressType: "ipv4",
            state: "Available",
          });
        }
      });
      targetGroup(`${accountKey}.${region}.legacy`, `${account.name}-legacy`, account, region, "IP", false);
      if (!chance(0.5)) continue;
      const gateway = `${accountKey}.${region}.rgw`;
      resourceGateways.push({
        key: gateway,
        name: `${account.name}-gateway`,
        account: accountKey,
        region,
        status: "ACTIVE",
        vpc: accountVpcs[0]!.key,
        ipAddressType: "IPV4",
      });
      const configCount = int(1, 3);
      for (let c = 0; c < configCount; c++) {
        const key = `${gateway}.rcfg-${c}`;
        const base = (): Pick<
          ResourceConfigurationInput,
          | "account"
          | "region"
          | "status"
          | "protocol"
          | "allowAssociationToShareableServiceNetwork"
          | "amazonManaged"
          | "accessLogs"
        > => ({
          account: accountKey,
          region,
          status: "ACTIVE",
          protocol: "TCP",
          allowAssociationToShareableServiceNetwork: true,
          amazonManaged: false,
          accessLogs: [],
        });
        const kind = int(0, 2);
        if (kind === 0) {
          resourceConfigurations.push({
            ...base(),
            key,
            name: `${account.name}-db-${c}`,
            type: "SINGLE",
            resourceGateway: gateway,
            portRanges: ["5432"],
            definition: { dnsResource: { domainName: `db-${c}.${account.name}.internal` } },
          });
        } else if (kind === 1) {
          resourceConfigurations.push({
            ...base(),
            key,
            name: `${account.name}-aurora-${c}`,
            type: "ARN",
            resourceGateway: gateway,
            portRanges: ["5432"],
            definition: {
              arnResource: { arn: `arn:aws:rds:${region}:${account.id}:cluster:${account.name}-aurora-${c}` },
            },
          });
        } else {
          resourceConfigurations.push({
            ...base(),
            key,
            name: `${account.name}-cache-${c}`,
            type: "GROUP",
            resourceGateway: gateway,
            portRanges: ["6379"],
          });
          for (let child = 0; child < 2; child++) {
            resourceConfigurations.push({
              ...base(),
              key: `${key}.node-${child}`,
              name: `${account.name}-cache-${c}-node-${child}`,
              type: "CHILD",
              group: key,
              portRanges: ["6379"],
              definition: {
                dnsResource: { domainName: `node-${child}.cache-${c}.${account.name}.internal` },
              },
            });
          }
        }
        if (own.length > 0) {
          networkByKey.get(pick(own))?.resourceAssociations.push({
            resourceConfiguration: key,
            status: "ACTIVE",
            privateDnsEnabled: chance(0.8),
          });
        }
      }
    }
  }

  return {
    version: 1,
    name: `generate-${options.accounts}x${options.services}-seed-${options.seed}`,
    seed: options.seed,
    createdAt: "2026-02-02T08:00:00.000Z",
    organization: { id: orgId, managementAccount: hub.key ?? "" },
    accounts,
    defaultAccount: hub.key ?? "",
    identities: accounts.map((a, i) => ({
      accessKeyId: generatedAccessKey(i),
      secretAccessKey: "generated-secret",
      account: a.key ?? "",
      user: i === 0 ? "trellis-crawler" : `${a.name}-developer`,
    })),
    roles: [],
    crawlerRole: { name: "TrellisCrawler", trustedAccount: hub.key ?? "" },
    vpcs,
    serviceNetworks,
    services,
    targetGroups,
    resourceGateways,
    resourceConfigurations,
    resourceShares,
    healthTimeline: [],
  };
}
