import "server-only";
import { fieldErrors, type FieldError } from "@/lib/domain/routing/change-types";
import { accessQuerySchema } from "@/lib/domain/policy/schemas";
import { simulateAccess as simulate, type Simulation } from "@/lib/domain/policy/simulate";
import type { ServicesContext } from "../context";

export type SimulateAccessResult =
  { status: "ok"; simulation: Simulation } | { status: "invalid"; errors: FieldError[] };

/**
 * "Can principal P, calling from VPC V, invoke METHOD PATH on service S?" over the latest crawl: connectivity,
 * then the service network's and the service's auth policies as crawled.
 */
export async function simulateAccess(
  deps: Pick<ServicesContext, "topology" | "organization">,
  body: unknown,
): Promise<SimulateAccessResult> {
  const parsed = accessQuerySchema.safeParse(body);
  if (!parsed.success) return { status: "invalid", errors: fieldErrors(parsed.error) };
  return {
    status: "ok",
    simulation: simulate(
      await deps.topology(),
      parsed.data,
      undefined,
      deps.organization ? { organization: deps.organization } : {},
    ),
  };
}
