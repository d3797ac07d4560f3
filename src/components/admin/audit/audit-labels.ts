import type { AuditTargetType } from "@/domain/audit";

/** Target types in words, for the filter and the table. */
export const AUDIT_TARGET_LABELS: Record<AuditTargetType, string> = {
  app: "App",
  release: "Release",
  artifact: "File of a release",
  channel: "Channel",
  token: "Token",
  user: "User",
  blob: "Stored file",
  upload: "Upload",
  share_link: "Share link",
  webhook: "Webhook",
  invitation: "Invitation",
  tester_group: "Tester group",
};
