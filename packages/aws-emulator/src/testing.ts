import { expect } from "vitest";
import { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import type { Emulator } from "./server";

/** Registers an access key that acts as an IAM user of `accountId` (tests set up accounts this way). */
export function addTestIdentity(emu: Emulator, accessKeyId: string, accountId: string): void {
  emu.world.identities.set(accessKeyId, {
    accessKeyId,
    secretAccessKey: "x",
    accountId,
    arn: `arn:aws:iam::${accountId}:user/tester`,
    userId: `AIDA${accessKeyId}`,
  });
}

/** Awaits a promise that must reject with an error of `type`, and returns that error for field checks. */
export async function rejection<T extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    if (error instanceof type) return error;
  }
  throw new Error(`expected ${type.name}`);
}

/** A VPC Lattice client signed with `accessKeyId`, pointed at the emulator, with retries off. */
export function latticeClient(emu: Emulator, accessKeyId: string, region = "us-east-1"): VPCLatticeClient {
  return new VPCLatticeClient({
    region,
    endpoint: emu.url,
    credentials: { accessKeyId, secretAccessKey: "x" },
    maxAttempts: 1,
  });
}
