import type { Store } from "../store/types";
import type { InstallEventRecorder } from "./install-events";

export interface InstallTap {
  /** What the tapped link's grant names: its file, and the share link it was minted through. */
  artifactId: string;
  shareLinkId: string | null;
  channel: string | null;
}

/** Counts a tap on an install or download button; false when the file is gone. */
export async function recordInstallTap(deps: { store: Store; recordInstallEvent: InstallEventRecorder["record"] }, tap: InstallTap): Promise<boolean> {
  const artifact = await deps.store.artifacts.getById(tap.artifactId);
  if (!artifact) return false;
  deps.recordInstallEvent({
    appId: artifact.appId,
    kind: "install_tap",
    releaseId: artifact.releaseId,
    artifactId: artifact.id,
    channel: tap.channel,
    platform: artifact.platform,
    shareLinkId: tap.shareLinkId,
  });
  return true;
}
