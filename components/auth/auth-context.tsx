"use client";

import { createContext, use, type ReactNode } from "react";
import { can, type ClientAuth, type Role } from "@/lib/domain/auth/auth";

const AuthContext = createContext<ClientAuth | null>(null);

/** Who is signed in, as the server rendered the page; the server still checks every request itself. */
export function AuthProvider({ auth, children }: { auth: ClientAuth; children: ReactNode }) {
  return <AuthContext value={auth}>{children}</AuthContext>;
}

export function useAuth(): ClientAuth {
  const auth = use(AuthContext);
  if (!auth) throw new Error("useAuth needs an AuthProvider (app/providers.tsx)");
  return auth;
}

/** Whether the signed-in person may do what `role` allows; controls they may not use are not shown. */
export function useCan(role: Role): boolean {
  return can(useAuth().principal, role);
}
