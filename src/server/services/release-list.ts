// The console's releases list: one page of an app's releases with what each row shows beside it.
import type { Artifact, ValidationStatus } from "@/domain/artifact";
import { emptyFunnel, type InstallFunnel } from "@/domain/install-event";
import type { Page, PageInput } from "@/domain/pagination";
import { type Platform, PLATFORMS } from "@/domain/platform";
import type { Release } from "@/domain/release";
import type { ReleaseListFilter } from "@/domain/release-filter";
import type { Store } from "../store/types";
import { listReleases } from "./releases";

export interface ReleaseSummary {
  release: Release;
  platforms: Platform[];
  /** invalid if any file is, else pending if any file is, else valid. */
  validation: ValidationStatus;
  /** Channels whose current release it is. */
  currentOn: string[];
  funnel: InstallFunnel;
}

/** The release's state as one word: the worst of its files'. */
export function releaseValidation(artifacts: readonly Pick<Artifact, "validationStatus">[]): ValidationStatus {
  if (artifacts.some((a) => a.validationStatus === "invalid")) return "invalid";
  if (artifacts.some((a) => a.validationStatus === "pending")) return "pending";
  return "valid";
}

export async function listReleaseSummaries(store: Store, appId: string, page: PageInput, filter: ReleaseListFilter): Promise<Page<ReleaseSummary>> {
  const releases = await listReleases(store, appId, page, filter);
  const ids = releases.items.map((r) => r.id);
  // One query each for the page's artifacts, the app's channels and the page's funnels.
  const [artifacts, channels, funnels] = await Promise.all([store.artifacts.listByReleases(ids), store.channels.listByApp(appId), store.installEvents.funnelsForReleases(ids)]);
  const byRelease = new Map<string, Artifact[]>();
  for (const artifact of artifacts) byRelease.set(artifact.releaseId, [...(byRelease.get(artifact.releaseId) ?? []), artifact]);
  return {
    nextCursor: releases.nextCursor,
    items: releases.items.map((release) => {
      const files = byRelease.get(release.id) ?? [];
      const present = new Set(files.map((a) => a.platform));
      return {
        release,
        platforms: PLATFORMS.filter((p) => present.has(p)),
        validation: releaseValidation(files),
        currentOn: channels.filter((c) => c.currentReleaseId === release.id).map((c) => c.name),
        funnel: funnels.get(release.id) ?? emptyFunnel(),
      };
    }),
  };
}
