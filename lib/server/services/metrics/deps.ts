import "server-only";
import type { MetricsSettings } from "@/lib/domain/config/config";
import type { TopologyEdge, TopologyNode } from "@/lib/domain/topology/topology";
import type { MetricsClient } from "../../aws/cloudwatch";
import type { MetricsStore } from "./metrics-store";

/** What the metrics services read with: CloudWatch per account × region, the map's resources, a clock. */
export interface MetricsDeps {
  settings: MetricsSettings;
  cloudwatch(accountId: string, region: string): MetricsClient | undefined;
  /** The estate at a crawl run (the newest finished one without `run`). */
  topology(run?: number): Promise<{ nodes: TopologyNode[]; edges: TopologyEdge[] }>;
  /** When a crawl run started and finished (epoch ms), for the window around it. */
  runTimes(run: number): Promise<{ startedAtMs: number; finishedAtMs?: number } | undefined>;
  now(): number;
  store: MetricsStore;
}
