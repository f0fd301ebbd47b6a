import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictException,
  CreateListenerCommand,
  CreateServiceCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  GetListenerCommand,
  ListListenersCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  UpdateListenerCommand,
  ValidationException,
  VPCLatticeClient,
  type RuleAction,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";
import { rejection as failure, latticeClient } from "../testing";

const OWNER_ACCOUNT = "900000000001";
const OTHER_ACCOUNT = "222222222222";
const VPC_ID = "vpc-0123456789abcdef0";
let emu: Emulator;
let owner: VPCLatticeClient;
let other: VPCLatticeClient;
let web: { id: string; arn: string };
let api: { id: string; arn: string };
let tcp: { id: string; arn: string };

function client(accessKeyId: string): VPCLatticeClient {
  return latticeClient(emu, accessKeyId);
}

async function targetGroup(
  c: VPCLatticeClient,
  name: string,
  protocol: "HTTP" | "TCP",
  vpcIdentifier = VPC_ID,
) {
  const tg = await c.send(
    new CreateTargetGroupCommand({ name, type: "IP", config: { port: 8080, protocol, vpcIdentifier } }),
  );
  return { id: tg.id ?? "", arn: tg.arn ?? "" };
}

async function service(name: string, customDomainName?: string) {
  const svc = await owner.send(new CreateServiceCommand({ name, customDomainName }));
  return { id: svc.id ?? "", arn: svc.arn ?? "" };
}

const forwardTo = (...targetGroups: { targetGroupIdentifier: string; weight?: number }[]): RuleAction => ({
  forward: { targetGroups },
});

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
  for (const [vpcId, ownerId] of [
    [VPC_ID, OWNER_ACCOUNT],
    ["vpc-00000000000000222", OTHER_ACCOUNT],
  ] as const) {
    emu.world.region("us-east-1").vpcs.set(vpcId, {
      vpcId,
      ownerId,
      region: "us-east-1",
      cidrBlock: "10.0.0.0/16",
      isDefault: false,
      tags: {},
    });
  }
  owner = client("AKIDOWNER");
  other = client("AKIDOTHER");
  web = await targetGroup(owner, "web", "HTTP");
  api = await targetGroup(owner, "api", "HTTP");
  tcp = await targetGroup(owner, "tcp", "TCP");
});

afterAll(async () => {
  owner.destroy();
  other.destroy();
  await emu.close();
});

