import type { RestRoute } from "../core/rest-json";

export const resourceRoutes: RestRoute[] = [];
