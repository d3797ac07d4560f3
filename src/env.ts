// The only reader of process.env. Parsed lazily (first call), so importing this module during
// `next build` has no side effects; the auth secret is created under the data dir on first use.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const GiB = 1024 ** 3;

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)/, "DATABASE_URL must be a SQLite URL such as file:./data/shipyard.db, or a PostgreSQL URL such as postgresql://user@host:5432/shipyard")
    .optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "PUBLIC_URL must be an http(s) URL" }).optional(),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  SHIPYARD_ADMIN_EMAIL: z.email().optional(),
  SHIPYARD_ADMIN_PASSWORD: z.string().min(12, "SHIPYARD_ADMIN_PASSWORD must be at least 12 characters").optional(),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * GiB),
  UPLOAD_SESSION_TTL_HOURS: z.coerce.number().positive().default(24),
  TOKEN_DEFAULT_TTL_DAYS: z.coerce.number().int().positive().default(90),
  TOKEN_MAX_TTL_DAYS: z.coerce.number().int().positive().default(365),
  // Update checks per minute; 0 turns a limit off. Apps check on launch and every few hours, so
  // 30 per device only stops loops; 600 per network address leaves room for NAT and offices.
  RATE_LIMIT_UPDATES_PER_DEVICE: z.coerce.number().int("RATE_LIMIT_UPDATES_PER_DEVICE must be a whole number").min(0).default(30),
  RATE_LIMIT_UPDATES_PER_ADDRESS: z.coerce.number().int("RATE_LIMIT_UPDATES_PER_ADDRESS must be a whole number").min(0).default(600),
  // Mail (invitations, password resets, release notices) is off unless SMTP_URL is set.
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587" }).optional(),
  MAIL_FROM: z.string().min(3).max(200).optional(),
  // The first retry of a failed webhook delivery or mail, in seconds; each next one waits twice as long.
  OUTBOX_RETRY_FIRST_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  // Single sign-on (OpenID Connect) is off unless OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are all set.
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: "OIDC_ISSUER must be the provider's http(s) issuer URL, e.g. https://sso.example.com/realms/acme" }).optional(),
  OIDC_CLIENT_ID: z.string().max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().max(2000).optional(),
  OIDC_NAME: z.string().trim().min(1).max(40, "OIDC_NAME must be at most 40 characters").optional(),
  OIDC_ALLOWED_DOMAINS: z.string().max(2000).optional(),
  OIDC_ROLE_CLAIM: z.string().trim().min(1).max(200).optional(),
  OIDC_ADMIN_VALUES: z.string().max(2000).optional(),
  // Downloads handed to nginx (X-Accel-Redirect) after Shipyard has authorized and counted them.
  DOWNLOAD_OFFLOAD: z.enum(["off", "x-accel-redirect"], { error: "DOWNLOAD_OFFLOAD must be off or x-accel-redirect" }).default("off"),
  DOWNLOAD_OFFLOAD_PREFIX: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)+$/, "DOWNLOAD_OFFLOAD_PREFIX must be an absolute path without a trailing slash, e.g. /_shipyard/blobs")
    .refine((value) => !value.split("/").some((segment) => segment === "." || segment === ".."), "DOWNLOAD_OFFLOAD_PREFIX must not contain . or .. segments")
    .optional(),
});

/** Single sign-on through one OpenID Connect provider. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The login button says "Sign in with <name>". */
  name: string;
  /** Lower-case email domains allowed to sign in; empty means any. */
  allowedDomains: string[];
  /** The claim mapped to Shipyard's role (null: no mapping), and the values of it that make an admin. */
  roleClaim: string | null;
  adminValues: string[];
}

export interface Env {
  nodeEnv: "development" | "production" | "test";
  dataDir: string;
  databaseUrl: string;
  publicUrl: string;
  host: string;
  port: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  maxUploadBytes: number;
  uploadSessionTtlMs: number;
  tokenDefaultTtlDays: number;
  tokenMaxTtlDays: number;
  /** Update checks a minute per device and per network address; 0 means no limit. */
  updateRateLimits: { perDevice: number; perAddress: number };
  /** SMTP server for outgoing mail; null when mail is off. */
  smtpUrl: string | null;
  /** The From header of outgoing mail. */
  mailFrom: string;
  /** The pause before the first retry of a webhook delivery or mail; doubled for each next one. */
  outboxRetryFirstDelayMs: number;
  /** Single sign-on; null when off. */
  oidc: OidcSettings | null;
  /** Downloads sent by nginx from its internal location at `prefix`; null when Shipyard sends them. */
  downloadOffload: DownloadOffloadSettings | null;
  /**
   * The S3_* variables as given (S3_BUCKET set: blobs in that bucket). They are parsed where the S3
   * store is built (storage/s3/config.ts), which names every invalid one.
   */
  s3Variables: Record<string, string>;
}

export interface DownloadOffloadSettings {
  mode: "x-accel-redirect";
  /** nginx's internal location that maps to `<DATA_DIR>/blobs/`. */
  prefix: string;
}

let cached: Env | undefined;

