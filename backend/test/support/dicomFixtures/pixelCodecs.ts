/**
 * Real (decodable) compressed pixel data for the encapsulated fixtures, and the encapsulation itself:
 *
 *  - RLE Lossless (PS3.5 Annex G): per frame a 64-byte header of segment offsets, one PackBits segment per byte
 *    plane (most significant first), each row encoded on its own, segments padded to even length.
 *  - JPEG Lossless, Non-Hierarchical, First-Order Prediction (process 14, selection value 1; ITU-T T.81 Annex H):
 *    SOI, SOF3, one DC Huffman table, SOS, the entropy-coded differences with 0xFF byte stuffing, EOI.
 *  - Encapsulation (PS3.5 A.4): Pixel Data of undefined length, a Basic Offset Table item, the fragments as items
 *    (even lengths), a Sequence Delimitation Item.
 *
 * Checked against dcmtk: dcmdrle and dcmdjpeg decode what these write back to the same pixels.
 */

/** PackBits: runs of 3+ equal bytes replicated, the rest literal, at most 128 bytes per run. */
function packBits(row: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < row.length) {
    let run = 1;
    while (i + run < row.length && run < 128 && row[i + run] === row[i]) run++;
    if (run >= 3) {
      out.push(257 - run, row[i] as number);
      i += run;
      continue;
    }
    const start = i;
    while (i < row.length && i - start < 128) {
      if (i + 2 < row.length && row[i] === row[i + 1] && row[i] === row[i + 2]) break;
      i++;
    }
    out.push(i - start - 1, ...row.subarray(start, i));
  }
  return out;
}

/** One RLE frame of 16-bit unsigned single-sample pixels (two segments: high bytes, then low bytes). */
export function rleEncodeFrame(pixels: Uint16Array, rows: number, columns: number): Buffer {
  const segments: Buffer[] = [];
  for (const shift of [8, 0]) {
    const bytes: number[] = [];
    for (let r = 0; r < rows; r++) {
      const plane = new Uint8Array(columns);
      for (let c = 0; c < columns; c++) plane[c] = ((pixels[r * columns + c] as number) >> shift) & 0xff;
      bytes.push(...packBits(plane));
    }
    if (bytes.length % 2 === 1) bytes.push(0);
    segments.push(Buffer.from(bytes));
  }
  const header = Buffer.alloc(64);
  header.writeUInt32LE(segments.length, 0);
  let offset = 64;
  segments.forEach((segment, index) => {
    header.writeUInt32LE(offset, 4 + index * 4);
    offset += segment.length;
  });
  return Buffer.concat([header, ...segments]);
}

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  write(value: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit--) {
      this.current = (this.current << 1) | ((value >> bit) & 1);
      if (++this.filled === 8) this.flushByte();
    }
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    // a 0xFF in entropy-coded data is followed by a stuffed 0x00 (T.81 F.1.2.3)
    if (this.current === 0xff) this.bytes.push(0x00);
    this.current = 0;
    this.filled = 0;
  }

  finish(): number[] {
    // pad the last byte with 1-bits (T.81 F.1.2.3)
    while (this.filled !== 0) this.write(1, 1);
    return this.bytes;
  }
}

/**
 * JPEG lossless (SV1: predict from the left neighbour; first column from above) of single-sample pixels with the
 * given precision. The Huffman table gives all 17 difference categories a 5-bit code: valid, if not optimal.
 */
export function jpegLosslessEncode(pixels: Uint16Array, rows: number, columns: number, precision: number): Buffer {
  const segment = (marker: number, body: number[]): number[] => [
    0xff,
    marker,
    ((body.length + 2) >> 8) & 0xff,
    (body.length + 2) & 0xff,
    ...body,
  ];
  const sof3 = segment(0xc3, [precision, rows >> 8, rows & 0xff, columns >> 8, columns & 0xff, 1, 1, 0x11, 0]);
  const counts = Array.from({ length: 16 }, (_, i) => (i === 4 ? 17 : 0));
  const dht = segment(0xc4, [0x00, ...counts, ...Array.from({ length: 17 }, (_, i) => i)]);
  const sos = segment(0xda, [1, 1, 0x00, 1, 0, 0]);

  const bits = new BitWriter();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x = pixels[r * columns + c] as number;
      const prediction =
        r === 0 && c === 0
          ? 1 << (precision - 1)
          : c === 0
            ? (pixels[(r - 1) * columns] as number)
            : (pixels[r * columns + c - 1] as number);
      // differences are taken modulo 2^16 and read as -32767…32768 (T.81 H.1.2.1)
      let diff = (x - prediction) & 0xffff;
      if (diff > 32768) diff -= 65536;
      const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      bits.write(category, 5);
      if (category > 0 && category < 16) bits.write(diff > 0 ? diff : (diff - 1) & ((1 << category) - 1), category);
    }
  }
  return Buffer.from([0xff, 0xd8, ...sof3, ...dht, ...sos, ...bits.finish(), 0xff, 0xd9]);
}

/** Split one frame's bytes into `count` fragments of even length (the last one padded with 0x00 if needed). */
export function splitFragments(frame: Buffer, count: number): Buffer[] {
  const padded = frame.length % 2 === 0 ? frame : Buffer.concat([frame, Buffer.from([0])]);
  const size = Math.max(2, Math.ceil(padded.length / count / 2) * 2);
  const fragments: Buffer[] = [];
  for (let offset = 0; offset < padded.length; offset += size)
    fragments.push(padded.subarray(offset, Math.min(offset + size, padded.length)));
  return fragments;
}

function itemHeader(group: number, element: number, length: number): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(element, 2);
  header.writeUInt32LE(length, 4);
  return header;
}

/**
 * The encapsulated Pixel Data element (explicit VR OB, undefined length): a Basic Offset Table with the offset of
 * each frame's first fragment (measured from the first fragment item), then every fragment, then the delimiter.
 */
export function encapsulatedPixelData(frames: readonly (readonly Buffer[])[]): Buffer {
  const offsets: number[] = [];
  let position = 0;
  for (const fragments of frames) {
    offsets.push(position);
    for (const fragment of fragments) position += 8 + fragment.length;
  }
  const table = Buffer.alloc(offsets.length * 4);
  offsets.forEach((offset, i) => table.writeUInt32LE(offset, i * 4));
  const header = Buffer.alloc(12);
  header.writeUInt16LE(0x7fe0, 0);
  header.writeUInt16LE(0x0010, 2);
  header.write('OB', 4, 'ascii');
  header.writeUInt32LE(0xffffffff, 8);
  return Buffer.concat([
    header,
    itemHeader(0xfffe, 0xe000, table.length),
    table,
    ...frames.flatMap((fragments) => fragments.flatMap((fragment) => [itemHeader(0xfffe, 0xe000, fragment.length), fragment])),
    itemHeader(0xfffe, 0xe0dd, 0),
  ]);
}
