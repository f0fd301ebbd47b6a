import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GetAuthPolicyCommand,
  GetListenerCommand,
  GetRuleCommand,
  ListServiceNetworkResourceAssociationsCommand,
  ListServiceNetworksCommand,
  ListServicesCommand,
  ListTargetsCommand,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { DescribeVpcEndpointsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { startEmulator, type Emulator } from "../server";

const HUB_KEY = { accessKeyId: "AKIATRELLISDEMOHUB01", secretAccessKey: "trellis-demo-secret-hub" };
const ORDER = "svc-0order00000000001";
const ORDER_LISTENER = "listener-0orderhttps000001";

let emu: Emulator;
let ordering: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function lattice(credentials: typeof HUB_KEY, region = "us-east-1") {
  return new VPCLatticeClient({ region, endpoint: emu.url, credentials, maxAttempts: 1 });
}

beforeAll(async () => {
  emu = await startEmulator({ scenario: { name: "demo" } });
  const sts = new STSClient({ region: "us-east-1", endpoint: emu.url, credentials: HUB_KEY, maxAttempts: 1 });
  const assumed = await sts.send(
    new AssumeRoleCommand({
      RoleArn: "arn:aws:iam::222233334444:role/TrellisCrawler",
      RoleSessionName: "trellis",
    }),
  );
  const c = assumed.Credentials;
  ordering = {
    accessKeyId: c?.AccessKeyId ?? "",
    secretAccessKey: c?.SecretAccessKey ?? "",
    sessionToken: c?.SessionToken,
  };
});

afterAll(async () => {
  await emu.close();
});

describe("demo scenario through the AWS SDK", () => {
  it("lets the crawler, as TrellisCrawler in the ordering account, see the hub's shared network", async () => {
    const networks = await lattice(ordering).send(new ListServiceNetworksCommand({}));
    expect(networks.items?.map((n) => [n.name, n.arn?.split(":")[4]])).toEqual([
      ["retail-network", "111122223333"],
    ]);
    const services = await lattice(ordering).send(new ListServicesCommand({}));
    expect(services.items?.map((s) => s.name).sort()).toEqual(["inventory", "order"]);
  });

  it("serves the canary split, the /api/v2 rule and the unhealthy canary target", async () => {
    const listener = await lattice(ordering).send(
      new GetListenerCommand({ serviceIdentifier: ORDER, listenerIdentifier: ORDER_LISTENER }),
    );
    expect(listener.defaultAction?.forward?.targetGroups).toEqual([
      { targetGroupIdentifier: "tg-0orderstable00001", weight: 90 },
      { targetGroupIdentifier: "tg-0ordercanary00001", weight: 10 },
    ]);
    const rule = await lattice(ordering).send(
      new GetRuleCommand({
        serviceIdentifier: ORDER,
        listenerIdentifier: ORDER_LISTENER,
        ruleIdentifier: "rule-0orderapiv2000001",
      }),
    );
    expect(rule.match?.httpMatch).toEqual({ method: "GET", pathMatch: { match: { prefix: "/api/v2" } } });
    const targets = await lattice(ordering).send(
      new ListTargetsCommand({ targetGroupIdentifier: "tg-0ordercanary00001" }),
    );
    expect(targets.items?.find((t) => t.status === "UNHEALTHY")).toEqual({
      id: "10.1.2.91",
      port: 8080,
      status: "UNHEALTHY",
      reasonCode: "HealthCheckFailed",
    });
  });

  it("returns the payment auth policy with the vpc-lattice:Invoke mistake", async () => {
    const payments = { accessKeyId: "AKIATRELLISDEMOPAY01", secretAccessKey: "x" };
    const policy = await lattice(payments).send(
      new GetAuthPolicyCommand({ resourceIdentifier: "svc-0payment000000001" }),
    );
    expect(JSON.parse(policy.policy ?? "{}").Statement[0].Action).toBe("vpc-lattice:Invoke");
  });

  it("lists the Aurora resource association with its DNS entries and the analytics VPC endpoint", async () => {
    const associations = await lattice(HUB_KEY).send(
      new ListServiceNetworkResourceAssociationsCommand({ serviceNetworkIdentifier: "sn-0retailnetwork001" }),
    );
    expect(associations.items?.[0]).toMatchObject({
      resourceConfigurationName: "payments-db",
      createdBy: "333344445555",
      privateDnsEntry: { domainName: "payments-db.cluster-c7x2example.us-east-1.rds.amazonaws.com" },
    });
    expect(associations.items?.[0]?.dnsEntry?.domainName).toMatch(/\.vpc-lattice-rsc\.us-east-1\.on\.aws$/);
    const ec2 = new EC2Client({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: ordering,
      maxAttempts: 1,
    });
    const endpoints = await ec2.send(new DescribeVpcEndpointsCommand({}));
    expect(endpoints.VpcEndpoints?.map((e) => [e.VpcEndpointId, e.VpcEndpointType])).toEqual([
      ["vpce-02222000000000001", "ServiceNetwork"],
      ["vpce-02222000000000002", "Resource"],
    ]);
  });

  it("shows the partner nothing until it accepts, and the eu-west-1 service in its own region", async () => {
    const partner = await lattice({ accessKeyId: "AKIATRELLISDEMOPTN01", secretAccessKey: "x" }).send(
      new ListServiceNetworksCommand({}),
    );
    expect(partner.items).toEqual([]);
    const eu = await lattice(ordering, "eu-west-1").send(new ListServicesCommand({}));
    expect(eu.items?.map((s) => s.name)).toEqual(["order-eu"]);
  });
});
