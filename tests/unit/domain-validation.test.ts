import { describe, expect, it } from "vitest";
import { createAppInputSchema } from "@/domain/app";
import { artifactInputSchema } from "@/domain/artifact";
import { bundleIdProblem } from "@/domain/bundle-id";
import { channelNameSchema, rolloutPercentSchema } from "@/domain/channel";
import { DomainError } from "@/domain/errors";
import { type Platform, platformSchema } from "@/domain/platform";
import { publishReleaseInputSchema } from "@/domain/release";
import { slugSchema } from "@/domain/slug";
import { parseOrThrow } from "@/domain/validate";
import { buildSchema, compareBuilds, versionSchema } from "@/domain/version";

const SHA = "a".repeat(64);

/** The DomainError message for invalid input, or null when the input is accepted. */
function problem(schema: Parameters<typeof parseOrThrow>[0], input: unknown): string | null {
  try {
    parseOrThrow(schema, input);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("INVALID");
    return (error as DomainError).message;
  }
}

describe("slugs", () => {
  it.each([["ab"], ["my-app"], ["app2"], ["2fa-app"], ["a".repeat(64)], ["hello-fixture"]])("accepts %j", (slug) => {
    expect(problem(slugSchema, slug)).toBeNull();
  });

  it.each([
    ["a", "at least 2 characters"],
    ["a".repeat(65), "at most 64 characters"],
    ["My-App", "lowercase letters, digits and single hyphens"],
    ["my_app", "lowercase letters, digits and single hyphens"],
    ["my--app", "lowercase letters, digits and single hyphens"],
    ["-app", "lowercase letters, digits and single hyphens"],
    ["app-", "lowercase letters, digits and single hyphens"],
    ["my app", "lowercase letters, digits and single hyphens"],
    ["app/x", "lowercase letters, digits and single hyphens"],
    ["café", "lowercase letters, digits and single hyphens"],
    ["api", 'slug "api" is reserved'],
    ["admin", 'slug "admin" is reserved'],
    ["_next", "lowercase letters"],
    ["login", 'slug "login" is reserved'],
    ["d", "at least 2 characters"],
    [42, "slug must be a string"],
  ])("rejects %j (%s)", (slug, message) => {
    expect(problem(slugSchema, slug)).toContain(message);
  });
});

describe("versions", () => {
  it.each([["1"], ["1.2"], ["1.2.3"], ["2024.11"], ["1.0.0-beta.2"], ["10.20.30.40"], ["1.0.0-rc1"], ["3.0.0-alpha-1"]])("accepts %j", (version) => expect(problem(versionSchema, version)).toBeNull());

  it.each([
    ["", "must not be empty"],
    ["v1.2.3", "must be 1 to 4 dot-separated numbers"],
    ["1.2.3.4.5", "must be 1 to 4 dot-separated numbers"],
    ["1..2", "must be 1 to 4 dot-separated numbers"],
    ["1.2.", "must be 1 to 4 dot-separated numbers"],
    ["1.2.3-", "must be 1 to 4 dot-separated numbers"],
    ["1.2.3-beta..1", "must be 1 to 4 dot-separated numbers"],
    ["1.2.3+build5", "must be 1 to 4 dot-separated numbers"],
    ["latest", "must be 1 to 4 dot-separated numbers"],
    ["1.2.3 ", "must be 1 to 4 dot-separated numbers"],
    ["1".repeat(65), "at most 64 characters"],
    [1.2, "version must be a string"],
  ])("rejects %j (%s)", (version, message) => {
    expect(problem(versionSchema, version)).toContain(message);
  });
});

