import { completeSignIn } from "@/lib/server/auth/sign-in";
import { apiRoute, redirectResponse } from "../../_lib/http";

export const GET = apiRoute(async (request) => {
  return redirectResponse(await completeSignIn(request.nextUrl.search, request.headers.get("cookie")));
});
