import { describe, expect, it } from "vitest";
import { type Device, type DeviceHints, detectDevice, MAX_USER_AGENT_LENGTH, parseClientHints, primaryPlatformFor, rankArtifactsForDevice, visitorDevice } from "@/domain/device";

const UA = {
  iphoneSafari: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  iphoneSafari26: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1",
  iphoneSafari186: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
  ipod: "Mozilla/5.0 (iPod touch; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1",
  ipadOld: "Mozilla/5.0 (iPad; CPU OS 12_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.0 Mobile/15E148 Safari/604.1",
  ipadDesktopSafari: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  ipadDesktopChrome: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
  macChrome: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  macFirefox: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Firefox/125.0",
  macEdge: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
  iphoneChrome: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/123.0.6312.52 Mobile/15E148 Safari/604.1",
  iphoneFirefox: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/124.0 Mobile/15E148 Safari/605.1.15",
  facebookIos:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/453.0.0.35.109;FBBV/571545683;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.3.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/573051372]",
  facebookAndroid:
    "Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/459.0.0.44.109;]",
  messengerIos:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/452.0.0.38.109;FBBV/569418431;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]",
  instagramIos:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 327.1.6.30.88 (iPhone14,5; iOS 17_4_1; en_US; en; scale=3.00; 1170x2532; 587838996)",
  instagramAndroid:
    "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.64 Mobile Safari/537.36 Instagram 320.0.0.42.101 Android (33/13; 420dpi; 1080x2400; Google/google; Pixel 7; panther; panther; en_US; 571382222)",
  linkedinIos: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.6660",
  wechatIos: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI Language/zh_CN",
  lineIos: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.3.0",
  twitterIos: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.34",
  twitterAndroid: "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240405.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.99 Mobile Safari/537.36 TwitterAndroid",
  tiktokIos:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_34.1.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US",
  tiktokAndroid:
    "Mozilla/5.0 (Linux; Android 13; SM-G991B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.193 Mobile Safari/537.36 trill_2023405050 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/trill app_version/34.5.5 ByteLocale/ja Region/JP BytedanceWebview/d8a21c6",
  snapchatIos: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/13.2.0.43 (like Safari/8617.1.17.10.9, panda)",
  googleAppIos: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/309.0.616685607 Mobile/15E148 Safari/604.1",
  wkWebView: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  androidChrome: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
  androidChromeReduced: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  androidOld: "Mozilla/5.0 (Linux; Android 7.1.1; Moto G (5S) Plus) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Mobile Safari/537.36",
  androidWebView: "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36",
  samsungInternet: "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
  androidTablet: "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  androidFirefox: "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
  cubot: "Mozilla/5.0 (Linux; Android 11; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  windowsChrome: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  windowsFirefoxWow64: "Mozilla/5.0 (Windows NT 10.0; WOW64; rv:115.0) Gecko/20100101 Firefox/115.0",
  windows7Firefox32: "Mozilla/5.0 (Windows NT 6.1; rv:115.0) Gecko/20100101 Firefox/115.0",
  windowsPhone: "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.14977",
  linuxFirefox: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  linuxArmFirefox: "Mozilla/5.0 (X11; Linux aarch64; rv:125.0) Gecko/20100101 Firefox/125.0",
  linuxI686: "Mozilla/5.0 (X11; Linux i686; rv:115.0) Gecko/20100101 Firefox/115.0",
  linuxArmv7: "Mozilla/5.0 (X11; Linux armv7l; rv:115.0) Gecko/20100101 Firefox/115.0",
  ubuntuFirefox: "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  fedoraFirefox: "Mozilla/5.0 (X11; Fedora; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  linuxChrome: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  chromeOs: "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  chromeOsArm: "Mozilla/5.0 (X11; CrOS aarch64 15633.69.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
  googlebot: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  googlebotSmartphone:
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  bingbot: "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  facebookPreview: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
  slackPreview: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
  curl: "curl/8.5.0",
} as const;

function hints(values: Record<string, string>): DeviceHints {
  return parseClientHints(new Headers(values));
}

describe("detectDevice: iPhone and iPad", () => {
  it("reads iOS 17.4 from Safari on iPhone", () => {
    expect(detectDevice(UA.iphoneSafari)).toEqual({
      os: "ios",
      osVersion: "17.4",
      arch: null,
      formFactor: "phone",
      inAppBrowser: null,
      maybeIpad: false,
    });
  });

  it("takes iOS 26's version from Version/ because Safari freezes the OS token at 18_6", () => {
    expect(detectDevice(UA.iphoneSafari26).osVersion).toBe("26.0");
    expect(detectDevice(UA.iphoneSafari186).osVersion).toBe("18.6");
  });

  it("treats an iPod touch as an iOS phone", () => {
    expect(detectDevice(UA.ipod)).toMatchObject({ os: "ios", osVersion: "15.7", formFactor: "phone" });
  });

  it("reads an old iPad UA as iPadOS 12.1 on a tablet", () => {
    expect(detectDevice(UA.ipadOld)).toMatchObject({ os: "ipados", osVersion: "12.1", formFactor: "tablet", maybeIpad: false });
  });

  it("flags the desktop-class Safari UA of iPadOS 13+ as a possible iPad while reporting macOS", () => {
    expect(detectDevice(UA.ipadDesktopSafari)).toEqual({
      os: "macos",
      osVersion: null,
      arch: null,
      formFactor: "desktop",
      inAppBrowser: null,
      maybeIpad: true,
    });
  });

  it("recognises Chrome on iPad asking for the desktop site as iPadOS", () => {
    expect(detectDevice(UA.ipadDesktopChrome)).toMatchObject({ os: "ipados", formFactor: "tablet", osVersion: null });
  });

  it("does not flag Chrome, Firefox or Edge on a Mac as a possible iPad", () => {
    for (const ua of [UA.macChrome, UA.macFirefox, UA.macEdge]) {
      expect(detectDevice(ua)).toMatchObject({ os: "macos", maybeIpad: false, formFactor: "desktop" });
    }
    expect(detectDevice(UA.macFirefox).osVersion).toBeNull();
  });

  it("claims no iPadOS version for an iPad found by touch points: its Mac UA is frozen at 10_15_7", () => {
    const headers = new Headers({ "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15" });
    expect(visitorDevice(headers, "ipad")).toMatchObject({ os: "ipados", osVersion: null, formFactor: "tablet", maybeIpad: false });
    // Without the page script's answer it is still a Mac, of unknown version.
    expect(visitorDevice(headers, undefined)).toMatchObject({ os: "macos", osVersion: null, maybeIpad: true });
  });

  it("reports no version for the frozen macOS tokens every current browser sends, and keeps older real ones", () => {
    for (const ua of [UA.ipadDesktopSafari, UA.macChrome, UA.macEdge, UA.macFirefox]) expect(detectDevice(ua).osVersion).toBeNull();
    expect(detectDevice("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.1.2 Safari/605.1.15").osVersion).toBe("10.14.6");
    expect(detectDevice("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.13; rv:115.0) Gecko/20100101 Firefox/115.0").osVersion).toBe("10.13");
  });

  it("treats Chrome (CriOS) and Firefox (FxiOS) on iPhone as real browsers, not in-app ones", () => {
    expect(detectDevice(UA.iphoneChrome)).toMatchObject({ os: "ios", osVersion: "17.4", inAppBrowser: null });
    expect(detectDevice(UA.iphoneFirefox)).toMatchObject({ os: "ios", osVersion: "17.4", inAppBrowser: null });
  });
});

describe("detectDevice: in-app browsers", () => {
  it.each([
    ["Facebook", UA.facebookIos, "ios"],
    ["Facebook", UA.facebookAndroid, "android"],
    ["Messenger", UA.messengerIos, "ios"],
    ["Instagram", UA.instagramIos, "ios"],
    ["Instagram", UA.instagramAndroid, "android"],
    ["LinkedIn", UA.linkedinIos, "ios"],
    ["WeChat", UA.wechatIos, "ios"],
    ["Line", UA.lineIos, "ios"],
    ["X (Twitter)", UA.twitterIos, "ios"],
    ["X (Twitter)", UA.twitterAndroid, "android"],
    ["TikTok", UA.tiktokIos, "ios"],
    ["TikTok", UA.tiktokAndroid, "android"],
    ["Snapchat", UA.snapchatIos, "ios"],
    ["Google app", UA.googleAppIos, "ios"],
  ])("names %s", (name, ua, os) => {
    expect(detectDevice(ua)).toMatchObject({ os, inAppBrowser: name });
  });

  it("keeps the OS version of in-app browsers", () => {
    expect(detectDevice(UA.facebookIos).osVersion).toBe("17.3.1");
    expect(detectDevice(UA.instagramAndroid).osVersion).toBe("13");
  });

  it("calls an iOS WKWebView without the Safari/ token a generic in-app browser", () => {
    expect(detectDevice(UA.wkWebView)).toMatchObject({ os: "ios", inAppBrowser: "in-app browser" });
  });

  it('calls an Android WebView ("; wv)") a generic in-app browser', () => {
    expect(detectDevice(UA.androidWebView)).toMatchObject({ os: "android", osVersion: "13", inAppBrowser: "in-app browser" });
  });

  it("does not take words that merely contain a token for an app", () => {
    expect(detectDevice(`${UA.iphoneSafari} Outline/1.0`).inAppBrowser).toBeNull();
  });
});

describe("detectDevice: Android", () => {
  it("reads Chrome on a Pixel 8 as an Android 14 phone", () => {
    expect(detectDevice(UA.androidChrome)).toEqual({
      os: "android",
      osVersion: "14",
      arch: null,
      formFactor: "phone",
      inAppBrowser: null,
      maybeIpad: false,
    });
  });

  it("reports no version for Chrome's reduced UA (Android 10; K)", () => {
    expect(detectDevice(UA.androidChromeReduced)).toMatchObject({ os: "android", osVersion: null, formFactor: "phone" });
  });

  it("keeps dotted versions", () => {
    expect(detectDevice(UA.androidOld).osVersion).toBe("7.1.1");
  });

  it("treats Samsung Internet as a real browser", () => {
    expect(detectDevice(UA.samsungInternet)).toMatchObject({ os: "android", osVersion: "14", inAppBrowser: null, formFactor: "phone" });
  });

  it("treats an Android UA without Mobile as a tablet", () => {
    expect(detectDevice(UA.androidTablet)).toMatchObject({ os: "android", osVersion: "13", formFactor: "tablet" });
  });

  it("reads Firefox for Android", () => {
    expect(detectDevice(UA.androidFirefox)).toMatchObject({ os: "android", osVersion: "14", formFactor: "phone" });
  });

  it("does not mistake a Cubot phone for a bot", () => {
    expect(detectDevice(UA.cubot)).toMatchObject({ os: "android", osVersion: "11" });
  });
});

describe("detectDevice: desktops", () => {
  it("reads 64-bit Windows 10 from Win64; x64", () => {
    expect(detectDevice(UA.windowsChrome)).toEqual({
      os: "windows",
      osVersion: "10.0",
      arch: "x64",
      formFactor: "desktop",
      inAppBrowser: null,
      maybeIpad: false,
    });
  });

  it("treats a 32-bit browser on 64-bit Windows (WOW64) as x64 and a bare NT token as x86", () => {
    expect(detectDevice(UA.windowsFirefoxWow64).arch).toBe("x64");
    expect(detectDevice(UA.windows7Firefox32)).toMatchObject({ os: "windows", osVersion: "6.1", arch: "x86" });
  });

  it("does not treat Windows Phone as Windows or Android", () => {
    expect(detectDevice(UA.windowsPhone).os).toBe("unknown");
  });

  it("reports no architecture for a Mac from the UA alone: Apple Silicon still says Intel", () => {
    expect(detectDevice(UA.macChrome).arch).toBeNull();
  });

  it("reads Linux architectures from uname tokens", () => {
    expect(detectDevice(UA.linuxFirefox)).toMatchObject({ os: "linux", arch: "x64", formFactor: "desktop", osVersion: null });
    expect(detectDevice(UA.linuxArmFirefox)).toMatchObject({ os: "linux", arch: "arm64" });
    expect(detectDevice(UA.linuxI686)).toMatchObject({ os: "linux", arch: "x86" });
    expect(detectDevice(UA.linuxArmv7)).toMatchObject({ os: "linux", arch: null });
    expect(detectDevice(UA.linuxChrome)).toMatchObject({ os: "linux", arch: "x64" });
  });

  it("derives a package format from the distribution Firefox names", () => {
    expect(detectDevice(UA.ubuntuFirefox).linuxPackageFormat).toBe("deb");
    expect(detectDevice(UA.fedoraFirefox).linuxPackageFormat).toBe("rpm");
    expect(detectDevice(UA.linuxFirefox).linuxPackageFormat).toBeUndefined();
  });

  it("reads ChromeOS with its platform version and architecture", () => {
    expect(detectDevice(UA.chromeOs)).toMatchObject({ os: "chromeos", osVersion: "14541.0.0", arch: "x64", formFactor: "desktop" });
    expect(detectDevice(UA.chromeOsArm)).toMatchObject({ os: "chromeos", arch: "arm64" });
  });
});

describe("detectDevice: bots, scripts and garbage", () => {
  it.each([
    ["Googlebot", UA.googlebot],
    ["Googlebot smartphone (an Android UA plus the bot token)", UA.googlebotSmartphone],
    ["bingbot", UA.bingbot],
    ["Facebook's link preview", UA.facebookPreview],
    ["Slack's link preview", UA.slackPreview],
    ["curl", UA.curl],
    ["an empty string", ""],
    ["whitespace", "   "],
    ["a made-up string", "SomeClient/1.0"],
  ])("reports %s as unknown", (_name, ua) => {
    expect(detectDevice(ua)).toEqual({ os: "unknown", osVersion: null, arch: null, formFactor: "unknown", inAppBrowser: null, maybeIpad: false });
  });

  it("accepts null and undefined", () => {
    expect(detectDevice(null).os).toBe("unknown");
    expect(detectDevice(undefined).os).toBe("unknown");
  });

  it("ignores the UA past its length cap", () => {
    const padded = `${UA.iphoneSafari.replace("Safari/604.1", "")}${" ".repeat(MAX_USER_AGENT_LENGTH)}FBAN/FBIOS Safari/604.1`;
    expect(detectDevice(padded)).toMatchObject({ os: "ios", inAppBrowser: "in-app browser" });
  });

  it("parses hostile 100 kB user agents in linear time", () => {
    const hostile = [
      `Mozilla/5.0 (${"iPhone; CPU iPhone OS 1_".repeat(5_000)}`,
      `Mozilla/5.0 (Linux; Android ${"1.".repeat(50_000)}`,
      `Mozilla/5.0 (compatible; ${"a".repeat(100_000)}`,
      `Mozilla/5.0 (X11; ${"Linux ".repeat(20_000)}`,
      `Mozilla/5.0 (Macintosh; Intel Mac OS X ${"1_".repeat(50_000)}`,
      `Mozilla/5.0 (Windows NT ${"1".repeat(100_000)}`,
      "(".repeat(100_000),
      `${UA.windowsChrome}${";".repeat(100_000)}`,
    ];
    for (const ua of hostile) {
      expect(ua.length).toBeGreaterThanOrEqual(100_000);
      const started = performance.now();
      for (let i = 0; i < 20; i++) detectDevice(ua, { platform: `"${"x".repeat(100_000)}"`, platformVersion: "9".repeat(100_000) });
      expect(performance.now() - started).toBeLessThan(250);
    }
  });
});

describe("client hints", () => {
  it("parses and unquotes Sec-CH-UA-* headers", () => {
    expect(
      hints({
        "Sec-CH-UA-Platform": '"Android"',
        "Sec-CH-UA-Platform-Version": '"14.0.0"',
        "Sec-CH-UA-Mobile": "?1",
        "Sec-CH-UA-Arch": '""',
        "Sec-CH-UA-Bitness": '"64"',
        "Sec-CH-UA-Model": '"Pixel 8"',
      }),
    ).toEqual({ platform: "Android", platformVersion: "14.0.0", mobile: "?1", arch: null, bitness: "64", model: "Pixel 8" });
  });

  it("reports absent headers as null", () => {
    expect(hints({})).toEqual({ platform: null, platformVersion: null, mobile: null, arch: null, bitness: null, model: null });
  });

  it("unescapes quoted strings", () => {
    expect(hints({ "Sec-CH-UA-Model": '"Pixel \\"8\\""' }).model).toBe('Pixel "8"');
  });

  it("give Chrome's reduced Android UA its real version", () => {
    const device = detectDevice(UA.androidChromeReduced, hints({ "Sec-CH-UA-Platform": '"Android"', "Sec-CH-UA-Platform-Version": '"14.0.0"', "Sec-CH-UA-Mobile": "?1" }));
    expect(device).toMatchObject({ os: "android", osVersion: "14.0.0", formFactor: "phone" });
  });

  it("win over the UA: Sec-CH-UA-Mobile ?0 makes an Android device a tablet", () => {
    expect(detectDevice(UA.androidChrome, hints({ "Sec-CH-UA-Platform": '"Android"', "Sec-CH-UA-Mobile": "?0" })).formFactor).toBe("tablet");
  });

  it("win over a desktop-site UA on Android", () => {
    const device = detectDevice(UA.linuxChrome, hints({ "Sec-CH-UA-Platform": '"Android"', "Sec-CH-UA-Mobile": "?0" }));
    expect(device).toMatchObject({ os: "android", osVersion: null, arch: null, formFactor: "tablet" });
  });

  it("report Windows 11 by its platform version and Windows on ARM by its arch", () => {
    const device = detectDevice(UA.windowsChrome, hints({ "Sec-CH-UA-Platform": '"Windows"', "Sec-CH-UA-Platform-Version": '"15.0.0"', "Sec-CH-UA-Arch": '"arm"', "Sec-CH-UA-Bitness": '"64"' }));
    expect(device).toMatchObject({ os: "windows", osVersion: "15.0.0", arch: "arm64" });
  });

  it("keep x64 and x86 apart by bitness", () => {
    const h = (bitness: string) => hints({ "Sec-CH-UA-Platform": '"Windows"', "Sec-CH-UA-Arch": '"x86"', "Sec-CH-UA-Bitness": `"${bitness}"` });
    expect(detectDevice(UA.windowsChrome, h("64")).arch).toBe("x64");
    expect(detectDevice(UA.windowsChrome, h("32")).arch).toBe("x86");
  });

  it("tell Apple Silicon from Intel Macs", () => {
    const arm = detectDevice(UA.macChrome, hints({ "Sec-CH-UA-Platform": '"macOS"', "Sec-CH-UA-Platform-Version": '"14.4.1"', "Sec-CH-UA-Arch": '"arm"' }));
    expect(arm).toMatchObject({ os: "macos", osVersion: "14.4.1", arch: "arm64", maybeIpad: false });
    const intel = detectDevice(UA.macChrome, hints({ "Sec-CH-UA-Platform": '"macOS"', "Sec-CH-UA-Arch": '"x86"', "Sec-CH-UA-Bitness": '"64"' }));
    expect(intel).toMatchObject({ os: "macos", osVersion: null, arch: "x64" });
  });

  it("are ignored next to a Safari or Firefox user agent, which never sends them", () => {
    expect(detectDevice(UA.ipadDesktopSafari, hints({ "Sec-CH-UA-Platform": '"macOS"' })).maybeIpad).toBe(true);
    expect(detectDevice(UA.iphoneSafari, hints({ "Sec-CH-UA-Platform": '"Linux"', "Sec-CH-UA-Mobile": "?0" }))).toMatchObject({ os: "ios", formFactor: "phone" });
  });

  it("map Chrome OS and Linux", () => {
    expect(detectDevice(UA.chromeOs, hints({ "Sec-CH-UA-Platform": '"Chrome OS"' })).os).toBe("chromeos");
    expect(detectDevice(UA.linuxChrome, hints({ "Sec-CH-UA-Platform": '"Linux"', "Sec-CH-UA-Arch": '"arm"' }))).toMatchObject({ os: "linux", arch: "arm64" });
  });

  it("ignore unknown platforms and malformed versions", () => {
    expect(detectDevice(UA.windowsChrome, hints({ "Sec-CH-UA-Platform": '"Unknown"', "Sec-CH-UA-Platform-Version": '"<script>"' }))).toMatchObject({
      os: "windows",
      osVersion: "10.0",
    });
  });

  it("do not turn a bot into a device", () => {
    expect(detectDevice(UA.googlebot, hints({ "Sec-CH-UA-Platform": '"Android"' })).os).toBe("unknown");
  });
});

describe("primaryPlatformFor", () => {
  it.each([
    [UA.iphoneSafari, "ios"],
    [UA.ipadOld, "ios"],
    [UA.ipadDesktopChrome, "ios"],
    [UA.androidChrome, "android_apk"],
    [UA.ipadDesktopSafari, "macos"],
    [UA.windowsChrome, "windows"],
    [UA.linuxFirefox, "linux"],
    [UA.chromeOs, null],
    [UA.googlebot, null],
  ])("maps %s to %s", (ua, platform) => {
    expect(primaryPlatformFor(detectDevice(ua))).toBe(platform);
  });
});

describe("rankArtifactsForDevice", () => {
  const file = (filename: string, metadata: Record<string, unknown> = {}) => ({ filename, metadata, id: filename });
  const names = (device: Device, items: ReturnType<typeof file>[]) => rankArtifactsForDevice(device, items).map((i) => i.filename);
  const windowsX64 = detectDevice(UA.windowsChrome);
  const windowsArm = detectDevice(UA.windowsChrome, { platform: '"Windows"', arch: '"arm"', bitness: '"64"' });

  const windowsFiles = [file("App-Setup-arm64.exe", { machine: "arm64" }), file("App-Setup-ia32.exe", { machine: "x86" }), file("App.msi", { architecture: "x64" }), file("App-portable.zip")];

  it("puts the device's own architecture first, then unknown, emulated and foreign builds", () => {
    expect(names(windowsX64, windowsFiles)).toEqual(["App.msi", "App-portable.zip", "App-Setup-ia32.exe", "App-Setup-arm64.exe"]);
    expect(names(windowsArm, windowsFiles)).toEqual(["App-Setup-arm64.exe", "App-portable.zip", "App.msi", "App-Setup-ia32.exe"]);
  });

  it("prefers metadata over filename tokens", () => {
    expect(names(windowsX64, [file("App-arm64.exe", { machine: "x64" }), file("App-x64.exe", { machine: "arm64" })])).toEqual(["App-arm64.exe", "App-x64.exe"]);
  });

  it("reads architecture tokens from filenames", () => {
    const linux = detectDevice(UA.linuxFirefox);
    const files = [file("app-1.0-aarch64.AppImage"), file("app-1.0-armv7l.AppImage"), file("app-1.0-x86_64.AppImage"), file("app_1.0_amd64.deb"), file("app-1.0-x86-64.tar.gz")];
    expect(names(linux, files)).toEqual(["app-1.0-x86_64.AppImage", "app_1.0_amd64.deb", "app-1.0-x86-64.tar.gz", "app-1.0-aarch64.AppImage", "app-1.0-armv7l.AppImage"]);
  });

  it("puts universal builds first on a Mac of unknown architecture and second after a native one", () => {
    const files = [file("App-1.0-x64.dmg"), file("App-1.0-arm64.dmg"), file("App-1.0-universal.dmg"), file("App-1.0.pkg")];
    expect(names(detectDevice(UA.ipadDesktopSafari), files)).toEqual(["App-1.0-universal.dmg", "App-1.0-x64.dmg", "App-1.0-arm64.dmg", "App-1.0.pkg"]);
    const appleSilicon = detectDevice(UA.macChrome, { platform: '"macOS"', arch: '"arm"' });
    expect(names(appleSilicon, files)).toEqual(["App-1.0-arm64.dmg", "App-1.0-universal.dmg", "App-1.0.pkg", "App-1.0-x64.dmg"]);
  });

  it("understands Debian, RPM and MSIX architecture names", () => {
    const linuxArm = detectDevice(UA.linuxArmFirefox);
    const files = [file("a.rpm", { arch: "x86_64" }), file("b.deb", { architecture: "all" }), file("c.rpm", { arch: "aarch64" }), file("d.deb", { architecture: "i386" })];
    expect(names(linuxArm, files)).toEqual(["c.rpm", "b.deb", "a.rpm", "d.deb"]);
    expect(names(windowsX64, [file("a.msix", { processorArchitecture: "arm64" }), file("b.msix", { processorArchitecture: "neutral" })])).toEqual(["b.msix", "a.msix"]);
  });

  it("puts the distribution's package format first within an architecture", () => {
    const files = [
      file("app.x86_64.rpm", { arch: "x86_64" }),
      file("app.AppImage", { arch: "x86_64" }),
      file("app_amd64.deb", { architecture: "amd64" }),
      file("app_arm64.deb", { architecture: "arm64" }),
    ];
    expect(names(detectDevice(UA.ubuntuFirefox), files)).toEqual(["app_amd64.deb", "app.x86_64.rpm", "app.AppImage", "app_arm64.deb"]);
    expect(names(detectDevice(UA.fedoraFirefox), files)).toEqual(["app.x86_64.rpm", "app.AppImage", "app_amd64.deb", "app_arm64.deb"]);
  });

  it("is stable, keeps extra fields and leaves the input alone", () => {
    const files = [file("b.exe"), file("a.exe"), file("c.exe")];
    const ranked = rankArtifactsForDevice(windowsX64, files);
    expect(ranked.map((f) => f.id)).toEqual(["b.exe", "a.exe", "c.exe"]);
    expect(ranked).not.toBe(files);
    expect(rankArtifactsForDevice(detectDevice(""), windowsFiles)).toEqual(windowsFiles);
  });

  it("survives odd metadata values", () => {
    const files = [file("x.exe", { arch: 42, machine: null }), file("y-x64.exe", { architecture: ["x64"] })];
    expect(names(windowsX64, files)).toEqual(["y-x64.exe", "x.exe"]);
  });
});