describe("builds", () => {
  it.each([["1"], ["42"], ["1.2.3"], ["2024110501"], ["0.1"], ["007"]])("accepts %j", (build) => {
    expect(problem(buildSchema, build)).toBeNull();
  });

  it.each([
    ["", "must not be empty"],
    ["0", "greater than zero"],
    ["0.0", "greater than zero"],
    ["-1", "positive integer or dot-separated numbers"],
    ["1a", "positive integer or dot-separated numbers"],
    ["1.2.3.4.5", "positive integer or dot-separated numbers"],
    ["1.", "positive integer or dot-separated numbers"],
    ["1e5", "positive integer or dot-separated numbers"],
    [42, "build must be a string"],
  ])("rejects %j (%s)", (build, message) => {
    expect(problem(buildSchema, build)).toContain(message);
  });

  it.each([
    ["1", "2", -1],
    ["10", "9", 1],
    ["1.10", "1.9", 1],
    ["1.0", "1", 0],
    ["1.0.1", "1", 1],
    ["007", "7", 0],
    ["123456789012345678", "123456789012345679", -1],
    ["2.0", "10", -1],
  ])("compareBuilds(%j, %j) has sign %i", (a, b, sign) => {
    expect(Math.sign(compareBuilds(a, b))).toBe(sign);
    expect(Math.sign(compareBuilds(b, a))).toBe(sign === 0 ? 0 : -sign);
  });
});

describe("channel names and rollout", () => {
  it.each([["stable"], ["beta"], ["internal"], ["qa-2"], ["canary"]])("accepts %j", (name) => {
    expect(problem(channelNameSchema, name)).toBeNull();
  });

  it.each([
    ["", "must not be empty"],
    ["Beta", "must start with a lowercase letter"],
    ["2beta", "must start with a lowercase letter"],
    ["be_ta", "must start with a lowercase letter"],
    ["beta-", "must start with a lowercase letter"],
    ["b".repeat(33), "at most 32 characters"],
    ["releases", 'channel name "releases" is reserved'],
  ])("rejects %j (%s)", (name, message) => {
    expect(problem(channelNameSchema, name)).toContain(message);
  });

  it.each([[0], [50], [100]])("accepts rollout %j", (n) => expect(problem(rolloutPercentSchema, n)).toBeNull());
  it.each([[-1], [101], [12.5], ["50"]])("rejects rollout %j", (n) => expect(problem(rolloutPercentSchema, n)).not.toBeNull());
});

describe("platforms", () => {
  it.each([["ios"], ["android_apk"], ["macos"], ["linux"], ["windows"]])("accepts %j", (p) => {
    expect(problem(platformSchema, p)).toBeNull();
  });
  it.each([["android"], ["iOS"], ["win"], [""], ["web"]])("rejects %j", (p) => {
    expect(problem(platformSchema, p)).toContain("unknown platform");
  });
});

describe("bundle ids", () => {
  it.each<[Platform, string]>([
    ["ios", "com.example.hello"],
    ["ios", "com.example.Hello-App"],
    ["macos", "io.shipyard.desktop"],
    ["android_apk", "com.example.hello"],
    ["android_apk", "com.example.hello_world2"],
    ["linux", "hello-fixture"],
    ["windows", "HelloFixture"],
  ])("%s accepts %j", (platform, id) => expect(bundleIdProblem(platform, id)).toBeNull());

  it.each<[Platform, string, string]>([
    ["ios", "hello", "not a reverse-DNS bundle identifier"],
    ["ios", "com.example.hello_world", "not a reverse-DNS bundle identifier"],
    ["ios", "com..example", "not a reverse-DNS bundle identifier"],
    ["ios", "", "must not be empty"],
    ["android_apk", "hello", "not a Java package name"],
    ["android_apk", "com.1example.app", "not a Java package name"],
    ["android_apk", "com.example-app.hello", "not a Java package name"],
    ["android_apk", "com.example.class", 'Java keyword "class"'],
    ["linux", "-hello", "may contain only"],
    ["windows", "Hello Fixture", "may contain only"],
    ["ios", `com.${"a".repeat(160)}`, "at most 155 characters"],
  ])("%s rejects %j (%s)", (platform, id, message) => {
    expect(bundleIdProblem(platform, id)).toContain(message);
  });

  it("checks bundle ids per platform inside an app", () => {
    const message = problem(createAppInputSchema, {
      slug: "hello",
      displayName: "Hello",
      bundleIds: { ios: "com.example.hello", android_apk: "com.example.class", symbian: "x" },
    });
    expect(message).toContain("bundleIds.android_apk: android_apk bundle id");
    expect(message).toContain("bundleIds.symbian: unknown platform");
  });
});

