// Incremental SHA-256 (FIPS 180-4) for the browser: WebCrypto's digest() takes the whole input at
// once, which would mean holding a multi-GiB file in memory. Feed it chunks with update().
// Words are read and written through DataViews (big-endian, and no possibly-undefined indexing).

const K_WORDS = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
    0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
    0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const K = new DataView(new ArrayBuffer(256));
K_WORDS.forEach((k, i) => K.setUint32(i * 4, k));

export class Sha256 {
  private readonly state = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  private readonly w = new DataView(new ArrayBuffer(256));
  private readonly pending = new Uint8Array(64);
  private readonly pendingView = new DataView(this.pending.buffer);
  private pendingLength = 0;
  private length = 0;
  private finished = false;

  update(data: Uint8Array): this {
    if (this.finished) throw new Error("SHA-256: update() after digest()");
    this.length += data.length;
    let pos = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(64 - this.pendingLength, data.length);
      this.pending.set(data.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      pos = take;
      if (this.pendingLength < 64) return this;
      this.compress(this.pendingView, 0);
      this.pendingLength = 0;
    }
    if (data.length - pos >= 64) {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      for (; pos + 64 <= data.length; pos += 64) this.compress(view, pos);
    }
    if (pos < data.length) {
      this.pending.set(data.subarray(pos));
      this.pendingLength = data.length - pos;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.finished) throw new Error("SHA-256: digest() called twice");
    this.finished = true;
    const bits = this.length * 8;
    this.pending[this.pendingLength++] = 0x80;
    if (this.pendingLength > 56) {
      this.pending.fill(0, this.pendingLength);
      this.compress(this.pendingView, 0);
      this.pendingLength = 0;
    }
    this.pending.fill(0, this.pendingLength, 56);
    this.pendingView.setUint32(56, Math.floor(bits / 0x1_0000_0000));
    this.pendingView.setUint32(60, bits >>> 0);
    this.compress(this.pendingView, 0);
    const out = new DataView(new ArrayBuffer(32));
    this.state.forEach((word, i) => out.setInt32(i * 4, word));
    return new Uint8Array(out.buffer);
  }

  hex(): string {
    return Array.from(this.digest(), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  private compress(block: DataView, offset: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) w.setInt32(i * 4, block.getInt32(offset + i * 4));
    for (let i = 16; i < 64; i++) {
      const x = w.getInt32((i - 15) * 4);
      const y = w.getInt32((i - 2) * 4);
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w.setInt32(i * 4, (w.getInt32((i - 16) * 4) + s0 + w.getInt32((i - 7) * 4) + s1) | 0);
    }
    const [h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0] = this.state;
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K.getInt32(i * 4) + w.getInt32(i * 4)) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    const s = this.state;
    s[0] = h0 + a;
    s[1] = h1 + b;
    s[2] = h2 + c;
    s[3] = h3 + d;
    s[4] = h4 + e;
    s[5] = h5 + f;
    s[6] = h6 + g;
    s[7] = h7 + h;
  }
}

/** SHA-256 of bytes in one call, as lowercase hex. */
export function sha256Hex(data: Uint8Array): string {
  return new Sha256().update(data).hex();
}
