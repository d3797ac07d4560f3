// The mail outbox against a real SMTP server (smtp-server on loopback), on a real SQLite file:
// queued in a transaction and received as written, nothing sent for a rolled-back transaction, a
// temporary refusal (451) retried later, and nothing queued while mail is off.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enqueueMail, mailEnabled, smtpOutbox } from "@/server/services/mail";
import { withOutboxes } from "@/server/services/outbox-store";
import { drainOutboxes } from "@/server/services/outbox-worker";
import type { Store } from "@/server/store/types";
import { sqliteStore, type TestStore } from "../helpers/stores";

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** An SMTP server that refuses the first `refusals` recipients with 451, then accepts. */
async function startSmtp(refusals = 0): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  let refused = 0;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refused < refusals) {
        refused += 1;
        return callback(Object.assign(new Error("mailbox busy, try again later"), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, "mi").exec(raw)?.[1]?.trim();

let t: TestStore;
let store: Store;
let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;

beforeEach(async () => {
  t = await sqliteStore();
  store = withOutboxes(t.store, { publicUrl: "https://ship.example", onQueued: () => {} });
});
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
  await t.close();
});

describe("mail outbox", () => {
  it("a message queued in a transaction arrives with its From, To, Subject and body", async () => {
    smtp = await startSmtp();
    const config = { smtpUrl: smtp.url, mailFrom: "Shipyard <ship@example.com>" };
    expect(mailEnabled(config)).toBe(true);
    await store.transaction((tx) => enqueueMail(tx, config, { kind: "test", to: "tester@example.com", subject: "New build of Acme", text: "Version 1.2 is out.\nhttps://ship.example/acme" }));
    const deps = { clock: () => new Date(), random: () => 0 };
    expect(await drainOutboxes([smtpOutbox(store, config)], deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received as [Received];
    expect(mail.from).toBe("ship@example.com");
    expect(mail.to).toEqual(["tester@example.com"]);
    expect(header(mail.raw, "From")).toBe("Shipyard <ship@example.com>");
    expect(header(mail.raw, "To")).toBe("tester@example.com");
    expect(header(mail.raw, "Subject")).toBe("New build of Acme");
    expect(mail.raw).toContain("Version 1.2 is out.\r\nhttps://ship.example/acme");
    expect((await store.mail.list({ limit: 5 })).items[0]).toMatchObject({ state: "done", attempts: 1, lastError: null });
  });

  it("a transaction that rolls back sends nothing", async () => {
    smtp = await startSmtp();
    const config = { smtpUrl: smtp.url, mailFrom: "ship@example.com" };
    await expect(
      store.transaction(async (tx) => {
        await enqueueMail(tx, config, { kind: "test", to: "a@example.com", subject: "Never", text: "" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await drainOutboxes([smtpOutbox(store, config)], { clock: () => new Date() })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
  });

  it("a server that refuses with 451 gets the message again after the backoff", async () => {
    smtp = await startSmtp(1);
    const config = { smtpUrl: smtp.url, mailFrom: "ship@example.com" };
    const queued = await enqueueMail(store, config, { kind: "test", to: "later@example.com", subject: "Retry me", text: "body" });
    let now = new Date();
    const deps = { clock: () => now, random: () => 0 };
    expect(await drainOutboxes([smtpOutbox(store, config)], deps)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const waiting = await store.mail.getById(queued?.id ?? "");
    expect(waiting).toMatchObject({ state: "pending", attempts: 1 });
    expect(waiting?.lastError).toContain("451");
    expect(waiting?.nextAttemptAt?.getTime()).toBe(now.getTime() + 30_000);
    expect(await drainOutboxes([smtpOutbox(store, config)], deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    now = new Date(now.getTime() + 30_000);
    expect(await drainOutboxes([smtpOutbox(store, config)], deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([["later@example.com"]]);
    expect(await store.mail.getById(queued?.id ?? "")).toMatchObject({ state: "done", attempts: 2, lastError: null });
  });

  it("with SMTP_URL unset nothing is queued, and callers can tell", async () => {
    const off = { smtpUrl: null };
    expect(mailEnabled(off)).toBe(false);
    expect(await enqueueMail(store, off, { kind: "test", to: "a@example.com", subject: "Hi", text: "" })).toBeNull();
    expect((await store.mail.list({ limit: 5 })).items).toEqual([]);
  });

  it("refuses a subject that would inject headers", async () => {
    await expect(enqueueMail(store, { smtpUrl: "smtp://127.0.0.1:1" }, { kind: "test", to: "a@example.com", subject: "Hi\r\nBcc: x@example.com", text: "" })).rejects.toMatchObject({
      code: "INVALID",
    });
  });
});
