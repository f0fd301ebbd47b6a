"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { refreshAfterApply } from "@/lib/client/refresh-after-crawl";

/** Where an editor is: editing, reviewing the server's plan (where the user confirms and applies), or done. */
export type ReviewStage<Plan> =
  { name: "edit" } | { name: "review"; plan: Plan } | { name: "done"; message: string };

/**
 * The steps every editor goes through: edit → review (a plan the server made, nothing sent to AWS) → confirm and
 * apply (in the review) → done. `plan` asks the server for the plan and answers it, or undefined once the editor
 * shows why there is none; `appliedMessage` says what an apply did, after the pages that show it are refreshed.
 */
export function useReviewedApply<Plan, Applied extends { crawlRunId?: number }, Args extends unknown[] = []>({
  plan,
  appliedMessage,
}: {
  plan: (...args: Args) => Promise<Plan | undefined>;
  appliedMessage: (applied: Applied) => string;
}) {
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<ReviewStage<Plan>>({ name: "edit" });
  const [busy, setBusy] = useState(false);
  return {
    stage,
    /** A plan is being asked for. */
    busy,
    /** Asks for the plan and, when there is one, shows it for review (again, to re-plan from the review). */
    async review(...args: Args) {
      setBusy(true);
      try {
        const planned = await plan(...args);
        if (planned !== undefined) setStage({ name: "review", plan: planned });
      } finally {
        setBusy(false);
      }
    },
    /** Back from the review to the editor. */
    edit: () => setStage({ name: "edit" }),
    /** The review's apply succeeded. */
    applied(result: Applied) {
      refreshAfterApply(queryClient, result.crawlRunId);
      setStage({ name: "done", message: appliedMessage(result) });
    },
  };
}
