import { beginSignIn } from "@/lib/server/auth/sign-in";
import { apiRoute, redirectResponse } from "../../_lib/http";

export const GET = apiRoute(async (request) => {
  return redirectResponse(await beginSignIn(request.nextUrl.searchParams.get("returnTo")));
});
