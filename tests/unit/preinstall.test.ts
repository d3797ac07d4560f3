import { describe, expect, it } from "vitest";
import { type Device, detectDevice, visitorDevice } from "@/domain/device";
import type { Platform } from "@/domain/platform";
import { androidVersionName, apiLevelOf, checkInstallability, INSTALL_NOTICE_CODES, type InstallabilityInput, type InstallNotice } from "@/domain/preinstall";

const now = new Date("2026-03-01T12:00:00Z");

const UA = {
  iphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  iphone26: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1",
  ipad: "Mozilla/5.0 (iPad; CPU OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
  ipadDesktop: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  instagramIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 327.1.6.30.88 (iPhone14,5; iOS 17_4_1; en_US; en; scale=3.00; 1170x2532; 587838996)",
  wkWebView: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  android14: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
  android71: "Mozilla/5.0 (Linux; Android 7.1.1; Moto G (5S) Plus) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Mobile Safari/537.36",
  androidReduced: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  facebookAndroid:
    "Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/459.0.0.44.109;]",
  windows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  macChrome: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  linux: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  chromeOs: "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  curl: "curl/8.5.0",
} as const;

/** What the IPA inspector stores for a healthy ad hoc build. */
const goodIpa = {
  bundleId: "com.example.hello",
  shortVersion: "1.2.0",
  build: "42",
  displayName: "Hello",
  minimumOsVersion: "15.0",
  deviceFamily: ["iphone", "ipad"],
  platformName: "iphoneos",
  provisioning: {
    type: "ad-hoc",
    expiresAt: "2026-09-30T10:00:00.000Z",
    teamId: "ABCDE12345",
    teamName: "Example Ltd",
    name: "Hello Ad Hoc",
    provisionedDevices: ["00008030-001A"],
  },
  profileExpired: false,
  appStoreSigned: false,
};

/** What the APK inspector stores for a healthy release build. */
const goodApk = {
  packageName: "com.example.hello",
  versionName: "1.2.0",
  versionCode: 42,
  minSdk: 26,
  targetSdk: 34,
  label: "Hello",
  debuggable: false,
  testOnly: false,
  signer: { sha256: "9B:D6", subject: "CN=Example", debugCertificate: false },
  signingSchemes: ["v2", "v3"],
};

function check(platform: Platform, metadata: Record<string, unknown>, device: Device | string, overrides: Partial<InstallabilityInput> = {}) {
  return checkInstallability({
    platform,
    metadata,
    device: typeof device === "string" ? detectDevice(device) : device,
    now,
    publicUrlIsHttps: true,
    ...overrides,
  });
}

const codes = (notices: InstallNotice[]) => notices.map((n) => n.code);
const only = (notices: InstallNotice[]) => {
  expect(notices).toHaveLength(1);
  return notices[0] as InstallNotice;
};

describe("checkInstallability: good matches", () => {
  it.each([
    ["an ad hoc IPA on an iPhone", "ios", goodIpa, UA.iphone],
    ["an ad hoc IPA on an iPad", "ios", goodIpa, UA.ipad],
    ["an IPA on a Mac UA that may be an iPad", "ios", goodIpa, UA.ipadDesktop],
    ["an APK on Android 14", "android_apk", goodApk, UA.android14],
    ["an APK on Chrome's reduced UA (version unknown)", "android_apk", { ...goodApk, minSdk: 34 }, UA.androidReduced],
    ["an APK on ChromeOS", "android_apk", goodApk, UA.chromeOs],
    ["a Windows build on Windows", "windows", { machine: "x64" }, UA.windows],
    ["a macOS build on a Mac", "macos", {}, UA.macChrome],
    ["a Linux build on Linux", "linux", {}, UA.linux],
    ["an IPA fetched by curl", "ios", goodIpa, UA.curl],
  ] as const)("gives no notices for %s", (_name, platform, metadata, ua) => {
    expect(check(platform, metadata, ua)).toEqual([]);
  });
});

