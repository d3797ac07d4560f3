// Line charts as an SVG string, turned into a PNG by Debian's Chromium (playwright-core, already a
// dev dependency): no plotting package. Panels share the x axis (minutes); each may draw fitted
// lines over a range of it (a soak run's least-squares slopes).
import { launchBrowser } from "../../tests/helpers/browser";

export interface Series {
  label: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

export interface Panel {
  title: string;
  unit: string;
  series: Series[];
}

export interface Chart {
  title: string;
  subtitle: string;
  xLabel: string;
  panels: Panel[];
  /** A shaded x range (e.g. the warm-up excluded from a fit). */
  shade?: { from: number; to: number; label: string };
}

const WIDTH = 1200;
const PANEL_HEIGHT = 300;
const TOP = 90;
const GAP = 90;
const LEFT = 80;
const RIGHT = 260;

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** About five round ticks covering [min, max]. */
function ticks(min: number, max: number): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const out: number[] = [];
  // The last tick is the first at or above max, so every point lies inside the axis.
  for (let v = Math.floor(min / step) * step; ; v += step) {
    out.push(Number(v.toPrecision(12)));
    if (v >= max - step * 1e-9) return out;
  }
}

const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : String(Number(v.toPrecision(3))));

export function renderSvg(chart: Chart): string {
  const all = chart.panels.flatMap((p) => p.series.flatMap((s) => s.points.map(([x]) => x)));
  const xTicks = ticks(Math.min(0, ...all), Math.max(...all, 1));
  const [x0, x1] = [xTicks[0] as number, xTicks[xTicks.length - 1] as number];
  const plotWidth = WIDTH - LEFT - RIGHT;
  const sx = (x: number) => LEFT + ((x - x0) / (x1 - x0 || 1)) * plotWidth;
  const height = TOP + chart.panels.length * (PANEL_HEIGHT + GAP) + 20;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${LEFT}" y="32" font-size="20" font-weight="bold">${esc(chart.title)}</text>`,
    `<text x="${LEFT}" y="58" font-size="14" fill="#333">${esc(chart.subtitle)}</text>`,
  ];
  chart.panels.forEach((panel, i) => {
    const top = TOP + i * (PANEL_HEIGHT + GAP) + 20;
    const bottom = top + PANEL_HEIGHT;
    const ys = panel.series.flatMap((s) => s.points.map(([, y]) => y));
    const lo = Math.min(...ys);
    const hi = Math.max(...ys);
    const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.05 || 1;
    const yTicks = ticks(Math.max(0, lo - pad), hi + pad);
    const [y0, y1] = [yTicks[0] as number, yTicks[yTicks.length - 1] as number];
    const sy = (y: number) => bottom - ((y - y0) / (y1 - y0 || 1)) * PANEL_HEIGHT;
    parts.push(`<text x="${LEFT}" y="${top - 8}" font-size="15" font-weight="bold">${esc(panel.title)}</text>`);
    if (chart.shade) {
      const a = sx(chart.shade.from);
      const b = sx(chart.shade.to);
      parts.push(`<rect x="${a}" y="${top}" width="${b - a}" height="${PANEL_HEIGHT}" fill="#f1f1f1"/>`);
      if (i === 0) parts.push(`<text x="${(a + b) / 2}" y="${top + 16}" text-anchor="middle" fill="#777">${esc(chart.shade.label)}</text>`);
    }
    for (const t of yTicks) {
      parts.push(`<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e2e2e2"/>`);
      parts.push(`<text x="${LEFT - 8}" y="${sy(t) + 4}" text-anchor="end" fill="#444">${fmt(t)}</text>`);
    }
    for (const t of xTicks) {
      parts.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${top}" y2="${bottom}" stroke="#eeeeee"/>`);
      parts.push(`<text x="${sx(t)}" y="${bottom + 18}" text-anchor="middle" fill="#444">${fmt(t)}</text>`);
    }
    parts.push(`<rect x="${LEFT}" y="${top}" width="${plotWidth}" height="${PANEL_HEIGHT}" fill="none" stroke="#999"/>`);
    parts.push(`<clipPath id="panel${i}"><rect x="${LEFT}" y="${top}" width="${plotWidth}" height="${PANEL_HEIGHT}"/></clipPath>`);
    parts.push(`<text x="${LEFT + plotWidth / 2}" y="${bottom + 38}" text-anchor="middle" fill="#444">${esc(chart.xLabel)}</text>`);
    parts.push(`<text transform="translate(${LEFT - 52} ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#444">${esc(panel.unit)}</text>`);
    panel.series.forEach((s, j) => {
      const d = s.points.map(([x, y], k) => `${k === 0 ? "M" : "L"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(" ");
      const width = s.dashed ? 2 : 1.8;
      parts.push(`<path clip-path="url(#panel${i})" d="${d}" fill="none" stroke="${s.color}" stroke-width="${width}"${s.dashed ? ' stroke-dasharray="7 5"' : ""}/>`);
      const ly = top + 14 + j * 22;
      const lx = LEFT + plotWidth + 16;
      parts.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="7 5"' : ""}/>`);
      parts.push(`<text x="${lx + 30}" y="${ly}" fill="#222">${esc(s.label)}</text>`);
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/** Screenshots the SVG at its own size (device scale 1) and writes the PNG. */
export async function writePng(svg: string, file: string): Promise<void> {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? WIDTH);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 800);
    await page.setViewportSize({ width, height });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.locator("svg").screenshot({ path: file });
  } finally {
    await browser.close();
  }
}
