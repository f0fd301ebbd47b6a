import "server-only";
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP proxy in front of the test PostgreSQL that a test can stop (connections refused, open ones cut, as when
 * the server is stopped), stall (connections accepted, nothing forwarded, as when the server hangs) and start
 * again: the database failing under a running Trellis, without touching the server other suites share.
 */
export class PostgresProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private stalled = false;
  port = 0;

  constructor(
    private readonly upstreamPort = 5432,
    private readonly upstreamHost = "127.0.0.1",
  ) {}

  /** `url` with host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const proxied = new URL(url);
    proxied.hostname = "127.0.0.1";
    proxied.port = String(this.port);
    return proxied.toString();
  }

  async start(): Promise<void> {
    this.stalled = false;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Refuses new connections and cuts the open ones. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.cutAll();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Accepts connections but forwards nothing either way until `resume`. */
  stall(): void {
    this.stalled = true;
  }

  /** Ends a stall: the stalled connections are cut (their protocol state is lost), new ones pass. */
  resume(): void {
    this.stalled = false;
    this.cutAll();
  }

  private cutAll() {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }

  private accept(client: Socket) {
    const upstream = connect(this.upstreamPort, this.upstreamHost);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const forward = (from: Socket, to: Socket) =>
      from.on("data", (chunk) => {
        if (!this.stalled) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  }
}
