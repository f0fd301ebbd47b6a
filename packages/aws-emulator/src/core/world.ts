import { createRandom } from "./random";
import {
  emptyRegion,
  type Account,
  type HealthChange,
  type Identity,
  type Organization,
  type RegionState,
  type Role,
} from "./model";

const BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/** The whole emulated organisation: accounts, identities, roles and per-region state. */
export class World {
  accounts = new Map<string, Account>();
  organization: Organization | undefined;
  /** Access key id → identity. */
  identities = new Map<string, Identity>();
  /** Role ARN → role. */
  roles = new Map<string, Role>();
  regions = new Map<string, RegionState>();
  /** Account used for requests signed with an access key the world does not know. */
  defaultAccountId: string;
  healthChanges: HealthChange[] = [];
  /** Bumped around every write request, so values derived from the world can be cached until it changes. */
  revision = 0;
  loadedAtMs: number;
  readonly random: () => number;

  constructor(options: { seed?: number; defaultAccountId?: string; nowMs?: number } = {}) {
    this.random = createRandom(options.seed ?? 1);
    this.defaultAccountId = options.defaultAccountId ?? "111111111111";
    this.loadedAtMs = options.nowMs ?? Date.now();
  }

  region(name: string): RegionState {
    let state = this.regions.get(name);
    if (!state) {
      state = emptyRegion(name);
      this.regions.set(name, state);
    }
    return state;
  }

  now(): string {
    return new Date().toISOString();
  }

  /** A Lattice-style id: prefix + 17 characters of [0-9a-z] (or hex for snra-/rea-). */
  newId(prefix: string, hex = prefix === "snra-" || prefix === "rea-"): string {
    const alphabet = hex ? HEX : BASE36;
    let out = prefix;
    for (let i = 0; i < 17; i++) out += alphabet[Math.floor(this.random() * alphabet.length)];
    return out;
  }

  uuid(): string {
    const h = () => HEX[Math.floor(this.random() * 16)];
    const part = (n: number) => Array.from({ length: n }, h).join("");
    return `${part(8)}-${part(4)}-4${part(3)}-${["8", "9", "a", "b"][Math.floor(this.random() * 4)]}${part(3)}-${part(12)}`;
  }

  /** Identity for an access key; unknown keys act as an IAM user of the default account. */
  identityFor(accessKeyId: string): Identity {
    const known = this.identities.get(accessKeyId);
    if (known) return known;
    return {
      accessKeyId,
      secretAccessKey: "",
      accountId: this.defaultAccountId,
      arn: `arn:aws:iam::${this.defaultAccountId}:user/emulator`,
      userId: "AIDAEMULATORDEFAULT",
    };
  }

  sameOrganization(a: string, b: string): boolean {
    const orgA = this.accounts.get(a)?.organizationId;
    return orgA !== undefined && orgA === this.accounts.get(b)?.organizationId;
  }
}
