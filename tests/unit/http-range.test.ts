import { describe, expect, it } from "vitest";
import { contentDisposition, etagMatches, parseRange } from "@/server/http/range";

describe("Range header", () => {
  it.each([
    [null, { kind: "full" }],
    ["bytes=0-0", { kind: "partial", start: 0, end: 0 }],
    ["bytes=0-99", { kind: "partial", start: 0, end: 99 }],
    ["bytes=100-", { kind: "partial", start: 100, end: 999 }],
    ["bytes=-1", { kind: "partial", start: 999, end: 999 }],
    ["bytes=-100", { kind: "partial", start: 900, end: 999 }],
    ["bytes=-5000", { kind: "partial", start: 0, end: 999 }],
    ["bytes=500-5000", { kind: "partial", start: 500, end: 999 }],
    ["bytes=999-999", { kind: "partial", start: 999, end: 999 }],
    ["bytes=0-1,5-6", { kind: "full" }],
    ["items=0-5", { kind: "full" }],
    ["bytes=1000-", { kind: "unsatisfiable" }],
    ["bytes=5-2", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    ["bytes=-", { kind: "unsatisfiable" }],
    ["bytes=abc", { kind: "unsatisfiable" }],
  ])("%j on 1000 bytes → %j", (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});

describe("Content-Disposition", () => {
  it.each([
    ["hello.apk", `attachment; filename="hello.apk"; filename*=UTF-8''hello.apk`],
    ["Café Ünïcode.ipa", `attachment; filename="Caf_ _n_code.ipa"; filename*=UTF-8''Caf%C3%A9%20%C3%9Cn%C3%AFcode.ipa`],
    ['we"ird\\name%.deb', `attachment; filename="we_ird_name_.deb"; filename*=UTF-8''we%22ird%5Cname%25.deb`],
    ["日本語.apk", `attachment; filename="___.apk"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.apk`],
  ])("%j", (name, expected) => expect(contentDisposition(name)).toBe(expected));
});

describe("If-None-Match", () => {
  const etag = '"abc"';
  it.each([
    [null, false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ["*", true],
    ['"abd"', false],
  ])("%j → %j", (header, expected) => expect(etagMatches(header, etag)).toBe(expected));
});
