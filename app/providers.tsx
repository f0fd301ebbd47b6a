"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { AuthProvider } from "@/components/auth/auth-context";
import { makeQueryClient } from "@/lib/client/query-client";
import type { ClientAuth } from "@/lib/domain/auth/auth";

export function Providers({ auth, children }: { auth: ClientAuth; children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <AuthProvider auth={auth}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </AuthProvider>
  );
}
