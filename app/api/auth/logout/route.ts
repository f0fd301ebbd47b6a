import { signOut } from "@/lib/server/auth/sign-in";
import { publicApiRoute, redirectResponse } from "../../_lib/http";

export const POST = publicApiRoute(async () => redirectResponse(signOut()));
