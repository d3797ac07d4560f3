import { summarizeCertificate, type CertificateSummary } from "./certificates";
import { check } from "./errors";
import { dictOf, parsePlist, stringOf, stringsOf, type PlistDict, type PlistLimits } from "./plist";

export type ProfileType = "development" | "ad-hoc" | "enterprise" | "app-store";

export interface ProvisioningProfile {
  type: ProfileType;
  name?: string;
  uuid?: string;
  appIdName?: string;
  applicationIdentifier?: string;
  teamId?: string;
  teamName?: string;
  createdAt?: string;
  expiresAt?: string;
  provisionedDevices: string[];
  provisionsAllDevices: boolean;
  getTaskAllow: boolean;
  platforms: string[];
  certificates: CertificateSummary[];
}

/**
 * The XML plist attached to a CMS SignedData blob (provisioning profiles, Profile Service replies).
 * Slicing `<?xml … </plist>` is enough: these are attached, uncompressed and unencrypted, and we do
 * not verify the signature.
 */
export function extractCmsPlist(cms: Buffer, limits: PlistLimits): PlistDict {
  const start = cms.indexOf("<?xml");
  const end = cms.indexOf("</plist>", start);
  check(start !== -1 && end !== -1, "no property list inside the CMS envelope");
  const value = parsePlist(cms.subarray(start, end + "</plist>".length), limits);
  check(value !== null && typeof value === "object" && !Array.isArray(value), "CMS property list is not a dictionary");
  return dictOf(value);
}

/** Profile type rules: devices + get-task-allow → development; devices → ad hoc; all devices → enterprise. */
export function profileType(profile: PlistDict): ProfileType {
  const entitlements = dictOf(profile.Entitlements);
  const hasDevices = Array.isArray(profile.ProvisionedDevices);
  if (hasDevices && entitlements["get-task-allow"] === true) return "development";
  if (hasDevices) return "ad-hoc";
  if (profile.ProvisionsAllDevices === true) return "enterprise";
  return "app-store";
}

export function parseProvisioningProfile(cms: Buffer, limits: PlistLimits): ProvisioningProfile {
  const profile = extractCmsPlist(cms, limits);
  const entitlements = dictOf(profile.Entitlements);
  const certificates = Array.isArray(profile.DeveloperCertificates) ? profile.DeveloperCertificates : [];
  return {
    type: profileType(profile),
    name: stringOf(profile.Name),
    uuid: stringOf(profile.UUID),
    appIdName: stringOf(profile.AppIDName),
    applicationIdentifier: stringOf(entitlements["application-identifier"]),
    teamId: stringsOf(profile.TeamIdentifier)[0] ?? stringOf(entitlements["com.apple.developer.team-identifier"]),
    teamName: stringOf(profile.TeamName),
    createdAt: profile.CreationDate instanceof Date ? profile.CreationDate.toISOString() : undefined,
    expiresAt: profile.ExpirationDate instanceof Date ? profile.ExpirationDate.toISOString() : undefined,
    provisionedDevices: stringsOf(profile.ProvisionedDevices),
    provisionsAllDevices: profile.ProvisionsAllDevices === true,
    getTaskAllow: entitlements["get-task-allow"] === true,
    platforms: stringsOf(profile.Platform),
    certificates: certificates.flatMap((der) => {
      if (!Buffer.isBuffer(der)) return [];
      try {
        return [summarizeCertificate(der)];
      } catch {
        return [];
      }
    }),
  };
}
