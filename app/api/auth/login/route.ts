import { beginSignIn } from "@/lib/server/auth/sign-in";
import { publicApiRoute, redirectResponse } from "../../_lib/http";

export const GET = publicApiRoute(async (request) => {
  return redirectResponse(await beginSignIn(request.nextUrl.searchParams.get("returnTo")));
});
