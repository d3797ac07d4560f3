import { z } from "zod";
import { channelNameSchema } from "./channel";
import { deviceIdSchema } from "./rollout";
import { buildSchema, compareBuilds } from "./version";

// The in-app update check of mobile apps (desktop apps poll the electron-updater and Sparkle
// feeds instead). Builds are compared, not display versions: versionCode and CFBundleVersion are
// what the OS itself orders installs by.

/** Both UDID formats: "00008030-001A35E22E88802E" (2018+ devices) and the older 40 hex digits. */
const UDID_PATTERN = /^(?:[0-9a-f]{8}-[0-9a-f]{16}|[0-9a-f]{40})$/i;

export const udidSchema = z.string({ error: "udid must be a string" }).trim().regex(UDID_PATTERN, "udid must be 25 characters (8 hex digits, '-', 16 hex digits) or 40 hex digits");

/** Query strings say `?udid=` when an SDK has no value; an empty parameter counts as absent. */
function optionalParam<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
}

/** The channel an update check asks about when it names none. */
export const DEFAULT_UPDATE_CHANNEL = "stable";

/** The check's query string (`Object.fromEntries(url.searchParams)`); unknown parameters are ignored. */
export const updateCheckQuerySchema = z.object({
  platform: z.enum(["ios", "android_apk"], {
    error: (issue) => `platform ${JSON.stringify(issue.input)} has no update check; use ios or android_apk (desktop apps read the update feeds)`,
  }),
  currentBuild: buildSchema,
  channel: channelNameSchema.default(DEFAULT_UPDATE_CHANNEL),
  deviceId: optionalParam(deviceIdSchema),
  udid: optionalParam(udidSchema),
  osVersion: optionalParam(z.string().trim().max(32, "osVersion must be at most 32 characters")),
});
export type UpdateCheckQuery = z.output<typeof updateCheckQuerySchema>;

export type UpdateDecision = { kind: "up_to_date" } | { kind: "update"; mandatory: boolean } | { kind: "device_not_provisioned" };

export interface UpdateDecisionInput {
  currentBuild: string;
  /** The release this device gets from the channel, rollout already applied. */
  offered: { build: string } | null;
  /** The offered IPA's inspection metadata (provisioning.type, provisioning.provisionedDevices). */
  artifactMetadata: Record<string, unknown> | null;
  /** Channel policy: a build below it must update. */
  minimumSupportedBuild: string | null;
  udid: string | null;
}

/**
 * The device list of a development or ad hoc profile, or null when any device may install
 * (enterprise, unsigned metadata, an APK).
 */
function provisionedDevices(metadata: Record<string, unknown> | null): string[] | null {
  const profile = metadata?.provisioning;
  if (typeof profile !== "object" || profile === null) return null;
  const { type, provisionedDevices: devices } = profile as Record<string, unknown>;
  if ((type !== "ad-hoc" && type !== "development") || !Array.isArray(devices)) return null;
  return devices.filter((d): d is string => typeof d === "string");
}

/**
 * Whether the offered release is an update for this device. An ad hoc or development build only
 * installs on the devices in its profile, so a device known not to be listed is told so instead of
 * being sent to an install that iOS will refuse. Without a UDID the update is still offered: the
 * SDK may not know it (apps cannot read their UDID), and a wrong "not provisioned" would hide a
 * build the device can in fact install.
 */
export function decideUpdate(input: UpdateDecisionInput): UpdateDecision {
  const { currentBuild, offered, artifactMetadata, minimumSupportedBuild, udid } = input;
  if (offered === null || compareBuilds(offered.build, currentBuild) <= 0) return { kind: "up_to_date" };

  const devices = provisionedDevices(artifactMetadata);
  const wanted = udid?.trim().toLowerCase() ?? "";
  if (devices !== null && wanted !== "") {
    if (!devices.some((d) => d.trim().toLowerCase() === wanted)) return { kind: "device_not_provisioned" };
  }

  const mandatory = minimumSupportedBuild !== null && compareBuilds(currentBuild, minimumSupportedBuild) < 0;
  return { kind: "update", mandatory };
}
