import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense, type ReactNode } from "react";
import { NoAuthBanner } from "@/components/auth/no-auth-banner";
import { UserMenu } from "@/components/auth/user-menu";
import { TopNav } from "@/components/ui/top-nav";
import { clientAuth } from "@/lib/server/auth/principal";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Trellis", template: "%s · Trellis" },
  description: "Self-hosted web console and live topology map for Amazon VPC Lattice",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const auth = await clientAuth(await headers());
  return (
    <html lang="en">
      <body className="flex h-dvh flex-col bg-neutral-50 text-neutral-900 antialiased">
        <Providers auth={auth}>
          {auth.mode === "none" && <NoAuthBanner />}
          <Suspense fallback={<div className="h-11 shrink-0 border-b border-neutral-200 bg-white" />}>
            <TopNav>
              <UserMenu />
            </TopNav>
          </Suspense>
          <div className="flex min-h-0 flex-1 flex-col overflow-y-auto">{children}</div>
        </Providers>
      </body>
    </html>
  );
}
