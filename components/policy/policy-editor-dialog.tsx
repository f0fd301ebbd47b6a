"use client";

import { useMemo, useState } from "react";
import { diffPolicyRequest, type PolicyDiffResponse } from "@/lib/client/policies-api";
import { appliedSummary } from "@/lib/client/refresh-after-crawl";
import type { AppliedPolicy } from "@/lib/domain/policy/policy-contract";
import { useReviewedApply } from "@/components/ui/use-reviewed-apply";
import type { AuthType } from "@/lib/domain/policy/evaluate";
import type { PolicyScope } from "@/lib/domain/policy/matrix";
import { policyTemplates } from "@/lib/domain/policy/templates";
import { lintPolicy } from "@/lib/domain/policy/validate";
import type { Topology } from "@/lib/domain/topology/topology";
import { Button } from "@/components/ui/button";
import { AppliedNotice, TitledDialog } from "@/components/ui/dialog";
import { JsonEditor, PolicyMergeView } from "./code-editors";
import { FindingsList } from "./findings-list";
import { PolicyReview } from "./policy-review";

/**
 * Edits the auth type and auth policy of a service or service network: a JSON editor with the linter's findings
 * inline, templates, current vs proposed side by side, then the review (who gains and loses access) and Apply.
 */
export function PolicyEditorDialog({
  open,
  onClose,
  scope,
  name,
  current,
  topology,
}: {
  open: boolean;
  onClose: () => void;
  scope: PolicyScope;
  name: string;
  current: { authType: AuthType; policy: string };
  topology: Topology;
}) {
  const [authType, setAuthType] = useState<AuthType>(current.authType);
  const [text, setText] = useState(current.policy);
  const [compare, setCompare] = useState(false);
  const [message, setMessage] = useState<string>();
  const templates = useMemo(() => policyTemplates(topology, scope), [topology, scope]);
  const lintScope = useMemo(() => ({ ...scope, authType }), [scope, authType]);
  const findings = useMemo(() => lintPolicy(text, lintScope), [text, lintScope]);
  const title = `Auth policy of ${name}`;

  const flow = useReviewedApply({
    async plan(): Promise<PolicyDiffResponse | undefined> {
      setMessage(undefined);
      try {
        return await diffPolicyRequest({
          scope: { arn: scope.arn },
          after: text.trim() === "" ? null : text,
          authTypeAfter: authType,
        });
      } catch (error) {
        setMessage(error instanceof Error ? error.message : String(error));
        return undefined;
      }
    },
    appliedMessage: (result: AppliedPolicy) =>
      appliedSummary(
        result.steps,
        result.crawlRunId,
        scope.kind === "service" ? "service" : "service network",
      ),
  });
  const busy = flow.busy;
  const review = () => void flow.review();

  return (
    <TitledDialog
      open={open}
      onClose={onClose}
      title={title}
      className="mt-[4vh] max-h-[92vh] w-[min(1100px,96vw)]"
    >
      {flow.stage.name === "edit" && (
        <div className="flex flex-col gap-3">
          <div className="flex flex-wrap items-end gap-4">
            <label className="flex flex-col gap-1 text-sm">
              <span className="text-neutral-600">Auth type</span>
              <select
                className="h-8 rounded border border-neutral-300 bg-white px-2 text-sm"
                value={authType}
                onChange={(e) => setAuthType(e.target.value === "NONE" ? "NONE" : "AWS_IAM")}
              >
                <option value="AWS_IAM">AWS_IAM — enforce the auth policy</option>
                <option value="NONE">NONE — no authentication</option>
              </select>
            </label>
            <label className="flex flex-col gap-1 text-sm">
              <span className="text-neutral-600">Start from a template</span>
              <select
                className="h-8 max-w-80 rounded border border-neutral-300 bg-white px-2 text-sm"
                value=""
                onChange={(e) => {
                  const template = templates.find((t) => t.id === e.target.value);
                  if (template) setText(JSON.stringify(template.policy, null, 2));
                }}
              >
                <option value="">Choose…</option>
                {templates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                  </option>
                ))}
              </select>
            </label>
            <div className="ml-auto flex gap-1" role="group" aria-label="View">
              <Button size="sm" aria-pressed={!compare} onClick={() => setCompare(false)}>
                Edit
              </Button>
              <Button size="sm" aria-pressed={compare} onClick={() => setCompare(true)}>
                Current vs proposed
              </Button>
            </div>
          </div>
          {compare ? (
            <PolicyMergeView current={current.policy} proposed={text} />
          ) : (
            <JsonEditor value={text} onChange={setText} scope={lintScope} label="Auth policy JSON" />
          )}
          <p className="text-xs text-neutral-500">
            Leave the editor empty to remove the policy. Trellis sends the policy minified.
          </p>
          <div className="max-h-40 overflow-auto">
            <FindingsList findings={findings} />
          </div>
          {message && (
            <p role="alert" className="text-sm text-red-700">
              {message}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" onClick={review} disabled={busy}>
              {busy ? "Reviewing…" : "Review"}
            </Button>
          </div>
        </div>
      )}
      {flow.stage.name === "review" && (
        <PolicyReview
          scopeArn={scope.arn}
          scopeName={name}
          diff={flow.stage.plan}
          onBack={flow.edit}
          onReplan={review}
          onApplied={flow.applied}
        />
      )}
      {flow.stage.name === "done" && (
        <AppliedNotice message={flow.stage.message} onClose={onClose} testId="policy-applied" />
      )}
    </TitledDialog>
  );
}
