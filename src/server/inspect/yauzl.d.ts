// The subset of yauzl 3.x that zip-reader.ts uses (yauzl ships no types; @types/yauzl describes 2.x).
declare module "yauzl" {
  import type { Readable } from "node:stream";

  export interface Options {
    lazyEntries?: boolean;
    autoClose?: boolean;
    decodeStrings?: boolean;
    validateEntrySizes?: boolean;
    strictFileNames?: boolean;
  }

  export class Entry {
    fileName: string;
    compressedSize: number;
    uncompressedSize: number;
    compressionMethod: number;
    generalPurposeBitFlag: number;
    relativeOffsetOfLocalHeader: number;
    fileNameLength: number;
    isEncrypted(): boolean;
    canDecodeFileData(): boolean;
  }

  export class ZipFile {
    readonly entryCount: number;
    readonly isOpen: boolean;
    eachEntry(): AsyncIterableIterator<Entry>;
    openReadStreamPromise(entry: Entry): Promise<Readable>;
    close(): void;
    on(event: "close" | "error", listener: (...args: unknown[]) => void): this;
  }

  export class RandomAccessReader {
    read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null, bytesRead?: number) => void): void;
    _readStreamForRange(start: number, end: number): Readable;
    close(callback: (error: Error | null) => void): void;
  }

  export function openPromise(path: string, options?: Options): Promise<ZipFile>;
  export function fromRandomAccessReaderPromise(reader: RandomAccessReader, totalSize: number, options?: Options): Promise<ZipFile>;
}
