// What a soak run reports, from its samples alone: least-squares slopes, the one-paragraph summary
// and the chart. `tsx bench/soak.ts --plot <json>` redraws a saved run with these.
import type { Chart } from "./plot";
import { type IntervalTally, KINDS, type Kind, type KindTotals } from "./soak-traffic";

export interface Sample {
  /** Seconds since the traffic started. */
  t: number;
  rssMB: number;
  listenerRssMB: number;
  fds: number;
  listenerFds: number;
  processes: number;
  dbMB: number;
  walMB: number;
  /** Since the previous sample; absent in the idle ones (before and after the traffic). */
  traffic?: Record<Kind, IntervalTally>;
}

export interface Slope {
  secondHalf: number | null;
  whole: number | null;
}

export interface SoakResult {
  startedAt: string;
  minutes: number;
  sampleSeconds: number;
  durationSeconds: number;
  interrupted: boolean;
  failure: string | null;
  server: { pid: number; command: string; nodeOptions: string | null; processes: number; tree: { pid: number; command: string }[] };
  releasesPublished: number;
  totals: Record<Kind, KindTotals>;
  requests: number;
  errors: number;
  unexpected: number;
  examples: string[];
  rssMB: { idleBefore: number; firstLoaded: number | null; end: number; peak: number; idleAfter: number[] };
  fds: { idleBefore: number; end: number; peak: number; idleAfter: number[] };
  slopes: { rssMBPerHour: Slope; fdsPerHour: Slope; listenerRssMBPerHour: Slope };
  samples: Sample[];
  idleSamples: Sample[];
}

const round1 = (value: number | null) => (value === null || !Number.isFinite(value) ? null : Number(value.toFixed(1)));

/** Least-squares line through the points: slope (per unit of x) and the mean point it passes through. */
function leastSquares(points: [number, number][]): { slope: number; mx: number; my: number } | null {
  if (points.length < 3) return null;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxx > 0 ? { slope: sxy / sxx, mx, my } : null;
}

const hourly = (samples: Sample[], from: number, pick: (s: Sample) => number) => leastSquares(samples.filter((s) => s.t >= from).map((s) => [s.t / 3600, pick(s)]));

/** Per hour, over the second half of the run (after warm-up) and over all of it. */
export function slopesOf(samples: Sample[]): SoakResult["slopes"] {
  const half = (samples[samples.length - 1]?.t ?? 0) / 2;
  const both = (pick: (s: Sample) => number): Slope => ({ secondHalf: round1(hourly(samples, half, pick)?.slope ?? null), whole: round1(hourly(samples, 0, pick)?.slope ?? null) });
  return { rssMBPerHour: both((s) => s.rssMB), fdsPerHour: both((s) => s.fds), listenerRssMBPerHour: both((s) => s.listenerRssMB) };
}

const signed = (v: number | null, unit: string) => (v === null ? "n/a" : `${v >= 0 ? "+" : ""}${v} ${unit}`);

export function summaryOf(r: SoakResult, files: { json: string; png: string }): string {
  const statuses = (k: Kind) =>
    Object.entries(r.totals[k].statuses ?? {})
      .map(([status, n]) => `${status}×${n}`)
      .join(" ");
  const perKind = KINDS.map((k) => `${k} ${r.totals[k].requests} [${statuses(k)}]`).join(", ");
  const s = r.slopes;
  return [
    `Soak: ${(r.durationSeconds / 60).toFixed(1)} min against one server (pid ${r.server.pid}${r.server.nodeOptions ? `, NODE_OPTIONS=${r.server.nodeOptions}` : ""}, ${r.server.processes} process${r.server.processes > 1 ? "es" : ""} in its tree), ${r.requests} requests (${perKind}), ${r.releasesPublished} releases published;`,
    `${r.errors} errors (5xx or network) and ${r.unexpected} other unexpected statuses.`,
    `RSS of the tree ${r.rssMB.idleBefore} MB idle before, ${r.rssMB.firstLoaded ?? "n/a"} MB at the first loaded sample, ${r.rssMB.end} MB at the end (peak ${r.rssMB.peak} MB; ${r.rssMB.idleAfter.join(" / ") || "n/a"} MB idle after);`,
    `open fds ${r.fds.idleBefore} → ${r.fds.end} (peak ${r.fds.peak}).`,
    `Slopes: RSS ${signed(s.rssMBPerHour.secondHalf, "MB/h")} over the second half, ${signed(s.rssMBPerHour.whole, "MB/h")} over the whole run;`,
    `fds ${signed(s.fdsPerHour.secondHalf, "/h")} and ${signed(s.fdsPerHour.whole, "/h")}.`,
    `Samples: ${files.json}; plot: ${files.png}.`,
  ].join(" ");
}

