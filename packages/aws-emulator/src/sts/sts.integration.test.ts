import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AssumeRoleCommand,
  ExpiredTokenException,
  GetCallerIdentityCommand,
  MalformedPolicyDocumentException,
  STSClient,
  STSServiceException,
  type Credentials,
} from "@aws-sdk/client-sts";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { startEmulator, type Emulator } from "../server";

const ORG = "o-abcdefghij";
const ACCOUNT_A = "111122223333";
const ACCOUNT_B = "444455556666";
const ACCOUNT_C = "777788889999";
const ADMIN_KEY = "AKIAADMINA0000000001";
const ADMIN_ARN = `arn:aws:iam::${ACCOUNT_A}:user/admin`;
const OUTSIDER_KEY = "AKIAOUTSIDERC0000001";
const CRAWLER_ROLE = `arn:aws:iam::${ACCOUNT_B}:role/Crawler`;
const EXTERNAL_ROLE = `arn:aws:iam::${ACCOUNT_B}:role/WithExternalId`;
const CHAINED_ROLE = `arn:aws:iam::${ACCOUNT_C}:role/Chained`;

let emu: Emulator;

function sts(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}): STSClient {
  return new STSClient({ region: "us-east-1", endpoint: emu.url, credentials, maxAttempts: 1 });
}

function asKey(accessKeyId: string): STSClient {
  return sts({ accessKeyId, secretAccessKey: "secret" });
}

function fromCredentials(c: Credentials | undefined) {
  return {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
  };
}

async function failure<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  if (!(error instanceof type)) throw new Error("unreachable");
  return error;
}

function seed() {
  const world = emu.world;
  world.accounts.set(ACCOUNT_A, { id: ACCOUNT_A, name: "hub", organizationId: ORG });
  world.accounts.set(ACCOUNT_B, { id: ACCOUNT_B, name: "spoke", organizationId: ORG });
  world.accounts.set(ACCOUNT_C, { id: ACCOUNT_C, name: "partner" });
  world.identities.set(ADMIN_KEY, {
    accessKeyId: ADMIN_KEY,
    secretAccessKey: "secret",
    accountId: ACCOUNT_A,
    arn: ADMIN_ARN,
    userId: "AIDAADMINEXAMPLE",
  });
  world.identities.set(OUTSIDER_KEY, {
    accessKeyId: OUTSIDER_KEY,
    secretAccessKey: "secret",
    accountId: ACCOUNT_C,
    arn: `arn:aws:iam::${ACCOUNT_C}:user/outsider`,
    userId: "AIDAOUTSIDEREXAMPLE",
  });
  world.roles.set(CRAWLER_ROLE, {
    arn: CRAWLER_ROLE,
    accountId: ACCOUNT_B,
    name: "Crawler",
    roleId: "AROACRAWLEREXAMPLE",
    trustedPrincipals: [ACCOUNT_A],
  });
  world.roles.set(EXTERNAL_ROLE, {
    arn: EXTERNAL_ROLE,
    accountId: ACCOUNT_B,
    name: "WithExternalId",
    roleId: "AROAEXTERNALEXAMPLE",
    trustedPrincipals: [ADMIN_ARN],
    externalId: "trellis-42",
  });
  world.roles.set(CHAINED_ROLE, {
    arn: CHAINED_ROLE,
    accountId: ACCOUNT_C,
    name: "Chained",
    roleId: "AROACHAINEDEXAMPLE",
    trustedPrincipals: [CRAWLER_ROLE],
  });
  world.region("us-east-1").vpcs.set("vpc-0b0000000000000b1", {
    vpcId: "vpc-0b0000000000000b1",
    ownerId: ACCOUNT_B,
    region: "us-east-1",
    cidrBlock: "10.20.0.0/16",
    isDefault: false,
    tags: {},
  });
}

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    scenario: { name: "inline", data: { accounts: [{ id: ACCOUNT_A, name: "hub" }] } },
  });
});

beforeEach(() => {
  emu.reset();
  seed();
});

afterAll(async () => {
  await emu.close();
});

