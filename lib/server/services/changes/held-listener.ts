import "server-only";
import type { ListenerState } from "@/lib/domain/routing/change-types";
import type { LatticeClient } from "../../aws/clients";

/**
 * A listener whose lock the caller already holds (a rollout step), with the one client and the one live read of
 * the listener made under that lock: planning and applying reuse them instead of making their own.
 */
export interface HeldListener {
  lattice: LatticeClient;
  live: ListenerState;
  lock: { held(): boolean };
}