export function chartOf(r: SoakResult): Chart {
  const { samples, slopes } = r;
  const duration = samples[samples.length - 1]?.t ?? 0;
  const loaded = samples.filter((s) => s.traffic);
  const minutes = (s: Sample) => s.t / 60;
  // The fitted line drawn across the samples it was fitted to.
  const line = (from: number, pick: (s: Sample) => number): [number, number][] => {
    const part = samples.filter((s) => s.t >= from);
    const f = hourly(samples, from, pick);
    if (!f) return [];
    return [part[0] as Sample, part[part.length - 1] as Sample].map((s) => [minutes(s), f.my + f.slope * (s.t / 3600 - f.mx)]);
  };
  const perSecond = (s: Sample, key: "requests" | "errors") => KINDS.reduce((n, k) => n + (s.traffic?.[k][key] ?? 0), 0) / r.sampleSeconds;
  return {
    title: `Shipyard soak, ${(duration / 60).toFixed(1)} min of mixed traffic: RSS ${signed(slopes.rssMBPerHour.secondHalf, "MB/h")}, fds ${signed(slopes.fdsPerHour.secondHalf, "/h")} (second half)`,
    subtitle: `Whole run: RSS ${signed(slopes.rssMBPerHour.whole, "MB/h")}, fds ${signed(slopes.fdsPerHour.whole, "/h")} · ${r.requests} requests, ${r.errors} errors (5xx or network), ${r.unexpected} other unexpected · ${r.releasesPublished} releases${r.server.nodeOptions ? ` · server ${r.server.nodeOptions}` : ""} · ${r.startedAt.slice(0, 16)}Z`,
    xLabel: "minutes since the traffic started",
    shade: { from: 0, to: duration / 120, label: "first half: warm-up, left out of the second-half fit" },
    panels: [
      {
        title: "Resident memory (VmRSS) of the server's process tree",
        unit: "RSS (MB)",
        series: [
          { label: "RSS, process tree", color: "#1f6fd1", points: samples.map((s) => [minutes(s), s.rssMB]) },
          ...(samples.some((s) => s.processes > 1) ? [{ label: "RSS, listener only", color: "#8fb8ea", points: samples.map((s): [number, number] => [minutes(s), s.listenerRssMB]) }] : []),
          { label: `fit, 2nd half: ${signed(slopes.rssMBPerHour.secondHalf, "MB/h")}`, color: "#d9480f", dashed: true, points: line(duration / 2, (s) => s.rssMB) },
          { label: `fit, whole: ${signed(slopes.rssMBPerHour.whole, "MB/h")}`, color: "#888888", dashed: true, points: line(0, (s) => s.rssMB) },
        ],
      },
      {
        title: "Open file descriptors of the server's process tree",
        unit: "open fds",
        series: [
          { label: "open fds", color: "#2b8a3e", points: samples.map((s) => [minutes(s), s.fds]) },
          { label: `fit, 2nd half: ${signed(slopes.fdsPerHour.secondHalf, "/h")}`, color: "#d9480f", dashed: true, points: line(duration / 2, (s) => s.fds) },
          { label: `fit, whole: ${signed(slopes.fdsPerHour.whole, "/h")}`, color: "#888888", dashed: true, points: line(0, (s) => s.fds) },
        ],
      },
      {
        title: "Traffic between samples",
        unit: "requests / s",
        series: [
          { label: "requests/s", color: "#5f3dc4", points: loaded.map((s) => [minutes(s), perSecond(s, "requests")]) },
          { label: "errors/s (5xx, network)", color: "#e03131", points: loaded.map((s) => [minutes(s), perSecond(s, "errors")]) },
        ],
      },
    ],
  };
}
