// Pure parts of the app forms: the slug suggested from a name, field errors read from a tRPC error,
// and the bundle ids a form sends.
import { describe, expect, it } from "vitest";
import { bundleIdDraft, bundleIdsToSave } from "@/components/admin/apps/bundle-id-fields";
import { formErrorsOf, withoutField } from "@/components/admin/apps/form-errors";
import { slugSchema } from "@/domain/slug";
import { slugFromName } from "@/domain/slug-suggestion";

describe("slugFromName", () => {
  it("turns a name into a slug the server accepts", () => {
    expect(slugFromName("Hello World")).toBe("hello-world");
    expect(slugFromName("  Crème Brûlée — Beta!  ")).toBe("creme-brulee-beta");
    expect(slugFromName("App__2.0 (iOS)")).toBe("app-2-0-ios");
    for (const name of ["Hello World", "Crème Brûlée", `${"a".repeat(63)} b`, "x-".repeat(40)]) {
      expect(slugSchema.safeParse(slugFromName(name)).success, name).toBe(true);
    }
  });

  it("never ends on a hyphen after cutting to 64 characters", () => {
    const slug = slugFromName(`${"a".repeat(63)} tail`);
    expect(slug).toBe("a".repeat(63));
    expect(slugFromName("!!!")).toBe("");
  });
});

/** What the tRPC client throws, with the error formatter's data.domain. */
const trpcError = (message: string, domain?: unknown) => Object.assign(new Error(message), { data: { code: "BAD_REQUEST", ...(domain !== undefined && { domain }) } });

describe("formErrorsOf", () => {
  const fields = ["slug", "displayName", "bundleIds.ios"];

  it("puts each issue next to its field, as a sentence", () => {
    const error = trpcError("…", {
      code: "INVALID",
      issues: [
        { path: "slug", message: 'slug "admin" is reserved' },
        { path: "bundleIds.ios", message: 'ios bundle id "x y" is not a reverse-DNS bundle identifier' },
      ],
    });
    // The platform's code leaves a bundle id message: the field's label ("iOS bundle ID") names it.
    expect(formErrorsOf(error, fields)).toEqual({ fields: { slug: 'Slug "admin" is reserved.', "bundleIds.ios": '"x y" is not a reverse-DNS bundle identifier.' }, form: null });
  });

  it("finds the field under the input's nesting, and keeps issues without a field for the form line", () => {
    const error = trpcError("…", {
      code: "INVALID",
      issues: [
        { path: "patch.displayName", message: "display name must not be empty" },
        { path: "patch.bundleIds.ios", message: "ios bundle id must not be empty" },
        { path: "patch", message: "nothing to update" },
      ],
    });
    expect(formErrorsOf(error, fields)).toEqual({ fields: { displayName: "Display name must not be empty.", "bundleIds.ios": "Must not be empty." }, form: "Nothing to update." });
  });

  it("falls back to the message when the error names no field", () => {
    expect(formErrorsOf(trpcError("admin role required"), fields)).toEqual({ fields: {}, form: "Admin role required." });
    expect(formErrorsOf(new TypeError("Failed to fetch"), fields)).toEqual({ fields: {}, form: "Failed to fetch." });
  });

  it("drops one field's message when that field is edited", () => {
    const errors = { fields: { slug: "Taken.", displayName: "Empty." }, form: null };
    expect(withoutField(errors, "slug")).toEqual({ fields: { displayName: "Empty." }, form: null });
    expect(withoutField(errors, "visibility")).toBe(errors);
  });
});

describe("bundle ids of the forms", () => {
  it("sends trimmed ids and leaves blank platforms out (an update then removes them)", () => {
    const draft = { ...bundleIdDraft({ ios: "com.example.app", android_apk: "com.example.old" }), android_apk: "  ", linux: " example-app " };
    expect(bundleIdsToSave(draft)).toEqual({ ios: "com.example.app", linux: "example-app" });
  });
});
