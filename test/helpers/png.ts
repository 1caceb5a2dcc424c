/**
 * A small PNG decoder (8-bit greyscale/RGB/RGBA, non-interlaced, as pdftoppm writes them) and a
 * pixel comparison, so page renderings can be checked against committed references.
 */
import zlib from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** one grey level (0–255) per pixel */
  grey: Uint8Array;
}

export function decodePng(buf: Buffer): Image {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0, height = 0, depth = 0, colour = 0, interlace = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8];
      colour = data[9];
      interlace = data[12];
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (depth !== 8 || interlace !== 0) throw new Error(`unsupported PNG (depth ${depth}, interlace ${interlace})`);
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colour as 0 | 2 | 4 | 6];
  if (!channels) throw new Error(`unsupported PNG colour type ${colour}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(stride * height);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = out.subarray(y * stride, (y + 1) * stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 0xff;
    }
    prev = cur;
  }
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    if (channels <= 2) grey[i] = out[i * channels];
    else grey[i] = Math.round(0.299 * out[i * channels] + 0.587 * out[i * channels + 1] + 0.114 * out[i * channels + 2]);
  }
  return { width, height, grey };
}

/** Share of pixels whose grey level differs by more than `threshold`; 1 when the sizes differ. */
export function pixelDifference(a: Image, b: Image, threshold = 64): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let diff = 0;
  for (let i = 0; i < a.grey.length; i++) if (Math.abs(a.grey[i] - b.grey[i]) > threshold) diff++;
  return diff / a.grey.length;
}

/** Share of dark pixels (ink) on the page. */
export function inkRatio(img: Image): number {
  let dark = 0;
  for (const v of img.grey) if (v < 128) dark++;
  return dark / img.grey.length;
}
