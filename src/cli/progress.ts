// A one-line progress bar: bytes, speed and ETA, redrawn at most every 100 ms.

import { formatBytes, formatDuration } from "../domain/format";

export function renderProgress(label: string, done: number, total: number, bytesPerSecond: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  const eta = bytesPerSecond > 0 ? (total - done) / bytesPerSecond : Number.POSITIVE_INFINITY;
  return `${label} ${bar} ${String(Math.floor(ratio * 100)).padStart(3)}%  ${formatBytes(done)}/${formatBytes(total)}  ${formatBytes(bytesPerSecond)}/s  ETA ${formatDuration(eta)}`;
}

/** Tracks transferred bytes and draws through `draw` (throttled); `finish` draws the final line. */
export class ProgressMeter {
  private done = 0;
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly draw: (line: string, final?: boolean) => void,
    initial = 0,
  ) {
    this.done = initial;
  }

  set(done: number): void {
    this.done = done;
    const now = Date.now();
    if (now - this.lastDraw >= 100) {
      this.lastDraw = now;
      this.draw(this.line());
    }
  }

  add(bytes: number): void {
    this.set(this.done + bytes);
  }

  finish(): void {
    this.draw(this.line(), true);
  }

  private line(): string {
    const seconds = (Date.now() - this.started) / 1000;
    return renderProgress(this.label, this.done, this.total, seconds > 0 ? this.done / seconds : 0);
  }
}
