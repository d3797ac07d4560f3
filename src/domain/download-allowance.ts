// What each grant of a capped share link may still send. A counted install lets the grant that
// counted it deliver its file once: the request that counted, then resumes of it after a dropped
// connection (Range requests that start past byte 0). Counting bytes, not requests, is what stops
// a Range header from turning one counted install into a second copy: `bytes=1-` after the whole
// file went out is a new install, while the rest of a download cut short is not.

const MiB = 1024 * 1024;

/**
 * Bytes a resume may repeat: what was counted as sent but never reached the client when its
 * connection dropped (the download copy keeps 4 MiB in flight, and socket buffers hold a few
 * more). At most half the file, so no grant ever yields a second whole copy from it.
 */
export function resumeSlackBytes(size: number): number {
  return Math.min(8 * MiB, Math.floor(size / 2));
}

export interface DownloadAllowanceOptions {
  /** Grants remembered at most; the oldest go first (a forgotten grant's resume counts anew). */
  maxGrants: number;
  /** How long a grant's allowance is kept after its last counted install (ms). */
  ttlMs: number;
  now?: () => number;
}

interface Allowance {
  bytes: number;
  /** One file plus its resume slack: never more, however many installs the grant counted. */
  most: number;
  expiresAt: number;
}

export class DownloadAllowances {
  private readonly grants = new Map<string, Allowance>();
  private readonly now: () => number;

  constructor(private readonly options: DownloadAllowanceOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.grants.size;
  }

  /**
   * An install counted through this grant: it may send its file (of `size` bytes) once more.
   * What it had left is not added: slack kept from earlier installs must not add up to a copy.
   */
  credit(grant: string, size: number): void {
    const most = size + resumeSlackBytes(size);
    this.grants.delete(grant); // re-inserted last: the most recently counted is forgotten last
    this.grants.set(grant, { bytes: most, most, expiresAt: this.now() + this.options.ttlMs });
    for (const key of this.grants.keys()) {
      if (this.grants.size <= this.options.maxGrants) break;
      this.grants.delete(key);
    }
  }

  /** Takes `bytes` from what this grant may still send; false, taking nothing, when it has less. */
  take(grant: string, bytes: number): boolean {
    const allowance = this.current(grant);
    if (!allowance || allowance.bytes < bytes) return false;
    allowance.bytes -= bytes;
    return true;
  }

  /** Returns bytes taken for a response that ended before sending them (the client went away). */
  giveBack(grant: string, bytes: number): void {
    const allowance = this.current(grant);
    if (allowance && bytes > 0) allowance.bytes = Math.min(allowance.most, allowance.bytes + bytes);
  }

  private current(grant: string): Allowance | null {
    const allowance = this.grants.get(grant);
    if (!allowance) return null;
    if (allowance.expiresAt > this.now()) return allowance;
    this.grants.delete(grant);
    return null;
  }
}
