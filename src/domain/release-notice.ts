// The "a new build is out" mail: plain text only. Release notes are Markdown written by CI and go
// out as the text they are, never rendered to HTML, so nothing in them can become markup or a link
// the mail client did not show as text.

export interface ReleaseNoticeInput {
  appName: string;
  version: string;
  build: string;
  channel: string;
  notes: string;
  /** The channel's install page. */
  installUrl: string;
  /** An outside tester's personal share link, which opens the private app for them. */
  personalUrl: string | null;
  /** The groups that brought this notice, for the "why you get this" line. */
  groups: readonly string[];
  /** Where a user turns these mails off; null for outside addresses (leaving the group does). */
  settingsUrl: string | null;
}

/** Notes longer than this are cut (the install page has them whole). */
export const NOTICE_NOTES_LIMIT = 20_000;

/** Control characters other than tab and line breaks have no place in a text mail; CRLF becomes LF. */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is this pattern's job.
  return text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}

export function releaseNoticeMail(input: ReleaseNoticeInput): { subject: string; text: string } {
  const label = `${input.version} (${input.build})`;
  const notes = plain(input.notes).trim();
  const cut = notes.length > NOTICE_NOTES_LIMIT ? `${notes.slice(0, NOTICE_NOTES_LIMIT)}\n[…]` : notes;
  const lines = [`${input.appName} ${label} is out on the ${input.channel} channel.`, ""];
  if (input.personalUrl) lines.push("Open your personal link first (it lets this browser in):", input.personalUrl, "", `Then install from the ${input.channel} page:`, input.installUrl);
  else lines.push("Install it:", input.installUrl);
  lines.push("", "Release notes:", "", cut === "" ? "(none)" : cut, "", "--", `You get this as a tester of ${input.appName} (${input.groups.map((g) => `"${g}"`).join(", ")}).`);
  if (input.settingsUrl) lines.push(`Turn these emails off: ${input.settingsUrl}`);
  else lines.push("Ask the app's maintainers to remove you from the group to stop these emails.");
  // Subjects are one line: the app name and version cannot hold a line break (their schemas refuse it).
  return { subject: `${input.appName} ${label} is out on ${input.channel}`.slice(0, 200), text: lines.join("\n") };
}
