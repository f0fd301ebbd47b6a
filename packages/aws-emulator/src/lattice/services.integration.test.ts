import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  ConflictException,
  CreateListenerCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  GetListenerCommand,
  GetServiceCommand,
  ListListenersCommand,
  ListServicesCommand,
  ResourceNotFoundException,
  UpdateServiceCommand,
  ValidationException,
  VPCLatticeClient,
  paginateListServices,
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

function registerAccount(accessKeyId: string, accountId: string) {
  emu.world.identities.set(accessKeyId, {
    accessKeyId,
    secretAccessKey: "x",
    accountId,
    arn: `arn:aws:iam::${accountId}:user/${accessKeyId.toLowerCase()}`,
    userId: `AIDA${accessKeyId}`,
  });
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
  registerAccount("AKIDOTHER", OTHER_ACCOUNT);
  owner = client("AKIDOWNER");
  other = client("AKIDOTHER");
});

afterAll(async () => {
  owner.destroy();
  other.destroy();
  await emu.close();
});

describe("services", () => {
  it("creates a service with a generated DNS entry and reads it by id and by ARN", async () => {
    const created = await owner.send(
      new CreateServiceCommand({
        name: "checkout",
        authType: "AWS_IAM",
        customDomainName: "checkout.example.com",
        certificateArn: "arn:aws:acm:us-east-1:900000000001:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab",
        tags: { env: "prod" },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^svc-[0-9a-z]{17}$/);
    expect(created.arn).toBe(`arn:aws:vpc-lattice:us-east-1:${OWNER_ACCOUNT}:service/${created.id}`);
    expect(created.status).toBe("ACTIVE");
    expect(created.idleTimeoutSeconds).toBe(60);
    expect(created.dnsEntry?.domainName).toMatch(
      /^checkout-[0-9a-f]{8}\.[0-9a-f]{7}\.vpc-lattice-svcs\.us-east-1\.on\.aws$/,
    );
    expect(created.dnsEntry?.hostedZoneId).toMatch(/^Z[0-9A-Z]+$/);

    const byArn = await owner.send(new GetServiceCommand({ serviceIdentifier: created.arn }));
    expect(byArn).toMatchObject({
      id: created.id,
      name: "checkout",
      authType: "AWS_IAM",
      customDomainName: "checkout.example.com",
      dnsEntry: created.dnsEntry,
      status: "ACTIVE",
    });
    expect(byArn.createdAt).toBeInstanceOf(Date);

    const second = await owner.send(new CreateServiceCommand({ name: "payments" }));
    expect(second.dnsEntry?.hostedZoneId).toBe(created.dnsEntry?.hostedZoneId);
    expect(second.authType).toBe("NONE");

    const list = await owner.send(new ListServicesCommand({}));
    const summary = list.items?.find((i) => i.id === created.id);
    expect(summary).toMatchObject({
      name: "checkout",
      status: "ACTIVE",
      customDomainName: "checkout.example.com",
    });
  });

  it("validates names, idle timeouts and certificate ARNs", async () => {
    const prefixed = await failure(
      owner.send(new CreateServiceCommand({ name: "svc-orders" })),
      ValidationException,
    );
    expect(prefixed.fieldList?.[0]?.name).toBe("name");
    await failure(owner.send(new CreateServiceCommand({ name: "a".repeat(41) })), ValidationException);
    await failure(owner.send(new CreateServiceCommand({ name: "-orders" })), ValidationException);
    const idle = await failure(
      owner.send(new CreateServiceCommand({ name: "orders", idleTimeoutSeconds: 30 })),
      ValidationException,
    );
    expect(idle.fieldList?.[0]?.name).toBe("idleTimeoutSeconds");
    const cert = await failure(
      owner.send(new CreateServiceCommand({ name: "orders", certificateArn: "not-an-arn" })),
      ValidationException,
    );
    expect(cert.fieldList?.[0]?.name).toBe("certificateArn");

    await owner.send(new CreateServiceCommand({ name: "orders" }));
    const dup = await failure(owner.send(new CreateServiceCommand({ name: "orders" })), ConflictException);
    expect(dup.resourceType).toBe("SERVICE");
  });

  it("updates auth type, certificate and idle timeout", async () => {
    const svc = await owner.send(new CreateServiceCommand({ name: "inventory" }));
    const updated = await owner.send(
      new UpdateServiceCommand({ serviceIdentifier: svc.arn, authType: "AWS_IAM", idleTimeoutSeconds: 300 }),
    );
    expect(updated).toMatchObject({
      id: svc.id,
      name: "inventory",
      authType: "AWS_IAM",
      idleTimeoutSeconds: 300,
    });
    const got = await owner.send(new GetServiceCommand({ serviceIdentifier: svc.id }));
    expect(got.authType).toBe("AWS_IAM");
    expect(got.idleTimeoutSeconds).toBe(300);
    const bad = await failure(
      owner.send(new UpdateServiceCommand({ serviceIdentifier: svc.id, idleTimeoutSeconds: 601 })),
      ValidationException,
    );
    expect(bad.fieldList?.[0]?.name).toBe("idleTimeoutSeconds");
  });

  it("deletes a service with its listeners, but not while it is associated with a service network", async () => {
    const svc = await owner.send(new CreateServiceCommand({ name: "to-delete" }));
    const listener = await owner.send(
      new CreateListenerCommand({
        serviceIdentifier: svc.id,
        name: "http",
        protocol: "HTTP",
        defaultAction: { fixedResponse: { statusCode: 404 } },
      }),
    );
    const region = emu.world.region("us-east-1");
    const now = new Date().toISOString();
    region.serviceNetworkServiceAssociations.set("snsa-00000000000000001", {
      id: "snsa-00000000000000001",
      arn: `arn:aws:vpc-lattice:us-east-1:${OWNER_ACCOUNT}:servicenetworkserviceassociation/snsa-00000000000000001`,
      ownerAccountId: OWNER_ACCOUNT,
      region: "us-east-1",
      serviceNetworkId: "sn-00000000000000001",
      serviceId: svc.id ?? "",
      status: "ACTIVE",
      createdBy: OWNER_ACCOUNT,
      createdAt: now,
    });
    const blocked = await failure(
      owner.send(new DeleteServiceCommand({ serviceIdentifier: svc.id })),
      ConflictException,
    );
    expect(blocked.resourceId).toBe(svc.id);
    region.serviceNetworkServiceAssociations.delete("snsa-00000000000000001");

    const deleted = await owner.send(new DeleteServiceCommand({ serviceIdentifier: svc.arn }));
    expect(deleted).toMatchObject({
      id: svc.id,
      arn: svc.arn,
      name: "to-delete",
      status: "DELETE_IN_PROGRESS",
    });
    expect(region.listeners.has(listener.id ?? "")).toBe(false);
    const gone = await failure(
      owner.send(new GetServiceCommand({ serviceIdentifier: svc.id })),
      ResourceNotFoundException,
    );
    expect(gone.resourceType).toBe("SERVICE");
  });

  it("lets a consumer read a shared service and its listeners but not change them", async () => {
    const svc = await owner.send(new CreateServiceCommand({ name: "shared-api" }));
    const listener = await owner.send(
      new CreateListenerCommand({
        serviceIdentifier: svc.id,
        name: "http",
        protocol: "HTTP",
        defaultAction: { fixedResponse: { statusCode: 404 } },
      }),
    );
    await failure(
      other.send(new GetServiceCommand({ serviceIdentifier: svc.arn })),
      ResourceNotFoundException,
    );
    await failure(
      other.send(new ListListenersCommand({ serviceIdentifier: svc.arn })),
      ResourceNotFoundException,
    );

    shareWithOtherAccount(svc.arn ?? "");
    const seen = await other.send(new GetServiceCommand({ serviceIdentifier: svc.arn }));
    expect(seen.id).toBe(svc.id);
    const listed = await other.send(new ListServicesCommand({}));
    expect(listed.items?.map((i) => i.id)).toContain(svc.id);
    const listeners = await other.send(new ListListenersCommand({ serviceIdentifier: svc.arn }));
    expect(listeners.items?.map((l) => l.id)).toEqual([listener.id]);
    const got = await other.send(
      new GetListenerCommand({ serviceIdentifier: svc.arn, listenerIdentifier: listener.arn }),
    );
    expect(got.defaultAction).toEqual({ fixedResponse: { statusCode: 404 } });

    const denied = await failure(
      other.send(new UpdateServiceCommand({ serviceIdentifier: svc.arn, authType: "AWS_IAM" })),
      AccessDeniedException,
    );
    expect(denied.$metadata.httpStatusCode).toBe(403);
    await failure(
      other.send(new DeleteServiceCommand({ serviceIdentifier: svc.arn })),
      AccessDeniedException,
    );
    await failure(
      other.send(
        new CreateListenerCommand({
          serviceIdentifier: svc.arn,
          name: "https",
          protocol: "HTTPS",
          defaultAction: { fixedResponse: { statusCode: 404 } },
        }),
      ),
      AccessDeniedException,
    );
  });

  it("pages through services with the SDK paginator", async () => {
    registerAccount("AKIDPAGER", "900000000003");
    const pager = client("AKIDPAGER");
    const names = Array.from({ length: 7 }, (_, i) => `page-svc-${i}`);
    for (const name of names) await pager.send(new CreateServiceCommand({ name }));
    const pages: string[][] = [];
    for await (const page of paginateListServices({ client: pager, pageSize: 3 }, {})) {
      pages.push((page.items ?? []).map((i) => i.name ?? ""));
    }
    expect(pages).toEqual([names.slice(0, 3), names.slice(3, 6), names.slice(6)]);
    pager.destroy();
  });

  it("returns the same service for a retried client token", async () => {
    const first = await owner.send(
      new CreateServiceCommand({ name: "idempotent", clientToken: "svc-token" }),
    );
    const again = await owner.send(
      new CreateServiceCommand({ name: "idempotent", clientToken: "svc-token" }),
    );
    expect(again.id).toBe(first.id);
    expect(again.dnsEntry).toEqual(first.dnsEntry);
    await failure(
      owner.send(
        new CreateServiceCommand({ name: "idempotent", authType: "AWS_IAM", clientToken: "svc-token" }),
      ),
      ConflictException,
    );
  });
});
