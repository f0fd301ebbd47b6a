import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  BatchUpdateRuleCommand,
  ConflictException,
  CreateListenerCommand,
  CreateRuleCommand,
  CreateServiceCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  GetRuleCommand,
  ListRulesCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  UpdateListenerCommand,
  UpdateRuleCommand,
  ValidationException,
  VPCLatticeClient,
  paginateListRules,
  type RuleMatch,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";
import { rejection as failure, latticeClient } from "../testing";

const OWNER_ACCOUNT = "900000000001";
const OTHER_ACCOUNT = "222222222222";
const VPC_ID = "vpc-0123456789abcdef0";
let emu: Emulator;
let owner: VPCLatticeClient;
let other: VPCLatticeClient;
let tcp: { id: string; arn: string };

function client(accessKeyId: string): VPCLatticeClient {
  return latticeClient(emu, accessKeyId);
}

async function targetGroup(name: string, protocol: "HTTP" | "TCP") {
  const tg = await owner.send(
    new CreateTargetGroupCommand({
      name,
      type: "IP",
      config: { port: 8080, protocol, vpcIdentifier: VPC_ID },
    }),
  );
  return { id: tg.id ?? "", arn: tg.arn ?? "" };
}

/** A service with its own blue and green target groups (a target group serves one service) and an HTTP listener forwarding to blue. */
async function httpListener(serviceName: string) {
  const blue = await targetGroup(`${serviceName}-blue`, "HTTP");
  const green = await targetGroup(`${serviceName}-green`, "HTTP");
  const svc = await owner.send(new CreateServiceCommand({ name: serviceName }));
  const listener = await owner.send(
    new CreateListenerCommand({
      serviceIdentifier: svc.id,
      name: "http",
      protocol: "HTTP",
      defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: blue.id }] } },
    }),
  );
  return {
    serviceId: svc.id ?? "",
    serviceArn: svc.arn ?? "",
    listenerId: listener.id ?? "",
    listenerArn: listener.arn ?? "",
    blue,
    green,
  };
}

const pathPrefix = (prefix: string): RuleMatch => ({ httpMatch: { pathMatch: { match: { prefix } } } });

function shareWithOtherAccount(resourceArn: string) {
  const now = new Date().toISOString();
  const arn = `arn:aws:ram:us-east-1:${OWNER_ACCOUNT}:resource-share/rules-share`;
  emu.world.region("us-east-1").resourceShares.set(arn, {
    resourceShareArn: arn,
    name: "share",
    owningAccountId: OWNER_ACCOUNT,
    region: "us-east-1",
    allowExternalPrincipals: true,
    status: "ACTIVE",
    featureSet: "STANDARD",
    tags: {},
    resources: [
      {
        arn: resourceArn,
        type: "vpc-lattice:Service",
        status: "ASSOCIATED",
        creationTime: now,
        lastUpdatedTime: now,
      },
    ],
    principals: [
      { id: OTHER_ACCOUNT, status: "ASSOCIATED", external: true, creationTime: now, lastUpdatedTime: now },
    ],
    creationTime: now,
    lastUpdatedTime: now,
  });
}