/** `FOO=` in a shell or compose file means "not set", not "set to the empty string". */
function withoutEmptyValues(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""));
}

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(withoutEmptyValues(process.env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const e = parsed.data;
  // Several app servers share a PostgreSQL database, and each must sign and accept the same
  // sessions: a secret generated under one server's data dir would sign everyone else out.
  if (e.DATABASE_URL && !e.DATABASE_URL.startsWith("file:") && !e.AUTH_SECRET) {
    throw new Error("Invalid environment:\n  AUTH_SECRET must be set when DATABASE_URL is PostgreSQL (every app server signs sessions with it)");
  }
  const oidc = oidcSettings(e);
  if (typeof oidc === "string") throw new Error(`Invalid environment:\n  ${oidc}`);
  const downloadOffload = downloadOffloadSettings(e);
  if (typeof downloadOffload === "string") throw new Error(`Invalid environment:\n  ${downloadOffload}`);
  const dataDir = path.resolve(e.DATA_DIR);
  cached = {
    nodeEnv: e.NODE_ENV,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `file:${path.join(dataDir, "shipyard.db")}`,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    host: e.HOST,
    port: e.PORT,
    adminEmail: e.SHIPYARD_ADMIN_EMAIL,
    adminPassword: e.SHIPYARD_ADMIN_PASSWORD,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    uploadSessionTtlMs: e.UPLOAD_SESSION_TTL_HOURS * 60 * 60 * 1000,
    tokenDefaultTtlDays: e.TOKEN_DEFAULT_TTL_DAYS,
    tokenMaxTtlDays: e.TOKEN_MAX_TTL_DAYS,
    updateRateLimits: { perDevice: e.RATE_LIMIT_UPDATES_PER_DEVICE, perAddress: e.RATE_LIMIT_UPDATES_PER_ADDRESS },
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? `Shipyard <shipyard@${new URL(e.PUBLIC_URL ?? "http://localhost").hostname}>`,
    outboxRetryFirstDelayMs: e.OUTBOX_RETRY_FIRST_SECONDS * 1000,
    oidc,
    downloadOffload,
    s3Variables: Object.fromEntries(Object.entries(withoutEmptyValues(process.env)).filter(([name]) => name.startsWith("S3_") && !name.startsWith("S3_TEST_"))),
  };
  return cached;
}

/** A prefix without the mode is refused: it would look configured and silently do nothing. */
function downloadOffloadSettings(e: z.infer<typeof envSchema>): DownloadOffloadSettings | null | string {
  if (e.DOWNLOAD_OFFLOAD === "off") return e.DOWNLOAD_OFFLOAD_PREFIX === undefined ? null : "DOWNLOAD_OFFLOAD_PREFIX is set but DOWNLOAD_OFFLOAD is not x-accel-redirect";
  return { mode: e.DOWNLOAD_OFFLOAD, prefix: e.DOWNLOAD_OFFLOAD_PREFIX ?? "/_shipyard/blobs" };
}

function commaList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** The SSO settings, null when off, or what is wrong with them (half a configuration is refused at boot, not ignored). */
function oidcSettings(e: z.infer<typeof envSchema>): OidcSettings | null | string {
  const core = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  const anySet = core.some((v) => v !== undefined) || [e.OIDC_NAME, e.OIDC_ALLOWED_DOMAINS, e.OIDC_ROLE_CLAIM, e.OIDC_ADMIN_VALUES].some((v) => v !== undefined);
  if (!anySet) return null;
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together (single sign-on)";
  const adminValues = commaList(e.OIDC_ADMIN_VALUES);
  // A claim without admin values would quietly make every SSO user a member, the admins included.
  if (Boolean(e.OIDC_ROLE_CLAIM) !== adminValues.length > 0) return "OIDC_ROLE_CLAIM and OIDC_ADMIN_VALUES must be set together";
  return {
    // As given: the provider's discovery document must name this same issuer.
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    name: e.OIDC_NAME ?? "SSO",
    allowedDomains: commaList(e.OIDC_ALLOWED_DOMAINS).map((d) => d.replace(/^@/, "").toLowerCase()),
    roleClaim: e.OIDC_ROLE_CLAIM ?? null,
    adminValues,
  };
}

let cachedSecret: string | undefined;

/**
 * AUTH_SECRET signs session cookies. When unset it is generated once and kept in
 * `<DATA_DIR>/auth-secret` (mode 0600), so sessions survive restarts without any setup.
 */
export function authSecret(): string {
  if (cachedSecret) return cachedSecret;
  const fromEnv = envSchema.shape.AUTH_SECRET.parse(process.env.AUTH_SECRET || undefined);
  if (fromEnv) {
    cachedSecret = fromEnv;
    return fromEnv;
  }
  const file = path.join(env().dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  chmodSync(file, 0o600);
  cachedSecret = readFileSync(file, "utf8").trim();
  return cachedSecret;
}

/**
 * next-auth builds every URL it answers with (redirects after sign-in and sign-out, its callback
 * URLs, the request URL its handlers see) from AUTH_URL in process.env, and without it from the
 * Host header or the bind address (http://0.0.0.0:3000 behind a reverse proxy). Shipyard's one
 * setting for its public address is PUBLIC_URL: the auth config calls this before next-auth reads
 * AUTH_URL, so the two always agree. The path is next-auth's base path, which it also takes from
 * AUTH_URL.
 */
export function publishAuthUrl(): void {
  process.env.AUTH_URL = `${new URL(env().publicUrl).origin}/api/auth`;
}

/** Test helper: forget the parsed environment so a test can change process.env. */
export function resetEnvForTests(): void {
  cached = undefined;
  cachedSecret = undefined;
}
