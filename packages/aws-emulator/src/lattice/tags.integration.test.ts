import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  CreateServiceNetworkServiceAssociationCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";
import { addTestIdentity, rejection, latticeClient } from "../testing";
import type { Listener, RegionState, Rule, Service, ServiceNetwork, TargetGroup } from "../core/model";

const REGION = "us-east-1";
const MAIN = "900000000501";
const OTHER = "900000000502";

let emu: Emulator;
let main: VPCLatticeClient;
let other: VPCLatticeClient;

function client(accessKeyId: string): VPCLatticeClient {
  return latticeClient(emu, accessKeyId, REGION);
}

function identity(accessKeyId: string, accountId: string) {
  addTestIdentity(emu, accessKeyId, accountId);
}

function region(): RegionState {
  return emu.world.region(REGION);
}

function arn(owner: string, resource: string) {
  return `arn:aws:vpc-lattice:${REGION}:${owner}:${resource}`;
}

function seedNetwork(owner: string, name: string): ServiceNetwork {
  const id = emu.world.newId("sn-");
  const now = emu.world.now();
  const network: ServiceNetwork = {
    id,
    name,
    arn: arn(owner, `servicenetwork/${id}`),
    ownerAccountId: owner,
    region: REGION,
    authType: "NONE",
    createdAt: now,
    lastUpdatedAt: now,
  };
  region().serviceNetworks.set(id, network);
  return network;
}

/** A service with one listener, its default rule and one extra rule, plus a target group. */
function seedServiceTree(owner: string, name: string) {
  const now = emu.world.now();
  const serviceId = emu.world.newId("svc-");
  const service: Service = {
    id: serviceId,
    name,
    arn: arn(owner, `service/${serviceId}`),
    ownerAccountId: owner,
    region: REGION,
    authType: "NONE",
    status: "ACTIVE",
    dnsEntry: { domainName: `${name}.vpc-lattice-svcs.${REGION}.on.aws`, hostedZoneId: "Z0123456789ABCD" },
    createdAt: now,
    lastUpdatedAt: now,
  };
  const targetGroupId = emu.world.newId("tg-");
  const targetGroup: TargetGroup = {
    id: targetGroupId,
    name: `${name}-tg`,
    arn: arn(owner, `targetgroup/${targetGroupId}`),
    ownerAccountId: owner,
    region: REGION,
    type: "IP",
    status: "ACTIVE",
    targets: [],
    createdAt: now,
    lastUpdatedAt: now,
  };
  const listenerId = emu.world.newId("listener-");
  const listener: Listener = {
    id: listenerId,
    name: "http",
    arn: `${service.arn}/listener/${listenerId}`,
    ownerAccountId: owner,
    region: REGION,
    serviceId,
    serviceArn: service.arn,
    protocol: "HTTP",
    port: 80,
    defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: targetGroupId, weight: 100 }] } },
    defaultRuleId: emu.world.newId("rule-"),
    createdAt: now,
    lastUpdatedAt: now,
  };
  const ruleId = emu.world.newId("rule-");
  const rule: Rule = {
    id: ruleId,
    name: "api",
    arn: `${listener.arn}/rule/${ruleId}`,
    ownerAccountId: owner,
    region: REGION,
    listenerId,
    serviceId,
    priority: 10,
    match: { httpMatch: { pathMatch: { match: { prefix: "/api" } } } },
    action: { fixedResponse: { statusCode: 404 } },
    createdAt: now,
    lastUpdatedAt: now,
  };
  region().services.set(serviceId, service);
  region().targetGroups.set(targetGroupId, targetGroup);
  region().listeners.set(listenerId, listener);
  region().rules.set(ruleId, rule);
  return {
    service,
    listener,
    rule,
    defaultRuleArn: `${listener.arn}/rule/${listener.defaultRuleId}`,
    targetGroup,
  };
}

