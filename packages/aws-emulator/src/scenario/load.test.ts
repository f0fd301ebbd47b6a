import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { buildWorld } from "./index";
import { loadScenario } from "./load";
import { ScenarioError, type ScenarioInput } from "./schema";

const A = "123456789012";
const B = "210987654321";

/** Two accounts of one organisation; A owns a network and a service in B forwards to B's target group. */
function base(): ScenarioInput {
  return {
    organization: { id: "o-exampleorg1", managementAccount: "a" },
    accounts: [
      { key: "a", id: A, name: "alpha" },
      { key: "b", id: B, name: "beta" },
    ],
    vpcs: [
      {
        name: "beta-vpc",
        account: "b",
        cidr: "10.9.0.0/16",
        subnets: [{ cidr: "10.9.1.0/24", az: "us-east-1a" }],
      },
    ],
    serviceNetworks: [{ name: "alpha-net", account: "a", serviceAssociations: [{ service: "web" }] }],
    services: [
      {
        name: "web",
        account: "b",
        listeners: [
          { name: "http-80", protocol: "HTTP", defaultAction: { forward: [{ targetGroup: "web-tg" }] } },
        ],
      },
    ],
    targetGroups: [
      {
        name: "web-tg",
        account: "b",
        type: "IP",
        vpc: "beta-vpc",
        port: 80,
        protocol: "HTTP",
        targets: [{ id: "10.9.1.5" }],
      },
    ],
    resourceShares: [
      {
        name: "alpha-net-share",
        account: "a",
        resources: [{ serviceNetwork: "alpha-net" }],
        principals: [{ account: "b" }],
      },
    ],
  };
}

function errorOf(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error("expected a ScenarioError");
}

