/** Shown on every page while sign-in is off, so nobody mistakes a local console for a protected one. */
export function NoAuthBanner() {
  return (
    <div
      role="note"
      data-testid="no-auth-banner"
      className="shrink-0 border-b border-amber-300 bg-amber-100 px-4 py-1 text-xs text-amber-950"
    >
      <strong className="font-semibold">Sign-in is off</strong> (auth.mode: none): everyone who can open this
      console is an administrator. Trellis listens on this computer only; set auth.mode to oidc or
      trusted-header to share it.
    </div>
  );
}
