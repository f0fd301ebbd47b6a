import "server-only";
import type { Principal, Role } from "@/lib/domain/auth";

/** Everyone is this person in `none` mode (local and demo use). */
export const LOCAL_ADMIN: Principal = { id: "local", name: "Local user", role: "admin", via: "none" };

/**
 * Who is making the request. Until sign-in lands (issue 5) every request is the local admin.
 * The auth work replaces this body; its signature is what routes and services rely on.
 */
export async function getPrincipal(_request: Request): Promise<Principal> {
  return LOCAL_ADMIN;
}

/** The principal, when they hold at least `role`; otherwise an ApiError 401/403 thrown for apiRoute to answer. */
export async function requireRole(request: Request, _role: Role): Promise<Principal> {
  return getPrincipal(request);
}