describe("scenario loader", () => {
  it("loads inline data, resolving keys to ids and ARNs", () => {
    const world = buildWorld({ name: "inline", data: base() });
    const state = world.region("us-east-1");
    const tg = [...state.targetGroups.values()][0];
    const listener = [...state.listeners.values()][0];
    expect(listener?.defaultAction).toEqual({
      forward: { targetGroups: [{ targetGroupIdentifier: tg?.id, weight: 100 }] },
    });
    expect(tg?.arn).toBe(`arn:aws:vpc-lattice:us-east-1:${B}:targetgroup/${tg?.id}`);
    expect(tg?.targets).toEqual([{ id: "10.9.1.5", port: 80, status: "HEALTHY" }]);
    expect(tg?.config?.healthCheck).toMatchObject({
      enabled: true,
      path: "/",
      healthCheckIntervalSeconds: 30,
    });
    const association = [...state.serviceNetworkServiceAssociations.values()][0];
    expect(association?.arn.split(":")[4]).toBe(B);
    expect(world.defaultAccountId).toBe(A);
    expect([...state.securityGroups.values()].map((g) => g.groupName)).toEqual(["default"]);
  });

  it("names an unknown target group key with its place in the file", () => {
    const data = base();
    data.services![0]!.listeners![0]!.defaultAction = { forward: [{ targetGroup: "web-tgg" }] };
    const error = errorOf(() => buildWorld({ name: "inline", data }));
    expect(error.message).toContain(
      'services[0].listeners[0].defaultAction.forward[0].targetGroup: unknown target group "web-tgg"',
    );
  });

  it("refuses a cross-account association without a resource share", () => {
    const data = base();
    data.resourceShares = [];
    const error = errorOf(() => loadScenario(data));
    expect(error.issues[0]?.path).toBe("serviceNetworks[0].serviceAssociations[0]");
    expect(error.message).toContain(`is not shared with account ${B}`);
  });

  it("reports schema problems with their paths", () => {
    const data = base();
    data.services![0]!.id = "svc-nope";
    data.targetGroups![0]!.port = 70000;
    const error = errorOf(() => loadScenario(data));
    expect(error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["services[0].id", "targetGroups[0].port"]),
    );
  });

  it("keeps an outside account's share pending until it accepts, and rejects it when external principals are off", () => {
    const data = base();
    data.accounts!.push({ key: "c", id: "999988887777", name: "outsider", inOrganization: false });
    data.resourceShares![0]!.principals.push({ account: "c" });
    const state = loadScenario(data).region("us-east-1");
    const share = [...state.resourceShares.values()][0];
    expect(share?.principals.find((p) => p.id === "999988887777")).toMatchObject({
      status: "ASSOCIATING",
      external: true,
    });
    expect([...state.resourceShareInvitations.values()][0]).toMatchObject({
      receiverAccountId: "999988887777",
      status: "PENDING",
    });

    data.resourceShares![0]!.allowExternalPrincipals = false;
    expect(errorOf(() => loadScenario(data)).message).toContain("does not allow external principals");
  });

  it("associates a resource configuration group together with managed associations of its children", () => {
    const data = base();
    data.resourceGateways = [{ name: "beta-gateway", account: "b", vpc: "beta-vpc" }];
    data.resourceConfigurations = [
      { name: "cache", account: "b", type: "GROUP", resourceGateway: "beta-gateway", portRanges: [6379] },
      {
        name: "cache-node-1",
        account: "b",
        type: "CHILD",
        group: "cache",
        portRanges: [6379],
        definition: { dnsResource: { domainName: "n1.cache.internal" } },
      },
    ];
    data.serviceNetworks!.push({
      name: "beta-net",
      account: "b",
      resourceAssociations: [{ resourceConfiguration: "cache", privateDnsEnabled: true }],
    });
    const state = loadScenario(data).region("us-east-1");
    const associations = [...state.serviceNetworkResourceAssociations.values()];
    expect(associations.map((a) => a.isManagedAssociation)).toEqual([false, true]);
    expect(associations[1]?.privateDnsEntry?.domainName).toBe("n1.cache.internal");
    const child = [...state.resourceConfigurations.values()].find((r) => r.type === "CHILD");
    expect(child?.resourceGatewayId).toBe([...state.resourceGateways.values()][0]?.id);
  });

  it("schedules health changes and refuses ones for unknown targets", () => {
    const data = base();
    data.healthTimeline = [
      {
        afterSeconds: 900,
        targetGroup: "web-tg",
        target: "10.9.1.5",
        status: "UNHEALTHY",
        reasonCode: "HealthCheckFailed",
      },
    ];
    const world = loadScenario(data);
    expect(world.healthChanges).toEqual([
      expect.objectContaining({
        afterSeconds: 900,
        targetId: "10.9.1.5",
        status: "UNHEALTHY",
        targetGroupArn: expect.stringContaining(":targetgroup/tg-"),
      }),
    ]);
    data.healthTimeline[0]!.target = "10.9.1.6";
    expect(errorOf(() => loadScenario(data)).message).toContain(
      "healthTimeline[0].target: target 10.9.1.6 is not registered",
    );
  });

  it("refuses an id used twice", () => {
    const data = base();
    data.services![0]!.id = "svc-0web0000000000001";
    data.services!.push({ ...data.services![0]!, name: "web-two", listeners: [] });
    expect(errorOf(() => loadScenario(data)).message).toContain(
      "services[1].id: id svc-0web0000000000001 is used twice",
    );
  });

  it("loads YAML and JSON files and names the file in errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "trellis-scenario-"));
    const yamlPath = join(dir, "estate.yaml");
    const jsonPath = join(dir, "estate.json");
    writeFileSync(yamlPath, stringify(base()));
    writeFileSync(jsonPath, JSON.stringify(base()));
    expect(buildWorld({ name: "file", path: yamlPath }).region("us-east-1").services.size).toBe(1);
    expect(buildWorld({ name: "file", path: jsonPath }).region("us-east-1").services.size).toBe(1);

    const broken = base();
    broken.targetGroups![0]!.vpc = "gamma-vpc";
    writeFileSync(yamlPath, stringify(broken));
    expect(errorOf(() => buildWorld({ name: "file", path: yamlPath })).message).toContain(
      `${yamlPath}: targetGroups[0].vpc: unknown VPC "gamma-vpc"`,
    );
    writeFileSync(yamlPath, "accounts: [\n");
    expect(errorOf(() => buildWorld({ name: "file", path: yamlPath })).message).toContain(yamlPath);
    expect(errorOf(() => buildWorld({ name: "file", path: join(dir, "missing.yaml") })).message).toContain(
      "cannot read",
    );
  });
});
