import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AcceptResourceShareInvitationCommand,
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  DeleteResourceShareCommand,
  DisassociateResourceShareCommand,
  GetResourceShareAssociationsCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
  IdempotentParameterMismatchException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidParameterException,
  InvalidStateTransitionException,
  ListPendingInvitationResourcesCommand,
  ListPrincipalsCommand,
  ListResourcesCommand,
  ListResourceTypesCommand,
  MalformedArnException,
  MissingRequiredParameterException,
  OperationNotPermittedException,
  RAMClient,
  RejectResourceShareInvitationCommand,
  ResourceShareInvitationAlreadyAcceptedException,
  ResourceShareInvitationAlreadyRejectedException,
  ResourceShareInvitationArnNotFoundException,
  ResourceShareInvitationExpiredException,
  ThrottlingException,
  UnknownResourceException,
  paginateGetResourceShares,
  paginateListResources,
} from "@aws-sdk/client-ram";
import {
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  DeleteServiceNetworkCommand,
  GetResourcePolicyCommand,
  ListServiceNetworksCommand,
  ResourceNotFoundException,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";
import { isSharedWith } from "../core/sharing";

const ORG = "o-trellis1234";
const ACCOUNT_A = "111122223333";
const ACCOUNT_B = "444455556666";
const ACCOUNT_C = "777788889999";
const ACCOUNT_D = "222233334444";
const KEYS = {
  A: "AKIARAMOWNERA0000001",
  B: "AKIARAMMEMBERB000001",
  C: "AKIARAMEXTERNC000001",
  D: "AKIARAMEXTERND000001",
};
const ACCOUNTS = { A: ACCOUNT_A, B: ACCOUNT_B, C: ACCOUNT_C, D: ACCOUNT_D };
type Who = keyof typeof KEYS;

let emu: Emulator;

function credentials(who: Who) {
  return { accessKeyId: KEYS[who], secretAccessKey: "x" };
}

function ram(who: Who): RAMClient {
  return new RAMClient({
    region: "us-east-1",
    endpoint: emu.url,
    credentials: credentials(who),
    maxAttempts: 1,
  });
}

function lattice(who: Who): VPCLatticeClient {
  return new VPCLatticeClient({
    region: "us-east-1",
    endpoint: emu.url,
    credentials: credentials(who),
    maxAttempts: 1,
  });
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
  world.organization = {
    id: ORG,
    arn: `arn:aws:organizations::${ACCOUNT_A}:organization/${ORG}`,
    masterAccountId: ACCOUNT_A,
  };
  world.accounts.set(ACCOUNT_A, { id: ACCOUNT_A, name: "hub", organizationId: ORG });
  world.accounts.set(ACCOUNT_B, { id: ACCOUNT_B, name: "spoke", organizationId: ORG });
  world.accounts.set(ACCOUNT_C, { id: ACCOUNT_C, name: "partner" });
  world.accounts.set(ACCOUNT_D, { id: ACCOUNT_D, name: "vendor" });
  for (const who of ["A", "B", "C", "D"] as const) {
    world.identities.set(KEYS[who], {
      accessKeyId: KEYS[who],
      secretAccessKey: "x",
      accountId: ACCOUNTS[who],
      arn: `arn:aws:iam::${ACCOUNTS[who]}:user/admin`,
      userId: `AIDA${ACCOUNTS[who]}`,
    });
  }
}

async function createNetwork(who: Who, name: string): Promise<string> {
  const out = await lattice(who).send(new CreateServiceNetworkCommand({ name }));
  return out.arn!;
}

async function networkNames(who: Who): Promise<string[]> {
  const out = await lattice(who).send(new ListServiceNetworksCommand({}));
  return (out.items ?? []).map((n) => n.name!);
}

async function invitationFor(who: Who, shareArn: string) {
  const out = await ram(who).send(new GetResourceShareInvitationsCommand({ resourceShareArns: [shareArn] }));
  expect(out.resourceShareInvitations).toHaveLength(1);
  return out.resourceShareInvitations![0]!;
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

describe("CreateResourceShare and cross-account visibility", () => {
  it("shares a service network with an organisation member at once", async () => {
    const snArn = await createNetwork("A", "shared-net");
    expect(await networkNames("B")).toEqual([]);

    const before = Date.now() / 1000;
    const out = await ram("A").send(
      new CreateResourceShareCommand({
        name: "lattice-share",
        resourceArns: [snArn],
        principals: [ACCOUNT_B],
        tags: [{ key: "env", value: "prod" }],
      }),
    );
    const share = out.resourceShare!;
    expect(share.resourceShareArn).toMatch(
      new RegExp(`^arn:aws:ram:us-east-1:${ACCOUNT_A}:resource-share/[0-9a-f-]{36}$`),
    );
    expect(share).toMatchObject({
      name: "lattice-share",
      owningAccountId: ACCOUNT_A,
      allowExternalPrincipals: true,
      status: "ACTIVE",
      featureSet: "STANDARD",
      tags: [{ key: "env", value: "prod" }],
    });
    expect(share.creationTime).toBeInstanceOf(Date);
    expect(share.creationTime!.getTime() / 1000).toBeGreaterThanOrEqual(Math.floor(before));

    expect(await networkNames("B")).toEqual(["shared-net"]);
    expect(await networkNames("C")).toEqual([]);

    const principals = await ram("A").send(
      new GetResourceShareAssociationsCommand({ associationType: "PRINCIPAL" }),
    );
    expect(principals.resourceShareAssociations).toEqual([
      expect.objectContaining({
        associatedEntity: ACCOUNT_B,
        status: "ASSOCIATED",
        external: false,
        resourceShareName: "lattice-share",
      }),
    ]);
    const invitations = await ram("B").send(new GetResourceShareInvitationsCommand({}));
    expect(invitations.resourceShareInvitations).toEqual([]);

    const shared = await ram("B").send(new GetResourceSharesCommand({ resourceOwner: "OTHER-ACCOUNTS" }));
    expect(shared.resourceShares?.map((s) => s.resourceShareArn)).toEqual([share.resourceShareArn]);
    const resources = await ram("B").send(new ListResourcesCommand({ resourceOwner: "OTHER-ACCOUNTS" }));
    expect(resources.resources).toEqual([
      expect.objectContaining({
        arn: snArn,
        type: "vpc-lattice:ServiceNetwork",
        resourceShareArn: share.resourceShareArn,
        status: "AVAILABLE",
        resourceRegionScope: "REGIONAL",
      }),
    ]);
    const owners = await ram("B").send(new ListPrincipalsCommand({ resourceOwner: "OTHER-ACCOUNTS" }));
    expect(owners.principals?.map((p) => p.id)).toEqual([ACCOUNT_A]);
  });

  it("invites an account outside the organisation and shares only after it accepts", async () => {
    const snArn = await createNetwork("A", "partner-net");
    const out = await ram("A").send(
      new CreateResourceShareCommand({ name: "to-partner", resourceArns: [snArn], principals: [ACCOUNT_C] }),
    );
    const shareArn = out.resourceShare!.resourceShareArn!;

    const pending = await invitationFor("C", shareArn);
    expect(pending).toMatchObject({
      resourceShareName: "to-partner",
      senderAccountId: ACCOUNT_A,
      receiverAccountId: ACCOUNT_C,
      status: "PENDING",
    });
    expect(pending.resourceShareInvitationArn).toMatch(
      new RegExp(`^arn:aws:ram:us-east-1:${ACCOUNT_A}:resource-share-invitation/[0-9a-f-]{36}$`),
    );
    expect(pending.invitationTimestamp).toBeInstanceOf(Date);
    expect((await invitationFor("A", shareArn)).status).toBe("PENDING");
    expect(await networkNames("C")).toEqual([]);
    expect(isSharedWith(emu.world, "us-east-1", snArn, ACCOUNT_C)).toBe(false);
    expect(
      (await ram("C").send(new GetResourceSharesCommand({ resourceOwner: "OTHER-ACCOUNTS" }))).resourceShares,
    ).toEqual([]);
    expect(
      (await ram("C").send(new ListResourcesCommand({ resourceOwner: "OTHER-ACCOUNTS" }))).resources,
    ).toEqual([]);
    const pendingResources = await ram("C").send(
      new ListPendingInvitationResourcesCommand({
        resourceShareInvitationArn: pending.resourceShareInvitationArn,
      }),
    );
    expect(pendingResources.resources).toEqual([expect.objectContaining({ arn: snArn, status: "PENDING" })]);
    const association = await ram("A").send(
      new GetResourceShareAssociationsCommand({ associationType: "PRINCIPAL", principal: ACCOUNT_C }),
    );
    expect(association.resourceShareAssociations?.[0]).toMatchObject({
      status: "ASSOCIATING",
      external: true,
    });

    await failure(
      ram("A").send(
        new AcceptResourceShareInvitationCommand({
          resourceShareInvitationArn: pending.resourceShareInvitationArn,
        }),
      ),
      ResourceShareInvitationArnNotFoundException,
    );
    const accepted = await ram("C").send(
      new AcceptResourceShareInvitationCommand({
        resourceShareInvitationArn: pending.resourceShareInvitationArn,
      }),
    );
    expect(accepted.resourceShareInvitation?.status).toBe("ACCEPTED");

    expect(await networkNames("C")).toEqual(["partner-net"]);
    const shared = await ram("C").send(new GetResourceSharesCommand({ resourceOwner: "OTHER-ACCOUNTS" }));
    expect(shared.resourceShares?.map((s) => s.name)).toEqual(["to-partner"]);
    const after = await ram("A").send(
      new GetResourceShareAssociationsCommand({ associationType: "PRINCIPAL", principal: ACCOUNT_C }),
    );
    expect(after.resourceShareAssociations?.[0]?.status).toBe("ASSOCIATED");

    const again = await failure(
      ram("C").send(
        new AcceptResourceShareInvitationCommand({
          resourceShareInvitationArn: pending.resourceShareInvitationArn,
        }),
      ),
      ResourceShareInvitationAlreadyAcceptedException,
    );
    expect(again.$metadata.httpStatusCode).toBe(400);
  });

  it("leaves a rejected invitation's resources invisible", async () => {
    const snArn = await createNetwork("A", "vendor-net");
    const out = await ram("A").send(
      new CreateResourceShareCommand({ name: "to-vendor", resourceArns: [snArn], principals: [ACCOUNT_D] }),
    );
    const invitation = await invitationFor("D", out.resourceShare!.resourceShareArn!);
    const rejected = await ram("D").send(
      new RejectResourceShareInvitationCommand({
        resourceShareInvitationArn: invitation.resourceShareInvitationArn,
      }),
    );
    expect(rejected.resourceShareInvitation?.status).toBe("REJECTED");
    expect(await networkNames("D")).toEqual([]);
    await failure(
      ram("D").send(
        new AcceptResourceShareInvitationCommand({
          resourceShareInvitationArn: invitation.resourceShareInvitationArn,
        }),
      ),
      ResourceShareInvitationAlreadyRejectedException,
    );
    const association = await ram("A").send(
      new GetResourceShareAssociationsCommand({ associationType: "PRINCIPAL", principal: ACCOUNT_D }),
    );
    expect(association.resourceShareAssociations?.[0]).toMatchObject({
      status: "DISASSOCIATED",
      statusMessage: "The invitation was rejected.",
    });
  });

  it("expires an invitation after seven days", async () => {
    const snArn = await createNetwork("A", "slow-net");
    const out = await ram("A").send(
      new CreateResourceShareCommand({ name: "slow", resourceArns: [snArn], principals: [ACCOUNT_D] }),
    );
    const invitation = await invitationFor("D", out.resourceShare!.resourceShareArn!);
    const eightDaysAgo = Date.now() - 8 * 24 * 3600 * 1000;
    emu.world.loadedAtMs = eightDaysAgo;
    const stored = emu.world
      .region("us-east-1")
      .resourceShareInvitations.get(invitation.resourceShareInvitationArn!)!;
    stored.invitationTimestamp = new Date(eightDaysAgo).toISOString();

    await failure(
      ram("D").send(
        new AcceptResourceShareInvitationCommand({
          resourceShareInvitationArn: invitation.resourceShareInvitationArn,
        }),
      ),
      ResourceShareInvitationExpiredException,
    );
    expect((await invitationFor("D", out.resourceShare!.resourceShareArn!)).status).toBe("EXPIRED");
    expect(await networkNames("D")).toEqual([]);
  });

  it("shares with the whole organisation through its ARN", async () => {
    const snArn = await createNetwork("A", "org-net");
    await ram("A").send(
      new CreateResourceShareCommand({
        name: "org-share",
        resourceArns: [snArn],
        principals: [emu.world.organization!.arn],
        allowExternalPrincipals: false,
      }),
    );
    expect(await networkNames("B")).toEqual(["org-net"]);
    expect(await networkNames("C")).toEqual([]);
  });

  it("writes a RAM resource policy that Lattice GetResourcePolicy returns, and removes it with the share", async () => {
    const snArn = await createNetwork("A", "policy-net");
    const out = await ram("A").send(
      new CreateResourceShareCommand({
        name: "policy-share",
        resourceArns: [snArn],
        principals: [ACCOUNT_B],
      }),
    );
    const policy = await lattice("A").send(new GetResourcePolicyCommand({ resourceArn: snArn }));
    const doc = JSON.parse(policy.policy!) as {
      Statement: { Principal: unknown; Resource: string; Action: string[] }[];
    };
    expect(doc.Statement).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Principal: { AWS: [`arn:aws:iam::${ACCOUNT_B}:root`] },
        Resource: snArn,
        Action: expect.arrayContaining(["vpc-lattice:CreateServiceNetworkVpcAssociation"]),
      }),
    ]);

    const deleted = await ram("A").send(
      new DeleteResourceShareCommand({ resourceShareArn: out.resourceShare!.resourceShareArn }),
    );
    expect(deleted.returnValue).toBe(true);
    await failure(
      lattice("A").send(new GetResourcePolicyCommand({ resourceArn: snArn })),
      ResourceNotFoundException,
    );
    expect(await networkNames("B")).toEqual([]);
    const self = await ram("A").send(new GetResourceSharesCommand({ resourceOwner: "SELF" }));
    expect(self.resourceShares?.map((s) => s.status)).toEqual(["DELETED"]);
    await failure(
      ram("A").send(
        new DeleteResourceShareCommand({ resourceShareArn: out.resourceShare!.resourceShareArn }),
      ),
      InvalidStateTransitionException,
    );
  });

  it("is idempotent on clientToken", async () => {
    const snArn = await createNetwork("A", "token-net");
    const first = await ram("A").send(
      new CreateResourceShareCommand({ name: "once", resourceArns: [snArn], clientToken: "token-1" }),
    );
    const second = await ram("A").send(
      new CreateResourceShareCommand({ name: "once", resourceArns: [snArn], clientToken: "token-1" }),
    );
    expect(second.resourceShare?.resourceShareArn).toBe(first.resourceShare?.resourceShareArn);
    expect(second.clientToken).toBe("token-1");
    await failure(
      ram("A").send(new CreateResourceShareCommand({ name: "twice", clientToken: "token-1" })),
      IdempotentParameterMismatchException,
    );
  });
});

