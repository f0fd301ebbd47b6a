import type { RestRoute } from "../core/rest-json";

export const ruleRoutes: RestRoute[] = [];
