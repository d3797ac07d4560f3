// Sign-in throttling on a real server (issue 10, defect 5): 40 wrong passwords in a row used to be
// answered at full scrypt cost and the right one still worked after them. Now an account and an
// address back off exponentially after a few failures, with 429 and Retry-After, the login page
// says how long to wait, and an account under attack shows in the audit log. Each test sends from
// its own loopback address (127.0.0.x), which the server sees as a different client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createUser } from "@/server/services/users";
import { launchBrowser } from "../helpers/browser";
import { postForm } from "../helpers/http-client";
import { withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const PASSWORD = "correct horse battery staple";
let server: RunningServer;
let admin: { email: string; password: string };
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  server = await startServer();
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error("first admin credentials were not printed");
  admin = { email: printed[1], password: printed[2] };
  await withServerStore(server.dataDir, async (store) => {
    for (const email of ["flood@example.test", "timing@example.test", "browser@example.test"]) {
      await createUser(store, SYSTEM_ACTOR, { email, password: PASSWORD, role: "admin" });
    }
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function signIn(email: string, password: string, localAddress: string, accept = "application/json") {
  return postForm(`${server.url}/api/auth/sign-in`, { email, password, callbackUrl: "/admin" }, { headers: { accept }, localAddress });
}

describe("sign-in throttling", () => {
  it("backs an account off after 5 wrong passwords: 429 with Retry-After, the right password included, doubling each time", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(admin.email, "wrong password", "127.0.0.2")).status).toBe(401);
    const refused = await signIn(admin.email, admin.password, "127.0.0.2");
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "RATE_LIMITED", message: "Too many attempts, try again in 1 second.", retryAfterSeconds: 1 } });
    // From any address: the account itself is backing off.
    expect((await signIn(admin.email, admin.password, "127.0.0.9")).status).toBe(429);

    await sleep(1_100);
    expect((await signIn(admin.email, "wrong password", "127.0.0.2")).status).toBe(401);
    const again = await signIn(admin.email, admin.password, "127.0.0.2", "text/html");
    expect(again.status).toBe(429);
    expect(again.headers["retry-after"]).toBe("2");
    expect(again.body).toContain("Too many attempts, try again in 2 seconds.");

    await sleep(2_100);
    const ok = await signIn(admin.email, admin.password, "127.0.0.2");
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ url: `${server.url}/admin` });
    expect(ok.cookies.some((c) => c.startsWith("authjs.session-token="))).toBe(true);
  });

  it("answers a flood of 40 guesses with cheap 429s, and still refuses the right password after it", async () => {
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await signIn("flood@example.test", `guess ${i}`, "127.0.0.3")).status);
    const elapsed = Date.now() - started;
    // 5 free failures, at most one more once the first second of backoff is over.
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(5);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(6);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(34);
    // 40 scrypt hashes take ~4 s here; refused attempts compute none.
    expect(elapsed).toBeLessThan(3_000);
    expect((await signIn("flood@example.test", PASSWORD, "127.0.0.3")).status).toBe(429);
  });

  it("slows down one address guessing across many accounts, known or not", async () => {
    for (let i = 0; i < 10; i++) expect((await signIn(`guess${i}@example.test`, "wrong password", "127.0.0.4")).status).toBe(401);
    const refused = await signIn("someone-else@example.test", "wrong password", "127.0.0.4");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect((await signIn("someone-else@example.test", "wrong password", "127.0.0.5")).status).toBe(401);
  });

  it("records an audit event when an account or an address starts backing off", async () => {
    const events = await withServerStore(server.dataDir, (store) => store.audit.list({ action: "user.sign_in_throttled" }, { limit: 50 }));
    const adminUser = await withServerStore(server.dataDir, (store) => store.users.getByEmail(admin.email));
    expect(events.items).toContainEqual(
      expect.objectContaining({ actor: "system", targetType: "user", targetId: adminUser?.id, metadata: expect.objectContaining({ email: admin.email, address: "127.0.0.2", accountFailures: 5 }) }),
    );
    expect(events.items).toContainEqual(expect.objectContaining({ metadata: expect.objectContaining({ address: "127.0.0.4", addressFailures: 10, throttled: ["address"] }) }));
  });

  it("takes about as long for an unknown email as for a known one", async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      let t = performance.now();
      expect((await signIn("timing@example.test", "wrong password", "127.0.0.6")).status).toBe(401);
      known.push(performance.now() - t);
      t = performance.now();
      expect((await signIn(`nobody${i}@example.test`, "wrong password", "127.0.0.7")).status).toBe(401);
      unknown.push(performance.now() - t);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    // Both compute one scrypt hash (~100 ms); an unknown email is not answered early.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    expect(median(unknown)).toBeLessThan(median(known) * 2);
  });

  it("tells the user in the login page how long to wait", async () => {
    const page: Page = await browser.context.newPage();
    await page.goto(`${server.url}/login`);
    const attempt = async (password: string) => {
      await page.getByLabel("Email").fill("browser@example.test");
      await page.getByLabel("Password").fill(password);
      // The button stays disabled while an attempt is under way, so each click waits for the last answer.
      await page.getByRole("button", { name: "Sign in" }).click();
    };
    for (let i = 0; i < 5; i++) {
      await attempt("wrong password");
      await page.getByText("Wrong email or password.").waitFor();
    }
    await attempt(PASSWORD);
    const alert = page.getByTestId("login-error");
    await page.getByText(/Too many attempts, try again in \d+ seconds?\./).waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toMatch(/^Too many attempts, try again in [12] seconds?\.$/);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.close();
  });
});
