import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  InternalServerException,
  GetServiceNetworkServiceAssociationCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworksCommand,
  ListTargetsCommand,
  ThrottlingException,
  UpdateServiceNetworkCommand,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { startEmulator, type Emulator } from "./server";

const HUB = { accessKeyId: "AKIATRELLISDEMOHUB01", secretAccessKey: "trellis-demo-secret-hub" };
const CANARY_TG = "tg-0ordercanary00001";
const NETWORK = "sn-0retailnetwork001";

let emu: Emulator;

function lattice(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  maxAttempts = 1,
) {
  return new VPCLatticeClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts });
}

async function control(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emu.url}/_emulator${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  return { status: response.status, json: await response.json() };
}

async function orderingCredentials() {
  const sts = new STSClient({ region: "us-east-1", endpoint: emu.url, credentials: HUB, maxAttempts: 1 });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: "arn:aws:iam::222233334444:role/TrellisCrawler",
      RoleSessionName: "control",
    }),
  );
  return {
    accessKeyId: out.Credentials!.AccessKeyId!,
    secretAccessKey: out.Credentials!.SecretAccessKey!,
    sessionToken: out.Credentials!.SessionToken!,
  };
}

beforeAll(async () => {
  emu = await startEmulator({ scenario: { name: "demo" } });
});

afterAll(async () => {
  await emu.close();
});

beforeEach(async () => {
  expect((await control("POST", "/reset")).status).toBe(200);
});

