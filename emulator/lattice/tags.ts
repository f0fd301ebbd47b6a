import type { RestRoute } from "../core/rest-json";

export const tagRoutes: RestRoute[] = [];
