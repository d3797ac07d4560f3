import type { AppRole } from "@/domain/roles";
import type { UserRole } from "@/domain/user";

// Roles in words, for the users page's selects and lists: one table, so every place says the same.

export const USER_ROLE_WORDS: Record<UserRole, { label: string; description: string }> = {
  admin: { label: "Admin", description: "Every app, users and settings" },
  member: { label: "Member", description: "Only the apps given below" },
};

export const APP_ROLE_WORDS: Record<AppRole, { label: string; description: string }> = {
  maintainer: { label: "Maintainer", description: "Uploads, publishes, promotes, rolls back; share links and tokens of the app" },
  viewer: { label: "Viewer", description: "Reads everything of the app in the console" },
  tester: { label: "Tester", description: "Installs from the app's private pages; no console" },
};
