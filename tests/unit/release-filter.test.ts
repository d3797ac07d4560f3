import { describe, expect, it } from "vitest";
import { isFiltered, releaseFilterSchema, releaseListHref, releaseListQueryFromParams } from "@/domain/release-filter";

describe("the releases list's URL filter", () => {
  it("reads every field of the GET form, ignoring blanks", () => {
    expect(releaseListQueryFromParams({ channel: "beta", platform: "ios", status: "invalid", q: " 1.2 ", cursor: "0197a-b" })).toEqual({
      filter: { channel: "beta", platform: "ios", validationStatus: "invalid", search: "1.2" },
      cursor: "0197a-b",
      ignored: [],
    });
    expect(releaseListQueryFromParams({ channel: "", platform: "", status: "", q: "  " })).toEqual({ filter: {}, cursor: undefined, ignored: [] });
    expect(releaseListQueryFromParams({ platform: ["android_apk", "ios"] }).filter).toEqual({ platform: "android_apk" });
  });

  it("drops what cannot be a filter with a notice instead of failing", () => {
    const query = releaseListQueryFromParams({ platform: "blackberry", status: "great", channel: "Not A Channel", cursor: "../../etc" });
    expect(query.filter).toEqual({});
    expect(query.cursor).toBeUndefined();
    expect(query.ignored).toEqual([
      '"Not A Channel" is not a channel name, so the channel filter was ignored.',
      'Unknown platform "blackberry" ignored: showing every platform.',
      'Unknown validation status "great" ignored: showing every status.',
    ]);
    const long = releaseListQueryFromParams({ q: "9".repeat(150) });
    expect(long.filter.search).toHaveLength(100);
    expect(long.ignored).toEqual(["The search was cut to its first 100 characters."]);
  });

  it("quotes a refused value short and with its hidden characters shown, whatever the URL held", () => {
    const query = releaseListQueryFromParams({ channel: "x".repeat(10_000), platform: "ios\u202Egpj.exe", status: "ok\u0000\n" });
    expect(query.filter).toEqual({});
    expect(query.ignored).toHaveLength(3);
    for (const notice of query.ignored) expect(notice.length).toBeLessThan(120);
    expect(query.ignored[0]).toBe(`"${"x".repeat(40)}…" is not a channel name, so the channel filter was ignored.`);
    expect(query.ignored[1]).toBe('Unknown platform "ios\uFFFDgpj.exe" ignored: showing every platform.');
    expect(query.ignored[2]).toBe('Unknown validation status "ok\uFFFD" ignored: showing every status.');
  });

  it("writes the filter back into a URL, cursor last, leaving empty fields out", () => {
    const base = "/admin/apps/hello/releases";
    expect(releaseListHref(base, {})).toBe(base);
    expect(releaseListHref(base, { platform: "ios", search: "1.2 beta" }, "abc")).toBe(`${base}?platform=ios&q=1.2+beta&cursor=abc`);
    const round = releaseListQueryFromParams(Object.fromEntries(new URL(releaseListHref(base, { channel: "beta", validationStatus: "pending" }, "c1"), "http://x").searchParams));
    expect(round).toEqual({ filter: { channel: "beta", validationStatus: "pending" }, cursor: "c1", ignored: [] });
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ search: "1" })).toBe(true);
  });

  it("validates the API's filter with the domain's words", () => {
    expect(releaseFilterSchema.parse({ search: "   " })).toEqual({});
    const bad = releaseFilterSchema.safeParse({ platform: "symbian", validationStatus: "ok" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      'unknown platform "symbian"; expected one of ios, android_apk, macos, linux, windows',
      'validation status "ok" must be one of pending, valid, invalid',
    ]);
  });
});
