import "server-only";
import type {
  CompletedListing,
  CrawlErrorRecord,
  CrawledRelation,
  CrawledResource,
  RelationKind,
  ResourceKind,
} from "@/lib/domain/topology/snapshot";
import { relationId } from "@/lib/domain/topology/snapshot";
import type { CrawledIncompletePart, FailedRead, IncompletePart } from "@/lib/domain/topology/incomplete";
import { readableAwsError } from "../aws/readable-error";

/** Runs one AWS call within the crawl's limits; `operation` picks the API's documented rate, if any. */
export type Limit = <T>(fn: () => Promise<T>, operation?: string) => Promise<T>;

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

/** An SDK list response as one page of a listing. */
export function pageOf<T>(out: {
  items?: T[] | undefined;
  nextToken?: string | undefined;
  $metadata: Page<T>["$metadata"];
}): Page<T> {
  return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
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
  readonly unplacedDefaultActions: { listenerArn: string; action: Record<string, unknown> }[] = [];
  calls = 0;
  private readonly failures = new Map<string, FailedRead>();
  private readonly marks = new Map<string, CrawledIncompletePart[]>();

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
      const result = await this.limit(fn, operation);
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
      const result = await this.limit(fn, operation);
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
    const read = readableAwsError(error, operation);
    this.failures.set(`${operation}|${resource ?? ""}`, read);
    this.errors.push({
      accountId: this.accountId,
      region: this.region,
      operation,
      ...(resource ? { resource } : {}),
      message: read.message,
      ...(read.code ? { code: read.code } : {}),
    });
  }

  /** Records an error that is no AWS failure: an answer the crawler could not use (e.g. an item it cannot place). */
  problem(
    operation: string,
    resource: string | undefined,
    message: string,
    code = "IncompleteAnswer",
  ): FailedRead {
    const read = { operation, message, code };
    this.failures.set(`${operation}|${resource ?? ""}`, read);
    this.errors.push({
      accountId: this.accountId,
      region: this.region,
      operation,
      ...(resource ? { resource } : {}),
      message,
      code,
    });
    return read;
  }

  /**
   * The part a failed call left unknown, with the call's recorded error. Only for calls that failed: `call`,
   * `optional` or `list` returned undefined.
   */
  unread(
    part: IncompletePart,
    operation: string,
    resource: string | undefined,
    fill: { keys?: readonly string[]; fromListing?: readonly string[] } = {},
  ): CrawledIncompletePart {
    const read = this.failures.get(`${operation}|${resource ?? ""}`) ?? {
      operation,
      message: `${operation} failed`,
    };
    return {
      part,
      ...read,
      ...(fill.keys ? { keys: fill.keys } : {}),
      ...(fill.fromListing ? { fromListing: fill.fromListing } : {}),
    };
  }

  addResource(resource: CrawledResource): void {
    this.resources.set(resource.id, resource);
  }

  /** Relations are recorded by the scope that crawls them, under the scope's account. */
  addRelation(
    kind: RelationKind,
    source: string,
    target: string,
    data?: Record<string, unknown>,
    incomplete?: CrawledIncompletePart[],
  ): void {
    const id = relationId(kind, source, target);
    this.relations.set(id, {
      id,
      kind,
      source,
      target,
      accountId: this.accountId,
      region: this.region,
      ...(data ? { data } : {}),
      ...(incomplete && incomplete.length > 0 ? { incomplete } : {}),
    });
  }

  /** Marks a scope-wide listing that failed (ListTargetGroups …) on the scope's account resource. */
  listingFailed(part: IncompletePart, operation: string, resource?: string): void {
    this.markIncomplete(`account:${this.accountId}`, this.unread(part, operation, resource, { keys: [] }));
  }

  /**
   * Adds an unknown part to a subject: a resource of this scope, or one recorded elsewhere (a service network
   * shared in from an account this run does not crawl, whose associations this scope lists).
   */
  markIncomplete(subjectId: string, part: CrawledIncompletePart): void {
    this.marks.set(subjectId, [...(this.marks.get(subjectId) ?? []), part]);
  }

  /** Attaches the marks to this scope's resources; returns those on subjects it does not record. */
  settleMarks(): { subjectId: string; parts: CrawledIncompletePart[] }[] {
    const elsewhere: { subjectId: string; parts: CrawledIncompletePart[] }[] = [];
    for (const [subjectId, parts] of this.marks) {
      const resource = this.resources.get(subjectId);
      if (resource) resource.incomplete = [...(resource.incomplete ?? []), ...parts];
      else elsewhere.push({ subjectId, parts });
    }
    this.marks.clear();
    return elsewhere;
  }

  completed(kind: ResourceKind | RelationKind, parentId?: string): void {
    this.complete.push(parentId ? { kind, parentId } : { kind });
  }
}
