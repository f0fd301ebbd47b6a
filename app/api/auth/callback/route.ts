import { completeSignIn } from "@/lib/server/auth/sign-in";
import { publicApiRoute, redirectResponse } from "../../_lib/http";

export const GET = publicApiRoute(async (request) => {
  return redirectResponse(await completeSignIn(request.nextUrl.search, request.headers.get("cookie")));
});
