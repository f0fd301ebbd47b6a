import type { APIRequestContext, PlaywrightWorkerArgs } from "@playwright/test";
import { resetAndCrawl, withRequest } from "./estate";
import { z } from "zod";
import { E2E_APP_URL } from "./servers";

export const rolloutSchema = z.object({
  id: z.string(),
  status: z.string(),
  stepsDone: z.number(),
  message: z.string().nullable(),
});

/** A rollout as the API answers it now. */
export async function rolloutNow(request: APIRequestContext, id: string) {
  return rolloutSchema.parse(await (await request.get(`${E2E_APP_URL}/api/rollouts/${id}`)).json());
}

/** Aborts whatever rollout is still running or paused, so the estate can be put back. */
export async function abortActive(request: APIRequestContext): Promise<void> {
  const listed = z
    .object({ rollouts: z.array(rolloutSchema) })
    .parse(await (await request.get(`${E2E_APP_URL}/api/rollouts?active=1`)).json());
  for (const rollout of listed.rollouts) {
    if (rollout.status === "running" || rollout.status === "paused") {
      await request.post(`${E2E_APP_URL}/api/rollouts/${rollout.id}/abort`);
    }
  }
}

/** The map with these boxes and services open and, when given, a resource selected (the view moves to it). */
export function mapUrl(expand: string[], selected?: string): string {
  const params = new URLSearchParams();
  for (const id of expand) params.append("expand", id);
  if (selected) params.set("selected", selected);
  return `/?${params.toString()}`;
}

/** Puts the demo back as written with nothing rolling out: what the other specs expect as the latest estate. */
export async function abortAndReset(playwright: PlaywrightWorkerArgs["playwright"]): Promise<void> {
  await withRequest(playwright, async (request) => {
    await abortActive(request);
    await resetAndCrawl(request);
  });
}
