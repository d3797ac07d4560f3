import type { Platform } from "./platform";

// Who is visiting an install page, from the User-Agent and the Sec-CH-UA-* client hints. Only
// what the page needs to pick a tab, warn before a download and order desktop files; it is not a
// general UA parser. Every pattern here is a literal or a bounded token, and input is capped, so
// a hostile 100 kB header costs no more than a normal one.

export type DeviceOs = "ios" | "ipados" | "android" | "macos" | "windows" | "linux" | "chromeos" | "unknown";
export type DeviceArch = "x64" | "arm64" | "x86";

/** Raw Sec-CH-UA-* header values: platform-like ones are quoted strings (`"Android"`), mobile is `?1`/`?0`. */
export interface DeviceHints {
  platform?: string | null;
  platformVersion?: string | null;
  mobile?: string | null;
  arch?: string | null;
  bitness?: string | null;
  model?: string | null;
}

export interface Device {
  os: DeviceOs;
  /** "17.4", "14", "10.14.6", "10.0"; null when the UA's is frozen or absent. Windows from Sec-CH-UA-Platform-Version when sent ("13.0.0"+ is Windows 11). */
  osVersion: string | null;
  /** Only for desktop OSes; null when unknown (Safari on a Mac always claims Intel). */
  arch: DeviceArch | null;
  formFactor: "phone" | "tablet" | "desktop" | "unknown";
  /** Name of the in-app browser ("Instagram", "in-app browser" for a bare WebView), or null. */
  inAppBrowser: string | null;
  /** A Mac user agent with Safari: iPadOS 13+ sends exactly this, so the page must decide on the client with navigator.maxTouchPoints > 1. */
  maybeIpad: boolean;
  /** Linux only: the package format the distribution named in the UA installs (Firefox sends "Ubuntu", "Fedora"). */
  linuxPackageFormat?: "deb" | "rpm";
}

/** Real user agents stay under 1 kB even with in-app tokens appended; the rest is ignored. */
export const MAX_USER_AGENT_LENGTH = 2048;
const MAX_HINT_LENGTH = 128;

const UNKNOWN: Device = { os: "unknown", osVersion: null, arch: null, formFactor: "unknown", inAppBrowser: null, maybeIpad: false };