describe("apps", () => {
  it("defaults visibility to private and bundle ids to none", () => {
    expect(parseOrThrow(createAppInputSchema, { slug: "hello", displayName: " Hello " })).toEqual({
      slug: "hello",
      displayName: "Hello",
      bundleIds: {},
      visibility: "private",
    });
  });
  it.each([
    [{ slug: "hello", displayName: "" }, "display name must not be empty"],
    [{ slug: "hello", displayName: "x".repeat(101) }, "at most 100 characters"],
    [{ slug: "hello", displayName: "a\u0007b" }, "control characters"],
    [{ slug: "hello", displayName: "Hello", visibility: "secret" }, 'visibility "secret" must be one of public, unlisted, private'],
    [{ displayName: "Hello" }, "slug"],
  ])("rejects %j", (input, message) => expect(problem(createAppInputSchema, input)).toContain(message));
});

describe("artifacts", () => {
  const good = { platform: "android_apk", filename: "hello.apk", sizeBytes: 16876, sha256: SHA };

  it("accepts a valid artifact and defaults its status to pending", () => {
    expect(parseOrThrow(artifactInputSchema, good)).toMatchObject({ validationStatus: "pending", metadata: {} });
  });

  it.each([
    [{ ...good, filename: "../hello.apk" }, "filename must not contain / or \\"],
    [{ ...good, filename: "a\\b.apk" }, "filename must not contain / or \\"],
    [{ ...good, filename: "hello\n.apk" }, "control characters"],
    [{ ...good, filename: "hello.ipa" }, '"hello.ipa" is not a android_apk file'],
    [{ ...good, filename: ".apk" }, "is not a android_apk file"],
    [{ ...good, platform: "ios" }, '"hello.apk" is not a ios file'],
    [{ ...good, sha256: "A".repeat(64) }, "64 lowercase hexadecimal"],
    [{ ...good, sha256: "abc" }, "64 lowercase hexadecimal"],
    [{ ...good, sizeBytes: 0 }, "size must be greater than zero"],
    [{ ...good, sizeBytes: 1.5 }, "whole number of bytes"],
    [{ ...good, validationStatus: "ok" }, "validation status"],
    [{ ...good, contentType: "not a type" }, "type/subtype"],
    [{ ...good, platform: "android" }, "unknown platform"],
  ])("rejects %j", (input, message) => expect(problem(artifactInputSchema, input)).toContain(message));
});

describe("releases", () => {
  const artifact = { platform: "ios", filename: "Hello.ipa", sizeBytes: 43544, sha256: SHA };
  const good = { version: "1.2.3", build: "42", channel: "beta", artifacts: [artifact] };

  it("accepts a valid release", () => {
    expect(parseOrThrow(publishReleaseInputSchema, good)).toMatchObject({ notes: "", promote: false });
  });

  it.each([
    [{ ...good, artifacts: [] }, "at least one artifact"],
    [{ ...good, artifacts: [artifact, artifact] }, "duplicate artifact ios/Hello.ipa"],
    [{ ...good, version: "one" }, "version"],
    [{ ...good, build: "0" }, "greater than zero"],
    [{ ...good, channel: "Beta" }, "channel name"],
    [{ ...good, notes: "x".repeat(20_001) }, "at most 20000 characters"],
    [{ ...good, artifacts: [{ ...artifact, sha256: "z" }] }, "artifacts.0.sha256"],
  ])("rejects %j", (input, message) => expect(problem(publishReleaseInputSchema, input)).toContain(message));
});
