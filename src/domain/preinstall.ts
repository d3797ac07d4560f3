import type { Device, DeviceOs } from "./device";
import { readMetadata } from "./metadata-reader";
import type { Platform } from "./platform";
import { compareBuilds } from "./version";

// "Will this build install on this device?", answered before the download from what inspection
// stored and what the request says about the visitor. Blockers are failures we are sure of; a
// warning is a likely problem or one the UA cannot prove (iOS versions, for one, are not always
// truthful in Safari's UA).

export const INSTALL_NOTICE_CODES = [
  "not_https",
  "simulator_build",
  "app_store_signed",
  "no_provisioning_profile",
  "profile_expired",
  "ipad_only_on_iphone",
  "iphone_only_on_ipad",
  "ios_version_too_low",
  "test_only",
  "android_version_too_low",
  "debug_certificate",
  "in_app_browser",
  "wrong_device",
] as const;
export type InstallNoticeCode = (typeof INSTALL_NOTICE_CODES)[number];

export interface InstallNotice {
  code: InstallNoticeCode;
  severity: "blocker" | "warning";
  /** One plain-English sentence for testers. */
  message: string;
}

export interface InstallabilityInput {
  /** The artifact's platform. */
  platform: Platform;
  /** What inspection stored; read defensively, since older rows or failed inspections lack fields. */
  metadata: Record<string, unknown>;
  device: Device;
  now: Date;
  /** iOS fetches the manifest and the IPA only over https with a certificate the device trusts. */
  publicUrlIsHttps: boolean;
}

/** The file's facts as its kind (metadata-reader.ts); rows from before the kind was stored are read by platform. */
function factsOf({ platform, metadata }: InstallabilityInput) {
  const stored = typeof metadata === "object" && metadata !== null ? metadata.kind : undefined;
  return readMetadata(stored ?? (platform === "ios" ? "ipa" : platform === "android_apk" ? "apk" : undefined), metadata);
}

/** Devices on which an artifact of each platform can be installed. */
const INSTALLS_ON: Record<Platform, readonly DeviceOs[]> = {
  ios: ["ios", "ipados"],
  android_apk: ["android", "chromeos"],
  macos: ["macos"],
  windows: ["windows"],
  linux: ["linux", "chromeos"],
};

const WHERE_TO_OPEN: Record<Platform, string> = {
  ios: "This is an iOS build; open this page on your iPhone or iPad to install it.",
  android_apk: "This is an Android build; open this page on your Android phone or tablet to install it.",
  macos: "This is a macOS build; open this page on your Mac to download it.",
  windows: "This is a Windows build; open this page on your Windows PC to download it.",
  linux: "This is a Linux build; open this page on your Linux computer to download it.",
};

/** Everything that will or may stop this install, blockers first. An empty list means no known problem. */
export function checkInstallability(input: InstallabilityInput): InstallNotice[] {
  const notices: InstallNotice[] = [];
  const { device, platform } = input;
  if (platform === "ios") notices.push(...iosArtifactNotices(input));
  if (platform === "android_apk") notices.push(...androidArtifactNotices(input));

  // A Mac user agent may be an iPad (see Device.maybeIpad): the page decides on the client.
  const possibleIpad = platform === "ios" && device.maybeIpad;
  if (device.os !== "unknown" && !possibleIpad && !INSTALLS_ON[platform].includes(device.os)) {
    notices.push({ code: "wrong_device", severity: "warning", message: WHERE_TO_OPEN[platform] });
  } else if (platform === "ios" && (device.os === "ios" || device.os === "ipados")) {
    notices.push(...iosDeviceNotices(input));
  } else if (platform === "android_apk" && device.os === "android") {
    notices.push(...androidDeviceNotices(input));
  }
  // Array.prototype.sort is stable: within a severity, the order above stands.
  return notices.sort((a, b) => Number(a.severity === "warning") - Number(b.severity === "warning"));
}

function iosArtifactNotices(input: InstallabilityInput): InstallNotice[] {
  const { now, publicUrlIsHttps } = input;
  const notices: InstallNotice[] = [];
  if (!publicUrlIsHttps) {
    notices.push(blocker("not_https", "iOS installs apps only from an https address with a trusted certificate, and this server's public URL is not https, so the install will fail."));
  }
  const facts = factsOf(input);
  if (facts.kind !== "ipa") return notices;
  if (facts.platformName?.includes("simulator")) {
    // Simulator builds carry no profile either; the profile notices below would only repeat the cause.
    notices.push(blocker("simulator_build", `This is a Simulator build (${facts.platformName}), which cannot be installed on a real iPhone or iPad.`));
    return notices;
  }
  if (facts.appStoreSigned === true || facts.provisioning?.type === "app-store") {
    notices.push(blocker("app_store_signed", "This build is signed for App Store distribution, so it can only be installed through TestFlight or the App Store, not from this page."));
    return notices;
  }
  // Only a completed inspection (it always stores bundleId) can tell a missing profile from missing facts.
  if (!facts.provisioning && facts.bundleId) {
    notices.push(blocker("no_provisioning_profile", "This build has no embedded provisioning profile, so iOS will refuse to install it."));
  }
  const expiresAt = facts.provisioning?.expiresAt ? new Date(facts.provisioning.expiresAt) : null;
  const expiryKnown = expiresAt !== null && !Number.isNaN(expiresAt.getTime());
  if (expiryKnown ? expiresAt.getTime() <= now.getTime() : facts.profileExpired === true) {
    const when = expiryKnown ? ` on ${expiresAt.toISOString().slice(0, 10)}` : "";
    notices.push(blocker("profile_expired", `The provisioning profile expired${when}, so iOS will refuse to install this build and installed copies will no longer open.`));
  }
  return notices;
}

