import { signingFacts } from "./apk";
import type { FormatResult, InspectContext } from "./context";
import { check } from "./errors";
import { bytesField, numberField, readFields, stringField } from "./protobuf";
import type { ZipArchive } from "./zip-reader";

const ANDROID_NS = "http://schemas.android.com/apk/res/android";

interface ProtoElement {
  name: string;
  attributes: Map<string, string | number | undefined>;
  children: ProtoElement[];
}

/**
 * .aab (Android App Bundle): kept as a downloadable attachment; devices cannot install it. The
 * manifest is aapt2's protobuf XML (base/manifest/AndroidManifest.xml). Resources (label, icon)
 * live in resources.pb and are not resolved.
 */
export async function inspectAab(ctx: InspectContext, zip: ZipArchive): Promise<FormatResult> {
  const entry = zip.get("base/manifest/AndroidManifest.xml");
  check(entry, "no base/manifest/AndroidManifest.xml in the bundle");
  const manifest = parseNode(await zip.read(entry, 8 * 1024 * 1024), 0);
  check(manifest?.name === "manifest", "bundle manifest has no <manifest> root");
  const packageName = manifest.attributes.get("package");
  check(typeof packageName === "string" && packageName, "bundle manifest has no package name");
  const usesSdk = manifest.children.find((c) => c.name === "uses-sdk");
  const num = (v: string | number | undefined) => (typeof v === "number" ? v : v !== undefined && /^\d+$/.test(v) ? Number(v) : v);
  return {
    metadata: {
      packageName,
      versionName: manifest.attributes.get(`${ANDROID_NS}:versionName`),
      versionCode: num(manifest.attributes.get(`${ANDROID_NS}:versionCode`)),
      minSdk: num(usesSdk?.attributes.get(`${ANDROID_NS}:minSdkVersion`)),
      targetSdk: num(usesSdk?.attributes.get(`${ANDROID_NS}:targetSdkVersion`)),
      modules: [...new Set(zip.entries().flatMap((e) => /^([^/]+)\/manifest\/AndroidManifest\.xml$/.exec(e.name)?.[1] ?? []))].sort(),
      installable: false,
      ...(await signingFacts(ctx, zip, false)),
    },
  };
}

/** XmlNode { element = 1 } → XmlElement { namespace_uri = 2, name = 3, attribute = 4, child = 5 }. */
function parseNode(buf: Buffer, depth: number): ProtoElement | undefined {
  check(depth < 64, "bundle manifest is nested too deeply");
  const element = bytesField(readFields(buf), 1)[0];
  if (!element) return undefined;
  const fields = readFields(element);
  const attributes = new Map<string, string | number | undefined>();
  for (const attr of bytesField(fields, 4)) {
    // XmlAttribute { namespace_uri = 1, name = 2, value = 3, compiled_item = 6 { prim = 7 } }
    const a = readFields(attr);
    const ns = stringField(a, 1);
    const key = ns ? `${ns}:${stringField(a, 2) ?? ""}` : (stringField(a, 2) ?? "");
    attributes.set(key, stringField(a, 3) || primitiveInt(a));
  }
  const children = bytesField(fields, 5).flatMap((child) => parseNode(child, depth + 1) ?? []);
  return { name: stringField(fields, 3) ?? "", attributes, children };
}

/** Item { prim = 7 { int_decimal_value = 6, int_hexadecimal_value = 7 } } */
function primitiveInt(attr: ReturnType<typeof readFields>): number | undefined {
  const item = bytesField(attr, 6)[0];
  const prim = item ? bytesField(readFields(item), 7)[0] : undefined;
  if (!prim) return undefined;
  const fields = readFields(prim);
  return numberField(fields, 6) ?? numberField(fields, 7);
}
