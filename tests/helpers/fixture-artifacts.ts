import type { Platform } from "@/domain/platform";

/** Every real artifact fixture (under ../shared/fixtures) with the platform it is uploaded as. */
export const FIXTURE_ARTIFACTS: [string, Platform][] = [
  ["android/hello.apk", "android_apk"],
  ["android/hello-v2only.apk", "android_apk"],
  ["android/adaptive-icon-only.apk", "android_apk"],
  ["ios/Hello.ipa", "ios"],
  ["linux/hello_2.10-3_amd64.deb", "linux"],
  ["linux/hello-fixture_1.2.3-42_amd64.deb", "linux"],
  ["linux/hello-fixture-1.2.3-42.x86_64.rpm", "linux"],
  ["linux/Hello_Fixture-1.2.3-x86_64.AppImage", "linux"],
  ["windows/hello-fixture-1.2.3.msi", "windows"],
  ["windows/HelloFixture-Setup-1.2.3.exe", "windows"],
  ["windows/HelloFixture-Setup-1.2.3-signed.exe", "windows"],
  ["windows/HelloFixture-1.2.3.0-x64.msix", "windows"],
  ["macos/test.dmg", "macos"],
];
