// Every action the audit log records, for the console's action filter. A unit test reads the
// recordAudit call sites under src/ and fails when one of them uses an action missing here.

export const AUDIT_ACTIONS = [
  { action: "app.create", label: "App created" },
  { action: "app.update", label: "App edited" },
  { action: "app.rotate_update_key", label: "App update key rotated" },
  { action: "app.delete", label: "App deleted" },
  { action: "release.publish", label: "Release published" },
  { action: "release.update_notes", label: "Release notes edited" },
  { action: "release.delete", label: "Release deleted" },
  { action: "artifact.allow_invalid", label: "Invalid file published anyway" },
  { action: "channel.create", label: "Channel created" },
  { action: "channel.update", label: "Channel settings changed" },
  { action: "channel.promote", label: "Channel promoted" },
  { action: "channel.rollback", label: "Channel rolled back" },
  { action: "upload.create", label: "Upload started" },
  { action: "upload.complete", label: "Upload completed" },
  { action: "upload.fail", label: "Upload failed" },
  { action: "upload.expire", label: "Upload expired" },
  { action: "share_link.create", label: "Share link created" },
  { action: "share_link.revoke", label: "Share link revoked" },
  { action: "webhook.create", label: "Webhook created" },
  { action: "webhook.update", label: "Webhook changed" },
  { action: "webhook.delete", label: "Webhook deleted" },
  { action: "webhook.redeliver", label: "Webhook delivery sent again" },
  { action: "tester_group.create", label: "Tester group created" },
  { action: "tester_group.update", label: "Tester group changed" },
  { action: "tester_group.delete", label: "Tester group deleted" },
  { action: "tester_group.add_member", label: "Tester added to a group" },
  { action: "tester_group.remove_member", label: "Tester removed from a group" },
  { action: "token.create", label: "Token created" },
  { action: "token.use", label: "Token used" },
  { action: "token.revoke", label: "Token revoked" },
  { action: "user.create", label: "User created" },
  { action: "user.sign_in_throttled", label: "Sign-in throttled" },
  { action: "user.sso_sign_in", label: "Signed in with single sign-on" },
  { action: "user.invite", label: "User invited" },
  { action: "invitation.revoke", label: "Invitation revoked" },
  { action: "user.set_role", label: "User's role changed" },
  { action: "user.set_app_role", label: "User's role on an app changed" },
  { action: "user.disable", label: "User disabled" },
  { action: "user.enable", label: "User enabled" },
  { action: "user.delete", label: "User deleted" },
  { action: "user.password_reset_link", label: "Password reset link made" },
  { action: "user.password_reset", label: "Password reset" },
  { action: "user.password_change", label: "Password changed" },
  { action: "user.notifications", label: "Mail settings changed" },
  { action: "blob.delete", label: "File deleted by clean-up" },
] as const;

export type KnownAuditAction = (typeof AUDIT_ACTIONS)[number]["action"];

const LABELS: ReadonlyMap<string, string> = new Map(AUDIT_ACTIONS.map((a) => [a.action, a.label]));

/** The action in words; an action recorded by a newer or older version shows as stored. */
export function auditActionLabel(action: string): string {
  return LABELS.get(action) ?? action;
}
