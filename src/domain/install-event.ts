import { z } from "zod";
import { channelNameSchema } from "./channel";
import type { Platform } from "./platform";

// The install funnel: what testers did, per release, channel, platform and share link. Recorded
// without personal data (no IP, no user agent, no device id).

export const INSTALL_EVENT_KINDS = [
  /** An install page was rendered. */
  "page_view",
  /** The install or download button was pressed. */
  "install_tap",
  /** iOS fetched the itms-services manifest: the system installer started. */
  "manifest_fetch",
  /** The last byte of an artifact went out. */
  "download_complete",
  /** Someone opened a share link. */
  "share_open",
] as const;
export type InstallEventKind = (typeof INSTALL_EVENT_KINDS)[number];

export interface InstallEvent {
  id: string;
  appId: string;
  kind: InstallEventKind;
  releaseId: string | null;
  artifactId: string | null;
  channel: string | null;
  platform: Platform | null;
  shareLinkId: string | null;
  createdAt: Date;
}

export type NewInstallEvent = Omit<InstallEvent, "id">;

export type InstallFunnel = Record<InstallEventKind, number>;

export function emptyFunnel(): InstallFunnel {
  return Object.fromEntries(INSTALL_EVENT_KINDS.map((k) => [k, 0])) as InstallFunnel;
}

/** The install page's beacon body: the download grant of the file tapped, and the channel page it was on. */
export const installTapSchema = z.object({ grant: z.string().min(1).max(512), channel: channelNameSchema.nullable().optional() });