// Link previewers and scripts get no install advice. "bot" alone is not enough: Cubot is a phone brand.
const BOT =
  /googlebot|bingbot|yandexbot|duckduckbot|baiduspider|applebot|slackbot|twitterbot|discordbot|linkedinbot|facebookexternalhit|whatsapp\/|crawler|spider|curl\/|wget\/|python-requests|go-http-client|\(compatible; [\w.-]{0,40}bot/i;

// Checked in order: Messenger's UA also carries Facebook's tokens.
const IN_APP_BROWSERS: readonly (readonly [string, RegExp])[] = [
  ["Messenger", /FBAN\/Messenger|FB_IAB\/MESSENGER/],
  ["Facebook", /FBAN\/|FBAV\/|FB_IAB\//],
  ["Instagram", /\bInstagram\b/],
  ["LinkedIn", /\bLinkedInApp\b/],
  ["WeChat", /\bMicroMessenger\//],
  ["Line", /\bLine\/\d/],
  ["X (Twitter)", /\bTwitter(?:Android| for i)/],
  ["TikTok", /musical_ly|BytedanceWebview|\bTikTok\b/],
  ["Snapchat", /\bSnapchat\b/],
  ["Telegram", /\bTelegram\b/],
  ["Pinterest", /\bPinterest\b/],
  ["Google app", /\bGSA\/\d/],
];

export function detectDevice(userAgent: string | null | undefined, hints?: DeviceHints): Device {
  const ua = (userAgent ?? "").slice(0, MAX_USER_AGENT_LENGTH);
  if (ua.trim() === "" || BOT.test(ua)) return { ...UNKNOWN };
  const device = fromUserAgent(ua);
  device.inAppBrowser = device.os === "unknown" ? null : inAppBrowserOf(ua, device.os);
  // Only Chromium sends client hints; next to a Safari or Firefox user agent they are stale or forged.
  return hints && /\bChrom(?:e|ium)\/\d/.test(ua) ? applyHints(device, hints) : device;
}

function fromUserAgent(ua: string): Device {
  const device: Device = { ...UNKNOWN };
  if (ua.includes("Windows Phone")) return device;

  const ios = /\bCPU (?:iPhone )?OS (\d{1,3}(?:_\d{1,3}){0,2})/.exec(ua);
  if (ios?.[1] && /\b(?:iPhone|iPod|iPad)\b/.test(ua)) {
    const ipad = ua.includes("iPad");
    return {
      ...device,
      os: ipad ? "ipados" : "ios",
      osVersion: iosVersion(ios[1].replaceAll("_", "."), ua),
      formFactor: ipad ? "tablet" : "phone",
    };
  }

  const android = /\bAndroid(?: (\d{1,3}(?:\.\d{1,3}){0,2}))?(;[^;)]{0,3}\))?/.exec(ua);
  if (android) {
    // Chrome's reduced UA says "Android 10; K" on every device: no version at all.
    const frozen = android[1] === "10" && android[2] === "; K)";
    return {
      ...device,
      os: "android",
      osVersion: frozen ? null : (android[1] ?? null),
      formFactor: ua.includes("Mobile") ? "phone" : "tablet",
    };
  }

  const cros = /\bCrOS (\w{1,16}) (\d{1,6}(?:\.\d{1,6}){0,3})/.exec(ua);
  if (cros) return { ...device, os: "chromeos", osVersion: cros[2] ?? null, arch: unameArch(cros[1]), formFactor: "desktop" };

  const windows = /\bWindows NT (\d{1,2}\.\d{1,2})/.exec(ua);
  if (windows) return { ...device, os: "windows", osVersion: windows[1] ?? null, arch: windowsArch(ua), formFactor: "desktop" };

  const mac = /\bMac OS X(?: (\d{1,3}(?:[._]\d{1,3}){0,2}))?/.exec(ua);
  if (mac && ua.includes("Macintosh")) {
    // iOS-only browsers asking for the desktop site (Chrome, Firefox, Edge on iPad): surely an iPad.
    if (/\b(?:CriOS|FxiOS|EdgiOS)\//.test(ua)) return { ...device, os: "ipados", formFactor: "tablet" };
    const version = mac[1]?.replaceAll("_", ".") ?? null;
    return {
      ...device,
      os: "macos",
      osVersion: version !== null && FROZEN_MAC_VERSIONS.has(version) ? null : version,
      formFactor: "desktop",
      maybeIpad: ua.includes("Version/") && ua.includes("Safari/") && !/\b(?:Chrome|Chromium|Firefox|Edg|OPR)\//.test(ua),
    };
  }

  const linux = /\bLinux(?: (\w{1,16}))?/.exec(ua);
  if (linux && !ua.includes("Android")) {
    const format = /\b(?:Ubuntu|Debian|Mint)\b/.test(ua) ? "deb" : /\b(?:Fedora|Red Hat|CentOS|openSUSE|SUSE)\b/.test(ua) ? "rpm" : undefined;
    return { ...device, os: "linux", arch: unameArch(linux[1]), formFactor: "desktop", ...(format ? { linuxPackageFormat: format } : {}) };
  }
  return device;
}

/**
 * Safari and Chromium have said "Mac OS X 10_15_7" (Firefox "10.15") on every macOS since Big Sur,
 * and iPadOS Safari sends the same: the real version could be anything from Catalina on, so none
 * is claimed (a minimum-OS notice must not rest on it).
 */
const FROZEN_MAC_VERSIONS: ReadonlySet<string> = new Set(["10.15.7", "10.15"]);

/**
 * Safari on iOS 26 freezes the OS token at 18_6 / 18_7 but keeps the real release in "Version/26.x";
 * trusting the OS token would tell iOS 26 users that apps needing iOS 26 are too new for them.
 */
function iosVersion(fromOsToken: string, ua: string): string {
  const safari = /\bVersion\/(\d{1,3}(?:\.\d{1,3}){0,2})/.exec(ua)?.[1];
  const major = (v: string) => Number(v.split(".")[0]);
  if (safari && major(safari) >= 26 && major(safari) > major(fromOsToken)) return safari;
  return fromOsToken;
}

function windowsArch(ua: string): DeviceArch {
  if (/\b(?:ARM64|aarch64)\b/i.test(ua)) return "arm64";
  // WOW64 is a 32-bit browser on 64-bit Windows: the machine still wants x64 installers.
  if (/\b(?:Win64|x64|WOW64)\b/.test(ua)) return "x64";
  return "x86";
}

/** uname -m of a desktop UA ("x86_64", "aarch64"); 32-bit ARM and the rest have no installers here. */
function unameArch(machine: string | undefined): DeviceArch | null {
  const arch = normalizeArch(machine);
  return arch === "x64" || arch === "arm64" || arch === "x86" ? arch : null;
}

type ArtifactArch = DeviceArch | "universal" | "other";

/** Architecture names as uname, Debian, RPM, Node, PE and MSIX spell them. */
function normalizeArch(value: unknown): ArtifactArch | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const v = value.toLowerCase();
  if (["x64", "x86_64", "x86-64", "amd64", "x8664"].includes(v)) return "x64";
  if (["arm64", "aarch64", "arm64e"].includes(v)) return "arm64";
  if (["x86", "i386", "i486", "i586", "i686", "ia32"].includes(v)) return "x86";
  if (["universal", "neutral", "all", "noarch", "any"].includes(v)) return "universal";
  return "other";
}

function inAppBrowserOf(ua: string, os: DeviceOs): string | null {
  for (const [name, pattern] of IN_APP_BROWSERS) if (pattern.test(ua)) return name;
  // A WKWebView inside an app sends Safari's UA minus the "Safari/" token; Chrome and Firefox on iOS keep it.
  if ((os === "ios" || os === "ipados") && ua.includes("AppleWebKit/") && !ua.includes("Safari/")) return "in-app browser";
  if (os === "android" && ua.includes("; wv)")) return "in-app browser";
  return null;
}

const HINT_PLATFORMS: Record<string, DeviceOs> = {
  android: "android",
  ios: "ios",
  macos: "macos",
  windows: "windows",
  linux: "linux",
  "chrome os": "chromeos",
  "chromium os": "chromeos",
};

/** Client hints are only sent by Chromium browsers and are not frozen, so they win over the UA. */
function applyHints(fromUa: Device, hints: DeviceHints): Device {
  const hinted = HINT_PLATFORMS[unquote(hints.platform)?.toLowerCase() ?? ""];
  let device = fromUa;
  if (hinted && hinted !== fromUa.os && !(hinted === "ios" && fromUa.os === "ipados")) {
    const formFactor = hinted === "android" ? "phone" : hinted === "ios" ? "phone" : "desktop";
    device = { ...UNKNOWN, os: hinted, formFactor, inAppBrowser: fromUa.inAppBrowser };
  }
  // iPads send no client hints, so a hinted Mac is a Mac.
  if (hinted === "macos") device.maybeIpad = false;

  const version = unquote(hints.platformVersion);
  if (version && /^\d{1,6}(?:\.\d{1,6}){0,3}$/.test(version)) device.osVersion = version;

  if (device.os === "android" && (hints.mobile === "?1" || hints.mobile === "?0")) {
    device.formFactor = hints.mobile === "?1" ? "phone" : "tablet";
  }

  const arch = unquote(hints.arch)?.toLowerCase();
  const bitness = unquote(hints.bitness);
  if (arch === "arm") device.arch = bitness === "32" ? null : "arm64";
  else if (arch === "x86") device.arch = bitness === "32" ? "x86" : bitness === "64" ? "x64" : (device.arch ?? "x64");
  return device;
}

/** A structured-header string (`"macOS"`) without its quotes; bare tokens pass through. Empty means absent. */
function unquote(value: string | null | undefined): string | null {
  if (value == null) return null;
  let v = value.slice(0, MAX_HINT_LENGTH).trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(["\\])/g, "$1");
  return v === "" ? null : v;
}

export function parseClientHints(headers: { get(name: string): string | null }): DeviceHints {
  return {
    platform: unquote(headers.get("sec-ch-ua-platform")),
    platformVersion: unquote(headers.get("sec-ch-ua-platform-version")),
    mobile: unquote(headers.get("sec-ch-ua-mobile")),
    arch: unquote(headers.get("sec-ch-ua-arch")),
    bitness: unquote(headers.get("sec-ch-ua-bitness")),
    model: unquote(headers.get("sec-ch-ua-model")),
  };
}

/**
 * The platform whose artifact is this device's primary install. A possible iPad (Mac UA) maps to
 * macOS; the page offers iOS too and lets client JS switch. ChromeOS gets null: an APK needs ADB
 * or developer mode there and a .deb needs the Linux container, so neither is a one-tap install
 * and the page should show every platform.
 */
export function primaryPlatformFor(device: Device): Platform | null {
  switch (device.os) {
    case "ios":
    case "ipados":
      return "ios";
    case "android":
      return "android_apk";
    case "macos":
    case "windows":
    case "linux":
      return device.os;
    default:
      return null;
  }
}

/** Emulated architectures that still run, best first: Rosetta 2, Windows on ARM (x64 before x86), WOW64. */
const RUNS_EMULATED: Partial<Record<DeviceOs, Partial<Record<DeviceArch, readonly ArtifactArch[]>>>> = {
  macos: { arm64: ["x64"] },
  windows: { arm64: ["x64", "x86"], x64: ["x86"] },
};

function artifactArch(item: { filename: string; metadata: Record<string, unknown> }): ArtifactArch | undefined {
  const m = item.metadata;
  for (const key of ["arch", "architecture", "machine", "processorArchitecture"]) {
    const arch = normalizeArch(m[key]);
    if (arch) return arch;
  }
  const tokens = item.filename
    .toLowerCase()
    .slice(0, 512)
    .split(/[^a-z0-9]+/);
  if (tokens.includes("universal")) return "universal";
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === "x86" && tokens[i + 1] === "64") return "x64";
    if (token === "armv7l" || token === "armhf" || token === "armv7") return "other";
    const arch = ["x64", "amd64", "arm64", "aarch64", "x86", "i386", "i686", "ia32"].includes(token ?? "") ? normalizeArch(token) : undefined;
    if (arch) return arch;
  }
  return undefined;
}

function archRank(device: Device, arch: ArtifactArch | undefined): number {
  if (arch === "universal") return device.arch ? 1 : 0;
  if (!device.arch) return 1;
  if (arch === device.arch) return 0;
  if (arch === undefined) return 2;
  const emulated = RUNS_EMULATED[device.os]?.[device.arch]?.indexOf(arch) ?? -1;
  return emulated >= 0 ? 3 + emulated : 10;
}

function formatRank(device: Device, filename: string): number {
  if (device.os !== "linux" || !device.linuxPackageFormat) return 0;
  return filename.toLowerCase().endsWith(`.${device.linuxPackageFormat}`) ? 0 : 1;
}

/**
 * Desktop files of one platform, best first for this device: its own architecture, then universal
 * builds, then files of unknown architecture, then emulated ones, then those that cannot run. Ties
 * keep their input order (Array.prototype.sort is stable). Nothing is dropped: testers may pick any.
 */
export function rankArtifactsForDevice<T extends { filename: string; metadata: Record<string, unknown> }>(device: Device, items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, arch: archRank(device, artifactArch(item)), format: formatRank(device, item.filename) }))
    .sort((a, b) => a.arch - b.arch || a.format - b.format)
    .map(({ item }) => item);
}

/**
 * The device an install page is rendered for: detection from the request, corrected by the page's
 * own script, which sees touch points on a "Mac" and reloads with `?device=ipad` (iPadOS Safari).
 */
export function visitorDevice(headers: { get(name: string): string | null }, deviceParam: string | undefined): Device {
  const device = detectDevice(headers.get("user-agent"), parseClientHints(headers));
  // Its Mac UA says nothing about the iPadOS version: claim none, so no minimum-OS warning is guessed.
  if (deviceParam === "ipad" && device.maybeIpad) return { ...device, os: "ipados", osVersion: null, formFactor: "tablet", maybeIpad: false };
  return device;
}
