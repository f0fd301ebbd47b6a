import type { Topology } from "@/lib/domain/topology/topology";
import { AccessSimulator } from "@/components/policy/access-simulator";
import { EditPolicyButton } from "@/components/policy/edit-policy-button";
import { Section } from "./section";
import { asRecord, asString, parseJsonText } from "./values";
import { RevealedText } from "@/components/ui/revealed-text";

function PolicyDocument({ text, testId }: { text: string; testId: string }) {
  const parsed = parseJsonText(text);
  return (
    <>
      {parsed === undefined && <p className="text-xs text-red-700">Not valid JSON: shown as stored.</p>}
      <pre
        data-testid={testId}
        className="max-h-96 overflow-auto rounded border border-neutral-200 bg-neutral-50 p-2 font-mono text-[11px] leading-snug whitespace-pre-wrap break-all text-neutral-900"
      >
        <RevealedText text={parsed === undefined ? text : JSON.stringify(parsed, null, 2)} lines />
      </pre>
    </>
  );
}

function Badge({ children, tone }: { children: string; tone: "neutral" | "good" | "warn" | "bad" }) {
  const tones = {
    neutral: "bg-neutral-100 text-neutral-800",
    good: "bg-emerald-100 text-emerald-900",
    warn: "bg-amber-100 text-amber-900",
    bad: "bg-red-100 text-red-900",
  };
  return (
    <span className={`rounded px-1.5 py-0.5 font-mono text-[11px] font-semibold ${tones[tone]}`}>
      {children}
    </span>
  );
}

/**
 * The auth type and auth policy of a service network or service, the policy indented as text (never markup),
 * and the RAM resource policy when there is one. On the latest state: the policy editor (admins) and the access
 * simulator.
 */
export function AuthPolicyView({
  data,
  what,
  resource,
  topology,
  editable = false,
}: {
  data: Record<string, unknown>;
  what: string;
  resource?: { id: string; kind: "service" | "service-network"; name: string };
  topology?: Topology | undefined;
  /** The inspector shows the latest state, so an edit starts from it. */
  editable?: boolean;
}) {
  const authType = asString(data.authType);
  const policy = asRecord(data.authPolicy);
  const policyText = asString(policy?.policy);
  const state = asString(policy?.state);
  const resourcePolicy = asString(data.resourcePolicy);
  const sharedIn = data.sharedIn === true;
  return (
    <Section
      title="Auth"
      testId="inspector-auth"
      aside={
        editable && resource && topology && !sharedIn ? (
          <EditPolicyButton
            scope={{ kind: resource.kind, arn: resource.id }}
            name={resource.name}
            authType={authType === "AWS_IAM" ? "AWS_IAM" : "NONE"}
            policy={policyText}
            topology={topology}
          />
        ) : undefined
      }
    >
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-neutral-600">Auth type</span>
        {authType ? (
          <Badge tone={authType === "NONE" ? "warn" : "neutral"}>{authType}</Badge>
        ) : (
          <span className="text-neutral-400">unknown</span>
        )}
        {policyText && (
          <>
            <span className="text-neutral-600">Policy</span>
            <Badge tone={state === "Active" ? "good" : "warn"}>{state ?? "unknown state"}</Badge>
          </>
        )}
      </div>
      {authType === "AWS_IAM" && data.authPolicy === null && !sharedIn && (
        <p
          role="note"
          data-testid="auth-denies-everything"
          className="mb-2 rounded border border-red-200 bg-red-50 p-2 text-sm text-red-900"
        >
          <strong>AWS_IAM with no policy — denies everything.</strong> VPC Lattice allows only what an auth
          policy allows, so every request to this {what} gets 403 until one is attached.
        </p>
      )}
      {authType === "NONE" && (
        <p className="mb-2 text-sm text-neutral-600">
          Requests are not authenticated: any client that can reach this {what} may call it.
          {policyText && " The policy below is stored but Inactive until the auth type is AWS_IAM."}
        </p>
      )}
      {policyText ? (
        <PolicyDocument text={policyText} testId="auth-policy" />
      ) : (
        data.authPolicy === undefined && (
          <p className="text-sm text-neutral-500">The auth policy was not read.</p>
        )
      )}
      {editable && topology && resource && (
        <details className="mt-2" data-testid="simulator-section">
          <summary className="cursor-pointer text-sm text-neutral-700">Access simulator</summary>
          <div className="mt-2">
            <AccessSimulator
              topology={topology}
              {...(resource.kind === "service" ? { defaultService: resource.id } : {})}
            />
          </div>
        </details>
      )}
      {resourcePolicy && (
        <details className="mt-2">
          <summary className="cursor-pointer text-sm text-neutral-700">
            Resource policy (AWS RAM sharing)
          </summary>
          <PolicyDocument text={resourcePolicy} testId="resource-policy" />
        </details>
      )}
    </Section>
  );
}
