import { signedOutReason, type SignedOutReason } from "@/lib/domain/auth/auth";
import { getAuthSettings } from "@/lib/server/auth/settings";

export const metadata = { title: "Signed out" };

const MESSAGES: Record<SignedOutReason, { title: string; text: string }> = {
  "signed-out": { title: "You are signed out", text: "Your Trellis session in this browser has ended." },
  denied: {
    title: "No access to Trellis",
    text: "You signed in, but none of your groups is given a Trellis role. Ask an administrator to map one of them.",
  },
  expired: {
    title: "Sign-in took too long",
    text: "The sign-in was started too long ago or in another browser. Please sign in again.",
  },
  failed: {
    title: "Sign-in did not complete",
    text: "The identity provider's answer could not be verified. Please sign in again.",
  },
};

/** Where sign-out and failed sign-ins land; readable without a session. */
export default async function SignedOutPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { reason } = await searchParams;
  const message = MESSAGES[signedOutReason(typeof reason === "string" ? reason : undefined)];
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div className="max-w-md rounded-xl border border-neutral-200 bg-white p-6 text-center shadow-sm">
        <h1 className="text-lg font-semibold text-neutral-900">{message.title}</h1>
        <p className="mt-2 text-sm text-neutral-600">{message.text}</p>
        {getAuthSettings().mode === "oidc" && (
          // A full navigation: signing in leaves the console for the provider (and CSP form-action would
          // refuse a form's redirect there).
          // eslint-disable-next-line @next/next/no-html-link-for-pages -- a route handler, not a page
          <a
            href="/api/auth/login"
            className="mt-4 inline-flex h-9 items-center rounded-md bg-neutral-900 px-3 text-sm font-medium text-white hover:bg-neutral-700"
          >
            Sign in
          </a>
        )}
      </div>
    </main>
  );
}
