import "server-only";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition (what /metrics answers) into samples; HELP and TYPE lines are skipped. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`Not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    }
    const raw = match[3]!;
    samples.push({
      name: match[1]!,
      labels,
      value: raw === "+Inf" ? Infinity : raw === "-Inf" ? -Infinity : Number(raw),
    });
  }
  return samples;
}

/** Sums the samples of `name` by the value `key` makes of their labels; zero samples are left out. */
export function sumBy(samples: Sample[], name: string, key: (labels: Record<string, string>) => string) {
  const sums: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name !== name || sample.value === 0) continue;
    const k = key(sample.labels);
    sums[k] = (sums[k] ?? 0) + sample.value;
  }
  return sums;
}
