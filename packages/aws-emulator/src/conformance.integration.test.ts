import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./server";

const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The `aws` CLI (botocore, written independently of the JS SDK) as a second client: if both agree with the
 * emulator, its wire format is AWS's and not just whatever the JS SDK tolerates.
 */
async function aws(emu: Emulator, args: string[], credentials?: Record<string, string>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run("aws", ["--endpoint-url", emu.url, "--output", "json", ...args], {
      env: {
        NODE_ENV: "test",
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        AWS_DEFAULT_REGION: "us-east-1",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_MAX_ATTEMPTS: "1",
        AWS_PAGER: "",
        ...credentials,
      },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (e.code === "ENOENT")
      throw new Error("The aws CLI is not on PATH: it is required for the conformance test", {
        cause: error,
      });
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

async function awsJson<T>(emu: Emulator, args: string[], credentials?: Record<string, string>): Promise<T> {
  const result = await aws(emu, args, credentials);
  if (result.code !== 0) throw new Error(`aws ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

interface Named {
  id: string;
  arn: string;
  name: string;
}

describe("aws CLI conformance against the demo scenario", () => {
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" } });
  });

  afterAll(async () => {
    await emu.close();
  });

  it("lists the demo service network", async () => {
    const out = await awsJson<{ items: (Named & { numberOfAssociatedServices?: number })[] }>(emu, [
      "vpc-lattice",
      "list-service-networks",
    ]);
    expect(out.items.length).toBeGreaterThan(0);
    expect(out.items[0]!.arn).toMatch(
      /^arn:aws:vpc-lattice:us-east-1:\d{12}:servicenetwork\/sn-[0-9a-z]{17}$/,
    );
  });

  it("assumes a role into another demo account and sees the shared network there", async () => {
    const scenario = (await (await fetch(`${emu.url}/_emulator/scenario`)).json()) as {
      defaultAccountId: string;
      accounts: { id: string; roles: { arn: string }[] }[];
    };
    const other = scenario.accounts.find((a) => a.id !== scenario.defaultAccountId && a.roles.length > 0);
    expect(other).toBeDefined();
    const hubNetworks = await awsJson<{ items: Named[] }>(emu, ["vpc-lattice", "list-service-networks"]);
    const assumed = await awsJson<{
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      AssumedRoleUser: { Arn: string };
    }>(emu, ["sts", "assume-role", "--role-arn", other!.roles[0]!.arn, "--role-session-name", "conformance"]);
    expect(assumed.AssumedRoleUser.Arn).toContain(`:${other!.id}:assumed-role/`);
    const creds = {
      AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: assumed.Credentials.SessionToken,
    };
    const identity = await awsJson<{ Account: string }>(emu, ["sts", "get-caller-identity"], creds);
    expect(identity.Account).toBe(other!.id);
    const theirs = await awsJson<{ items: Named[] }>(emu, ["vpc-lattice", "list-service-networks"], creds);
    const shared = theirs.items.filter((n) => hubNetworks.items.some((h) => h.arn === n.arn));
    expect(shared.length).toBeGreaterThan(0);
    expect(shared[0]!.arn).toContain(`:${scenario.defaultAccountId}:`);
  });

  it("gets a listener, updates its weights, and rejects a weight of 1000", async () => {
    const ordering = await findServiceAnywhere(emu, "order");
    const service = ordering.service;
    const listeners = await awsJson<{ items: Named[] }>(
      emu,
      ["vpc-lattice", "list-listeners", "--service-identifier", service.arn],
      ordering.creds,
    );
    const listener = listeners.items[0]!;
    const got = await awsJson<{
      defaultAction: { forward?: { targetGroups: { targetGroupIdentifier: string; weight: number }[] } };
      protocol: string;
    }>(
      emu,
      [
        "vpc-lattice",
        "get-listener",
        "--service-identifier",
        service.id,
        "--listener-identifier",
        listener.arn,
      ],
      ordering.creds,
    );
    const groups = got.defaultAction.forward!.targetGroups;
    expect(groups.map((g) => g.weight)).toEqual([90, 10]);

    const updated = await awsJson<{ defaultAction: typeof got.defaultAction }>(
      emu,
      [
        "vpc-lattice",
        "update-listener",
        "--service-identifier",
        service.id,
        "--listener-identifier",
        listener.id,
        "--default-action",
        JSON.stringify({ forward: { targetGroups: groups.map((g) => ({ ...g, weight: 50 })) } }),
      ],
      ordering.creds,
    );
    expect(updated.defaultAction.forward!.targetGroups.map((g) => g.weight)).toEqual([50, 50]);

    const rejected = await aws(
      emu,
      [
        "vpc-lattice",
        "update-listener",
        "--service-identifier",
        service.id,
        "--listener-identifier",
        listener.id,
        "--default-action",
        JSON.stringify({
          forward: { targetGroups: groups.map((g, i) => ({ ...g, weight: i === 0 ? 1000 : 0 })) },
        }),
      ],
      ordering.creds,
    );
    expect(rejected.code).not.toBe(0);
    expect(rejected.stderr).toContain("ValidationException");
    const after = await awsJson<{ defaultAction: typeof got.defaultAction }>(
      emu,
      [
        "vpc-lattice",
        "get-listener",
        "--service-identifier",
        service.id,
        "--listener-identifier",
        listener.id,
      ],
      ordering.creds,
    );
    expect(after.defaultAction.forward!.targetGroups.map((g) => g.weight)).toEqual([50, 50]);
  });

  it("puts and reads back an auth policy", async () => {
    const ordering = await findServiceAnywhere(emu, "order");
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" }],
    });
    const put = await awsJson<{ policy: string; state: string }>(
      emu,
      ["vpc-lattice", "put-auth-policy", "--resource-identifier", ordering.service.arn, "--policy", policy],
      ordering.creds,
    );
    expect(JSON.parse(put.policy)).toEqual(JSON.parse(policy));
    expect(["Active", "Inactive"]).toContain(put.state);
    const got = await awsJson<{ policy: string }>(
      emu,
      ["vpc-lattice", "get-auth-policy", "--resource-identifier", ordering.service.id],
      ordering.creds,
    );
    expect(JSON.parse(got.policy)).toEqual(JSON.parse(policy));

    const tooBig = await aws(
      emu,
      [
        "vpc-lattice",
        "put-auth-policy",
        "--resource-identifier",
        ordering.service.id,
        "--policy",
        "x".repeat(10_001),
      ],
      ordering.creds,
    );
    expect(tooBig.code).not.toBe(0);
    expect(tooBig.stderr).toContain("ValidationException");
  });

  it("lists RAM shares owned by the hub and received by another account", async () => {
    const owned = await awsJson<{
      resourceShares: {
        resourceShareArn: string;
        status: string;
        owningAccountId: string;
        creationTime: number;
      }[];
    }>(emu, ["ram", "get-resource-shares", "--resource-owner", "SELF"]);
    expect(owned.resourceShares.length).toBeGreaterThan(0);
    expect(owned.resourceShares[0]!.resourceShareArn).toMatch(
      /^arn:aws:ram:us-east-1:\d{12}:resource-share\//,
    );
    const resources = await awsJson<{ resources: { arn: string; type: string }[] }>(emu, [
      "ram",
      "list-resources",
      "--resource-owner",
      "SELF",
    ]);
    expect(resources.resources.some((r) => r.type.toLowerCase() === "vpc-lattice:servicenetwork")).toBe(true);
  });

  it("describes VPCs and service-network VPC endpoints through EC2's query protocol", async () => {
    const ordering = await findServiceAnywhere(emu, "order");
    const vpcs = await awsJson<{
      Vpcs: { VpcId: string; CidrBlock: string; Tags?: { Key: string; Value: string }[] }[];
    }>(emu, ["ec2", "describe-vpcs"], ordering.creds);
    expect(vpcs.Vpcs.length).toBeGreaterThan(0);
    expect(vpcs.Vpcs[0]!.VpcId).toMatch(/^vpc-/);
    expect(vpcs.Vpcs[0]!.CidrBlock).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    const endpoints = await awsJson<{
      VpcEndpoints: { VpcEndpointType: string; ServiceNetworkArn?: string }[];
    }>(
      emu,
      ["ec2", "describe-vpc-endpoints", "--filters", "Name=vpc-endpoint-type,Values=ServiceNetwork"],
      ordering.creds,
    );
    for (const e of endpoints.VpcEndpoints) {
      expect(e.VpcEndpointType).toBe("ServiceNetwork");
      expect(e.ServiceNetworkArn).toMatch(/:servicenetwork\/sn-/);
    }
    const missing = await aws(
      emu,
      ["ec2", "describe-vpcs", "--vpc-ids", "vpc-0000000000000dead"],
      ordering.creds,
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("InvalidVpcID.NotFound");
  });
});

/** Finds a service by name in whichever demo account owns it, returning credentials for that account. */
async function findServiceAnywhere(
  emu: Emulator,
  name: string,
): Promise<{ service: Named; creds: Record<string, string> | undefined }> {
  const scenario = (await (await fetch(`${emu.url}/_emulator/scenario`)).json()) as {
    defaultAccountId: string;
    accounts: { id: string; roles: { arn: string }[] }[];
  };
  for (const account of scenario.accounts) {
    let creds: Record<string, string> | undefined;
    if (account.id !== scenario.defaultAccountId) {
      const role = account.roles[0];
      if (!role) continue;
      const assumed = await awsJson<{
        Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      }>(emu, ["sts", "assume-role", "--role-arn", role.arn, "--role-session-name", "conformance"]);
      creds = {
        AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey,
        AWS_SESSION_TOKEN: assumed.Credentials.SessionToken,
      };
    }
    const services = await awsJson<{ items: Named[] }>(emu, ["vpc-lattice", "list-services"], creds);
    const found = services.items.find((s) => s.name === name && s.arn.includes(`:${account.id}:`));
    if (found) return { service: found, creds };
  }
  throw new Error(`No demo account owns a service named ${name}`);
}