describe("GetCallerIdentity", () => {
  it("returns the account, ARN and user id of the signing identity", async () => {
    const out = await asKey(ADMIN_KEY).send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: ACCOUNT_A, Arn: ADMIN_ARN, UserId: "AIDAADMINEXAMPLE" });
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("treats an unknown access key as a user of the default account", async () => {
    const out = await asKey("AKIAUNKNOWN000000000").send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(emu.world.defaultAccountId);
  });

  it("rejects an expired session with ExpiredTokenException", async () => {
    emu.world.identities.set("ASIAEXPIRED000000001", {
      accessKeyId: "ASIAEXPIRED000000001",
      secretAccessKey: "s",
      sessionToken: "t",
      accountId: ACCOUNT_B,
      arn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/Crawler/old`,
      userId: "AROACRAWLEREXAMPLE:old",
      expiration: new Date(Date.now() - 60_000).toISOString(),
    });
    const err = await failure(
      sts({ accessKeyId: "ASIAEXPIRED000000001", secretAccessKey: "s", sessionToken: "t" }).send(
        new GetCallerIdentityCommand({}),
      ),
      ExpiredTokenException,
    );
    expect(err.$metadata.httpStatusCode).toBe(400);
  });
});

describe("AssumeRole", () => {
  it("returns session credentials that act as the role's account", async () => {
    const before = Date.now();
    const out = await asKey(ADMIN_KEY).send(
      new AssumeRoleCommand({ RoleArn: CRAWLER_ROLE, RoleSessionName: "crawl", DurationSeconds: 900 }),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const expiresIn = out.Credentials!.Expiration!.getTime() - before;
    expect(expiresIn).toBeGreaterThan(890_000);
    expect(expiresIn).toBeLessThan(905_000);
    expect(out.AssumedRoleUser).toEqual({
      Arn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/Crawler/crawl`,
      AssumedRoleId: "AROACRAWLEREXAMPLE:crawl",
    });

    const session = sts(fromCredentials(out.Credentials));
    const who = await session.send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({
      Account: ACCOUNT_B,
      Arn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/Crawler/crawl`,
      UserId: "AROACRAWLEREXAMPLE:crawl",
    });

    const ec2 = new EC2Client({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: fromCredentials(out.Credentials),
      maxAttempts: 1,
    });
    const vpcs = await ec2.send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs?.map((v) => v.VpcId)).toEqual(["vpc-0b0000000000000b1"]);
  });

  it("defaults to a one-hour session", async () => {
    const out = await asKey(ADMIN_KEY).send(
      new AssumeRoleCommand({ RoleArn: CRAWLER_ROLE, RoleSessionName: "hour" }),
    );
    const expiresIn = out.Credentials!.Expiration!.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(3_590_000);
    expect(expiresIn).toBeLessThanOrEqual(3_600_000);
  });

  it("denies a caller the role does not trust", async () => {
    const err = await failure(
      asKey(OUTSIDER_KEY).send(new AssumeRoleCommand({ RoleArn: CRAWLER_ROLE, RoleSessionName: "sneaky" })),
      STSServiceException,
    );
    expect(err.name).toBe("AccessDenied");
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toBe(
      `User: arn:aws:iam::${ACCOUNT_C}:user/outsider is not authorized to perform: sts:AssumeRole on resource: ${CRAWLER_ROLE}`,
    );
  });

  it("denies a role that does not exist", async () => {
    const missing = `arn:aws:iam::${ACCOUNT_B}:role/Missing`;
    const err = await failure(
      asKey(ADMIN_KEY).send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: "crawl" })),
      STSServiceException,
    );
    expect(err.name).toBe("AccessDenied");
    expect(err.message).toContain(`on resource: ${missing}`);
  });

  it("requires the role's ExternalId", async () => {
    for (const ExternalId of [undefined, "wrong-id"]) {
      const err = await failure(
        asKey(ADMIN_KEY).send(
          new AssumeRoleCommand({ RoleArn: EXTERNAL_ROLE, RoleSessionName: "x1", ExternalId }),
        ),
        STSServiceException,
      );
      expect(err.name).toBe("AccessDenied");
      expect(err.$metadata.httpStatusCode).toBe(403);
    }
    const ok = await asKey(ADMIN_KEY).send(
      new AssumeRoleCommand({ RoleArn: EXTERNAL_ROLE, RoleSessionName: "x1", ExternalId: "trellis-42" }),
    );
    expect(ok.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/WithExternalId/x1`);
  });

  it("trusts an assumed-role session through its role ARN and caps chained sessions at one hour", async () => {
    const first = await asKey(ADMIN_KEY).send(
      new AssumeRoleCommand({ RoleArn: CRAWLER_ROLE, RoleSessionName: "hop1" }),
    );
    const session = sts(fromCredentials(first.Credentials));
    const second = await session.send(
      new AssumeRoleCommand({ RoleArn: CHAINED_ROLE, RoleSessionName: "hop2" }),
    );
    const who = await sts(fromCredentials(second.Credentials)).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(ACCOUNT_C);

    const err = await failure(
      session.send(
        new AssumeRoleCommand({ RoleArn: CHAINED_ROLE, RoleSessionName: "hop2", DurationSeconds: 7200 }),
      ),
      STSServiceException,
    );
    expect(err.name).toBe("ValidationError");
    expect(err.message).toContain("role chaining");
  });

  it("validates RoleSessionName and DurationSeconds with ValidationError", async () => {
    const client = asKey(ADMIN_KEY);
    const cases: [AssumeRoleCommand, string][] = [
      [
        new AssumeRoleCommand({ RoleArn: CRAWLER_ROLE, RoleSessionName: "x" }),
        "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
      ],
      [
        new AssumeRoleCommand({ RoleArn: CRAWLER_ROLE, RoleSessionName: "has space" }),
        "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      ],
      [
        new AssumeRoleCommand({ RoleArn: CRAWLER_ROLE, RoleSessionName: "ok", DurationSeconds: 899 }),
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      ],
      [
        new AssumeRoleCommand({ RoleArn: CRAWLER_ROLE, RoleSessionName: "ok", DurationSeconds: 43201 }),
        "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
      ],
      [
        new AssumeRoleCommand({ RoleArn: undefined, RoleSessionName: "y".repeat(65) }),
        "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
          `Value '${"y".repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      ],
    ];
    for (const [command, message] of cases) {
      const err = await failure(client.send(command), STSServiceException);
      expect(err.name).toBe("ValidationError");
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.message).toBe(message);
    }
  });

  it("rejects a session policy that is not JSON", async () => {
    await failure(
      asKey(ADMIN_KEY).send(
        new AssumeRoleCommand({ RoleArn: CRAWLER_ROLE, RoleSessionName: "pol", Policy: "{not json" }),
      ),
      MalformedPolicyDocumentException,
    );
  });

  it("applies access-denied faults in the STS error format", async () => {
    emu.faults.set({ accessDenied: [{ service: "sts", operation: "AssumeRole" }] });
    const err = await failure(
      asKey(ADMIN_KEY).send(new AssumeRoleCommand({ RoleArn: CRAWLER_ROLE, RoleSessionName: "crawl" })),
      STSServiceException,
    );
    expect(err.name).toBe("AccessDenied");
    expect(err.$fault).toBe("client");
    const who = await asKey(ADMIN_KEY).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(ACCOUNT_A);
  });
});

describe("wire format", () => {
  async function post(body: string) {
    const response = await fetch(`${emu.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        authorization: `AWS4-HMAC-SHA256 Credential=${ADMIN_KEY}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  it("answers an unknown Action with InvalidAction in an ErrorResponse", async () => {
    const { status, text } = await post("Action=GetFederationTokenX&Version=2011-06-15");
    expect(status).toBe(400);
    expect(text).toContain("<ErrorResponse");
    expect(text).toContain("<Type>Sender</Type><Code>InvalidAction</Code>");
    expect(text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  });

  it("wraps results in <GetCallerIdentityResult> and escapes XML text", async () => {
    emu.world.identities.set(ADMIN_KEY, { ...emu.world.identities.get(ADMIN_KEY)!, arn: `${ADMIN_ARN}<&>` });
    const { status, text } = await post("Action=GetCallerIdentity&Version=2011-06-15");
    expect(status).toBe(200);
    expect(text).toContain("<GetCallerIdentityResult>");
    expect(text).toContain(`<Arn>${ADMIN_ARN}&lt;&amp;&gt;</Arn>`);
    const parsed = await asKey(ADMIN_KEY).send(new GetCallerIdentityCommand({}));
    expect(parsed.Arn).toBe(`${ADMIN_ARN}<&>`);
  });
});
