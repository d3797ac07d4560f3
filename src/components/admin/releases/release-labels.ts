// Words and tones shared by the releases list and the release page.
import type { BadgeTone } from "@/components/ui";
import type { ValidationStatus } from "@/domain/artifact";
import type { InstallFunnel } from "@/domain/install-event";

export const VALIDATION_TONES: Record<ValidationStatus, BadgeTone> = { valid: "success", invalid: "danger", pending: "warning" };

/** The four funnel steps, in the order testers go through them. */
export const FUNNEL_STEPS = [
  { kind: "page_view", label: "Page views" },
  { kind: "install_tap", label: "Install taps" },
  { kind: "manifest_fetch", label: "iOS manifest fetches" },
  { kind: "download_complete", label: "Completed downloads" },
] as const satisfies readonly { kind: keyof InstallFunnel; label: string }[];

/** "2 · 1 · 0 · 1", read with the column header "Views · taps · manifests · downloads". */
export function funnelFigures(funnel: InstallFunnel): string {
  return FUNNEL_STEPS.map((s) => funnel[s.kind]).join(" · ");
}

/** The same figures in words, for a title or screen readers. */
export function funnelInWords(funnel: InstallFunnel): string {
  return FUNNEL_STEPS.map((s) => `${s.label.toLowerCase()}: ${funnel[s.kind]}`).join(", ");
}
