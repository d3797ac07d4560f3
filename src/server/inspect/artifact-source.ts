import type { S3ObjectLocation } from "../storage/types";

/**
 * Where an artifact to inspect lies, as plain data a worker thread receives: a local file, or an
 * object in a bucket that the worker reads by ranges with its own client (never copied whole).
 */
export type ArtifactLocation = { path: string } | S3ObjectLocation;

/**
 * Random-access reads of an artifact, whatever holds it. Inspectors read headers, directories and
 * single members through read(); only stream() over the whole artifact (feed digests) reads it all.
 */
export interface ArtifactSource {
  readonly size: number;
  /** Exactly `length` bytes at `offset`, or an InspectError if the artifact ends first. */
  read(offset: number, length: number, what?: string): Promise<Buffer>;
  /** Up to `length` bytes at `offset` (fewer near the end). */
  readUpTo(offset: number, length: number): Promise<Buffer>;
  /** Bytes [start, end) in order, chunk by chunk, with memory bounded whatever the span. */
  stream(start: number, end: number): AsyncIterable<Buffer>;
  /**
   * The first failure to fetch bytes from a remote store, if any. Inspectors turn errors into
   * "invalid" verdicts or warnings; a verdict reached while the store failed says nothing about
   * the artifact, so inspection rejects instead (and a later attempt inspects it again).
   */
  readonly failure: Error | undefined;
  close(): Promise<void>;
}

/** Reads beyond these bounds are the artifact's fault (truncated or forged offsets), said as such. */
export function rangeProblem(offset: number, length: number, size: number, what: string): string | undefined {
  const fits = Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0 && offset + length <= size;
  return fits ? undefined : `truncated file: ${what} at ${offset}+${length} lies beyond the end (${size} bytes)`;
}
