import { z } from "zod";

/** viewer: read everything · operator: also weight and rule changes · admin: also auth policies, auth types, configuration. */
export const roleSchema = z.enum(["viewer", "operator", "admin"]);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether someone with `role` may do what `required` allows. */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** The person (or, in `none` mode, the local user) behind a request. */
export interface Principal {
  /** Stable subject: the OIDC `sub`, the ALB or proxy user id, or `local` in `none` mode. */
  id: string;
  name: string;
  email?: string;
  role: Role;
  /** How they were identified. */
  via: "none" | "oidc" | "alb" | "proxy";
}
