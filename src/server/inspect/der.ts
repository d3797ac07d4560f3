import { check } from "./errors";

/** One BER/DER element: `start` is the tag byte, the value spans [valueStart, valueEnd). */
export interface Tlv {
  tag: number;
  constructed: boolean;
  start: number;
  valueStart: number;
  valueEnd: number;
  end: number;
}

const MAX_NESTING = 32;

/** Reads the element at `offset`; indefinite lengths (BER) are resolved by walking the children. */
export function readTlv(buf: Buffer, offset: number, depth = 0): Tlv {
  check(depth <= MAX_NESTING, "ASN.1 nested too deeply");
  check(offset + 2 <= buf.length, "truncated ASN.1 element");
  const tag = buf[offset] ?? 0;
  check((tag & 0x1f) !== 0x1f, "unsupported ASN.1 high tag number");
  const constructed = (tag & 0x20) !== 0;
  const first = buf[offset + 1] ?? 0;
  let valueStart = offset + 2;
  if (first === 0x80) {
    check(constructed, "indefinite length on a primitive ASN.1 element");
    let at = valueStart;
    for (;;) {
      check(at + 2 <= buf.length, "unterminated indefinite-length ASN.1 element");
      if (buf[at] === 0 && buf[at + 1] === 0) break;
      at = readTlv(buf, at, depth + 1).end;
    }
    return { tag, constructed, start: offset, valueStart, valueEnd: at, end: at + 2 };
  }
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    check(count >= 1 && count <= 4, "unsupported ASN.1 length");
    check(offset + 2 + count <= buf.length, "truncated ASN.1 length");
    length = 0;
    for (let k = 0; k < count; k++) length = length * 256 + (buf[offset + 2 + k] ?? 0);
    valueStart += count;
  }
  const valueEnd = valueStart + length;
  check(valueEnd <= buf.length, "truncated ASN.1 element");
  return { tag, constructed, start: offset, valueStart, valueEnd, end: valueEnd };
}

export function childrenOf(buf: Buffer, parent: Tlv): Tlv[] {
  check(parent.constructed, "expected a constructed ASN.1 element");
  const children: Tlv[] = [];
  for (let at = parent.valueStart; at < parent.valueEnd; ) {
    const child = readTlv(buf, at, 1);
    children.push(child);
    at = child.end;
  }
  return children;
}

const OID_SIGNED_DATA = Buffer.from("2a864886f70d010702", "hex"); // 1.2.840.113549.1.7.2

/**
 * The certificates of a PKCS#7 / CMS SignedData (ContentInfo wrapper), as DER. Used for APK v1
 * signatures, Authenticode and provisioning profiles. Signatures are not verified.
 */
export function signedDataCertificates(buf: Buffer): Buffer[] {
  const contentInfo = readTlv(buf, 0);
  check(contentInfo.tag === 0x30, "PKCS#7: expected ContentInfo");
  const [oid, explicit] = childrenOf(buf, contentInfo);
  check(oid?.tag === 0x06 && buf.subarray(oid.valueStart, oid.valueEnd).equals(OID_SIGNED_DATA) && explicit?.tag === 0xa0, "PKCS#7: not SignedData");
  const signedData = childrenOf(buf, explicit)[0];
  check(signedData?.tag === 0x30, "PKCS#7: bad SignedData");
  const certificates = childrenOf(buf, signedData).find((child) => child.tag === 0xa0);
  if (!certificates) return [];
  return childrenOf(buf, certificates)
    .filter((cert) => cert.tag === 0x30)
    .map((cert) => Buffer.from(buf.subarray(cert.start, cert.end)));
}
