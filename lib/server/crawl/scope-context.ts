import "server-only";
import type {
  CompletedListing,
  CrawlErrorRecord,
  CrawledRelation,
  CrawledResource,
  RelationKind,
  ResourceKind,
} from "@/lib/domain/snapshot";
import { relationId } from "@/lib/domain/snapshot";

export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

interface AwsErrorLike {
  name?: string;
  message?: string;
  $metadata?: { attempts?: number; httpStatusCode?: number; requestId?: string };
}

function awsAttempts(value: unknown): number {
  const attempts = (value as AwsErrorLike | undefined)?.$metadata?.attempts;
  return typeof attempts === "number" && attempts > 0 ? attempts : 1;
}

/**
 * Collects what one account × region crawl sees. Every AWS call goes through `call`/`list`, which bound
 * concurrency, count calls (retries included) and turn failures into recorded errors instead of exceptions.
 */
export class ScopeContext {
  readonly resources = new Map<string, CrawledResource>();
  readonly relations = new Map<string, CrawledRelation>();
  readonly complete: CompletedListing[] = [];
  readonly errors: CrawlErrorRecord[] = [];
  calls = 0;

  constructor(
    readonly accountId: string,
    readonly region: string,
    private readonly limit: Limit,
  ) {}

  async call<T>(
    operation: string,
    resource: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      const result = await this.limit(fn);
      this.calls += awsAttempts(result);
      return result;
    } catch (error) {
      this.calls += awsAttempts(error);
      this.fail(operation, resource, error);
      return undefined;
    }
  }

  /** Follows nextToken to the end; undefined when any page failed (the listing is then incomplete). */
  async list<T>(
    operation: string,
    resource: string | undefined,
    page: (
      nextToken: string | undefined,
    ) => Promise<{ items: T[] | undefined; nextToken: string | undefined }>,
  ): Promise<T[] | undefined> {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const result = await this.call(operation, resource, () => page(token));
      if (!result) return undefined;
      out.push(...(result.items ?? []));
      token = result.nextToken || undefined;
    } while (token);
    return out;
  }

  fail(operation: string, resource: string | undefined, error: unknown): void {
    const e = error as AwsErrorLike;
    this.errors.push({
      accountId: this.accountId,
      region: this.region,
      operation,
      ...(resource ? { resource } : {}),
      message: e?.message || String(error),
      ...(e?.name ? { code: e.name } : {}),
    });
  }

  addResource(resource: CrawledResource): void {
    this.resources.set(resource.id, resource);
  }

  addRelation(
    kind: RelationKind,
    source: string,
    target: string,
    accountId: string,
    data?: Record<string, unknown>,
  ): void {
    const id = relationId(kind, source, target);
    this.relations.set(id, {
      id,
      kind,
      source,
      target,
      accountId,
      region: this.region,
      ...(data ? { data } : {}),
    });
  }

  completed(kind: ResourceKind | RelationKind, parentId?: string): void {
    this.complete.push(parentId ? { kind, parentId } : { kind });
  }
}
