import type { FormatResult, InspectContext } from "./context";
import { check } from "./errors";
import { toIcon } from "./icon";
import { Squashfs } from "./squashfs";

/** .snap: a squashfs image whose meta/snap.yaml names the snap, its version and architectures. */
export async function inspectSnap(ctx: InspectContext): Promise<FormatResult> {
  const fs = await Squashfs.open(ctx.source, 0);
  const ref = await fs.lookup("meta/snap.yaml");
  check(ref !== undefined, "squashfs image without meta/snap.yaml is not a snap");
  const yaml = parseTopLevelYaml((await fs.readFile(ref, 1024 * 1024)).toString("utf8"));
  check(typeof yaml.name === "string" && yaml.name, "snap.yaml has no name");
  const iconRef = await fs.lookup("meta/gui/icon.png");
  const iconBytes = iconRef === undefined ? undefined : await fs.readFile(iconRef, 4 * 1024 * 1024).catch(() => undefined);
  const icon = iconBytes ? toIcon(iconBytes, ctx.limits.maxIconPixels) : undefined;
  return {
    metadata: {
      name: yaml.name,
      version: yaml.version,
      summary: yaml.summary,
      base: yaml.base,
      grade: yaml.grade,
      confinement: yaml.confinement,
      architectures: Array.isArray(yaml.architectures) ? yaml.architectures : yaml.architectures ? [yaml.architectures] : ["all"],
      compression: fs.compression,
    },
    icon: typeof icon === "object" ? icon : undefined,
  };
}

/** Top-level `key: scalar`, `key: [a, b]` and `key:\n  - a` entries; enough for snap.yaml's header fields. */
function parseTopLevelYaml(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let listKey: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const item = /^\s+-\s+(.+)$/.exec(line);
    if (item?.[1] && listKey) {
      const list = out[listKey];
      if (Array.isArray(list)) list.push(unquote(item[1]));
      continue;
    }
    const match = /^([A-Za-z0-9_-]+):\s*(.*)$/.exec(line);
    if (!match?.[1]) {
      if (!/^\s/.test(line)) listKey = undefined;
      continue;
    }
    const [, key, value = ""] = match;
    listKey = undefined;
    if (value === "") {
      out[key] = [];
      listKey = key;
    } else if (value.startsWith("[")) {
      out[key] = value
        .replace(/^\[|\]$/g, "")
        .split(",")
        .map((v) => unquote(v.trim()))
        .filter(Boolean);
    } else {
      out[key] = unquote(value);
    }
  }
  return out;
}

function unquote(value: string): string {
  return value
    .replace(/\s+#.*$/, "")
    .replace(/^(['"])(.*)\1$/, "$2")
    .trim();
}