function iosDeviceNotices(input: InstallabilityInput): InstallNotice[] {
  const { device } = input;
  const facts = factsOf(input);
  const notices: InstallNotice[] = [];
  const family = facts.kind === "ipa" ? (facts.deviceFamily ?? []) : [];
  const forIphone = family.includes("iphone");
  const forIpad = family.includes("ipad");
  if (device.os === "ios" && forIpad && !forIphone) {
    notices.push(blocker("ipad_only_on_iphone", "This app is built for iPad only, so it will not install on an iPhone."));
  }
  if (device.os === "ipados" && forIphone && !forIpad) {
    notices.push(warning("iphone_only_on_ipad", "This app is built for iPhone only: it installs on this iPad but runs in iPhone compatibility mode, in an iPhone-sized window."));
  }
  const needed = facts.kind === "ipa" ? facts.minimumOsVersion : undefined;
  if (needed && device.osVersion && isDotted(needed) && isDotted(device.osVersion) && compareBuilds(device.osVersion, needed) < 0) {
    const os = device.os === "ipados" ? "iPadOS" : "iOS";
    notices.push(warning("ios_version_too_low", `This build needs ${os} ${needed} or later and this device reports ${os} ${device.osVersion}, so it will most likely fail to install.`));
  }
  if (device.inAppBrowser) {
    notices.push(blocker("in_app_browser", `${inAppName(device.inAppBrowser)} cannot install apps; open this page in Safari to install.`));
  }
  return notices;
}

function androidArtifactNotices(input: InstallabilityInput): InstallNotice[] {
  const facts = factsOf(input);
  const notices: InstallNotice[] = [];
  if (facts.kind !== "apk") return notices;
  if (facts.testOnly === true) {
    notices.push(blocker("test_only", "This build is marked android:testOnly, which Android's package installer refuses; it can only be installed with adb install -t."));
  }
  if (facts.signer?.debugCertificate === true) {
    notices.push(
      warning("debug_certificate", "This build is signed with the Android debug certificate, so it will not install over a copy of the app signed with another key until that copy is uninstalled."),
    );
  }
  return notices;
}

function androidDeviceNotices(input: InstallabilityInput): InstallNotice[] {
  const { device } = input;
  const facts = factsOf(input);
  const notices: InstallNotice[] = [];
  const deviceApi = device.osVersion ? apiLevelOf(device.osVersion) : null;
  // A codename (preview SDK) says nothing comparable; a non-positive level is a broken row.
  const minSdk = facts.kind === "apk" && typeof facts.minSdk === "number" && Number.isInteger(facts.minSdk) && facts.minSdk > 0 ? facts.minSdk : undefined;
  if (minSdk !== undefined && deviceApi !== null && minSdk > deviceApi) {
    notices.push(blocker("android_version_too_low", `This build needs ${androidVersionName(minSdk)} or newer, and this device runs Android ${device.osVersion}.`));
  }
  if (device.inAppBrowser) {
    notices.push(warning("in_app_browser", `${inAppName(device.inAppBrowser)} may not download or open the APK; open this page in Chrome to install.`));
  }
  return notices;
}

function inAppName(browser: string): string {
  return browser === "in-app browser" ? "This in-app browser" : `${browser}'s in-app browser`;
}

function blocker(code: InstallNoticeCode, message: string): InstallNotice {
  return { code, severity: "blocker", message };
}

function warning(code: InstallNoticeCode, message: string): InstallNotice {
  return { code, severity: "warning", message };
}

function isDotted(version: string): boolean {
  return /^\d{1,9}(?:\.\d{1,9}){0,3}$/.test(version);
}

// Release → first API level, for what a device's UA reports. 12L (32) and 4.4W (20) never appear there.
const ANDROID_RELEASES: readonly (readonly [string, number])[] = [
  ["4.0", 14],
  ["4.0.3", 15],
  ["4.1", 16],
  ["4.2", 17],
  ["4.3", 18],
  ["4.4", 19],
  ["5.0", 21],
  ["5.1", 22],
  ["6.0", 23],
  ["7.0", 24],
  ["7.1", 25],
  ["8.0", 26],
  ["8.1", 27],
  ["9", 28],
  ["10", 29],
  ["11", 30],
  ["12", 31],
  ["13", 33],
  ["14", 34],
  ["15", 35],
  ["16", 36],
];
const NEWEST_KNOWN_MAJOR = 16;

/** The API level of an Android release ("7.1.1" → 25); null when unknown or newer than this table. */
export function apiLevelOf(androidVersion: string): number | null {
  if (!isDotted(androidVersion) || Number(androidVersion.split(".")[0]) > NEWEST_KNOWN_MAJOR) return null;
  let level: number | null = null;
  for (const [release, api] of ANDROID_RELEASES) if (compareBuilds(release, androidVersion) <= 0) level = api;
  // Before 4.0 the exact level does not matter: every minSdk we see is above it.
  return level ?? 13;
}

const API_NAMES: Record<number, string> = Object.fromEntries([...ANDROID_RELEASES.map(([release, api]) => [api, release]), [20, "4.4W"], [32, "12L"]]);

/** "Android 8.0 (API 26)"; levels past the table are named by number only. */
export function androidVersionName(apiLevel: number): string {
  const release = API_NAMES[apiLevel];
  return release ? `Android ${release} (API ${apiLevel})` : `Android API level ${apiLevel}`;
}