function share(owner: string, resourceArn: string, principal: string) {
  const now = emu.world.now();
  const shareArn = `arn:aws:ram:${REGION}:${owner}:resource-share/${emu.world.uuid()}`;
  region().resourceShares.set(shareArn, {
    resourceShareArn: shareArn,
    name: "share",
    owningAccountId: owner,
    region: REGION,
    allowExternalPrincipals: true,
    status: "ACTIVE",
    featureSet: "STANDARD",
    tags: {},
    resources: [
      {
        arn: resourceArn,
        type: "vpc-lattice:ServiceNetwork",
        status: "ASSOCIATED",
        creationTime: now,
        lastUpdatedTime: now,
      },
    ],
    principals: [
      { id: principal, status: "ASSOCIATED", external: true, creationTime: now, lastUpdatedTime: now },
    ],
    creationTime: now,
    lastUpdatedTime: now,
  });
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  identity("AKIDTAGMAIN", MAIN);
  identity("AKIDTAGOTHER", OTHER);
  main = client("AKIDTAGMAIN");
  other = client("AKIDTAGOTHER");
});

afterAll(async () => {
  main?.destroy();
  other?.destroy();
  await emu?.close();
});

describe("tags", () => {
  it("tags, lists and untags every kind of Lattice resource", async () => {
    const network = seedNetwork(MAIN, "tagged-net");
    const tree = seedServiceTree(MAIN, "tagged");
    const association = await main.send(
      new CreateServiceNetworkServiceAssociationCommand({
        serviceIdentifier: tree.service.id,
        serviceNetworkIdentifier: network.id,
        tags: { created: "with-tags" },
      }),
    );
    expect((await main.send(new ListTagsForResourceCommand({ resourceArn: association.arn }))).tags).toEqual({
      created: "with-tags",
    });

    const arns = [
      network.arn,
      tree.service.arn,
      tree.listener.arn,
      tree.rule.arn,
      tree.defaultRuleArn,
      tree.targetGroup.arn,
      association.arn!,
    ];
    for (const resourceArn of arns) {
      const empty = await main.send(new ListTagsForResourceCommand({ resourceArn }));
      expect(empty.tags).toEqual(resourceArn === association.arn ? { created: "with-tags" } : {});
      const tagged = await main.send(
        new TagResourceCommand({ resourceArn, tags: { env: "prod", team: "edge" } }),
      );
      expect(tagged.$metadata.httpStatusCode).toBe(200);
      const listed = await main.send(new ListTagsForResourceCommand({ resourceArn }));
      expect(listed.tags).toMatchObject({ env: "prod", team: "edge" });
    }

    await main.send(new TagResourceCommand({ resourceArn: network.arn, tags: { env: "staging" } }));
    expect((await main.send(new ListTagsForResourceCommand({ resourceArn: network.arn }))).tags).toEqual({
      env: "staging",
      team: "edge",
    });

    const untagged = await main.send(
      new UntagResourceCommand({ resourceArn: network.arn, tagKeys: ["team", "missing key"] }),
    );
    expect(untagged.$metadata.httpStatusCode).toBe(200);
    expect((await main.send(new ListTagsForResourceCommand({ resourceArn: network.arn }))).tags).toEqual({
      env: "staging",
    });
    await main.send(new UntagResourceCommand({ resourceArn: network.arn, tagKeys: ["env"] }));
    expect((await main.send(new ListTagsForResourceCommand({ resourceArn: network.arn }))).tags).toEqual({});
  });

  it("keeps tag keys with spaces and slashes intact across the wire", async () => {
    const network = seedNetwork(MAIN, "odd-keys-net");
    await main.send(
      new TagResourceCommand({ resourceArn: network.arn, tags: { "cost center": "a/b", "app/name": "x y" } }),
    );
    await main.send(new UntagResourceCommand({ resourceArn: network.arn, tagKeys: ["cost center"] }));
    expect((await main.send(new ListTagsForResourceCommand({ resourceArn: network.arn }))).tags).toEqual({
      "app/name": "x y",
    });
  });

  it("enforces the 200-tag limit and key rules", async () => {
    const network = seedNetwork(MAIN, "limit-net");
    const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, "v"]));
    await main.send(new TagResourceCommand({ resourceArn: network.arn, tags: many }));
    const more = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`extra${i}`, "v"]));
    const tooMany = await rejection(
      main.send(new TagResourceCommand({ resourceArn: network.arn, tags: more })),
      ValidationException,
    );
    expect(tooMany.fieldList?.map((f) => f.name)).toEqual(["tags"]);
    expect(
      Object.keys((await main.send(new ListTagsForResourceCommand({ resourceArn: network.arn }))).tags ?? {}),
    ).toHaveLength(150);

    const overwrite = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`extra${i}`, "v"]));
    await main.send(
      new TagResourceCommand({ resourceArn: network.arn, tags: { ...overwrite, k0: "changed" } }),
    );
    const full = await main.send(new ListTagsForResourceCommand({ resourceArn: network.arn }));
    expect(Object.keys(full.tags ?? {})).toHaveLength(200);
    expect(full.tags?.k0).toBe("changed");

    const reserved = await rejection(
      main.send(new TagResourceCommand({ resourceArn: network.arn, tags: { "aws:owner": "me" } })),
      ValidationException,
    );
    expect(reserved.fieldList?.[0]?.name).toBe("tags.aws:owner");
    const longKey = await rejection(
      main.send(new TagResourceCommand({ resourceArn: network.arn, tags: { ["k".repeat(129)]: "v" } })),
      ValidationException,
    );
    expect(longKey.reason).toBe("fieldValidationFailed");
    const noKeys = await rejection(
      main.send(new UntagResourceCommand({ resourceArn: network.arn, tagKeys: [] })),
      ValidationException,
    );
    expect(noKeys.fieldList?.map((f) => f.name)).toEqual(["tagKeys"]);
  });

  it("rejects non-ARNs and unknown or invisible resources", async () => {
    const network = seedNetwork(MAIN, "visibility-net");
    const notArn = await rejection(
      main.send(new ListTagsForResourceCommand({ resourceArn: network.id })),
      ValidationException,
    );
    expect(notArn.fieldList?.map((f) => f.name)).toEqual(["resourceArn"]);

    for (const resourceArn of [
      arn(MAIN, "servicenetwork/sn-0000000000000000x"),
      arn(MAIN, "somethingelse/abc"),
      `arn:aws:ec2:${REGION}:${MAIN}:vpc/vpc-0123456789abcdef0`,
      network.arn.replace(MAIN, OTHER),
    ]) {
      const error = await rejection(
        main.send(new ListTagsForResourceCommand({ resourceArn })),
        ResourceNotFoundException,
      );
      expect(error.resourceId).toBe(resourceArn);
      expect(error.$metadata.httpStatusCode).toBe(404);
    }

    await main.send(new TagResourceCommand({ resourceArn: network.arn, tags: { env: "prod" } }));
    await rejection(
      other.send(new ListTagsForResourceCommand({ resourceArn: network.arn })),
      ResourceNotFoundException,
    );
    share(MAIN, network.arn, OTHER);
    const shared = await other.send(new ListTagsForResourceCommand({ resourceArn: network.arn }));
    expect(shared.tags).toEqual({ env: "prod" });
    const denied = await rejection(
      other.send(new TagResourceCommand({ resourceArn: network.arn, tags: { hijack: "yes" } })),
      AccessDeniedException,
    );
    expect(denied.$metadata.httpStatusCode).toBe(403);
    await rejection(
      other.send(new UntagResourceCommand({ resourceArn: network.arn, tagKeys: ["env"] })),
      AccessDeniedException,
    );
    expect((await main.send(new ListTagsForResourceCommand({ resourceArn: network.arn }))).tags).toEqual({
      env: "prod",
    });
  });
});
