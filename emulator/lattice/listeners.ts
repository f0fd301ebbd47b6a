import type { RestRoute } from "../core/rest-json";

export const listenerRoutes: RestRoute[] = [];