describe("checkInstallability: iOS artifacts", () => {
  it("blocks without https, whatever the device", () => {
    for (const ua of [UA.iphone, UA.windows]) {
      const notice = check("ios", goodIpa, ua, { publicUrlIsHttps: false }).find((n) => n.code === "not_https");
      expect(notice).toMatchObject({ severity: "blocker" });
      expect(notice?.message).toMatch(/https/);
    }
    expect(check("android_apk", goodApk, UA.android14, { publicUrlIsHttps: false })).toEqual([]);
  });

  it("blocks simulator builds, without piling profile notices on top", () => {
    const notice = only(check("ios", { bundleId: "com.example.hello", platformName: "iphonesimulator", deviceFamily: ["iphone"] }, UA.iphone));
    expect(notice).toMatchObject({ code: "simulator_build", severity: "blocker" });
    expect(notice.message).toContain("iphonesimulator");
  });

  it("blocks App Store signed builds", () => {
    expect(only(check("ios", { ...goodIpa, appStoreSigned: true, provisioning: { ...goodIpa.provisioning, type: "app-store" } }, UA.iphone))).toMatchObject({
      code: "app_store_signed",
      severity: "blocker",
    });
    expect(codes(check("ios", { ...goodIpa, provisioning: { type: "app-store" } }, UA.iphone))).toEqual(["app_store_signed"]);
  });

  it("blocks builds without a provisioning profile, but only when inspection ran", () => {
    const { provisioning: _p, ...withoutProfile } = goodIpa;
    expect(only(check("ios", withoutProfile, UA.iphone))).toMatchObject({ code: "no_provisioning_profile", severity: "blocker" });
    expect(check("ios", {}, UA.iphone)).toEqual([]);
  });

  it("blocks expired profiles with the date, judged at `now` rather than at inspection", () => {
    const expired = { ...goodIpa, provisioning: { ...goodIpa.provisioning, expiresAt: "2026-02-14T08:00:00Z" }, profileExpired: false };
    const notice = only(check("ios", expired, UA.iphone));
    expect(notice).toMatchObject({ code: "profile_expired", severity: "blocker" });
    expect(notice.message).toContain("2026-02-14");
    // Still valid at `now`, even though inspection flagged it (e.g. a clock skew at upload).
    expect(check("ios", { ...goodIpa, profileExpired: true }, UA.iphone)).toEqual([]);
  });

  it("falls back to the stored flag when the expiry date is missing or unreadable", () => {
    for (const expiresAt of [undefined, "not a date", 12345]) {
      const metadata = { ...goodIpa, provisioning: { ...goodIpa.provisioning, expiresAt }, profileExpired: true };
      expect(codes(check("ios", metadata, UA.iphone))).toEqual(["profile_expired"]);
    }
  });

  it("blocks an iPad-only app on an iPhone", () => {
    const notice = only(check("ios", { ...goodIpa, deviceFamily: ["ipad"] }, UA.iphone));
    expect(notice).toMatchObject({ code: "ipad_only_on_iphone", severity: "blocker" });
    expect(notice.message).toContain("iPad only");
  });

  it("warns that an iPhone-only app runs in compatibility mode on an iPad", () => {
    const notice = only(check("ios", { ...goodIpa, deviceFamily: ["iphone"] }, UA.ipad));
    expect(notice).toMatchObject({ code: "iphone_only_on_ipad", severity: "warning" });
    expect(notice.message).toContain("compatibility mode");
    expect(check("ios", { ...goodIpa, deviceFamily: ["iphone"] }, UA.iphone)).toEqual([]);
  });

  it("warns when the device's iOS is older than MinimumOSVersion, comparing numerically", () => {
    const notice = only(check("ios", { ...goodIpa, minimumOsVersion: "17.10" }, UA.iphone));
    expect(notice).toMatchObject({ code: "ios_version_too_low", severity: "warning" });
    expect(notice.message).toContain("iOS 17.10");
    expect(notice.message).toContain("iOS 17.4");
    expect(check("ios", { ...goodIpa, minimumOsVersion: "17.4" }, UA.iphone)).toEqual([]);
    expect(check("ios", { ...goodIpa, minimumOsVersion: "17.3.9" }, UA.iphone)).toEqual([]);
    expect(check("ios", { ...goodIpa, minimumOsVersion: "17" }, UA.iphone)).toEqual([]);
  });

  it("names iPadOS on an iPad", () => {
    expect(only(check("ios", { ...goodIpa, minimumOsVersion: "17.0" }, UA.ipad)).message).toContain("iPadOS 16.7");
  });

  it("claims no minimum-OS problem on an iPad found by touch points: its frozen Mac UA tells no iPadOS version", () => {
    const frozen = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15";
    const ipad = visitorDevice(new Headers({ "user-agent": frozen }), "ipad");
    expect(ipad.os).toBe("ipados");
    expect(check("ios", goodIpa, ipad)).toEqual([]);
    expect(check("ios", { ...goodIpa, minimumOsVersion: "26.0" }, ipad)).toEqual([]);
    // What it does know still counts.
    expect(codes(check("ios", { ...goodIpa, deviceFamily: ["iphone"] }, ipad))).toEqual(["iphone_only_on_ipad"]);
  });

  it("does not hold iOS 26 Safari's frozen 18_6 against it", () => {
    expect(check("ios", { ...goodIpa, minimumOsVersion: "26.0" }, UA.iphone26)).toEqual([]);
  });

  it("gives no version notice when the device's version is unknown or the build's is malformed", () => {
    expect(check("ios", { ...goodIpa, minimumOsVersion: "99.0" }, UA.ipadDesktop)).toEqual([]);
    expect(check("ios", { ...goodIpa, minimumOsVersion: "seventeen" }, UA.iphone)).toEqual([]);
  });

  it("tells in-app browser users on iOS to open the page in Safari", () => {
    const notice = only(check("ios", goodIpa, UA.instagramIphone));
    expect(notice).toMatchObject({ code: "in_app_browser", severity: "blocker" });
    expect(notice.message).toContain("Instagram");
    expect(notice.message).toContain("open this page in Safari");
    expect(only(check("ios", goodIpa, UA.wkWebView)).message).toMatch(/^This in-app browser .*Safari/);
  });

  it("tells visitors on other devices to open the page on an iPhone", () => {
    for (const ua of [UA.android14, UA.windows, UA.macChrome]) {
      const notice = only(check("ios", goodIpa, ua));
      expect(notice).toMatchObject({ code: "wrong_device", severity: "warning" });
      expect(notice.message).toContain("open this page on your iPhone");
    }
  });
});

