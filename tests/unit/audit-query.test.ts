import { describe, expect, it } from "vitest";
import { auditHref, parseAuditQuery } from "@/domain/audit-query";
import { DomainError } from "@/domain/errors";

const parse = (search: string) => parseAuditQuery(new URLSearchParams(search));

/** The INVALID error's issues as "param: message", or null when the query is accepted. */
function issues(search: string): string[] | null {
  try {
    parse(search);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("INVALID");
    return ((error as DomainError).details.issues ?? []).map((i) => `${i.path}: ${i.message}`);
  }
}

describe("parseAuditQuery", () => {
  it("reads every filter, the page and the export format", () => {
    expect(parse("app=my-app&actor=user:0190-ab&action=channel.promote&targetType=channel&targetId=c1&from=2026-01-02&to=2026-01-03&cursor=0190abc&limit=5&format=csv")).toEqual({
      app: "my-app",
      filter: {
        actor: "user:0190-ab",
        action: "channel.promote",
        targetType: "channel",
        targetId: "c1",
        from: new Date("2026-01-02T00:00:00Z"),
        to: new Date("2026-01-04T00:00:00Z"),
      },
      page: { cursor: "0190abc", limit: 5 },
      format: "csv",
    });
  });

  it("treats blank fields (an empty form) as absent and defaults the page size", () => {
    expect(parse("app=&actor=&action=&targetType=&targetId=&from=&to=&cursor=&limit=&format=")).toEqual({ filter: {}, page: { limit: 50 } });
    expect(parse("")).toEqual({ filter: {}, page: { limit: 50 } });
    expect(parse("action=%20app.create%20").filter.action).toBe("app.create");
  });

  it("ignores parameters it does not know", () => {
    expect(parse("utm_source=x&page=3")).toEqual({ filter: {}, page: { limit: 50 } });
  });

  it("reads a day as the whole day in UTC and a time with its zone", () => {
    expect(parse("from=2026-03-01&to=2026-03-01").filter).toEqual({ from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-03-02T00:00:00Z") });
    expect(parse("from=2026-03-01T10:00:00%2B02:00&to=2026-03-01T12:30:00.5Z").filter).toEqual({
      from: new Date("2026-03-01T08:00:00Z"),
      to: new Date("2026-03-01T12:30:00.500Z"),
    });
    expect(parse("to=2024-02-29").filter.to).toEqual(new Date("2024-03-01T00:00:00Z"));
  });

  it.each([
    ["from=2026-02-30", "from: 2026-02-30 is not a day of the calendar"],
    ["to=2025-02-29", "to: 2025-02-29 is not a day of the calendar"],
    ["from=2026-13-01", "from: 2026-13-01 is not a day of the calendar"],
    ["from=yesterday", "from: must be a date (YYYY-MM-DD) or an ISO 8601 time with a time zone, such as 2026-01-31T12:00:00Z"],
    ["from=2026-01-01T10:00:00", "from: must be a date (YYYY-MM-DD) or an ISO 8601 time with a time zone, such as 2026-01-31T12:00:00Z"],
    ["from=1767225600000", "from: must be a date (YYYY-MM-DD) or an ISO 8601 time with a time zone, such as 2026-01-31T12:00:00Z"],
    ["from=2026-01-02&to=2026-01-01", "to: must be after from"],
    ["from=2026-01-02T00:00:00Z&to=2026-01-02T00:00:00Z", "to: must be after from"],
    ["targetType=bogus", "targetType: must be one of app, release, artifact, channel, token, user, blob, upload, share_link, webhook, invitation, tester_group"],
    ["targetType=constructor", "targetType: must be one of app, release, artifact, channel, token, user, blob, upload, share_link, webhook, invitation, tester_group"],
    ["targetId=x", "targetType: choose a target type to filter by target id"],
    ["actor=admin", "actor: must be system, user:<id> or token:<id>"],
    ["actor=user:", "actor: must be system, user:<id> or token:<id>"],
    ["actor=user:a%20b", "actor: must be system, user:<id> or token:<id>"],
    ["action=DROP%20TABLE", "action: must be a dotted name such as app.create"],
    ["action=app", "action: must be a dotted name such as app.create"],
    ["app=../etc", "app: must be an app's slug or id"],
    ["app=a%25b", "app: must be an app's slug or id"],
    ["cursor=1%20OR%201=1", "cursor: must be the nextCursor of a previous page"],
    ["limit=0", "limit: must be a whole number from 1 to 100"],
    ["limit=101", "limit: must be a whole number from 1 to 100"],
    ["limit=-1", "limit: must be a whole number from 1 to 100"],
    ["limit=1.5", "limit: must be a whole number from 1 to 100"],
    ["limit=1e2", "limit: must be a whole number from 1 to 100"],
    ["limit=99999999999", "limit: is too long (at most 10 characters)"],
    ["format=xml", "format: must be jsonl or csv"],
    ["format=JSONL", "format: must be jsonl or csv"],
    ["action=app.create&action=app.delete", "action: give it only once"],
  ])("refuses %s", (search, expected) => {
    expect(issues(search)).toEqual([expected]);
  });

  it("refuses 10 KB values before reading them, naming the limit", () => {
    for (const name of ["app", "actor", "action", "targetId", "from", "cursor"]) {
      const found = issues(`${name}=${"a".repeat(10_240)}`);
      expect(found).toHaveLength(1);
      expect(found?.[0]).toMatch(new RegExp(`^${name}: is too long \\(at most \\d+ characters\\)$`));
    }
  });

  it("refuses control characters and bidi overrides inside a value", () => {
    for (const bad of ["%00", "%1b[31m", "%7f", "%c2%85", "%e2%80%ae", "%e2%81%a6"]) {
      expect(issues(`targetType=user&targetId=ann${bad}x`)).toEqual(["targetId: must not contain control characters"]);
      expect(issues(`action=app.${bad}create`)).toEqual(["action: must not contain control characters"]);
    }
  });

  it("reports every bad parameter at once, in one message", () => {
    try {
      parse("from=soon&targetType=nope&limit=0");
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).message).toBe(
        "Invalid audit filter: targetType: must be one of app, release, artifact, channel, token, user, blob, upload, share_link, webhook, invitation, tester_group; from: must be a date (YYYY-MM-DD) or an ISO 8601 time with a time zone, such as 2026-01-31T12:00:00Z; limit: must be a whole number from 1 to 100",
      );
    }
  });
});

describe("auditHref", () => {
  const current = new URLSearchParams("app=demo&action=app.create&cursor=c1&limit=5&evil=%3Cscript%3E");

  it("keeps the known parameters, applies the changes and drops the rest", () => {
    expect(auditHref("/admin/audit", current, { cursor: "c2" })).toBe("/admin/audit?app=demo&action=app.create&cursor=c2&limit=5");
    expect(auditHref("/admin/audit", current, { cursor: null })).toBe("/admin/audit?app=demo&action=app.create&limit=5");
    expect(auditHref("/admin/audit/export", current, { cursor: null, limit: null, format: "jsonl" })).toBe("/admin/audit/export?app=demo&action=app.create&format=jsonl");
    expect(auditHref("/admin/audit", new URLSearchParams(), {})).toBe("/admin/audit");
  });

  it("encodes values", () => {
    expect(auditHref("/x", new URLSearchParams(), { targetId: "a&b=c d" })).toBe("/x?targetId=a%26b%3Dc+d");
  });
});
