// The create-token form's pure parts: presets, lifetime choices, and which field a server error
// belongs next to. No React here, so each is unit-tested on its own.
import type { TokenScope } from "@/domain/token";
import { sortIssues } from "../field-issues";

export interface ScopePreset {
  id: string;
  label: string;
  scopes: readonly TokenScope[];
}

/** Presets only tick boxes: the admin sees (and can change) exactly what the token will hold. */
export const SCOPE_PRESETS: readonly ScopePreset[] = [
  { id: "ci-publish", label: "CI upload and publish", scopes: ["releases:upload", "releases:publish"] },
  { id: "ci-promote", label: "CI publish and promote", scopes: ["releases:upload", "releases:publish", "channels:promote"] },
  { id: "read-only", label: "Read only", scopes: ["apps:read", "releases:read"] },
  { id: "admin", label: "Everything (admin)", scopes: ["admin"] },
];

/** The preset's scopes that the server offers (a preset never ticks a box that is not there). */
export function presetSelection(preset: ScopePreset, offered: readonly string[]): string[] {
  return preset.scopes.filter((scope) => offered.includes(scope));
}

/**
 * The presets worth a button: those the server offers every scope of. A maintainer is not offered
 * "admin", so "Everything (admin)" would only untick the boxes for them.
 */
export function presetsFor(offered: readonly string[]): ScopePreset[] {
  return SCOPE_PRESETS.filter((preset) => preset.scopes.every((scope) => offered.includes(scope)));
}

/** The shown preset the ticked boxes match exactly, if any (shown as pressed); never one for no boxes. */
export function matchingPreset(selected: readonly string[], offered: readonly string[]): ScopePreset | null {
  const want = [...new Set(selected)].sort().join(",");
  if (want === "") return null;
  return presetsFor(offered).find((preset) => presetSelection(preset, offered).sort().join(",") === want) ?? null;
}

export interface AppChoice {
  /** An app's slug, or "" for every app. */
  value: string;
  label: string;
}

/**
 * The App select's options, the first one the default. Only an admin may make a token for every
 * app (the server refuses anyone else), so a maintainer picks one of their apps and starts on the first.
 */
export function appChoices(apps: readonly { slug: string; displayName: string }[], isAdmin: boolean): AppChoice[] {
  const each = apps.map((app) => ({ value: app.slug, label: `${app.displayName} (${app.slug})` }));
  return isAdmin ? [{ value: "", label: "All apps" }, ...each] : each;
}

export interface LifetimeChoice {
  /** A number of days, or "never": the select's value. */
  value: string;
  label: string;
}

const COMMON_LIFETIMES = [30, 90, 365];

function daysLabel(days: number): string {
  if (days === 365) return "1 year";
  return `${days} day${days === 1 ? "" : "s"}`;
}

/** 30, 90 and 365 days within the server's maximum, its default (whatever it is), and never. */
export function lifetimeChoices(defaultDays: number, maxDays: number): LifetimeChoice[] {
  const days = [...new Set([...COMMON_LIFETIMES, defaultDays])].filter((d) => d <= maxDays).sort((a, b) => a - b);
  return [...days.map((d) => ({ value: String(d), label: d === defaultDays ? `${daysLabel(d)} (default)` : daysLabel(d) })), { value: "never", label: "Never expires" }];
}

export function lifetimeFromChoice(value: string): number | "never" {
  return value === "never" ? "never" : Number(value);
}

export type TokenFormField = "name" | "scopes" | "app" | "channel" | "expiry";
export type TokenFormErrors = Partial<Record<TokenFormField | "form", string>>;

/** The create input's field names, as issue paths name them. */
const INPUT_FIELDS = ["name", "scopes", "app", "channel", "expiresInDays"] as const;
const FIELD_OF_INPUT: Record<(typeof INPUT_FIELDS)[number], TokenFormField> = {
  name: "name",
  scopes: "scopes",
  app: "app",
  channel: "channel",
  expiresInDays: "expiry",
};

/** Domain errors that name no field but clearly belong to one. */
function fieldOfMessage(message: string): TokenFormField | null {
  if (/^app not found/i.test(message)) return "app";
  if (/^channel not found|channel restriction/i.test(message)) return "channel";
  if (/expir/i.test(message)) return "expiry";
  return null;
}

const FRIENDLY: Partial<Record<TokenFormField, (message: string) => string>> = {
  app: () => "That app no longer exists. Reload the page and pick another.",
  channel: (message) => (/^channel not found/i.test(message) ? "That channel no longer exists. Reload the page and pick another." : message),
};

/** Splits a failed create into messages for the fields they concern; the rest goes to "form". */
export function tokenFormErrors(error: unknown): TokenFormErrors {
  if (!(error instanceof Error)) return { form: String(error) };
  const { byField, other } = sortIssues(error, INPUT_FIELDS);
  const errors: TokenFormErrors = {};
  for (const field of INPUT_FIELDS) {
    const message = byField[field];
    if (message !== undefined) errors[FIELD_OF_INPUT[field]] = message;
  }
  if (other.length > 0) errors.form = other.join("; ");
  if (Object.keys(errors).length > 0) return errors;
  const field = fieldOfMessage(error.message);
  if (!field) return { form: error.message };
  return { [field]: FRIENDLY[field]?.(error.message) ?? error.message.replace(/^Invalid token: /, "") };
}
