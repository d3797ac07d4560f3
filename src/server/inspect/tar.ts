import { check } from "./errors";

export interface TarMember {
  name: string;
  type: string;
  data: Buffer;
}

/** Members of an in-memory (already size-capped) tar archive: ustar, GNU long names and pax paths. */
export function readTar(tar: Buffer, maxMembers = 10_000): TarMember[] {
  const members: TarMember[] = [];
  let longName: string | undefined;
  for (let at = 0; at + 512 <= tar.length && members.length < maxMembers; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    check(isTarHeader(header), "corrupt tar header");
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 0x30);
    const dataStart = at + 512;
    check(dataStart + size <= tar.length, "truncated tar member");
    const data = tar.subarray(dataStart, dataStart + size);
    const prefix = header.toString("utf8", 345, 500).replace(/\0.*$/s, "");
    const plain = header.toString("utf8", 0, 100).replace(/\0.*$/s, "");
    if (type === "L") {
      longName = data.toString("utf8").replace(/\0.*$/s, "");
    } else if (type === "x") {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString("utf8"))?.[1] ?? longName;
    } else {
      members.push({ name: longName ?? (prefix ? `${prefix}/${plain}` : plain), type, data });
      longName = undefined;
    }
    at = dataStart + Math.ceil(size / 512) * 512;
  }
  return members;
}

export function isTarHeader(header: Buffer): boolean {
  if (header.length < 512) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === octal(header.subarray(148, 156));
}

function octal(field: Buffer): number {
  if ((field[0] ?? 0) & 0x80) {
    // GNU base-256 for sizes >= 8 GiB.
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const text = field
    .toString("latin1")
    .replace(/[\0 ]+$/g, "")
    .trim();
  return text ? Number.parseInt(text, 8) : 0;
}

/** Debian control / .desktop style "Key: value" fields with continuation lines. */
export function parseControlFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let current: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current) {
      fields[current] += `\n${line.trim()}`;
      continue;
    }
    const match = /^([A-Za-z0-9][A-Za-z0-9-]*):\s?(.*)$/.exec(line);
    if (match?.[1]) {
      current = match[1];
      fields[current] = (match[2] ?? "").trim();
    } else if (line.trim() === "") {
      if (Object.keys(fields).length) break;
    }
  }
  return fields;
}