describe("CreateResourceShare errors", () => {
  it("rejects resources the caller does not own, unknown resources and malformed ARNs", async () => {
    const theirs = await createNetwork("B", "b-net");
    const err = await failure(
      ram("A").send(new CreateResourceShareCommand({ name: "steal", resourceArns: [theirs] })),
      UnknownResourceException,
    );
    expect(err.message).toContain(theirs);
    expect(err.$metadata.httpStatusCode).toBe(400);
    await failure(
      ram("A").send(
        new CreateResourceShareCommand({
          name: "ghost",
          resourceArns: [`arn:aws:vpc-lattice:us-east-1:${ACCOUNT_A}:servicenetwork/sn-0000000000000dead`],
        }),
      ),
      UnknownResourceException,
    );
    await failure(
      ram("A").send(new CreateResourceShareCommand({ name: "bad", resourceArns: ["not-an-arn"] })),
      MalformedArnException,
    );
    const shares = await ram("A").send(new GetResourceSharesCommand({ resourceOwner: "SELF" }));
    expect(shares.resourceShares).toEqual([]);
  });

  it("requires a name and valid principals", async () => {
    const missing = await failure(
      ram("A").send(new CreateResourceShareCommand({ name: undefined })),
      MissingRequiredParameterException,
    );
    expect(missing.message).toContain("name");
    await failure(
      ram("A").send(new CreateResourceShareCommand({ name: "p", principals: ["12345"] })),
      InvalidParameterException,
    );
    await failure(
      ram("A").send(new CreateResourceShareCommand({ name: "p", principals: ["arn:aws:iam::bad"] })),
      MalformedArnException,
    );
  });

  it("refuses external principals when allowExternalPrincipals is false", async () => {
    const snArn = await createNetwork("A", "internal-net");
    const err = await failure(
      ram("A").send(
        new CreateResourceShareCommand({
          name: "internal",
          resourceArns: [snArn],
          principals: [ACCOUNT_B, ACCOUNT_C],
          allowExternalPrincipals: false,
        }),
      ),
      OperationNotPermittedException,
    );
    expect(err.message).toContain(ACCOUNT_C);
    expect(await networkNames("B")).toEqual([]);
  });
});

