import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { GetListenerCommand, UpdateListenerCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";

const HUB = { accessKeyId: "AKIATRELLISDEMOHUB01", secretAccessKey: "trellis-demo-secret-hub" };
const SERVICE = "svc-0order00000000001";
const LISTENER = "listener-0orderhttps000001";

const folder = mkdtempSync(path.join(tmpdir(), "trellis-emulator-persist-"));
const file = path.join(folder, "emulator", "demo-world.json");

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A Lattice client of the ordering account, through its role, as the crawler and the applier reach it. */
async function ordering(emu: Emulator): Promise<VPCLatticeClient> {
  const sts = new STSClient({ region: "us-east-1", endpoint: emu.url, credentials: HUB, maxAttempts: 1 });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: "arn:aws:iam::222233334444:role/TrellisCrawler",
      RoleSessionName: "persist",
    }),
  );
  sts.destroy();
  return new VPCLatticeClient({
    region: "us-east-1",
    endpoint: emu.url,
    maxAttempts: 1,
    credentials: {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    },
  });
}

async function weights(emu: Emulator): Promise<(number | undefined)[] | undefined> {
  const lattice = await ordering(emu);
  try {
    const listener = await lattice.send(
      new GetListenerCommand({ serviceIdentifier: SERVICE, listenerIdentifier: LISTENER }),
    );
    return listener.defaultAction?.forward?.targetGroups?.map((g) => g.weight);
  } finally {
    lattice.destroy();
  }
}

describe("the demo world kept in a file", () => {
  it("comes back after a restart with the changes made to it, and goes back to the demo on reset", async () => {
    const first = await startEmulator({ scenario: { name: "demo" }, persistFile: file });
    expect(first.restored).toBe(false);
    expect(await weights(first)).toEqual([90, 10]);
    const lattice = await ordering(first);
    await lattice.send(
      new UpdateListenerCommand({
        serviceIdentifier: SERVICE,
        listenerIdentifier: LISTENER,
        defaultAction: {
          forward: {
            targetGroups: [
              { targetGroupIdentifier: "tg-0orderstable00001", weight: 60 },
              { targetGroupIdentifier: "tg-0ordercanary00001", weight: 40 },
            ],
          },
        },
      }),
    );
    lattice.destroy();
    await first.close();

    const second = await startEmulator({ scenario: { name: "demo" }, persistFile: file });
    try {
      expect(second.restored).toBe(true);
      expect(await weights(second)).toEqual([60, 40]);
      const reset = await fetch(`${second.url}/_emulator/reset`, { method: "POST" });
      expect(reset.ok).toBe(true);
      expect(await weights(second)).toEqual([90, 10]);
    } finally {
      await second.close();
    }
    const third = await startEmulator({ scenario: { name: "demo" }, persistFile: file });
    try {
      expect(await weights(third), "the reset was kept too").toEqual([90, 10]);
    } finally {
      await third.close();
    }
  });

  it("builds the scenario afresh from a file of another scenario or one it cannot read", async () => {
    const other = await startEmulator({
      scenario: { name: "generate", accounts: 1, services: 1 },
      persistFile: file,
    });
    expect(other.restored).toBe(false);
    await other.close();
    expect(JSON.parse(readFileSync(file, "utf8")).scenario, "left as it was").toEqual({ name: "demo" });

    writeFileSync(file, "{ not json");
    const broken = await startEmulator({ scenario: { name: "demo" }, persistFile: file });
    try {
      expect(broken.restored).toBe(false);
      expect(await weights(broken)).toEqual([90, 10]);
    } finally {
      await broken.close();
    }
  });
});
