/** The [Desktop Entry] group of a freedesktop .desktop file (unlocalised keys only). */
export function parseDesktopEntry(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let inGroup = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      inGroup = line === "[Desktop Entry]";
      continue;
    }
    if (!inGroup || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!key.includes("[") && !(key in fields)) fields[key] = line.slice(eq + 1).trim();
  }
  return fields;
}
