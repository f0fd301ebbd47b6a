import type { NextRequest } from "next/server";
import { invalidRequest } from "@/lib/domain/api-errors";
import { createNodePositionRepository } from "@/lib/server/db/node-positions";
import { getRuntime } from "@/lib/server/runtime";
import { clearLayout } from "@/lib/server/services/layout/clear-layout";
import { getLayout } from "@/lib/server/services/layout/get-layout";
import { saveLayout } from "@/lib/server/services/layout/save-layout";
import { apiRoute } from "../../_lib/http";

async function layoutDeps() {
  const runtime = await getRuntime();
  return { positions: createNodePositionRepository(runtime.db.prisma) };
}

async function jsonBody(request: NextRequest, optional = false): Promise<unknown> {
  const text = await request.text();
  if (optional && text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidRequest("Invalid body: not JSON");
  }
}

export const GET = apiRoute<{ key: string }>(async (_request, params) => {
  return Response.json(await getLayout(await layoutDeps(), params.key));
});

export const PUT = apiRoute<{ key: string }>(async (request, params) => {
  const body = await jsonBody(request);
  return Response.json(await saveLayout(await layoutDeps(), params.key, body));
});

export const DELETE = apiRoute<{ key: string }>(async (request, params) => {
  const body = await jsonBody(request, true);
  return Response.json(await clearLayout(await layoutDeps(), params.key, body));
});
