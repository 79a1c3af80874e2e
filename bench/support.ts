import os from "node:os";

/** Benchmarks report figures; they are not tests and assert nothing. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** Median and p95 of `runs` calls after `warmup` unmeasured ones, and what the last call returned. */
export async function timeRuns(fn: () => Promise<number>, runs: number, warmup = 5) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  let items = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    items = await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95), items };
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? "unknown CPU"} x${cpus.length}, Node ${process.version}`;
}
