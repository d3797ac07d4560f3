import { check } from "./errors";

/** A minimal protobuf wire-format reader: enough for aapt2's XmlNode (AAB manifests). */
export interface ProtoField {
  field: number;
  wire: number;
  /** Varints and fixed ints as numbers; length-delimited fields as bytes. */
  value: number | Buffer;
}

export function readFields(buf: Buffer): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      check(at < buf.length && shift < 64, "corrupt protobuf varint");
      const byte = buf[at++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) return value;
    }
  };
  while (at < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      fields.push({ field, wire, value: varint() });
    } else if (wire === 2) {
      const length = varint();
      check(at + length <= buf.length, "corrupt protobuf length");
      fields.push({ field, wire, value: buf.subarray(at, at + length) });
      at += length;
    } else if (wire === 5) {
      check(at + 4 <= buf.length, "truncated protobuf");
      fields.push({ field, wire, value: buf.readUInt32LE(at) });
      at += 4;
    } else if (wire === 1) {
      check(at + 8 <= buf.length, "truncated protobuf");
      fields.push({ field, wire, value: Number(buf.readBigUInt64LE(at)) });
      at += 8;
    } else {
      check(false, `unsupported protobuf wire type ${wire}`);
    }
  }
  return fields;
}

export function bytesField(fields: ProtoField[], field: number): Buffer[] {
  return fields.filter((f) => f.field === field && Buffer.isBuffer(f.value)).map((f) => f.value as Buffer);
}

export function stringField(fields: ProtoField[], field: number): string | undefined {
  return bytesField(fields, field)[0]?.toString("utf8");
}

export function numberField(fields: ProtoField[], field: number): number | undefined {
  const found = fields.find((f) => f.field === field && typeof f.value === "number");
  return found?.value as number | undefined;
}
