import { describe, expect, it } from "vitest";
import { readJsonBody } from "@/server/http/json-body";
import { readBodyUpTo } from "@/server/http/bounded-body";
import { readSmallForm } from "@/server/http/form-body";

function streamOf(chunks: string[], onCancel: () => void = () => {}): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      const next = chunks[i++];
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
    cancel: onCancel,
  });
}

describe("bounded request bodies", () => {
  it("reads a body up to the limit, chunk by chunk", async () => {
    expect((await readBodyUpTo(streamOf(["ab", "cd"]), 4))?.toString()).toBe("abcd");
  });

  it("stops and cancels the stream as soon as it grows past the limit", async () => {
    let cancelled = false;
    expect(
      await readBodyUpTo(
        streamOf(["ab", "cde", "never read"], () => (cancelled = true)),
        4,
      ),
    ).toBeNull();
    expect(cancelled).toBe(true);
  });

  it("JSON: too large is TOO_LARGE, even when Content-Length lies", async () => {
    const req = new Request("http://x/", { method: "POST", body: streamOf(['{"a":"', "x".repeat(100), '"}']), duplex: "half" } as RequestInit);
    await expect(readJsonBody(req, 50)).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(readJsonBody(new Request("http://x/", { method: "POST", body: '{"a":1}' }), 50)).resolves.toEqual({ a: 1 });
  });

  it("forms: only urlencoded, only small", async () => {
    const form = (body: string, type = "application/x-www-form-urlencoded") => new Request("http://x/", { method: "POST", body, headers: { "content-type": type } });
    expect((await readSmallForm(form("email=a%40b&password=x"), 100))?.get("email")).toBe("a@b");
    expect(await readSmallForm(form("email=a", "text/plain"), 100)).toBeNull();
    expect(await readSmallForm(form(`email=${"a".repeat(200)}`), 100)).toBeNull();
  });
});