describe("fault injection through the control endpoint, as the SDK sees it", () => {
  it("throttles with ThrottlingException carrying Retry-After", async () => {
    await control("PUT", "/faults", { throttleRate: 1 });
    const error = await lattice(HUB)
      .send(new ListServiceNetworksCommand({}))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottlingException);
    const throttled = error as ThrottlingException;
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    expect(throttled.retryAfterSeconds).toBe(1);
    expect(throttled.serviceCode).toBe("vpc-lattice");
  });

  it("fails with InternalServerException at a 5xx rate of 1", async () => {
    await control("PUT", "/faults", { serverErrorRate: 1 });
    const error = await lattice(HUB)
      .send(new ListServiceNetworksCommand({}))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerException);
    expect((error as InternalServerException).$fault).toBe("server");
  });

  it("lets the SDK's retries ride out partial throttling, and counts every attempt", async () => {
    await control("PUT", "/faults", { throttleRate: 0.5, seed: 7 });
    await control("DELETE", "/calls");
    const client = new VPCLatticeClient({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: HUB,
      maxAttempts: 10,
      retryMode: "standard",
    });
    let attempts = 0;
    for (let i = 0; i < 4; i++) {
      const out = await client.send(new ListServiceNetworksCommand({}));
      expect(out.items?.[0]?.name).toBe("retail-network");
      attempts += out.$metadata.attempts ?? 1;
    }
    const calls = (await control("GET", "/calls")).json as {
      byOperation: Record<string, number>;
      total: number;
    };
    expect(calls.byOperation["vpc-lattice:ListServiceNetworks"]).toBe(attempts);
    expect(attempts).toBeGreaterThan(4);
  }, 60_000);

  it("counts the calls in flight at once, overall, per account and per account × region", async () => {
    await control("PUT", "/faults", { latencyMs: 150 });
    await control("DELETE", "/calls");
    const client = lattice(HUB);
    const ordering = lattice(await orderingCredentials());
    await Promise.all([
      ...Array.from({ length: 5 }, () => client.send(new ListServiceNetworksCommand({}))),
      ...Array.from({ length: 2 }, () => ordering.send(new ListServiceNetworksCommand({}))),
    ]);
    const calls = (await control("GET", "/calls")).json as {
      inFlight: {
        now: number;
        max: number;
        maxByAccount: Record<string, number>;
        maxByAccountRegion: Record<string, number>;
      };
    };
    expect(calls.inFlight.now).toBe(0);
    expect(calls.inFlight.max).toBe(7);
    expect(calls.inFlight.maxByAccount).toEqual({ "111122223333": 5, "222233334444": 2 });
    expect(calls.inFlight.maxByAccountRegion).toEqual({
      "111122223333/us-east-1": 5,
      "222233334444/us-east-1": 2,
    });
    await control("DELETE", "/calls");
    const reset = (await control("GET", "/calls")).json as { inFlight: { max: number } };
    expect(reset.inFlight.max).toBe(0);
  });

  it("denies a chosen account only, leaving the others working", async () => {
    await control("PUT", "/faults", { accessDenied: [{ accountId: "222233334444" }] });
    const ordering = await orderingCredentials();
    const denied = await lattice(ordering)
      .send(new ListServiceNetworksCommand({}))
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect((denied as AccessDeniedException).message).toContain("vpc-lattice:ListServiceNetworks");
    const hub = await lattice(HUB).send(new ListServiceNetworksCommand({}));
    expect(hub.items?.length).toBe(1);
  });

  it("denies a chosen operation only", async () => {
    await control("PUT", "/faults", { accessDenied: [{ operation: "vpc-lattice:UpdateServiceNetwork" }] });
    const error = await lattice(HUB)
      .send(new UpdateServiceNetworkCommand({ serviceNetworkIdentifier: NETWORK, authType: "NONE" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect((await lattice(HUB).send(new ListServiceNetworksCommand({}))).items?.length).toBe(1);
  });

  it("adds the configured latency to every call", async () => {
    await control("PUT", "/faults", { latencyMs: 250 });
    const started = performance.now();
    await lattice(HUB).send(new ListServiceNetworksCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it("rejects an invalid fault configuration and keeps the previous one", async () => {
    await control("PUT", "/faults", { throttleRate: 0 });
    const bad = await control("PUT", "/faults", { throttleRate: 2 });
    expect(bad.status).toBe(400);
    expect((await control("GET", "/faults")).json).toMatchObject({ throttleRate: 0 });
  });
});

describe("compatibility switches: answering as AWS-compatible endpoints that differ from AWS do", () => {
  it("answers an operation it is told to treat as unimplemented with an HTML 500 page, for one account", async () => {
    await control("PUT", "/faults", {
      unimplemented: [{ accountId: "222233334444", operation: "vpc-lattice:ListTargets" }],
    });
    const ordering = await orderingCredentials();
    const error = (await lattice(ordering)
      .send(new ListTargetsCommand({ targetGroupIdentifier: CANARY_TG }))
      .catch((e: unknown) => e)) as { $metadata?: { httpStatusCode?: number }; $response?: unknown };
    expect(error.$metadata?.httpStatusCode).toBe(500);
    const response = await fetch(`${emu.url}/targetgroups/${CANARY_TG}/listtargets`, {
      method: "POST",
      body: "{}",
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${ordering.accessKeyId}/20260101/us-east-1/vpc-lattice/aws4_request, SignedHeaders=host, Signature=0`,
        "x-amz-security-token": ordering.sessionToken,
      },
    });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("text/html");
    expect(await response.text()).toMatch(/^<!DOCTYPE html>[\s\S]*ListTargets is not implemented/);
    const hub = await lattice(HUB).send(new ListServiceNetworksCommand({}));
    expect(hub.items?.length).toBe(1);
  });

  it("leaves chosen members out of an answer, at the top level and in its items", async () => {
    const list = () =>
      lattice(HUB).send(
        new ListServiceNetworkServiceAssociationsCommand({ serviceNetworkIdentifier: NETWORK }),
      );
    const before = await list();
    expect(before.items?.every((a) => a.serviceArn && a.serviceId)).toBe(true);
    await control("PUT", "/faults", {
      omitFields: [{ operation: "ListServiceNetworkServiceAssociations", fields: ["serviceArn"] }],
    });
    const after = await list();
    expect(after.items?.length).toBe(before.items?.length);
    expect(after.items?.every((a) => a.serviceArn === undefined && a.serviceId)).toBe(true);
    const detail = await lattice(HUB).send(
      new GetServiceNetworkServiceAssociationCommand({
        serviceNetworkServiceAssociationIdentifier: after.items?.[0]?.id,
      }),
    );
    expect(detail.serviceArn).toEqual(expect.stringContaining(":service/"));
    expect((await control("POST", "/reset")).status).toBe(200);
    expect((await list()).items?.every((a) => a.serviceArn)).toBe(true);
  });

  it("rejects a switch without fields", async () => {
    const bad = await control("PUT", "/faults", { omitFields: [{ operation: "ListServices", fields: [] }] });
    expect(bad.status).toBe(400);
  });
});

describe("scenario state through the control endpoint", () => {
  it("changes a target's health, which ListTargets then reports", async () => {
    const ordering = await orderingCredentials();
    const before = await lattice(ordering).send(new ListTargetsCommand({ targetGroupIdentifier: CANARY_TG }));
    const unhealthy = before.items?.find((t) => t.status === "UNHEALTHY");
    expect(unhealthy).toBeDefined();
    const set = await control("POST", "/target-health", {
      targetGroup: CANARY_TG,
      targetId: unhealthy!.id,
      status: "HEALTHY",
    });
    expect(set.status).toBe(200);
    const after = await lattice(ordering).send(new ListTargetsCommand({ targetGroupIdentifier: CANARY_TG }));
    expect(after.items?.find((t) => t.id === unhealthy!.id)?.status).toBe("HEALTHY");
  });

  it("applies scheduled health changes once they are due", async () => {
    const ordering = await orderingCredentials();
    const region = emu.world.region("us-east-1");
    const tg = region.targetGroups.get(CANARY_TG)!;
    const target = tg.targets.find((t) => t.status === "UNHEALTHY")!;
    emu.world.healthChanges.push({
      afterSeconds: 0,
      targetGroupArn: tg.arn,
      targetId: target.id,
      status: "DRAINING",
    });
    const after = await lattice(ordering).send(new ListTargetsCommand({ targetGroupIdentifier: CANARY_TG }));
    expect(after.items?.find((t) => t.id === target.id)?.status).toBe("DRAINING");
  });

  it("reset restores the scenario after a change", async () => {
    await lattice(HUB).send(
      new UpdateServiceNetworkCommand({ serviceNetworkIdentifier: NETWORK, authType: "NONE" }),
    );
    await control("POST", "/reset");
    expect(emu.world.region("us-east-1").serviceNetworks.get(NETWORK)?.authType).toBe("AWS_IAM");
  });

  it("loads a generated scenario and describes it", async () => {
    const loaded = await control("POST", "/scenario", {
      name: "generate",
      accounts: 2,
      services: 3,
      seed: 5,
    });
    expect(loaded.status).toBe(200);
    const described = loaded.json as { scenario: string; accounts: unknown[] };
    expect(described.scenario).toBe("generate");
    expect(described.accounts).toHaveLength(2);
    await control("POST", "/scenario", { name: "demo" });
  });
});
