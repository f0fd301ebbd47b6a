import "server-only";
import { hash } from "node:crypto";
import { canonicalJson } from "@/lib/domain/topology/history";
import type { CrawledRelation, CrawledResource } from "@/lib/domain/topology/snapshot";

function sha256(text: string): string {
  return hash("sha256", text, "hex");
}

/** What makes a new resource version: everything recorded except `raw`, which keeps volatile payload detail. */
export function resourceHash(resource: CrawledResource): string {
  return sha256(
    canonicalJson([
      resource.kind,
      resource.accountId,
      resource.region,
      resource.name,
      resource.parentId ?? null,
      resource.data,
    ]),
  );
}

export function relationHash(relation: CrawledRelation): string {
  return sha256(
    canonicalJson([
      relation.kind,
      relation.source,
      relation.target,
      relation.accountId,
      relation.region,
      relation.data ?? {},
    ]),
  );
}
