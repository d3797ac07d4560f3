// attemptSignIn on a real SQLite store: the throttle refuses without hashing, the right password
// is refused while backing off, unknown emails behave like known ones, and the audit trail shows
// an account under attack.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { SignInThrottle } from "@/domain/sign-in-throttle";
import { attemptSignIn } from "@/server/auth/sign-in";
import { createUser } from "@/server/services/users";
import { sqliteStore, type TestStore } from "../helpers/stores";

const PASSWORD = "correct horse battery staple";
let t: TestStore;

beforeEach(async () => {
  t = await sqliteStore();
  await createUser(t.store, SYSTEM_ACTOR, { email: "ada@example.test", password: PASSWORD, role: "admin" });
});
afterEach(async () => t.close());

const attempt = (throttle: SignInThrottle, email: string, password: string, now: number, address = "10.0.0.1") => attemptSignIn(t.store, throttle, { email, password, address }, now);

describe("attemptSignIn", () => {
  it("refuses the right password while the account backs off, and accepts it once the wait is over", async () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 5; i++) expect(await attempt(throttle, "ada@example.test", "wrong", 0)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(throttle, "Ada@Example.test", PASSWORD, 10)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 1 });
    expect(await attempt(throttle, "ada@example.test", PASSWORD, 1_000)).toMatchObject({ ok: true, user: { email: "ada@example.test" } });
    // The right password starts the account over.
    expect(await attempt(throttle, "ada@example.test", "wrong", 1_001)).toEqual({ ok: false, reason: "invalid" });
  });

  it("answers a refused attempt without computing a hash", async () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 5; i++) await attempt(throttle, "ada@example.test", "wrong", 0);
    const started = performance.now();
    for (let i = 0; i < 40; i++) expect((await attempt(throttle, "ada@example.test", "wrong", 1)).ok).toBe(false);
    // 40 scrypt hashes would take about 4 s.
    expect(performance.now() - started).toBeLessThan(400);
  });

  it("throttles an unknown email exactly like a known one", async () => {
    const throttle = new SignInThrottle();
    const known = [];
    const unknown = [];
    for (let i = 0; i < 6; i++) known.push(await attempt(throttle, "ada@example.test", "wrong", 0, "10.0.0.1"));
    for (let i = 0; i < 6; i++) unknown.push(await attempt(throttle, "nobody@example.test", "wrong", 0, "10.0.0.2"));
    expect(unknown).toEqual(known);
  });

  it("audits when an account starts backing off and when its failures double", async () => {
    const throttle = new SignInThrottle();
    const ada = await t.store.users.getByEmail("ada@example.test");
    for (let i = 0; i < 4; i++) await attempt(throttle, "ada@example.test", "wrong", 0);
    expect((await t.store.audit.list({ action: "user.sign_in_throttled" }, { limit: 10 })).items).toHaveLength(0);
    await attempt(throttle, "ada@example.test", "wrong", 0);
    // Each later failure waits its turn: 1 s, 2 s, 4 s, 8 s, 16 s after the previous one.
    let now = 0;
    for (let failures = 5; failures < 10; failures++) {
      now += 1_000 * 2 ** (failures - 5);
      expect(await attempt(throttle, "ada@example.test", "wrong", now)).toEqual({ ok: false, reason: "invalid" });
    }
    const events = (await t.store.audit.list({ action: "user.sign_in_throttled" }, { limit: 10 })).items;
    expect(events.map((e) => e.metadata.accountFailures).sort()).toEqual([10, 5]);
    const first = events.find((e) => e.metadata.accountFailures === 5);
    expect(first).toMatchObject({ actor: "system", targetType: "user", targetId: ada?.id, metadata: { email: "ada@example.test", address: "10.0.0.1", throttled: ["account"] } });
    // The tenth failure is also the address's tenth.
    expect(events.find((e) => e.metadata.accountFailures === 10)?.metadata.throttled).toEqual(["account", "address"]);
  });

  it("audits an address guessing across accounts, naming the unknown email it tried", async () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 10; i++) await attempt(throttle, `user${i}@example.test`, "wrong", 0, "192.0.2.7");
    const [event] = (await t.store.audit.list({ action: "user.sign_in_throttled" }, { limit: 10 })).items;
    expect(event).toMatchObject({ targetId: "user9@example.test", metadata: { address: "192.0.2.7", addressFailures: 10, throttled: ["address"] } });
  });
});
