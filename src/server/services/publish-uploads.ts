import { type Actor, actorRef } from "@/domain/actor";
import type { App } from "@/domain/app";
import type { ArtifactInput } from "@/domain/artifact";
import { judgeArtifact, type InspectionFacts } from "@/domain/artifact-validation";
import { DomainError } from "@/domain/errors";
import { feedDigestsFor } from "@/domain/feeds/digests";
import { metadataOf } from "@/domain/metadata-reader";
import type { Platform } from "@/domain/platform";
import { type PublishFromUploadsInput, publishFromUploadsInputSchema, type UploadSession } from "@/domain/upload";
import { publishReleaseInputSchema } from "@/domain/release";
import type { Channel } from "@/domain/channel";
import { formatRelease } from "@/domain/release-label";
import { parseOrThrow } from "@/domain/validate";
import type { Store } from "../store/types";
import { getAppBySlugOrThrow, getAppOrThrow } from "./apps";
import { recordAudit } from "./audit";
import { getChannelByNameOrThrow } from "./channels";
import { insertRelease, type PublishResult } from "./releases";

/**
 * Reads what is inside an uploaded file (runs inspection, or joins one already running) and
 * stores the result on the upload session, where the publish form and a later publish find it.
 */
export interface ArtifactInspector {
  inspect(session: UploadSession): Promise<InspectionFacts>;
}

/** The session's stored inspection, or a fresh one (which the inspector stores: not stored again here). */
async function factsFor(inspector: ArtifactInspector, session: UploadSession & { platform: Platform }): Promise<InspectionFacts> {
  const stored = session.inspection as unknown as InspectionFacts | null;
  // A result stored before feed digests were part of inspection is read again, digests included.
  if (stored && feedDigestsFor(session.platform).every((algorithm) => stored.digests?.[algorithm])) return stored;
  return inspector.inspect(session);
}

/** Which app a publish is for: the REST API names it by slug, the console by id. */
export type AppKey = { id: string } | { slug: string };

type PublishableSession = UploadSession & { platform: Platform };

/**
 * Everything a publish reads before inspecting its files, on one snapshot (one transaction): the
 * app, the channel, whether the version exists, and each upload, checked to be publishable.
 */
function readPublishTargets(store: Store, appKey: AppKey, input: ParsedInput): Promise<{ app: App; channel: Channel; sessions: PublishableSession[] }> {
  return store.readTransaction(async (tx) => {
    const app = "slug" in appKey ? await getAppBySlugOrThrow(tx, appKey.slug) : await getAppOrThrow(tx, appKey.id);
    const channel = await getChannelByNameOrThrow(tx, app.id, input.channel);
    // Said before inspecting the files, which can take a while; the insert below still decides races.
    if (await tx.releases.getByVersion(app.id, input.version, input.build)) {
      throw new DomainError("CONFLICT", `version ${formatRelease(input)} already exists in app ${app.slug}`);
    }
    if (new Set(input.uploads).size !== input.uploads.length) throw new DomainError("INVALID", "Invalid release: the same upload is listed twice");
    const stray = [...Object.keys(input.attributes), ...input.allowInvalid].filter((id) => !input.uploads.includes(id));
    if (stray.length > 0) throw new DomainError("INVALID", `Invalid release: attributes or allowInvalid name uploads that are not in the release: ${stray.join(", ")}`);

    const sessions: PublishableSession[] = [];
    for (const id of input.uploads) {
      const session = await tx.uploads.getById(id);
      if (!session || session.appId !== app.id) throw DomainError.notFound("upload", id);
      if (session.state !== "complete") throw new DomainError("CONFLICT", `upload ${id} is ${session.state}, not complete`);
      if (session.releaseId) throw new DomainError("CONFLICT", `upload ${id} is already part of release ${session.releaseId}`);
      if (!session.platform) {
        throw new DomainError("INVALID", `Invalid release: cannot tell the platform of ${session.filename}; give it when opening the upload`);
      }
      sessions.push({ ...session, platform: session.platform });
    }
    return { app, channel, sessions };
  });
}

type ParsedInput = ReturnType<typeof publishFromUploadsInputSchema.parse>;

/**
 * A release with a file that failed validation is refused as a whole, naming every such file and
 * its reasons, unless each was allowed explicitly (INTEGRITY: 422).
 */
