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

export interface Page<T> {
  items: T[] | undefined;
  nextToken: string | undefined;
  /** The SDK's response metadata, for counting attempts. */
  $metadata: { attempts?: number };
}

/**
 * Collects what one account × region crawl sees. Every AWS call goes through `call`, `optional` or `list`, which
 * bound concurrency, count calls (retries included) and turn failures into recorded errors instead of exceptions.
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

  /** The call's result, or undefined after recording why it failed. */
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

  /** Like `call`, for a read whose "not found" means "not set" (auth and resource policies): null then. */
  async optional<T>(
    operation: string,
    resource: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T | null | undefined> {
    try {
      const result = await this.limit(fn);
      this.calls += awsAttempts(result);
      return result;
    } catch (error) {
      this.calls += awsAttempts(error);
      if ((error as AwsErrorLike).name === "ResourceNotFoundException") return null;
      this.fail(operation, resource, error);
      return undefined;
    }
  }

  /** Follows nextToken to the end; undefined when any page failed (the listing is then incomplete). */
  async list<T>(
    operation: string,
    resource: string | undefined,
    page: (nextToken: string | undefined) => Promise<Page<T>>,
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
    const e = error as AwsErrorLike | undefined;
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

  /** Relations are recorded by the scope that crawls them, under the scope's account. */
  addRelation(kind: RelationKind, source: string, target: string, data?: Record<string, unknown>): void {
    const id = relationId(kind, source, target);
    this.relations.set(id, {
      id,
      kind,
      source,
      target,
      accountId: this.accountId,
      region: this.region,
      ...(data ? { data } : {}),
    });
  }

  completed(kind: ResourceKind | RelationKind, parentId?: string): void {
    this.complete.push(parentId ? { kind, parentId } : { kind });
  }
}
