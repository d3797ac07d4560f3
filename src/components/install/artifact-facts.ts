import type { Artifact } from "@/domain/artifact";
import { fingerprint, formatDate, PROFILE_TYPE_LABELS } from "./labels";

// The facts worth showing a tester before installing, read defensively from inspection metadata.

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function profileTypeOf(artifact: Artifact): string | null {
  return str((artifact.metadata.provisioning as Record<string, unknown> | undefined)?.type);
}

export function artifactFacts(artifact: Artifact): { label: string; value: string; mono?: boolean }[] {
  const m = artifact.metadata;
  const facts: { label: string; value: string; mono?: boolean }[] = [];
  const add = (label: string, value: string | null, mono = false) => {
    if (value) facts.push({ label, value, mono });
  };
  if (artifact.platform === "ios") {
    const profile = (m.provisioning ?? {}) as Record<string, unknown>;
    add("Bundle ID", str(m.bundleId), true);
    add("Minimum iOS", str(m.minimumOsVersion));
    add("Devices", Array.isArray(m.deviceFamily) ? m.deviceFamily.filter((f) => typeof f === "string").join(", ") : null);
    const type = str(profile.type);
    add("Profile", type ? (PROFILE_TYPE_LABELS[type] ?? type) : "none");
    const expires = str(profile.expiresAt);
    if (expires) add("Profile expires", formatDate(new Date(expires)));
    add("Team", [str(profile.teamName), str(profile.teamId)].filter(Boolean).join(" · ") || null);
    const devices = Array.isArray(profile.provisionedDevices) ? profile.provisionedDevices.length : null;
    if (devices !== null) add("Registered devices", String(devices));
  } else if (artifact.platform === "android_apk") {
    add("Package", str(m.packageName), true);
    const minSdk = num(m.minSdk);
    if (minSdk !== null) add("Minimum Android", `API ${minSdk}`);
    const targetSdk = num(m.targetSdk);
    if (targetSdk !== null) add("Target SDK", `API ${targetSdk}`);
    const signer = m.signer as { sha256?: unknown } | null | undefined;
    add("Signer SHA-256", str(signer?.sha256) && fingerprint(String(signer?.sha256)), true);
    add("Signature schemes", Array.isArray(m.signingSchemes) ? m.signingSchemes.join(", ") : null);
  } else {
    add("Version", str(m.version) ?? str(m.productVersion) ?? str(m.appImageVersion));
    add("Architecture", str(m.arch) ?? str(m.architecture) ?? str(m.machine));
  }
  return facts;
}