describe("checkInstallability: Android artifacts", () => {
  it("blocks when minSdk is above the device's API level, naming both versions", () => {
    const notice = only(check("android_apk", goodApk, UA.android71));
    expect(notice).toMatchObject({ code: "android_version_too_low", severity: "blocker" });
    expect(notice.message).toBe("This build needs Android 8.0 (API 26) or newer, and this device runs Android 7.1.1.");
    expect(check("android_apk", { ...goodApk, minSdk: 25 }, UA.android71)).toEqual([]);
    expect(codes(check("android_apk", { ...goodApk, minSdk: 35 }, UA.android14))).toEqual(["android_version_too_low"]);
  });

  it("uses the client-hint version over Chrome's reduced UA", () => {
    const device = detectDevice(UA.androidReduced, { platform: '"Android"', platformVersion: '"13.0.0"' });
    expect(only(check("android_apk", { ...goodApk, minSdk: 34 }, device)).message).toContain("Android 14 (API 34)");
  });

  it("blocks testOnly builds", () => {
    const notice = only(check("android_apk", { ...goodApk, testOnly: true }, UA.android14));
    expect(notice).toMatchObject({ code: "test_only", severity: "blocker" });
    expect(notice.message).toContain("testOnly");
  });

  it("warns about the debug certificate", () => {
    const metadata = { ...goodApk, signer: { ...goodApk.signer, subject: "CN=Android Debug, O=Android, C=US", debugCertificate: true } };
    expect(only(check("android_apk", metadata, UA.android14))).toMatchObject({ code: "debug_certificate", severity: "warning" });
  });

  it("tells in-app browser users on Android to open the page in Chrome", () => {
    const notice = only(check("android_apk", goodApk, UA.facebookAndroid));
    expect(notice).toMatchObject({ code: "in_app_browser", severity: "warning" });
    expect(notice.message).toContain("Facebook");
    expect(notice.message).toContain("open this page in Chrome");
  });

  it("tells visitors on other devices to open the page on Android", () => {
    for (const ua of [UA.iphone, UA.windows]) {
      expect(only(check("android_apk", goodApk, ua))).toMatchObject({ code: "wrong_device", severity: "warning" });
    }
    expect(codes(check("android_apk", { ...goodApk, testOnly: true }, UA.iphone))).toEqual(["test_only", "wrong_device"]);
  });
});

