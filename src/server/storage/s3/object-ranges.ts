import type { S3Client } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import type { ByteRange, S3Connection, S3ObjectLocation } from "../types";
import { createS3Client } from "./config";
import { openObject } from "./s3-reads";

// Ranged reads of an object described by an S3ObjectLocation, for a thread that has no store (an
// inspection worker). One client per connection, kept for the thread's life, so consecutive
// requests and jobs reuse its sockets; the thread's end closes them.

const clients = new Map<string, S3Client>();
/** A process has one bucket configuration; a few allow tests with several servers in one thread. */
const MAX_CLIENTS = 4;

function clientFor(connection: S3Connection): S3Client {
  const id = JSON.stringify([connection.endpoint, connection.region, connection.forcePathStyle, connection.credentials?.accessKeyId, connection.credentials?.secretAccessKey]);
  let client = clients.get(id);
  if (!client) {
    client = createS3Client(connection);
    clients.set(id, client);
    for (const [oldId, old] of clients) {
      if (clients.size <= MAX_CLIENTS) break;
      old.destroy();
      clients.delete(oldId);
    }
  }
  return client;
}

/**
 * Bytes start..end (inclusive) as they arrive: a ranged GET, or a plain GET when the range is the
 * whole object (a digest pass). NOT_FOUND and RANGE_NOT_SATISFIABLE as the store's open() says them.
 */
export function openObjectRange(location: S3ObjectLocation, range: ByteRange): Promise<Readable> {
  const client = clientFor(location.connection);
  const whole = range.start === 0 && range.end === location.size - 1;
  return openObject({ client, bucket: location.bucket }, location.key, whole ? undefined : range);
}
