import { notFound } from "@/lib/domain/api-errors";
import { errorResponse } from "../_lib/http";

function unknownEndpoint(request: Request): Response {
  return errorResponse(notFound(`No API endpoint at ${new URL(request.url).pathname}`));
}

export const GET = unknownEndpoint;
export const POST = unknownEndpoint;
export const PUT = unknownEndpoint;
export const PATCH = unknownEndpoint;
export const DELETE = unknownEndpoint;
