import type { FormatResult, InspectContext } from "./context";
import { parseDesktopEntry } from "./desktop-entry";
import { check, errorMessage } from "./errors";
import { toIcon } from "./icon";
import { Squashfs } from "./squashfs";
import type { InspectedIcon } from "./types";

/** A runtime has a few dozen section headers; the table is read whole, so a forged size must not allocate gigabytes. */
const MAX_SECTION_HEADERS = 1024 * 1024;
const ARCHES = new Map<number, string>([
  [0x03, "x86"],
  [0x3e, "x86_64"],
  [0x28, "armhf"],
  [0xb7, "aarch64"],
  [0xf3, "riscv64"],
]);

/**
 * AppImage type 2: an ELF runtime with `AI\x02` at offset 8 and a squashfs image appended at the end
 * of the ELF. The root .desktop file (name, X-AppImage-Version) and .DirIcon are read from the
 * squashfs directly; nothing is mounted or executed.
 */
export async function inspectAppImage(ctx: InspectContext): Promise<FormatResult> {
  const elf = await ctx.source.read(0, 64, "ELF header");
  const type = elf.readUInt8(10);
  const is64 = elf.readUInt8(4) === 2;
  const le = elf.readUInt8(5) !== 2;
  const u16 = (b: Buffer, at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const uword = (b: Buffer, at: number) => (is64 ? Number(le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at)) : u32(b, at));
  const arch = ARCHES.get(u16(elf, 18)) ?? `elf-machine-${u16(elf, 18)}`;
  if (type !== 2) {
    ctx.warnings.push(`AppImage type ${type} is not supported (only type 2 is inspected)`);
    return { metadata: { appImageType: type, arch } };
  }

  // The payload starts where the ELF ends: after the section header table or the last section.
  const shoff = uword(elf, is64 ? 0x28 : 0x20);
  const shentsize = u16(elf, is64 ? 0x3a : 0x2e);
  const shnum = u16(elf, is64 ? 0x3c : 0x30);
  let elfEnd = shoff + shentsize * shnum;
  if (shnum > 0 && shentsize >= (is64 ? 64 : 40)) {
    check(shentsize * shnum <= MAX_SECTION_HEADERS, `ELF section header table is too large (${shentsize * shnum} bytes)`);
    const table = await ctx.source.read(shoff, shentsize * shnum, "ELF section headers");
    for (let i = 0; i < shnum; i++) {
      const at = i * shentsize;
      if (u32(table, at + 4) === 8) continue; // SHT_NOBITS occupies no file space
      elfEnd = Math.max(elfEnd, uword(table, at + (is64 ? 0x18 : 0x10)) + uword(table, at + (is64 ? 0x20 : 0x14)));
    }
  }
  check(elfEnd > 0 && elfEnd < ctx.source.size, "AppImage has no payload after the ELF runtime");
  const magic = await ctx.source.readUpTo(elfEnd, 4);
  check(magic.toString("latin1") === "hsqs", `no squashfs image at the end of the ELF runtime (offset ${elfEnd})`);
  const fs = await Squashfs.open(ctx.source, elfEnd);

  const metadata: Record<string, unknown> = { appImageType: 2, arch, squashfsOffset: elfEnd, compression: fs.compression };
  let icon: InspectedIcon | undefined;
  try {
    const root = await fs.list(fs.rootRef());
    const desktop = root.find((e) => e.name.endsWith(".desktop"));
    if (desktop) {
      const entry = parseDesktopEntry((await fs.readFile(desktop.inode, 256 * 1024)).toString("utf8"));
      Object.assign(metadata, {
        desktopFile: desktop.name,
        name: entry.Name,
        version: entry["X-AppImage-Version"],
        comment: entry.Comment,
        categories: entry.Categories?.split(";").filter(Boolean),
      });
      icon = await readIcon(ctx, fs, entry.Icon);
    } else {
      ctx.warnings.push("AppImage has no .desktop file at its root");
    }
  } catch (error) {
    ctx.warnings.push(`AppImage contents could not be read: ${errorMessage(error)}`);
  }
  if (!metadata.version) ctx.warnings.push("no X-AppImage-Version in the .desktop file: the version must come from CI");
  return { metadata, icon };
}

async function readIcon(ctx: InspectContext, fs: Squashfs, iconName: string | undefined): Promise<InspectedIcon | undefined> {
  for (const path of [".DirIcon", ...(iconName ? [`${iconName}.png`] : [])]) {
    const ref = await fs.lookup(path);
    if (ref === undefined) continue;
    const bytes = await fs.readFile(ref, 4 * 1024 * 1024).catch(() => undefined);
    const icon = bytes ? toIcon(bytes, ctx.limits.maxIconPixels) : "unreadable";
    if (typeof icon !== "string") return icon;
  }
  ctx.warnings.push("no PNG icon (.DirIcon) in the AppImage");
  return undefined;
}