describe("AssociateResourceShare and DisassociateResourceShare", () => {
  it("adds and removes resources and principals, changing what principals see", async () => {
    const snArn = await createNetwork("A", "assoc-net");
    const service = await lattice("A").send(new CreateServiceCommand({ name: "orders" }));
    const created = await ram("A").send(new CreateResourceShareCommand({ name: "growing" }));
    const shareArn = created.resourceShare!.resourceShareArn!;

    const added = await ram("A").send(
      new AssociateResourceShareCommand({
        resourceShareArn: shareArn,
        resourceArns: [snArn, service.arn!],
        principals: [ACCOUNT_B],
      }),
    );
    expect(
      added.resourceShareAssociations?.map((a) => [a.associationType, a.associatedEntity, a.status]),
    ).toEqual([
      ["RESOURCE", snArn, "ASSOCIATED"],
      ["RESOURCE", service.arn, "ASSOCIATED"],
      ["PRINCIPAL", ACCOUNT_B, "ASSOCIATED"],
    ]);
    expect(await networkNames("B")).toEqual(["assoc-net"]);

    const services = await ram("A").send(
      new ListResourcesCommand({ resourceOwner: "SELF", resourceType: "VPC-LATTICE:SERVICE" }),
    );
    expect(services.resources?.map((r) => r.arn)).toEqual([service.arn]);
    const principals = await ram("A").send(
      new ListPrincipalsCommand({ resourceOwner: "SELF", resourceArn: snArn }),
    );
    expect(principals.principals).toEqual([
      expect.objectContaining({ id: ACCOUNT_B, resourceShareArn: shareArn, external: false }),
    ]);

    const removed = await ram("A").send(
      new DisassociateResourceShareCommand({ resourceShareArn: shareArn, resourceArns: [snArn] }),
    );
    expect(removed.resourceShareAssociations?.map((a) => a.status)).toEqual(["DISASSOCIATED"]);
    expect(await networkNames("B")).toEqual([]);
    const byResource = await ram("A").send(
      new GetResourceShareAssociationsCommand({ associationType: "RESOURCE", resourceArn: snArn }),
    );
    expect(byResource.resourceShareAssociations?.map((a) => a.status)).toEqual(["DISASSOCIATED"]);

    await failure(
      ram("A").send(
        new DisassociateResourceShareCommand({ resourceShareArn: shareArn, resourceArns: [snArn] }),
      ),
      UnknownResourceException,
    );
    await failure(
      ram("B").send(
        new AssociateResourceShareCommand({ resourceShareArn: shareArn, principals: [ACCOUNT_C] }),
      ),
      UnknownResourceException,
    );
    await failure(
      ram("A").send(new AssociateResourceShareCommand({ resourceShareArn: "arn:aws:ram:us-east-1:1:share" })),
      MalformedArnException,
    );
  });

  it("drops a resource deleted in Lattice from its shares", async () => {
    const snArn = await createNetwork("A", "short-lived");
    await ram("A").send(
      new CreateResourceShareCommand({ name: "s", resourceArns: [snArn], principals: [ACCOUNT_B] }),
    );
    await lattice("A").send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: snArn }));
    const resources = await ram("B").send(new ListResourcesCommand({ resourceOwner: "OTHER-ACCOUNTS" }));
    expect(resources.resources).toEqual([]);
  });
});

