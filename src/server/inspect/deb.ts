import type { FormatResult, InspectContext } from "./context";
import { decompress, type Compression } from "./decompress";
import { check, invalid } from "./errors";
import { parseControlFields, readTar } from "./tar";

const MAX_CONTROL_MEMBER = 16 * 1024 * 1024;

interface ArMember {
  name: string;
  offset: number;
  size: number;
}

/** .deb: an ar archive; the control fields come from control.tar.{gz,xz,zst,} (data.tar is never read). */
export async function inspectDeb(ctx: InspectContext): Promise<FormatResult> {
  const members = await readArMembers(ctx);
  const version = members.find((m) => m.name === "debian-binary");
  check(version, "not a Debian package: no debian-binary member");
  const formatVersion = (await ctx.source.read(version.offset, Math.min(version.size, 16))).toString("latin1").trim();
  check(/^2\.\d+$/.test(formatVersion), `unsupported Debian package format ${JSON.stringify(formatVersion)}`);
  const control = members.find((m) => m.name.startsWith("control.tar"));
  check(control, "not a Debian package: no control.tar member");
  check(control.size <= MAX_CONTROL_MEMBER, `control.tar is too large (${control.size} bytes)`);
  const data = members.find((m) => m.name.startsWith("data.tar"));
  check(data, "not a Debian package: no data.tar member");

  const tar = await decompress(await ctx.source.read(control.offset, control.size, control.name), compressionOf(control.name), Math.min(MAX_CONTROL_MEMBER, ctx.limits.maxEntryBytes));
  const file = readTar(tar).find((m) => m.name === "./control" || m.name === "control");
  check(file, "control.tar has no control file");
  const fields = parseControlFields(file.data.toString("utf8"));
  check(fields.Package && fields.Version && fields.Architecture, "control file lacks Package, Version or Architecture");
  const installedKiB = Number(fields["Installed-Size"]);
  return {
    metadata: {
      package: fields.Package,
      version: fields.Version,
      architecture: fields.Architecture,
      maintainer: fields.Maintainer,
      description: fields.Description?.split("\n")[0],
      section: fields.Section,
      homepage: fields.Homepage,
      depends: fields.Depends,
      installedSizeKiB: Number.isFinite(installedKiB) && fields["Installed-Size"] ? installedKiB : undefined,
      dataCompression: data.name.replace(/^data\.tar\.?/, "") || "none",
    },
  };
}

async function readArMembers(ctx: InspectContext): Promise<ArMember[]> {
  const members: ArMember[] = [];
  for (let at = 8; at < ctx.source.size && members.length < 64; ) {
    const header = await ctx.source.read(at, 60, "ar member header");
    check(header.toString("latin1", 58, 60) === "`\n", "corrupt ar member header");
    const name = header.toString("latin1", 0, 16).trim().replace(/\/$/, "");
    const size = Number(header.toString("latin1", 48, 58).trim());
    check(Number.isSafeInteger(size) && size >= 0, "corrupt ar member size");
    check(at + 60 + size <= ctx.source.size, `truncated file: ar member ${name} extends beyond the end`);
    members.push({ name, offset: at + 60, size });
    at += 60 + size + (size % 2);
  }
  return members;
}

function compressionOf(name: string): Compression {
  if (name.endsWith(".gz")) return "gzip";
  if (name.endsWith(".xz")) return "xz";
  if (name.endsWith(".zst")) return "zstd";
  if (name.endsWith(".tar")) return "none";
  return invalid(`unsupported compression for ${name}`);
}