function refuseInvalidFiles(judged: { session: UploadSession; reasons: string[] }[], allowed: readonly string[]): void {
  const refused = judged.filter((j) => j.reasons.length > 0 && !allowed.includes(j.session.id));
  if (refused.length === 0) return;
  const files = refused.map((j) => ({ upload: j.session.id, filename: j.session.filename, reasons: j.reasons }));
  const list = files.map((f) => `${f.filename}: ${f.reasons.join("; ")}`).join(" | ");
  throw new DomainError(
    "INTEGRITY",
    `Cannot publish: ${files.length === 1 ? "a file" : `${files.length} files`} failed validation (${list}). Fix the build, or an admin can publish it anyway by listing its upload id in allowInvalid.`,
    { files },
  );
}

/**
 * POST /api/v1/apps/{app}/releases: a release from completed uploads. Each file is inspected
 * (outside the transaction: it reads the blob) and judged against the app and release; then the
 * release, its artifacts and the uploads' consumption commit together, so an upload is used once.
 * Returns the app with the result, for the links the caller builds.
 */
export async function publishFromUploads(
  deps: { store: Store; inspector: ArtifactInspector },
  actor: Actor,
  appKey: AppKey,
  raw: PublishFromUploadsInput,
  now = new Date(),
): Promise<PublishResult & { app: App }> {
  const input = parseOrThrow(publishFromUploadsInputSchema, raw, "release");
  const { app, channel, sessions } = await readPublishTargets(deps.store, appKey, input);

  const judged: { session: UploadSession & { platform: Platform }; artifact: ArtifactInput; reasons: string[] }[] = [];
  for (const session of sessions) {
    const facts = await factsFor(deps.inspector, session);
    const { platform } = session;
    const verdict = judgeArtifact(facts, { app, platform, version: input.version, build: input.build, policy: channel.policy, now });
    const overridden = verdict.status === "invalid" && input.allowInvalid.includes(session.id);
    judged.push({
      session,
      reasons: verdict.status !== "invalid" ? [] : verdict.reasons.length > 0 ? verdict.reasons : ["failed inspection"],
      artifact: {
        platform,
        filename: session.filename,
        sizeBytes: session.sizeBytes,
        sha256: session.sha256,
        // An admin's explicit override clears the file for installing; the reasons stay on it.
        validationStatus: overridden ? "valid" : verdict.status,
        metadata: {
          ...facts.metadata,
          kind: facts.kind,
          ...(facts.digests && { digests: facts.digests }),
          ...(input.attributes[session.id] && { ci: input.attributes[session.id] }),
          ...(verdict.reasons.length > 0 && { validationReasons: verdict.reasons }),
          ...(verdict.warnings.length > 0 && { validationWarnings: verdict.warnings }),
          ...(overridden && { validationOverride: { by: actorRef(actor), at: now.toISOString(), reasons: verdict.reasons } }),
        },
      },
    });
  }
  refuseInvalidFiles(judged, input.allowInvalid);
  const artifacts = judged.map((j) => j.artifact);

  const release = parseOrThrow(publishReleaseInputSchema, { version: input.version, build: input.build, channel: input.channel, notes: input.notes, artifacts, promote: input.promote }, "release");
  const result = await deps.store.transaction(async (tx) => {
    // What decides races stays in here: the release insert fails on its unique version, and each
    // upload is claimed by one conditional write (another publish may have used it since the
    // snapshot). The app and channel are not read again: an app's id and slug never change, a
    // channel is never deleted apart from its app (an app deleted since the snapshot fails the
    // insert on its reference, INTEGRITY, and takes its uploads with it), and the files were
    // judged against the snapshot's policy, as they always were (outside this transaction).
    // Promoting needs the channel's current pointers, so only then is it read here.
    const target = { app, channel: release.promote ? await getChannelByNameOrThrow(tx, app.id, channel.name) : channel };
    const result = await insertRelease(tx, actor, target, release);
    for (const session of sessions) {
      if (await tx.uploads.claimForRelease(session.id, result.release.id)) continue;
      const current = await tx.uploads.getById(session.id);
      if (current?.releaseId) throw new DomainError("CONFLICT", `upload ${session.id} is already part of release ${current.releaseId}`);
      throw new DomainError("CONFLICT", `upload ${session.id} is ${current?.state ?? "gone"}, not complete`);
    }
    for (const artifact of result.artifacts) {
      const override = metadataOf(artifact).validationOverride;
      if (!override) continue;
      await recordAudit(
        tx,
        actor,
        "artifact.allow_invalid",
        { type: "artifact", id: artifact.id },
        {
          appId: app.id,
          releaseId: result.release.id,
          filename: artifact.filename,
          reasons: override.reasons ?? [],
        },
      );
    }
    return result;
  });
  return { ...result, app };
}