describe("queries", () => {
  it("lists the Lattice resource types", async () => {
    const out = await ram("A").send(new ListResourceTypesCommand({}));
    expect(out.resourceTypes?.map((t) => t.resourceType)).toEqual([
      "vpc-lattice:ServiceNetwork",
      "vpc-lattice:Service",
      "vpc-lattice:ResourceConfiguration",
    ]);
    expect(
      out.resourceTypes?.every(
        (t) => t.serviceName === "vpc-lattice" && t.resourceRegionScope === "REGIONAL",
      ),
    ).toBe(true);
  });

  it("filters GetResourceShares by name, status and tags", async () => {
    await ram("A").send(
      new CreateResourceShareCommand({ name: "alpha", tags: [{ key: "team", value: "net" }] }),
    );
    const beta = await ram("A").send(
      new CreateResourceShareCommand({ name: "beta", tags: [{ key: "team", value: "app" }] }),
    );
    await ram("A").send(
      new DeleteResourceShareCommand({ resourceShareArn: beta.resourceShare!.resourceShareArn }),
    );

    const names = async (input: ConstructorParameters<typeof GetResourceSharesCommand>[0]) =>
      ((await ram("A").send(new GetResourceSharesCommand(input))).resourceShares ?? []).map((s) => s.name);
    expect(await names({ resourceOwner: "SELF", name: "alpha" })).toEqual(["alpha"]);
    expect(await names({ resourceOwner: "SELF", resourceShareStatus: "ACTIVE" })).toEqual(["alpha"]);
    expect(await names({ resourceOwner: "SELF", resourceShareStatus: "DELETED" })).toEqual(["beta"]);
    expect(
      await names({ resourceOwner: "SELF", tagFilters: [{ tagKey: "team", tagValues: ["app"] }] }),
    ).toEqual(["beta"]);
    expect(await names({ resourceOwner: "SELF", tagFilters: [{ tagKey: "team" }] })).toEqual([
      "alpha",
      "beta",
    ]);
    expect(await names({ resourceOwner: "OTHER-ACCOUNTS" })).toEqual([]);
  });

  it("validates required members and member combinations", async () => {
    const missing = await failure(
      ram("A").send(new GetResourceSharesCommand({ resourceOwner: undefined })),
      MissingRequiredParameterException,
    );
    expect(missing.message).toContain("resourceOwner");
    await failure(
      ram("A").send(
        new GetResourceSharesCommand({ resourceOwner: "OTHER-ACCOUNTS", tagFilters: [{ tagKey: "team" }] }),
      ),
      InvalidParameterException,
    );
    await failure(
      ram("A").send(
        new GetResourceShareAssociationsCommand({
          associationType: "PRINCIPAL",
          resourceArn: `arn:aws:vpc-lattice:us-east-1:${ACCOUNT_A}:servicenetwork/sn-0000000000000dead`,
        }),
      ),
      InvalidParameterException,
    );
    await failure(
      ram("A").send(
        new GetResourceShareAssociationsCommand({ associationType: "RESOURCE", principal: ACCOUNT_B }),
      ),
      InvalidParameterException,
    );
    await failure(
      ram("A").send(new GetResourceShareAssociationsCommand({ associationType: undefined })),
      MissingRequiredParameterException,
    );
    await failure(
      ram("A").send(
        new GetResourceSharesCommand({ resourceOwner: "SELF", resourceShareArns: ["arn:aws:ram:nope"] }),
      ),
      MalformedArnException,
    );
    await failure(
      ram("C").send(
        new GetResourceShareInvitationsCommand({
          resourceShareInvitationArns: [`arn:aws:ram:us-east-1:${ACCOUNT_A}:resource-share-invitation/0000`],
        }),
      ),
      ResourceShareInvitationArnNotFoundException,
    );
  });

  it("paginates shares and resources with maxResults 1–500", async () => {
    for (let i = 0; i < 7; i++) await ram("A").send(new CreateResourceShareCommand({ name: `share-${i}` }));
    const pages: string[][] = [];
    for await (const page of paginateGetResourceShares(
      { client: ram("A"), pageSize: 3 },
      { resourceOwner: "SELF" },
    )) {
      pages.push((page.resourceShares ?? []).map((s) => s.name!));
    }
    expect(pages).toEqual([
      ["share-0", "share-1", "share-2"],
      ["share-3", "share-4", "share-5"],
      ["share-6"],
    ]);

    const arns: string[] = [];
    for (let i = 0; i < 4; i++) arns.push(await createNetwork("A", `net-${i}`));
    await ram("A").send(
      new CreateResourceShareCommand({ name: "many", resourceArns: arns, principals: [ACCOUNT_B] }),
    );
    const seen: string[] = [];
    let count = 0;
    for await (const page of paginateListResources(
      { client: ram("B"), pageSize: 3 },
      { resourceOwner: "OTHER-ACCOUNTS" },
    )) {
      count++;
      seen.push(...(page.resources ?? []).map((r) => r.arn!));
    }
    expect(count).toBe(2);
    expect(seen).toEqual(arns);

    for (const maxResults of [0, 501]) {
      const err = await failure(
        ram("A").send(new GetResourceSharesCommand({ resourceOwner: "SELF", maxResults })),
        InvalidMaxResultsException,
      );
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
    await failure(
      ram("A").send(new GetResourceSharesCommand({ resourceOwner: "SELF", nextToken: "not-a-token" })),
      InvalidNextTokenException,
    );
  });

  it("throttles with ThrottlingException (429)", async () => {
    emu.faults.set({ throttleRate: 1 });
    const err = await failure(ram("A").send(new ListResourceTypesCommand({})), ThrottlingException);
    expect(err.$metadata.httpStatusCode).toBe(429);
  });
});
