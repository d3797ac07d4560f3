// Accept-Encoding (RFC 9110 §12.5.3) for the install-page cache, which keeps gzip and identity
// copies only: case-insensitive codings, q-values (q=0 refuses), `*` for anything not named, and
// identity acceptable unless refused by `identity;q=0` or `*;q=0`.

export type PageEncoding = "gzip" | "identity";

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** Each named coding's q-value; an element with a malformed q-value says nothing. */
function qualities(header: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const element of header.split(",")) {
    const [coding = "", ...params] = element.split(";").map((part) => part.trim());
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(coding)) continue;
    let q = 1;
    let valid = true;
    for (const param of params) {
      const [name = "", value = ""] = param.split("=").map((part) => part.trim());
      if (name.toLowerCase() !== "q") continue;
      if (QVALUE.test(value)) q = Number(value);
      else valid = false;
    }
    if (valid && !found.has(coding.toLowerCase())) found.set(coding.toLowerCase(), q);
  }
  return found;
}

/**
 * The encoding to answer in: gzip when the client accepts it at least as much as identity,
 * identity otherwise (also when it accepts neither: an error page would help nobody). No header,
 * or an empty one, means identity.
 */
export function choosePageEncoding(header: string | string[] | undefined): PageEncoding {
  if (header === undefined) return "identity";
  const q = qualities(Array.isArray(header) ? header.join(",") : header);
  const any = q.get("*");
  const gzip = q.get("gzip") ?? any ?? 0;
  // Identity is acceptable unless refused; when only implied, any accepted gzip is preferred.
  const identity = q.get("identity") ?? any ?? 0;
  return gzip > 0 && gzip >= identity ? "gzip" : "identity";
}
