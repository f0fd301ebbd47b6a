import { notFound } from "@/lib/domain/http/api-errors";
import { apiRoute } from "../_lib/http";

const unknownEndpoint = apiRoute(async (request) => {
  throw notFound(`No API endpoint at ${new URL(request.url).pathname}`);
});

export const GET = unknownEndpoint;
export const POST = unknownEndpoint;
export const PUT = unknownEndpoint;
export const PATCH = unknownEndpoint;
export const DELETE = unknownEndpoint;
