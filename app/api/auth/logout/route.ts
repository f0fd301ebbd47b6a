import { signOut } from "@/lib/server/auth/sign-in";
import { apiRoute, redirectResponse } from "../../_lib/http";

export const POST = apiRoute(async () => redirectResponse(signOut()));
