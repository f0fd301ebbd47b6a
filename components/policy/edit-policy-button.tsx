"use client";

import { useState } from "react";
import { prettyPolicy } from "@/lib/domain/policy/apply-plan";
import type { AuthType } from "@/lib/domain/policy/evaluate";
import type { PolicyScope } from "@/lib/domain/policy/matrix";
import type { Topology } from "@/lib/domain/topology/topology";
import { useCan } from "@/components/auth/auth-context";
import { Button } from "@/components/ui/button";
import { PolicyEditorDialog } from "./policy-editor-dialog";

/** "Edit policy" for admins: opens the policy editor on the crawled auth type and policy. */
export function EditPolicyButton({
  scope,
  name,
  authType,
  policy,
  topology,
}: {
  scope: PolicyScope;
  name: string;
  authType: AuthType;
  policy: string | undefined;
  topology: Topology;
}) {
  const isAdmin = useCan("admin");
  const [open, setOpen] = useState(false);
  if (!isAdmin) return null;
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} data-testid="edit-policy">
        Edit policy
      </Button>
      {open && (
        <PolicyEditorDialog
          open={open}
          onClose={() => setOpen(false)}
          scope={scope}
          name={name}
          current={{ authType, policy: prettyPolicy(policy) }}
          topology={topology}
        />
      )}
    </>
  );
}
