import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Button, Callout, EmptyState, Input, Pager, Select, Table } from "@/components/ui";

// Server-rendered markup of the primitives: the accessibility wiring is in the HTML, so check it there.
describe("ui primitives", () => {
  it("links an input to its hint and error and marks it invalid", () => {
    const html = renderToStaticMarkup(h(Input, { id: "slug", label: "Slug", hint: "Lowercase letters", error: "Already taken" }));
    expect(html).toContain('<label for="slug"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="slug-hint slug-error"');
    expect(html).toContain('id="slug-error"');
  });

  it("leaves a plain input without aria-invalid or describedby", () => {
    const html = renderToStaticMarkup(h(Input, { id: "name", label: "Name" }));
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("aria-describedby");
  });

  it("keeps a caller's own aria-describedby beside the hint", () => {
    const html = renderToStaticMarkup(h(Select, { id: "ch", hint: "h", "aria-describedby": "extra" }, h("option", null, "beta")));
    expect(html).toContain('aria-describedby="extra ch-hint"');
  });

  it("makes buttons type=button unless told otherwise", () => {
    expect(renderToStaticMarkup(h(Button, null, "Go"))).toContain('type="button"');
    expect(renderToStaticMarkup(h(Button, { type: "submit", variant: "danger" }, "Delete"))).toContain('type="submit"');
  });

  it("renders one table with a mobile label per cell, and the empty node when there are no rows", () => {
    const columns = [
      { key: "name", header: "Name", cell: (r: { id: string }) => r.id },
      { key: "size", header: "Size", cell: () => "1 MB", hideOnMobile: true },
    ];
    const html = renderToStaticMarkup(h(Table<{ id: string }>, { columns, rows: [{ id: "a" }, { id: "b" }], rowKey: (r) => r.id, "data-testid": "t" }));
    expect(html.match(/<table/g)).toHaveLength(1);
    expect(html.match(/<tr/g)).toHaveLength(3);
    expect(html).toContain('data-testid="t"');
    const tagged = renderToStaticMarkup(h(Table<{ id: string }>, { columns, rows: [{ id: "a" }], rowKey: (r) => r.id, rowTestId: () => "row", rowData: (r) => ({ "data-id": r.id }) }));
    expect(tagged).toMatch(/<tr data-id="a" data-testid="row"/);
    const empty = renderToStaticMarkup(
      h(Table<{ id: string }>, { columns, rows: [], rowKey: (r) => r.id, empty: h(EmptyState, { title: "No apps", description: "Create one.", "data-testid": "none" }) }),
    );
    expect(empty).not.toContain("<table");
    expect(empty).toContain('data-testid="none"');
  });

  it("gives a callout its tone but no role unless the caller sets one", () => {
    const plain = renderToStaticMarkup(h(Callout, { tone: "warning" }, "Careful"));
    expect(plain).not.toContain("role=");
    expect(plain).toContain("bg-amber-50");
    const props = { tone: "danger", role: "alert", "data-testid": "refusal" } as const;
    const alert = renderToStaticMarkup(h(Callout, props, "Refused"));
    expect(alert).toContain('role="alert"');
    expect(alert).toContain('data-testid="refusal"');
    expect(alert).toContain("bg-red-50");
  });

  it("pages with a first and a next link, keeping next on the right, and nothing for a single page", () => {
    expect(renderToStaticMarkup(h(Pager, { label: "Apps pages", first: null, next: null }))).toBe("");
    const onlyNext = renderToStaticMarkup(h(Pager, { label: "Apps pages", first: null, next: { href: "/admin?cursor=c1", label: "Older →", testId: "older" } }));
    expect(onlyNext).toMatch(/^<nav aria-label="Apps pages"[^>]*><span><\/span><a [^>]*>Older →<\/a><\/nav>$/);
    expect(onlyNext).toContain('href="/admin?cursor=c1"');
    expect(onlyNext).toContain('data-testid="older"');
    const attributes = { "data-testid": "pages" };
    const both = renderToStaticMarkup(h(Pager, { label: "Apps pages", first: { href: "/admin", label: "← Newest" }, next: null, ...attributes }));
    expect(both).toContain('data-testid="pages"');
    expect(both).toContain('href="/admin"');
    expect(both).not.toContain("<span>");
  });
});