beforeAll(async () => {
  emu = await startEmulator({ scenario: { name: "demo" } });
  emu.world.identities.set("AKIDOWNER", {
    accessKeyId: "AKIDOWNER",
    secretAccessKey: "x",
    accountId: OWNER_ACCOUNT,
    arn: `arn:aws:iam::${OWNER_ACCOUNT}:user/owner`,
    userId: "AIDAOWNER",
  });
  emu.world.identities.set("AKIDOTHER", {
    accessKeyId: "AKIDOTHER",
    secretAccessKey: "x",
    accountId: OTHER_ACCOUNT,
    arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/other`,
    userId: "AIDAOTHER",
  });
  emu.world.region("us-east-1").vpcs.set(VPC_ID, {
    vpcId: VPC_ID,
    ownerId: OWNER_ACCOUNT,
    region: "us-east-1",
    cidrBlock: "10.0.0.0/16",
    isDefault: false,
    tags: {},
  });
  owner = client("AKIDOWNER");
  other = client("AKIDOTHER");
  tcp = await targetGroup("tcp", "TCP");
});

afterAll(async () => {
  owner.destroy();
  other.destroy();
  await emu.close();
});

describe("rules", () => {
  it("creates, reads, lists, updates and deletes a rule, by id and by ARN", async () => {
    const l = await httpListener("rules-crud");
    const match: RuleMatch = {
      httpMatch: {
        method: "GET",
        pathMatch: { match: { prefix: "/api" }, caseSensitive: false },
        headerMatches: [{ name: "x-env", match: { exact: "canary" }, caseSensitive: true }],
      },
    };
    const created = await owner.send(
      new CreateRuleCommand({
        serviceIdentifier: l.serviceArn,
        listenerIdentifier: l.listenerArn,
        name: "canary",
        priority: 10,
        match,
        action: {
          forward: {
            targetGroups: [
              { targetGroupIdentifier: l.blue.arn, weight: 90 },
              { targetGroupIdentifier: l.green.id, weight: 10 },
            ],
          },
        },
        tags: { owner: "team" },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^rule-[0-9a-z]{17}$/);
    expect(created).toMatchObject({
      arn: `${l.listenerArn}/rule/${created.id}`,
      name: "canary",
      priority: 10,
      match,
      action: {
        forward: {
          targetGroups: [
            { targetGroupIdentifier: l.blue.id, weight: 90 },
            { targetGroupIdentifier: l.green.id, weight: 10 },
          ],
        },
      },
    });

    const byArn = await owner.send(
      new GetRuleCommand({
        serviceIdentifier: l.serviceId,
        listenerIdentifier: l.listenerId,
        ruleIdentifier: created.arn,
      }),
    );
    expect(byArn).toMatchObject({
      id: created.id,
      isDefault: false,
      priority: 10,
      match,
      action: created.action,
    });
    expect(byArn.createdAt).toBeInstanceOf(Date);

    const updated = await owner.send(
      new UpdateRuleCommand({
        serviceIdentifier: l.serviceId,
        listenerIdentifier: l.listenerId,
        ruleIdentifier: created.id,
        priority: 20,
        action: { fixedResponse: { statusCode: 503 } },
      }),
    );
    expect(updated).toMatchObject({
      id: created.id,
      name: "canary",
      isDefault: false,
      priority: 20,
      match,
      action: { fixedResponse: { statusCode: 503 } },
    });

    const deleted = await owner.send(
      new DeleteRuleCommand({
        serviceIdentifier: l.serviceId,
        listenerIdentifier: l.listenerId,
        ruleIdentifier: created.arn,
      }),
    );
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const gone = await failure(
      owner.send(
        new GetRuleCommand({
          serviceIdentifier: l.serviceId,
          listenerIdentifier: l.listenerId,
          ruleIdentifier: created.id,
        }),
      ),
      ResourceNotFoundException,
    );
    expect(gone.resourceType).toBe("RULE");
  });

  it("lists rules by priority with the default rule last and lets the default rule change only via UpdateListener", async () => {
    const l = await httpListener("default-rule");
    for (const [name, priority] of [
      ["late", 50],
      ["early", 5],
    ] as const) {
      await owner.send(
        new CreateRuleCommand({
          serviceIdentifier: l.serviceId,
          listenerIdentifier: l.listenerId,
          name,
          priority,
          match: pathPrefix(`/${name}`),
          action: { fixedResponse: { statusCode: 404 } },
        }),
      );
    }
    const list = await owner.send(
      new ListRulesCommand({ serviceIdentifier: l.serviceId, listenerIdentifier: l.listenerId }),
    );
    expect(list.items?.map((r) => [r.name, r.priority, r.isDefault])).toEqual([
      ["early", 5, false],
      ["late", 50, false],
      ["default", undefined, true],
    ]);
    const defaultId = list.items?.[2]?.id ?? "";
    expect(defaultId).toBe(emu.world.region("us-east-1").listeners.get(l.listenerId)?.defaultRuleId);

    const pages: number[] = [];
    for await (const page of paginateListRules(
      { client: owner, pageSize: 2 },
      { serviceIdentifier: l.serviceId, listenerIdentifier: l.listenerId },
    )) {
      pages.push(page.items?.length ?? 0);
    }
    expect(pages).toEqual([2, 1]);

    const defaultRule = await owner.send(
      new GetRuleCommand({
        serviceIdentifier: l.serviceId,
        listenerIdentifier: l.listenerId,
        ruleIdentifier: defaultId,
      }),
    );
    expect(defaultRule).toMatchObject({
      id: defaultId,
      arn: `${l.listenerArn}/rule/${defaultId}`,
      isDefault: true,
      action: { forward: { targetGroups: [{ targetGroupIdentifier: l.blue.id, weight: 100 }] } },
    });
    expect(defaultRule.match).toBeUndefined();
    expect(defaultRule.priority).toBeUndefined();

    const update = await failure(
      owner.send(
        new UpdateRuleCommand({
          serviceIdentifier: l.serviceId,
          listenerIdentifier: l.listenerId,
          ruleIdentifier: defaultId,
          action: { fixedResponse: { statusCode: 404 } },
        }),
      ),
      ValidationException,
    );
    expect(update.message).toContain("UpdateListener");
    await failure(
      owner.send(
        new DeleteRuleCommand({
          serviceIdentifier: l.serviceId,
          listenerIdentifier: l.listenerId,
          ruleIdentifier: defaultId,
        }),
      ),
      ValidationException,
    );

    await owner.send(
      new UpdateListenerCommand({
        serviceIdentifier: l.serviceId,
        listenerIdentifier: l.listenerId,
        defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: l.green.arn }] } },
      }),
    );
    const after = await owner.send(
      new GetRuleCommand({
        serviceIdentifier: l.serviceId,
        listenerIdentifier: l.listenerId,
        ruleIdentifier: defaultId,
      }),
    );
    expect(after.action).toEqual({
      forward: { targetGroups: [{ targetGroupIdentifier: l.green.id, weight: 100 }] },
    });
  });

  it("keeps priorities and names unique per listener and enforces the rule quota", async () => {
    const l = await httpListener("rule-limits");
    const create = (name: string, priority: number) =>
      owner.send(
        new CreateRuleCommand({
          serviceIdentifier: l.serviceId,
          listenerIdentifier: l.listenerId,
          name,
          priority,
          match: pathPrefix(`/${name}`),
          action: { fixedResponse: { statusCode: 404 } },
        }),
      );
    const first = await create("rule-1", 1);
    const samePriority = await failure(create("rule-x", 1), ConflictException);
    expect(samePriority).toMatchObject({ resourceType: "RULE", resourceId: first.id });
    await failure(create("rule-1", 2), ConflictException);
    const outOfRange = await failure(create("rule-x", 101), ValidationException);
    expect(outOfRange.fieldList?.[0]?.name).toBe("priority");
    for (let i = 2; i <= 10; i++) await create(`rule-${i}`, i);
    const quota = await failure(create("rule-11", 11), ServiceQuotaExceededException);
    expect(quota.quotaCode).toBe("L-CF78395E");
    expect(quota.resourceType).toBe("RULE");

    const second = await owner.send(
      new GetRuleCommand({
        serviceIdentifier: l.serviceId,
        listenerIdentifier: l.listenerId,
        ruleIdentifier: first.arn,
      }),
    );
    const clash = await failure(
      owner.send(
        new UpdateRuleCommand({
          serviceIdentifier: l.serviceId,
          listenerIdentifier: l.listenerId,
          ruleIdentifier: second.id,
          priority: 2,
        }),
      ),
      ConflictException,
    );
    expect(clash.resourceType).toBe("RULE");
  });

  it("validates matches field by field", async () => {
    const l = await httpListener("match-checks");
    const fields = async (match: RuleMatch) => {
      const error = await failure(
        owner.send(
          new CreateRuleCommand({
            serviceIdentifier: l.serviceId,
            listenerIdentifier: l.listenerId,
            name: "checked",
            priority: 1,
            match,
            action: { fixedResponse: { statusCode: 404 } },
          }),
        ),
        ValidationException,
      );
      expect(error.reason).toBe("fieldValidationFailed");
      return error.fieldList?.map((f) => f.name);
    };
    expect(await fields(pathPrefix("api"))).toEqual(["match.httpMatch.pathMatch.match.prefix"]);
    expect(await fields(pathPrefix(`/${"a".repeat(200)}`))).toEqual([
      "match.httpMatch.pathMatch.match.prefix",
    ]);
    expect(
      await fields({
        httpMatch: { pathMatch: { match: { exact: "/a", prefix: "/b" } as unknown as { exact: string } } },
      }),
    ).toEqual(["match.httpMatch.pathMatch.match"]);
    expect(await fields({ httpMatch: { method: "X".repeat(17) } })).toEqual(["match.httpMatch.method"]);
    const header = { name: "x-a", match: { exact: "1" } };
    expect(await fields({ httpMatch: { headerMatches: Array.from({ length: 6 }, () => header) } })).toEqual([
      "match.httpMatch.headerMatches",
    ]);
    expect(await fields({ httpMatch: { headerMatches: [{ name: "", match: { contains: "x" } }] } })).toEqual([
      "match.httpMatch.headerMatches[0].name",
    ]);
    expect(
      await fields({ httpMatch: { headerMatches: [{ name: "x-a", match: { $unknown: ["regex", ".*"] } }] } }),
    ).toContain("match.httpMatch.headerMatches[0].match");
    expect(await fields({ $unknown: ["grpcMatch", {}] })).toContain("match");

    const actionError = await failure(
      owner.send(
        new CreateRuleCommand({
          serviceIdentifier: l.serviceId,
          listenerIdentifier: l.listenerId,
          name: "checked",
          priority: 1,
          match: pathPrefix("/ok"),
          action: { forward: { targetGroups: [{ targetGroupIdentifier: l.blue.id, weight: -1 }] } },
        }),
      ),
      ValidationException,
    );
    expect(actionError.fieldList?.map((f) => f.name)).toEqual(["action.forward.targetGroups[0].weight"]);
  });

  it("allows no rules on a TLS passthrough listener", async () => {
    const svc = await owner.send(
      new CreateServiceCommand({ name: "tls-rules", customDomainName: "tls.example.com" }),
    );
    const listener = await owner.send(
      new CreateListenerCommand({
        serviceIdentifier: svc.id,
        name: "tls",
        protocol: "TLS_PASSTHROUGH",
        defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: tcp.id }] } },
      }),
    );
    await failure(
      owner.send(
        new CreateRuleCommand({
          serviceIdentifier: svc.id,
          listenerIdentifier: listener.id,
          name: "nope",
          priority: 1,
          match: pathPrefix("/"),
          action: { forward: { targetGroups: [{ targetGroupIdentifier: tcp.id }] } },
        }),
      ),
      ValidationException,
    );
    const rules = await owner.send(
      new ListRulesCommand({ serviceIdentifier: svc.id, listenerIdentifier: listener.id }),
    );
    expect(rules.items?.map((r) => r.isDefault)).toEqual([true]);
  });

  it("swaps priorities in one BatchUpdateRule call and reports per-rule failures", async () => {
    const l = await httpListener("batch");
    const create = async (name: string, priority: number) =>
      owner.send(
        new CreateRuleCommand({
          serviceIdentifier: l.serviceId,
          listenerIdentifier: l.listenerId,
          name,
          priority,
          match: pathPrefix(`/${name}`),
          action: { fixedResponse: { statusCode: 404 } },
        }),
      );
    const a = await create("rule-a", 1);
    const b = await create("rule-b", 2);
    const c = await create("rule-c", 3);
    const defaultId = emu.world.region("us-east-1").listeners.get(l.listenerId)?.defaultRuleId ?? "";

    const swap = await owner.send(
      new BatchUpdateRuleCommand({
        serviceIdentifier: l.serviceId,
        listenerIdentifier: l.listenerId,
        rules: [
          { ruleIdentifier: a.id, priority: 2 },
          {
            ruleIdentifier: b.arn,
            priority: 1,
            action: { forward: { targetGroups: [{ targetGroupIdentifier: l.green.arn }] } },
          },
          { ruleIdentifier: c.id, priority: 2 },
          { ruleIdentifier: "rule-0000000000000000a", priority: 9 },
          { ruleIdentifier: defaultId, priority: 7 },
        ],
      }),
    );
    expect(swap.successful?.map((r) => [r.id, r.priority])).toEqual([
      [a.id, 2],
      [b.id, 1],
    ]);
    expect(swap.successful?.[1]?.action).toEqual({
      forward: { targetGroups: [{ targetGroupIdentifier: l.green.id, weight: 100 }] },
    });
    expect(swap.unsuccessful?.map((f) => [f.ruleIdentifier, f.failureCode])).toEqual([
      [c.id, "ConflictException"],
      ["rule-0000000000000000a", "ResourceNotFoundException"],
      [defaultId, "ValidationException"],
    ]);
    const list = await owner.send(
      new ListRulesCommand({ serviceIdentifier: l.serviceId, listenerIdentifier: l.listenerId }),
    );
    expect(list.items?.map((r) => [r.name, r.priority])).toEqual([
      ["rule-b", 1],
      ["rule-a", 2],
      ["rule-c", 3],
      ["default", undefined],
    ]);

    const tooMany = await failure(
      owner.send(
        new BatchUpdateRuleCommand({
          serviceIdentifier: l.serviceId,
          listenerIdentifier: l.listenerId,
          rules: Array.from({ length: 6 }, () => ({ ruleIdentifier: a.id ?? "" })),
        }),
      ),
      ValidationException,
    );
    expect(tooMany.fieldList?.[0]?.name).toBe("rules");
    const badTarget = await owner.send(
      new BatchUpdateRuleCommand({
        serviceIdentifier: l.serviceId,
        listenerIdentifier: l.listenerId,
        rules: [
          {
            ruleIdentifier: a.id,
            action: { forward: { targetGroups: [{ targetGroupIdentifier: "tg-0000000000000000a" }] } },
          },
        ],
      }),
    );
    expect(badTarget.unsuccessful?.[0]?.failureCode).toBe("ResourceNotFoundException");
    expect(badTarget.successful).toEqual([]);
  });

  it("lets a consumer of a shared service read rules but not change them", async () => {
    const l = await httpListener("shared-rules");
    const rule = await owner.send(
      new CreateRuleCommand({
        serviceIdentifier: l.serviceId,
        listenerIdentifier: l.listenerId,
        name: "shared",
        priority: 1,
        match: pathPrefix("/shared"),
        action: { fixedResponse: { statusCode: 404 } },
      }),
    );
    await failure(
      other.send(
        new ListRulesCommand({ serviceIdentifier: l.serviceArn, listenerIdentifier: l.listenerArn }),
      ),
      ResourceNotFoundException,
    );
    shareWithOtherAccount(l.serviceArn);
    const listed = await other.send(
      new ListRulesCommand({ serviceIdentifier: l.serviceArn, listenerIdentifier: l.listenerArn }),
    );
    expect(listed.items?.map((r) => r.id)).toContain(rule.id);
    const got = await other.send(
      new GetRuleCommand({
        serviceIdentifier: l.serviceArn,
        listenerIdentifier: l.listenerArn,
        ruleIdentifier: rule.arn,
      }),
    );
    expect(got.match).toEqual(pathPrefix("/shared"));
    await failure(
      other.send(
        new UpdateRuleCommand({
          serviceIdentifier: l.serviceArn,
          listenerIdentifier: l.listenerArn,
          ruleIdentifier: rule.arn,
          priority: 2,
        }),
      ),
      AccessDeniedException,
    );
    await failure(
      other.send(
        new DeleteRuleCommand({
          serviceIdentifier: l.serviceArn,
          listenerIdentifier: l.listenerArn,
          ruleIdentifier: rule.arn,
        }),
      ),
      AccessDeniedException,
    );
  });
});
