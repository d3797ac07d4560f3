import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "@/server/http/same-origin";

const PUBLIC = "https://apps.example.test";
const refusal = (headers: Record<string, string>) => crossSiteRefusal(new Headers(headers), PUBLIC);

describe("crossSiteRefusal", () => {
  it("lets requests from Shipyard's own pages through", () => {
    expect(refusal({ origin: PUBLIC, "sec-fetch-site": "same-origin" })).toBeNull();
    expect(refusal({ origin: PUBLIC })).toBeNull();
    // Opened by another name (the bind address, an internal host): the browser says so in Host.
    expect(refusal({ origin: "http://10.0.0.5:3000", host: "10.0.0.5:3000", "sec-fetch-site": "same-origin" })).toBeNull();
  });

  it("lets clients that are not browsers through: they send no Origin and hold no cookies", () => {
    expect(refusal({})).toBeNull();
    expect(refusal({ "sec-fetch-site": "none" })).toBeNull();
  });

  it("refuses foreign origins and cross-site or same-site fetches", () => {
    expect(refusal({ origin: "https://evil.example" })).toMatch(/Origin: https:\/\/evil\.example/);
    expect(refusal({ origin: "https://evil.example", host: "apps.example.test" })).not.toBeNull();
    expect(refusal({ origin: "null" })).not.toBeNull();
    expect(refusal({ "sec-fetch-site": "cross-site" })).toMatch(/cross-site/);
    expect(refusal({ "sec-fetch-site": "same-site", origin: "https://user-content.example.test" })).toMatch(/same-site/);
    // The right Origin does not excuse a browser saying the request came from elsewhere.
    expect(refusal({ origin: PUBLIC, "sec-fetch-site": "cross-site" })).not.toBeNull();
    expect(refusal({ origin: "http://apps.example.test" })).not.toBeNull();
  });
});