describe("listeners", () => {
  it("creates, reads, lists, updates and deletes listeners", async () => {
    const svc = await service("listener-crud");
    const http = await owner.send(
      new CreateListenerCommand({
        serviceIdentifier: svc.arn,
        name: "http",
        protocol: "HTTP",
        defaultAction: forwardTo({ targetGroupIdentifier: web.arn }),
        tags: { tier: "edge" },
      }),
    );
    expect(http.$metadata.httpStatusCode).toBe(201);
    expect(http.id).toMatch(/^listener-[0-9a-z]{17}$/);
    expect(http).toMatchObject({
      arn: `${svc.arn}/listener/${http.id}`,
      name: "http",
      protocol: "HTTP",
      port: 80,
      serviceArn: svc.arn,
      serviceId: svc.id,
      // An ARN reference is stored as the tg- id, and a lone target group gets weight 100.
      defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: web.id, weight: 100 }] } },
    });
    const stored = emu.world.region("us-east-1").listeners.get(http.id ?? "");
    expect(stored?.defaultRuleId).toMatch(/^rule-[0-9a-z]{17}$/);

    const https = await owner.send(
      new CreateListenerCommand({
        serviceIdentifier: svc.id,
        name: "https",
        protocol: "HTTPS",
        defaultAction: { fixedResponse: { statusCode: 404 } },
      }),
    );
    expect(https.port).toBe(443);

    const got = await owner.send(
      new GetListenerCommand({ serviceIdentifier: svc.id, listenerIdentifier: http.arn }),
    );
    expect(got).toMatchObject({ id: http.id, port: 80, defaultAction: http.defaultAction });
    expect(got.createdAt).toBeInstanceOf(Date);

    const list = await owner.send(new ListListenersCommand({ serviceIdentifier: svc.id }));
    expect(list.items?.map((l) => [l.name, l.protocol, l.port])).toEqual([
      ["http", "HTTP", 80],
      ["https", "HTTPS", 443],
    ]);
    const page = await owner.send(new ListListenersCommand({ serviceIdentifier: svc.id, maxResults: 1 }));
    expect(page.items).toHaveLength(1);
    expect(page.nextToken).toBeTruthy();

    const updated = await owner.send(
      new UpdateListenerCommand({
        serviceIdentifier: svc.id,
        listenerIdentifier: http.id,
        defaultAction: forwardTo(
          { targetGroupIdentifier: web.id, weight: 80 },
          { targetGroupIdentifier: api.arn, weight: 20 },
        ),
      }),
    );
    expect(updated).toMatchObject({
      id: http.id,
      name: "http",
      protocol: "HTTP",
      port: 80,
      serviceArn: svc.arn,
      serviceId: svc.id,
      defaultAction: {
        forward: {
          targetGroups: [
            { targetGroupIdentifier: web.id, weight: 80 },
            { targetGroupIdentifier: api.id, weight: 20 },
          ],
        },
      },
    });

    const deleted = await owner.send(
      new DeleteListenerCommand({ serviceIdentifier: svc.id, listenerIdentifier: http.arn }),
    );
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const gone = await failure(
      owner.send(new GetListenerCommand({ serviceIdentifier: svc.id, listenerIdentifier: http.id })),
      ResourceNotFoundException,
    );
    expect(gone.resourceType).toBe("LISTENER");
  });

  it("enforces unique names and ports and the listener quota", async () => {
    const svc = await service("listener-limits");
    const create = (name: string, port?: number) =>
      owner.send(
        new CreateListenerCommand({
          serviceIdentifier: svc.id,
          name,
          protocol: "HTTP",
          port,
          defaultAction: { fixedResponse: { statusCode: 404 } },
        }),
      );
    const first = await create("first", 8080);
    const sameName = await failure(create("first", 8081), ConflictException);
    expect(sameName.resourceId).toBe(first.id);
    const samePort = await failure(create("second", 8080), ConflictException);
    expect(samePort.resourceType).toBe("LISTENER");
    await create("second", 8081);
    const quota = await failure(create("third", 8082), ServiceQuotaExceededException);
    expect(quota.quotaCode).toBe("L-D64E952E");
    expect(quota.$metadata.httpStatusCode).toBe(402);
    const port = await failure(create("bad-port", 70000), ValidationException);
    expect(port.fieldList?.[0]?.name).toBe("port");
  });

  it("validates default actions field by field", async () => {
    const svc = await service("action-checks");
    const attempt = (defaultAction: RuleAction) =>
      failure(
        owner.send(
          new CreateListenerCommand({
            serviceIdentifier: svc.id,
            name: "http",
            protocol: "HTTP",
            defaultAction,
          }),
        ),
        ValidationException,
      );
    const fields = async (defaultAction: RuleAction) =>
      (await attempt(defaultAction)).fieldList?.map((f) => f.name);

    expect(await fields(forwardTo({ targetGroupIdentifier: web.id, weight: 5000 }))).toEqual([
      "defaultAction.forward.targetGroups[0].weight",
    ]);
    expect(
      await fields(
        forwardTo({ targetGroupIdentifier: web.id, weight: 50 }, { targetGroupIdentifier: api.id }),
      ),
    ).toEqual(["defaultAction.forward.targetGroups[1].weight"]);
    expect(
      await fields(
        forwardTo(
          { targetGroupIdentifier: web.id, weight: 1 },
          { targetGroupIdentifier: web.arn, weight: 1 },
        ),
      ),
    ).toEqual(["defaultAction.forward.targetGroups[1].targetGroupIdentifier"]);
    expect(await fields(forwardTo())).toEqual(["defaultAction.forward.targetGroups"]);
    expect(
      await fields(
        forwardTo(...Array.from({ length: 11 }, () => ({ targetGroupIdentifier: web.id, weight: 1 }))),
      ),
    ).toContain("defaultAction.forward.targetGroups");
    expect(await fields(forwardTo({ targetGroupIdentifier: "target-group-1" }))).toEqual([
      "defaultAction.forward.targetGroups[0].targetGroupIdentifier",
    ]);
    expect(await fields({ fixedResponse: { statusCode: 600 } })).toEqual([
      "defaultAction.fixedResponse.statusCode",
    ]);
    const both = {
      forward: { targetGroups: [{ targetGroupIdentifier: web.id }] },
      fixedResponse: { statusCode: 404 },
    };
    expect(await fields(both as unknown as RuleAction)).toEqual(["defaultAction"]);
    const unknown = await attempt({ $unknown: ["redirect", { url: "https://example.com" }] });
    expect(unknown.reason).toBe("fieldValidationFailed");
    expect(unknown.message).toContain("redirect");

    const missingTg = await failure(
      owner.send(
        new CreateListenerCommand({
          serviceIdentifier: svc.id,
          name: "http",
          protocol: "HTTP",
          defaultAction: forwardTo({ targetGroupIdentifier: "tg-0000000000000000a" }),
        }),
      ),
      ResourceNotFoundException,
    );
    expect(missingTg).toMatchObject({ resourceType: "TARGET_GROUP", resourceId: "tg-0000000000000000a" });

    const tcpOnHttp = await attempt(forwardTo({ targetGroupIdentifier: tcp.id }));
    expect(tcpOnHttp.fieldList?.[0]?.name).toBe(
      "defaultAction.forward.targetGroups[0].targetGroupIdentifier",
    );
    const listeners = await owner.send(new ListListenersCommand({ serviceIdentifier: svc.id }));
    expect(listeners.items).toEqual([]);
  });

  it("allows TLS passthrough only on services with a custom domain, forwarding to TCP target groups", async () => {
    const plain = await service("tls-plain");
    const noDomain = await failure(
      owner.send(
        new CreateListenerCommand({
          serviceIdentifier: plain.id,
          name: "tls",
          protocol: "TLS_PASSTHROUGH",
          defaultAction: forwardTo({ targetGroupIdentifier: tcp.id }),
        }),
      ),
      ValidationException,
    );
    expect(noDomain.fieldList?.[0]?.name).toBe("protocol");

    const svc = await service("tls-domain", "tls.example.com");
    const tlsListener = (defaultAction: RuleAction) =>
      owner.send(
        new CreateListenerCommand({
          serviceIdentifier: svc.id,
          name: "tls",
          protocol: "TLS_PASSTHROUGH",
          defaultAction,
        }),
      );
    const httpTg = await failure(
      tlsListener(forwardTo({ targetGroupIdentifier: web.id })),
      ValidationException,
    );
    expect(httpTg.fieldList?.[0]?.name).toBe("defaultAction.forward.targetGroups[0].targetGroupIdentifier");
    const fixed = await failure(tlsListener({ fixedResponse: { statusCode: 404 } }), ValidationException);
    expect(fixed.fieldList?.[0]?.name).toBe("defaultAction.fixedResponse");
    const ok = await tlsListener(forwardTo({ targetGroupIdentifier: tcp.arn }));
    expect(ok).toMatchObject({ protocol: "TLS_PASSTHROUGH", port: 443 });
  });

  it("refuses target groups of another account and target groups already used by another service", async () => {
    const theirs = await targetGroup(other, "theirs", "HTTP", "vpc-00000000000000222");
    const svc = await service("cross-account-tg");
    const foreign = await failure(
      owner.send(
        new CreateListenerCommand({
          serviceIdentifier: svc.id,
          name: "http",
          protocol: "HTTP",
          defaultAction: forwardTo({ targetGroupIdentifier: theirs.arn }),
        }),
      ),
      ResourceNotFoundException,
    );
    expect(foreign.resourceType).toBe("TARGET_GROUP");

    const shared = await targetGroup(owner, "one-service-only", "HTTP");
    await owner.send(
      new CreateListenerCommand({
        serviceIdentifier: svc.id,
        name: "http",
        protocol: "HTTP",
        defaultAction: forwardTo({ targetGroupIdentifier: shared.id }),
      }),
    );
    const second = await service("second-user");
    const reused = await failure(
      owner.send(
        new CreateListenerCommand({
          serviceIdentifier: second.id,
          name: "http",
          protocol: "HTTP",
          defaultAction: forwardTo({ targetGroupIdentifier: shared.id }),
        }),
      ),
      ConflictException,
    );
    expect(reused).toMatchObject({ resourceType: "TARGET_GROUP", resourceId: shared.id });
  });

  it("reports unknown services and listeners as not found", async () => {
    const svc = await service("lookups");
    const noService = await failure(
      owner.send(new ListListenersCommand({ serviceIdentifier: "svc-0000000000000000a" })),
      ResourceNotFoundException,
    );
    expect(noService.resourceType).toBe("SERVICE");
    await failure(
      owner.send(
        new GetListenerCommand({
          serviceIdentifier: svc.id,
          listenerIdentifier: "listener-0000000000000000a",
        }),
      ),
      ResourceNotFoundException,
    );
    const bad = await failure(
      owner.send(new ListListenersCommand({ serviceIdentifier: svc.id, maxResults: 500 })),
      ValidationException,
    );
    expect(bad.fieldList?.[0]?.name).toBe("maxResults");
  });
});
