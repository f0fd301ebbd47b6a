import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  ConflictException,
  CreateServiceNetworkCommand,
  DeleteServiceNetworkCommand,
  GetServiceNetworkCommand,
  ListServiceNetworksCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  UpdateServiceNetworkCommand,
  ValidationException,
  VPCLatticeClient,
  paginateListServiceNetworks,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";
import { rejection as failure, latticeClient } from "../testing";

const OWNER_ACCOUNT = "900000000001";
const OTHER_ACCOUNT = "222222222222";
let emu: Emulator;
let owner: VPCLatticeClient;
let other: VPCLatticeClient;

function client(accessKeyId: string): VPCLatticeClient {
  return latticeClient(emu, accessKeyId);
}

function shareWithOtherAccount(resourceArn: string) {
  const now = new Date().toISOString();
  const arn = `arn:aws:ram:us-east-1:${OWNER_ACCOUNT}:resource-share/${resourceArn.split("/").pop()}`;
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
        type: "vpc-lattice:ServiceNetwork",
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
  owner = client("AKIDOWNER");
  other = client("AKIDOTHER");
});

afterAll(async () => {
  owner.destroy();
  other.destroy();
  await emu.close();
});

describe("service networks", () => {
  it("creates, reads by id and ARN, lists, updates and deletes a service network", async () => {
    const created = await owner.send(
      new CreateServiceNetworkCommand({
        name: "sn-crud",
        tags: { team: "net" },
        sharingConfig: { enabled: false },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^sn-[0-9a-z]{17}$/);
    expect(created.arn).toBe(`arn:aws:vpc-lattice:us-east-1:${OWNER_ACCOUNT}:servicenetwork/${created.id}`);
    expect(created.authType).toBe("NONE");
    expect(created.sharingConfig).toEqual({ enabled: false });
    expect(emu.world.region("us-east-1").tags.get(created.arn ?? "")).toEqual({ team: "net" });

    const byId = await owner.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: created.id }));
    const byArn = await owner.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: created.arn }));
    expect(byArn.id).toBe(byId.id);
    expect(byId.name).toBe("sn-crud");
    expect(byId.createdAt).toBeInstanceOf(Date);
    expect(byId.numberOfAssociatedVPCs).toBe(0);
    expect(byId.numberOfAssociatedServices).toBe(0);

    const list = await owner.send(new ListServiceNetworksCommand({}));
    expect(list.items?.map((i) => i.id)).toContain(created.id);

    const updated = await owner.send(
      new UpdateServiceNetworkCommand({ serviceNetworkIdentifier: created.arn, authType: "AWS_IAM" }),
    );
    expect(updated).toMatchObject({ id: created.id, name: "sn-crud", arn: created.arn, authType: "AWS_IAM" });
    const after = await owner.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: created.id }));
    expect(after.authType).toBe("AWS_IAM");

    const deleted = await owner.send(
      new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: created.id }),
    );
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const gone = await failure(
      owner.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: created.id })),
      ResourceNotFoundException,
    );
    expect(gone.resourceType).toBe("SERVICE_NETWORK");
    expect(gone.$metadata.httpStatusCode).toBe(404);
  });

  it("rejects invalid names and auth types with a fieldList", async () => {
    const short = await failure(
      owner.send(new CreateServiceNetworkCommand({ name: "ab" })),
      ValidationException,
    );
    expect(short.reason).toBe("fieldValidationFailed");
    expect(short.fieldList?.map((f) => f.name)).toEqual(["name"]);
    await failure(owner.send(new CreateServiceNetworkCommand({ name: "Upper-Case" })), ValidationException);
    await failure(owner.send(new CreateServiceNetworkCommand({ name: "a".repeat(64) })), ValidationException);
    await failure(owner.send(new CreateServiceNetworkCommand({ name: "bad--hyphen" })), ValidationException);
    const auth = await failure(
      owner.send(new CreateServiceNetworkCommand({ name: "sn-auth", authType: "KERBEROS" as "NONE" })),
      ValidationException,
    );
    expect(auth.fieldList?.[0]?.name).toBe("authType");

    const sn = await owner.send(new CreateServiceNetworkCommand({ name: "sn-update-required" }));
    const missing = await failure(
      owner.send(new UpdateServiceNetworkCommand({ serviceNetworkIdentifier: sn.id, authType: undefined })),
      ValidationException,
    );
    expect(missing.fieldList?.[0]?.name).toBe("authType");
  });

  it("keeps names unique per account and honours client tokens", async () => {
    await owner.send(new CreateServiceNetworkCommand({ name: "sn-unique" }));
    const dup = await failure(
      owner.send(new CreateServiceNetworkCommand({ name: "sn-unique" })),
      ConflictException,
    );
    expect(dup.resourceType).toBe("SERVICE_NETWORK");
    expect(dup.$metadata.httpStatusCode).toBe(409);
    // Another account may use the same name.
    const theirs = await other.send(new CreateServiceNetworkCommand({ name: "sn-unique" }));
    expect(theirs.arn).toContain(`:${OTHER_ACCOUNT}:`);

    const first = await owner.send(
      new CreateServiceNetworkCommand({ name: "sn-token", clientToken: "token-1" }),
    );
    const retry = await owner.send(
      new CreateServiceNetworkCommand({ name: "sn-token", clientToken: "token-1" }),
    );
    expect(retry.id).toBe(first.id);
    const count = [...emu.world.region("us-east-1").serviceNetworks.values()].filter(
      (s) => s.name === "sn-token",
    );
    expect(count).toHaveLength(1);
    await failure(
      owner.send(new CreateServiceNetworkCommand({ name: "sn-token-2", clientToken: "token-1" })),
      ConflictException,
    );
  });

  it("derives association counts and refuses to delete a network that still has associations", async () => {
    const sn = await owner.send(new CreateServiceNetworkCommand({ name: "sn-assoc" }));
    const region = emu.world.region("us-east-1");
    const now = new Date().toISOString();
    region.serviceNetworkVpcAssociations.set("snva-00000000000000001", {
      id: "snva-00000000000000001",
      arn: `arn:aws:vpc-lattice:us-east-1:${OWNER_ACCOUNT}:servicenetworkvpcassociation/snva-00000000000000001`,
      ownerAccountId: OWNER_ACCOUNT,
      region: "us-east-1",
      serviceNetworkId: sn.id ?? "",
      vpcId: "vpc-0000000000000000a",
      status: "ACTIVE",
      createdBy: OWNER_ACCOUNT,
      securityGroupIds: [],
      createdAt: now,
      lastUpdatedAt: now,
    });
    const got = await owner.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: sn.id }));
    expect(got.numberOfAssociatedVPCs).toBe(1);
    const listed = await owner.send(new ListServiceNetworksCommand({}));
    expect(listed.items?.find((i) => i.id === sn.id)?.numberOfAssociatedVPCs).toBe(1);

    const blocked = await failure(
      owner.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: sn.id })),
      ConflictException,
    );
    expect(blocked.resourceId).toBe(sn.id);
    region.serviceNetworkVpcAssociations.delete("snva-00000000000000001");
    await owner.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: sn.id }));
  });

  it("shows shared networks to the consumer read-only and hides unshared ones", async () => {
    const sn = await owner.send(new CreateServiceNetworkCommand({ name: "sn-shared" }));
    await failure(
      other.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: sn.arn })),
      ResourceNotFoundException,
    );
    const before = await other.send(new ListServiceNetworksCommand({}));
    expect(before.items?.map((i) => i.id)).not.toContain(sn.id);

    shareWithOtherAccount(sn.arn ?? "");
    const seen = await other.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: sn.arn }));
    expect(seen.id).toBe(sn.id);
    const listed = await other.send(new ListServiceNetworksCommand({}));
    expect(listed.items?.find((i) => i.id === sn.id)?.arn).toContain(`:${OWNER_ACCOUNT}:`);

    const denied = await failure(
      other.send(new UpdateServiceNetworkCommand({ serviceNetworkIdentifier: sn.arn, authType: "AWS_IAM" })),
      AccessDeniedException,
    );
    expect(denied.$metadata.httpStatusCode).toBe(403);
    await failure(
      other.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: sn.arn })),
      AccessDeniedException,
    );
  });

  it("paginates and validates pagination parameters", async () => {
    const pager = client("AKIDPAGER");
    emu.world.identities.set("AKIDPAGER", {
      accessKeyId: "AKIDPAGER",
      secretAccessKey: "x",
      accountId: "900000000003",
      arn: "arn:aws:iam::900000000003:user/pager",
      userId: "AIDAPAGER",
    });
    const names = Array.from({ length: 5 }, (_, i) => `sn-page-${i}`);
    for (const name of names) await pager.send(new CreateServiceNetworkCommand({ name }));
    const pages: string[][] = [];
    for await (const page of paginateListServiceNetworks({ client: pager, pageSize: 2 }, {})) {
      pages.push((page.items ?? []).map((i) => i.name ?? ""));
    }
    expect(pages).toEqual([names.slice(0, 2), names.slice(2, 4), names.slice(4)]);

    const tooMany = await failure(
      pager.send(new ListServiceNetworksCommand({ maxResults: 101 })),
      ValidationException,
    );
    expect(tooMany.fieldList?.[0]?.name).toBe("maxResults");
    await failure(pager.send(new ListServiceNetworksCommand({ maxResults: 0 })), ValidationException);
    const badToken = await failure(
      pager.send(new ListServiceNetworksCommand({ nextToken: "not-a-token" })),
      ValidationException,
    );
    expect(badToken.fieldList?.[0]?.name).toBe("nextToken");
    pager.destroy();
  });

  it("enforces the service network quota per Region", async () => {
    emu.world.identities.set("AKIDQUOTA", {
      accessKeyId: "AKIDQUOTA",
      secretAccessKey: "x",
      accountId: "900000000004",
      arn: "arn:aws:iam::900000000004:user/quota",
      userId: "AIDAQUOTA",
    });
    const quota = client("AKIDQUOTA");
    for (let i = 0; i < 50; i++) await quota.send(new CreateServiceNetworkCommand({ name: `sn-quota-${i}` }));
    const error = await failure(
      quota.send(new CreateServiceNetworkCommand({ name: "sn-quota-50" })),
      ServiceQuotaExceededException,
    );
    expect(error.quotaCode).toBe("L-9CAD07FB");
    expect(error.serviceCode).toBe("vpc-lattice");
    quota.destroy();
  });
});
