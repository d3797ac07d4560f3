import type { Actor } from "@/domain/actor";
import type { ArtifactInput } from "@/domain/artifact";
import { judgeArtifact, type InspectionFacts } from "@/domain/artifact-validation";
import { DomainError } from "@/domain/errors";
import { feedDigestsFor } from "@/domain/feeds/digests";
import type { Platform } from "@/domain/platform";
import { type PublishFromUploadsInput, publishFromUploadsInputSchema, type UploadSession } from "@/domain/upload";
import { parseOrThrow } from "@/domain/validate";
import type { Store } from "../store/types";
import { getAppOrThrow } from "./apps";
import { getChannelByNameOrThrow } from "./channels";
import { type PublishResult, publishRelease } from "./releases";

/** Reads what is inside an uploaded file (runs inspection, or joins one already running). */
export interface ArtifactInspector {
  inspect(session: UploadSession): Promise<InspectionFacts>;
}

async function factsFor(store: Store, inspector: ArtifactInspector, session: UploadSession & { platform: Platform }): Promise<InspectionFacts> {
  const stored = session.inspection as unknown as InspectionFacts | null;
  // A result stored before feed digests were part of inspection is read again, digests included.
  if (stored && feedDigestsFor(session.platform).every((algorithm) => stored.digests?.[algorithm])) return stored;
  const facts = await inspector.inspect(session);
  await store.uploads.update(session.id, { inspection: facts as unknown as Record<string, unknown> });
  return facts;
}

/**
 * POST /api/v1/apps/{app}/releases: a release from completed uploads. Each file is inspected
 * (outside the transaction: it reads the blob) and judged against the app and release; then the
 * release, its artifacts and the uploads' consumption commit together, so an upload is used once.
 */
export async function publishFromUploads(
  deps: { store: Store; inspector: ArtifactInspector },
  actor: Actor,
  appId: string,
  raw: PublishFromUploadsInput,
  now = new Date(),
): Promise<PublishResult> {
  const input = parseOrThrow(publishFromUploadsInputSchema, raw, "release");
  const app = await getAppOrThrow(deps.store, appId);
  const channel = await getChannelByNameOrThrow(deps.store, app.id, input.channel);
  if (new Set(input.uploads).size !== input.uploads.length) throw new DomainError("INVALID", "Invalid release: the same upload is listed twice");
  const stray = Object.keys(input.attributes).filter((id) => !input.uploads.includes(id));
  if (stray.length > 0) throw new DomainError("INVALID", `Invalid release: attributes name uploads that are not in the release: ${stray.join(", ")}`);

  const sessions: (UploadSession & { platform: Platform })[] = [];
  for (const id of input.uploads) {
    const session = await deps.store.uploads.getById(id);
    if (!session || session.appId !== app.id) throw DomainError.notFound("upload", id);
    if (session.state !== "complete") throw new DomainError("CONFLICT", `upload ${id} is ${session.state}, not complete`);
    if (session.releaseId) throw new DomainError("CONFLICT", `upload ${id} is already part of release ${session.releaseId}`);
    if (!session.platform) {
      throw new DomainError("INVALID", `Invalid release: cannot tell the platform of ${session.filename}; give it when opening the upload`);
    }
    sessions.push({ ...session, platform: session.platform });
  }

  const artifacts: ArtifactInput[] = [];
  for (const session of sessions) {
    const facts = await factsFor(deps.store, deps.inspector, session);
    const { platform } = session;
    const verdict = judgeArtifact(facts, { app, platform, version: input.version, build: input.build, policy: channel.policy, now });
    artifacts.push({
      platform,
      filename: session.filename,
      sizeBytes: session.sizeBytes,
      sha256: session.sha256,
      validationStatus: verdict.status,
      metadata: {
        ...facts.metadata,
        kind: facts.kind,
        ...(facts.digests && { digests: facts.digests }),
        ...(input.attributes[session.id] && { ci: input.attributes[session.id] }),
        ...(verdict.reasons.length > 0 && { validationReasons: verdict.reasons }),
        ...(verdict.warnings.length > 0 && { validationWarnings: verdict.warnings }),
      },
    });
  }

  return deps.store.transaction(async (tx) => {
    for (const session of sessions) {
      const current = await tx.uploads.getById(session.id);
      if (current?.releaseId) throw new DomainError("CONFLICT", `upload ${session.id} is already part of release ${current.releaseId}`);
      if (current?.state !== "complete") throw new DomainError("CONFLICT", `upload ${session.id} is ${current?.state ?? "gone"}, not complete`);
    }
    const result = await publishRelease(tx, actor, app.id, {
      version: input.version,
      build: input.build,
      channel: input.channel,
      notes: input.notes,
      artifacts,
      promote: input.promote,
    });
    for (const session of sessions) await tx.uploads.update(session.id, { releaseId: result.release.id });
    return result;
  });
}
