// Sends a file to its upload URL with the tus client (src/client/tus-upload.ts): after any
// interruption it asks the server how much it has and sends the rest, backing off between attempts.
// The URL is the capability: no token goes there.
import { sendToUploadUrl, UploadFailedError } from "../client/tus-upload";
import { CliError, EXIT, exitCodeForStatus } from "./exit-codes";
import type { ProgressMeter } from "./progress";
import { fetchHttpStack, fileSlices } from "./tus-node";

export interface UploadTarget {
  uploadUrl: string;
  size: number;
}

export async function uploadFile(path: string, target: UploadTarget, meter: ProgressMeter, opts: { attempts?: number; baseDelayMs?: number; onRetry?: (message: string) => void } = {}): Promise<void> {
  meter.set(0);
  try {
    await sendToUploadUrl(path, {
      uploadUrl: target.uploadUrl,
      size: target.size,
      attempts: opts.attempts,
      baseDelayMs: opts.baseDelayMs ?? 500,
      fileReader: fileSlices(path, target.size),
      httpStack: fetchHttpStack,
      onProgress: (sent) => meter.set(sent),
      onRetry: ({ delayMs, reason }) => opts.onRetry?.(`upload interrupted (${reason}); resuming in ${Math.round(delayMs)} ms`),
    });
  } catch (error) {
    if (!(error instanceof UploadFailedError)) throw error;
    if (error.status === null) throw new CliError(error.message, EXIT.NETWORK);
    throw new CliError(error.message, exitCodeForStatus(error.status));
  }
}