describe("checkInstallability: desktop artifacts", () => {
  it.each([
    ["macos", UA.windows, "Mac"],
    ["windows", UA.iphone, "Windows PC"],
    ["linux", UA.android14, "Linux computer"],
  ] as const)("warns when a %s build is viewed elsewhere", (platform, ua, where) => {
    const notice = only(check(platform, {}, ua));
    expect(notice).toMatchObject({ code: "wrong_device", severity: "warning" });
    expect(notice.message).toContain(where);
  });

  it("lets ChromeOS take Linux builds (the Linux container installs .deb)", () => {
    expect(check("linux", {}, UA.chromeOs)).toEqual([]);
  });
});

describe("checkInstallability: ordering and robustness", () => {
  it("lists blockers before warnings", () => {
    const metadata = { ...goodIpa, deviceFamily: ["iphone"], minimumOsVersion: "18.0", profileExpired: true, provisioning: { expiresAt: "2026-01-01T00:00:00Z" } };
    const notices = check("ios", metadata, UA.ipad, { publicUrlIsHttps: false });
    expect(codes(notices)).toEqual(["not_https", "profile_expired", "iphone_only_on_ipad", "ios_version_too_low"]);
    const android = check("android_apk", { ...goodApk, testOnly: true, minSdk: 30, signer: { debugCertificate: true } }, UA.facebookAndroid);
    expect(codes(android)).toEqual(["test_only", "debug_certificate", "in_app_browser"]);
    const severities = android.map((n) => n.severity);
    expect(severities).toEqual(["blocker", "warning", "warning"]);
  });

  it("survives metadata of the wrong types", () => {
    const junk: Record<string, unknown> = {
      bundleId: 42,
      minimumOsVersion: { major: 15 },
      deviceFamily: "iphone",
      platformName: null,
      provisioning: "yes",
      profileExpired: "true",
      appStoreSigned: 1,
      minSdk: "26",
      testOnly: "true",
      signer: [],
    };
    expect(check("ios", junk, UA.iphone)).toEqual([]);
    expect(check("android_apk", junk, UA.android71)).toEqual([]);
    expect(check("ios", null as unknown as Record<string, unknown>, UA.iphone)).toEqual([]);
  });

  it("uses only codes from the closed list, each message one sentence", () => {
    const all = [
      ...check("ios", { bundleId: "a", platformName: "iphonesimulator" }, UA.iphone, { publicUrlIsHttps: false }),
      ...check("ios", { ...goodIpa, deviceFamily: ["ipad"], minimumOsVersion: "18", provisioning: { expiresAt: "2020-01-01" } }, UA.instagramIphone),
      ...check("android_apk", { ...goodApk, testOnly: true, minSdk: 36, signer: { debugCertificate: true } }, UA.facebookAndroid),
    ];
    for (const notice of all) {
      expect(INSTALL_NOTICE_CODES).toContain(notice.code);
      expect(notice.message).toMatch(/^(?:[A-Z]|iOS ).*\.$/);
      expect(notice.message.split(/\.\s/)).toHaveLength(1);
    }
  });
});

describe("Android API levels", () => {
  it.each([
    ["4.0", 14],
    ["4.0.4", 15],
    ["4.4.2", 19],
    ["5.0", 21],
    ["5.1.1", 22],
    ["7.1.1", 25],
    ["8.1", 27],
    ["9", 28],
    ["12", 31],
    ["13", 33],
    ["14.0.0", 34],
    ["16", 36],
  ])("Android %s is API %i", (version, api) => {
    expect(apiLevelOf(version)).toBe(api);
  });

  it("has no level for future, malformed or ancient versions it cannot place", () => {
    expect(apiLevelOf("17")).toBeNull();
    expect(apiLevelOf("K")).toBeNull();
    expect(apiLevelOf("2.3.6")).toBe(13);
  });

  it("names API levels for messages", () => {
    expect(androidVersionName(21)).toBe("Android 5.0 (API 21)");
    expect(androidVersionName(32)).toBe("Android 12L (API 32)");
    expect(androidVersionName(36)).toBe("Android 16 (API 36)");
    expect(androidVersionName(40)).toBe("Android API level 40");
  });
});
