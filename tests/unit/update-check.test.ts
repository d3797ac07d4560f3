import { describe, expect, it } from "vitest";
import { decideUpdate, udidSchema, updateCheckQuerySchema, type UpdateDecisionInput } from "@/domain/update-check";

const UDID = "00008030-001A35E22E88802E";
const LEGACY_UDID = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

function input(overrides: Partial<UpdateDecisionInput> = {}): UpdateDecisionInput {
  return { currentBuild: "41", offered: { build: "42" }, artifactMetadata: {}, minimumSupportedBuild: null, udid: null, ...overrides };
}

function adHoc(devices: unknown[], type = "ad-hoc"): Record<string, unknown> {
  return { bundleId: "com.example.app", provisioning: { type, provisionedDevices: devices, provisionsAllDevices: false } };
}

describe("decideUpdate", () => {
  it("is up to date when the channel offers nothing", () => {
    expect(decideUpdate(input({ offered: null }))).toEqual({ kind: "up_to_date" });
  });

  it("is up to date when the offered build is not greater", () => {
    expect(decideUpdate(input({ currentBuild: "42" }))).toEqual({ kind: "up_to_date" });
    expect(decideUpdate(input({ currentBuild: "43" }))).toEqual({ kind: "up_to_date" });
    // Builds compare numerically, component by component, and "1.0" equals "1".
    expect(decideUpdate(input({ currentBuild: "1.0", offered: { build: "1" } }))).toEqual({ kind: "up_to_date" });
    expect(decideUpdate(input({ currentBuild: "100", offered: { build: "99" } }))).toEqual({ kind: "up_to_date" });
  });

  it("offers an update when the offered build is greater", () => {
    expect(decideUpdate(input())).toEqual({ kind: "update", mandatory: false });
    expect(decideUpdate(input({ currentBuild: "99", offered: { build: "100" } }))).toEqual({ kind: "update", mandatory: false });
    expect(decideUpdate(input({ currentBuild: "1.2.9", offered: { build: "1.2.10" } }))).toEqual({ kind: "update", mandatory: false });
  });

  it("makes the update mandatory for a build below the channel's minimum", () => {
    expect(decideUpdate(input({ currentBuild: "39", minimumSupportedBuild: "40" }))).toEqual({ kind: "update", mandatory: true });
    expect(decideUpdate(input({ currentBuild: "40", minimumSupportedBuild: "40" }))).toEqual({ kind: "update", mandatory: false });
    expect(decideUpdate(input({ currentBuild: "41", minimumSupportedBuild: "40" }))).toEqual({ kind: "update", mandatory: false });
    // Still mandatory when even the offered build is below the minimum: it is a step closer.
    expect(decideUpdate(input({ currentBuild: "30", offered: { build: "35" }, minimumSupportedBuild: "40" }))).toEqual({ kind: "update", mandatory: true });
  });

  it("does not call an up-to-date device's build mandatory", () => {
    expect(decideUpdate(input({ currentBuild: "42", minimumSupportedBuild: "50" }))).toEqual({ kind: "up_to_date" });
  });

  it("tells a device outside an ad hoc or development profile that it is not provisioned", () => {
    for (const type of ["ad-hoc", "development"]) {
      expect(decideUpdate(input({ artifactMetadata: adHoc(["00008101-000A1B2C3D4E5F60"], type), udid: UDID }))).toEqual({ kind: "device_not_provisioned" });
      expect(decideUpdate(input({ artifactMetadata: adHoc([], type), udid: UDID }))).toEqual({ kind: "device_not_provisioned" });
    }
  });

  it("offers the update to a listed device, comparing UDIDs case-insensitively", () => {
    const metadata = adHoc(["00008101-000A1B2C3D4E5F60", UDID.toLowerCase(), LEGACY_UDID.toUpperCase()]);
    expect(decideUpdate(input({ artifactMetadata: metadata, udid: UDID }))).toEqual({ kind: "update", mandatory: false });
    expect(decideUpdate(input({ artifactMetadata: metadata, udid: LEGACY_UDID }))).toEqual({ kind: "update", mandatory: false });
    expect(decideUpdate(input({ artifactMetadata: metadata, udid: ` ${UDID} `, minimumSupportedBuild: "50" }))).toEqual({ kind: "update", mandatory: true });
  });

  it("still offers an ad hoc build when the device did not send its UDID", () => {
    // Apps cannot read their own UDID; a guessed "not provisioned" would hide an installable build.
    expect(decideUpdate(input({ artifactMetadata: adHoc([]), udid: null }))).toEqual({ kind: "update", mandatory: false });
    expect(decideUpdate(input({ artifactMetadata: adHoc([]), udid: "" }))).toEqual({ kind: "update", mandatory: false });
  });

  it("ignores the UDID for profiles that install on any device and for other artifacts", () => {
    const anyDevice = [
      { provisioning: { type: "enterprise", provisionedDevices: [], provisionsAllDevices: true } },
      { provisioning: { type: "app-store", provisionedDevices: [] } },
      { provisioning: { type: "ad-hoc" } },
      { provisioning: { type: "ad-hoc", provisionedDevices: "not a list" } },
      { provisioning: null },
      { provisioning: "ad-hoc" },
      { packageName: "com.example.app", versionCode: 42 },
      {},
      null,
    ];
    for (const artifactMetadata of anyDevice) {
      expect(decideUpdate(input({ artifactMetadata, udid: UDID }))).toEqual({ kind: "update", mandatory: false });
    }
  });

  it("skips non-string entries of a device list", () => {
    expect(decideUpdate(input({ artifactMetadata: adHoc([42, null, { udid: UDID }]), udid: UDID }))).toEqual({ kind: "device_not_provisioned" });
    expect(decideUpdate(input({ artifactMetadata: adHoc([42, UDID]), udid: UDID }))).toEqual({ kind: "update", mandatory: false });
  });

  it("checks the build before provisioning: an up-to-date unlisted device is just up to date", () => {
    expect(decideUpdate(input({ currentBuild: "42", artifactMetadata: adHoc([]), udid: UDID }))).toEqual({ kind: "up_to_date" });
  });
});

