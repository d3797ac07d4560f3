import { z } from "zod";
import { ARTIFACT_KINDS, type ArtifactKind, type InspectedKind, kindFromFilename } from "./artifact-formats";
import { FORMAT_METADATA_SCHEMAS, type FormatMetadata, unknownMetadataSchema } from "./artifact-metadata";

// The one reader of an artifact's stored metadata. Rows were written by every past version of
// Shipyard (and, through the API, by callers), so nothing is trusted: a field of the wrong type or
// shape reads as undefined, never as a throw, and a row without `kind` (written before publishing
// stored it) is read as the kind its file name says.

/** Every field optional, all the way down: what a stored row can be relied on to hold. */
export type Lenient<T> = T extends readonly (infer E)[] ? Lenient<E>[] : T extends object ? { [K in keyof T]?: Lenient<T[K]> } : T;

/** The schema with every object field made optional and caught: a bad field is dropped, its siblings kept. */
function lenient(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional) return lenient(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodNullable) return lenient(schema.unwrap() as z.ZodType).nullable();
  if (schema instanceof z.ZodArray) return z.array(lenient(schema.element as z.ZodType));
  if (schema instanceof z.ZodObject) {
    const shape = Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => [key, lenient(field).optional().catch(undefined)]);
    return z.object(Object.fromEntries(shape));
  }
  return schema;
}

function lenientReader<S extends z.ZodType>(schema: S): (value: unknown) => Lenient<z.output<S>> {
  const reader = lenient(schema).catch({});
  // lenient() only loosens: what it parses has the shape Lenient<> describes.
  return (value) => reader.parse(value) as Lenient<z.output<S>>;
}

/** What Shipyard adds to the format's facts when it publishes a file (publish-uploads.ts, inspection.ts). */
export const storedFieldsSchema = z.object({
  /** The icon inspection found, stored as a blob of its own. */
  icon: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), width: z.number().nullable(), height: z.number().nullable() }),
  /** Whole-file digests for update feeds (feeds/digests.ts). */
  digests: z.object({ sha512: z.string().optional(), sha1: z.string().optional() }),
  /** What CI declared for the file (domain/upload.ts ciAttributesSchema). */
  ci: z.object({ edSignature: z.string().optional(), minimumSystemVersion: z.string().optional(), arch: z.string().optional() }),
  validationReasons: z.array(z.string()),
  validationWarnings: z.array(z.string()),
  /** An admin published the file although it failed validation. */
  validationOverride: z.object({ by: z.string(), at: z.string(), reasons: z.array(z.string()) }),
});
export type StoredFields = Lenient<z.output<typeof storedFieldsSchema>>;

const readStored = lenientReader(storedFieldsSchema);
const readUnknown = lenientReader(unknownMetadataSchema);
const READERS: { [K in ArtifactKind]: (value: unknown) => Lenient<FormatMetadata<K>> } = Object.fromEntries(ARTIFACT_KINDS.map((kind) => [kind, lenientReader(FORMAT_METADATA_SCHEMAS[kind])])) as {
  [K in ArtifactKind]: (value: unknown) => Lenient<FormatMetadata<K>>;
};

/** Stored metadata read by kind: narrow on `kind` to reach a format's facts. */
export type ArtifactMetadataView = StoredFields &
  ({ [K in ArtifactKind]: { kind: K } & Lenient<FormatMetadata<K>> }[ArtifactKind] | ({ kind: "unknown" } & Lenient<z.output<typeof unknownMetadataSchema>>));

function kindOf(stored: unknown, filename: string | undefined): InspectedKind {
  if (typeof stored === "string" && (ARTIFACT_KINDS as readonly string[]).includes(stored)) return stored as ArtifactKind;
  if (stored === "unknown") return "unknown";
  return (filename !== undefined && kindFromFilename(filename)?.kind) || "unknown";
}

/**
 * Reads metadata of kind `kind` (as stored, or as inspection reported it); when the kind is missing
 * or not one Shipyard knows, the file name decides.
 */
export function readMetadata(kind: unknown, metadata: unknown, filename?: string): ArtifactMetadataView {
  const resolved = kindOf(kind, filename);
  const facts = resolved === "unknown" ? readUnknown(metadata) : READERS[resolved](metadata);
  // `facts` was read by the reader of `resolved`, so it is that kind's view.
  return { ...facts, ...readStored(metadata), kind: resolved } as ArtifactMetadataView;
}

/** An artifact's metadata, typed by the kind inspection stored with it (or its file name says). */
export function metadataOf(artifact: { filename: string; metadata: Record<string, unknown> }): ArtifactMetadataView {
  return readMetadata(artifact.metadata.kind, artifact.metadata, artifact.filename);
}
