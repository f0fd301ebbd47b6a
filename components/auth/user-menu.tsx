"use client";

import { Badge } from "@/components/ui/badge";
import { useAuth } from "./auth-context";

/** Who is signed in, their role, and a way out when Trellis holds the session. */
export function UserMenu() {
  const { mode, principal } = useAuth();
  if (!principal) {
    return mode === "oidc" ? (
      // A full navigation to the route handler that sends the browser to the provider.
      // eslint-disable-next-line @next/next/no-html-link-for-pages -- a route handler, not a page
      <a href="/api/auth/login" className="text-sm font-medium text-neutral-700 underline">
        Sign in
      </a>
    ) : null;
  }
  return (
    <div className="flex items-center gap-2 text-sm text-neutral-700" data-testid="signed-in-user">
      <span className="max-w-48 truncate" title={principal.email ?? principal.name}>
        {principal.name}
      </span>
      <Badge data-testid="signed-in-role">{principal.role}</Badge>
      {mode === "oidc" && (
        <form method="post" action="/api/auth/logout">
          <button
            type="submit"
            className="text-sm font-medium text-neutral-600 underline hover:text-neutral-900"
          >
            Sign out
          </button>
        </form>
      )}
    </div>
  );
}