describe("updateCheckQuerySchema", () => {
  const params = (query: string) => Object.fromEntries(new URLSearchParams(query));

  it("parses a full query string", () => {
    const parsed = updateCheckQuerySchema.parse(params(`platform=ios&currentBuild=41&channel=beta&deviceId=8F14E45F-CEEA-467F-A0E6-1B7C4F8E9D2A&udid=${UDID}&osVersion=17.4&bundleId=com.x`));
    expect(parsed).toEqual({
      platform: "ios",
      currentBuild: "41",
      channel: "beta",
      deviceId: "8F14E45F-CEEA-467F-A0E6-1B7C4F8E9D2A",
      udid: UDID,
      osVersion: "17.4",
    });
  });

  it("defaults the channel to stable and leaves the optional fields out", () => {
    expect(updateCheckQuerySchema.parse(params("platform=android_apk&currentBuild=7"))).toEqual({ platform: "android_apk", currentBuild: "7", channel: "stable" });
  });

  it("treats empty optional parameters as absent", () => {
    const parsed = updateCheckQuerySchema.parse(params("platform=ios&currentBuild=1&deviceId=&udid=&osVersion="));
    expect(parsed.deviceId).toBeUndefined();
    expect(parsed.udid).toBeUndefined();
    expect(parsed.osVersion).toBeUndefined();
  });

  it.each([
    ["desktop platform", "platform=macos&currentBuild=1"],
    ["unknown platform", "platform=symbian&currentBuild=1"],
    ["missing platform", "currentBuild=1"],
    ["missing build", "platform=ios"],
    ["display version as build", "platform=ios&currentBuild=1.2.3-beta"],
    ["zero build", "platform=ios&currentBuild=0"],
    ["bad channel", "platform=ios&currentBuild=1&channel=Beta!"],
    ["empty channel", "platform=ios&currentBuild=1&channel="],
    ["reserved channel", "platform=ios&currentBuild=1&channel=releases"],
    ["bad device id", "platform=ios&currentBuild=1&deviceId=has space"],
    ["long device id", `platform=ios&currentBuild=1&deviceId=${"a".repeat(129)}`],
    ["bad udid", "platform=ios&currentBuild=1&udid=not-a-udid"],
    ["long osVersion", `platform=ios&currentBuild=1&osVersion=${"1".repeat(33)}`],
  ])("rejects a %s", (_, query) => {
    expect(updateCheckQuerySchema.safeParse(params(query)).success).toBe(false);
  });

  it("names desktop feeds when the platform has no update check", () => {
    const result = updateCheckQuerySchema.safeParse(params("platform=windows&currentBuild=1"));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("update feeds");
  });
});

describe("udidSchema", () => {
  it.each([UDID, UDID.toLowerCase(), LEGACY_UDID, LEGACY_UDID.toUpperCase(), ` ${UDID}\n`])("accepts %j", (udid) => {
    expect(udidSchema.parse(udid)).toBe(udid.trim());
  });

  it.each([
    "",
    "00008030001A35E22E88802E",
    "00008030-001A35E22E88802",
    "0000803-0001A35E22E88802E",
    "00008030-001A35E22E88802G",
    LEGACY_UDID.slice(1),
    `${LEGACY_UDID}0`,
    "a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90",
  ])("rejects %j", (udid) => {
    expect(udidSchema.safeParse(udid).success).toBe(false);
  });
});
