import { describe, expect, it } from "vitest";
import { buildWorld } from "./index";
import { generateScenario, generatedAccountId } from "./generate";
import { parseScenario } from "./schema";
import { isVisibleTo } from "../core/sharing";
import type { World } from "../core/world";

function dump(world: World): string {
  return JSON.stringify({
    accounts: [...world.accounts.values()],
    identities: [...world.identities.values()],
    roles: [...world.roles.values()],
    regions: [...world.regions.values()].map((s) =>
      Object.entries(s).map(([k, v]) => [k, v instanceof Map ? [...v] : v]),
    ),
  });
}

describe("generate scenario", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = buildWorld({ name: "generate", accounts: 4, services: 12, seed: 7 });
    const b = buildWorld({ name: "generate", accounts: 4, services: 12, seed: 7 });
    const c = buildWorld({ name: "generate", accounts: 4, services: 12, seed: 8 });
    expect(dump(a)).toBe(dump(b));
    expect(dump(a)).not.toBe(dump(c));
  });

  it("has the requested accounts, services per account and regions", () => {
    const world = buildWorld({
      name: "generate",
      accounts: 5,
      services: 9,
      regions: ["us-east-1", "eu-west-1"],
      seed: 3,
    });
    expect(world.accounts.size).toBe(5);
    expect(world.defaultAccountId).toBe(generatedAccountId(0));
    expect([...world.regions.keys()]).toEqual(["us-east-1", "eu-west-1"]);
    const services = [...world.regions.values()].flatMap((s) => [...s.services.values()]);
    expect(services).toHaveLength(45);
    for (const account of world.accounts.keys()) {
      expect(services.filter((s) => s.ownerAccountId === account)).toHaveLength(9);
      expect(world.roles.get(`arn:aws:iam::${account}:role/TrellisCrawler`)?.trustedPrincipals).toEqual([
        generatedAccountId(0),
      ]);
    }
    expect(world.region("eu-west-1").services.size).toBe(20);
  });

  it("fans out realistically per service", () => {
    const world = buildWorld({ name: "generate", accounts: 6, services: 30, seed: 11 });
    const state = world.region("us-east-1");
    const listeners = [...state.listeners.values()];
    const rules = [...state.rules.values()];
    const associations = [...state.serviceNetworkServiceAssociations.values()];
    for (const service of state.services.values()) {
      const own = listeners.filter((l) => l.serviceId === service.id);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(2);
      expect(rules.filter((r) => r.serviceId === service.id).length).toBeLessThanOrEqual(4);
      const networks = associations.filter((a) => a.serviceId === service.id);
      expect(networks.length).toBeGreaterThanOrEqual(1);
      expect(networks.length).toBeLessThanOrEqual(2);
      for (const a of networks) {
        const network = state.serviceNetworks.get(a.serviceNetworkId);
        expect(network && isVisibleTo(world, "us-east-1", network, service.ownerAccountId)).toBe(true);
      }
    }
    const targetGroups = [...state.targetGroups.values()];
    const sizes = targetGroups.filter((tg) => tg.type !== "LAMBDA").map((tg) => tg.targets.length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
    const statuses = new Set(targetGroups.flatMap((tg) => tg.targets.map((t) => t.status)));
    expect(statuses).toEqual(
      new Set(["HEALTHY", "UNHEALTHY", "INITIAL", "DRAINING", "UNAVAILABLE", "UNUSED"]),
    );
    const weighted = listeners.filter(
      (l) => "forward" in l.defaultAction && l.defaultAction.forward.targetGroups.length > 1,
    );
    expect(weighted.length).toBeGreaterThan(0);
    expect(state.serviceNetworks.size).toBeGreaterThanOrEqual(6);
    expect(state.serviceNetworkVpcAssociations.size).toBeGreaterThan(0);
    expect(state.serviceNetworkResourceAssociations.size).toBeGreaterThan(0);
    expect([...state.serviceNetworkResourceAssociations.values()].some((a) => a.isManagedAssociation)).toBe(
      true,
    );
    expect(state.authPolicies.size).toBeGreaterThan(0);
    const shared = [...state.resourceShares.values()].filter(
      (s) => s.owningAccountId !== generatedAccountId(0),
    );
    expect(shared.length).toBeGreaterThan(0);
  });

  it("produces data in the scenario format: the schema parses it to itself", () => {
    const data = generateScenario({
      accounts: 4,
      services: 10,
      regions: ["us-east-1", "us-west-2"],
      seed: 5,
    });
    expect(parseScenario(JSON.parse(JSON.stringify(data)))).toEqual(data);
  });
});
