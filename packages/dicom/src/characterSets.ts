/**
 * Decoding of text values according to Specific Character Set (0008,0005), PS3.3 C.12.1.1.2.
 *
 * Only the text VRs (SH, LO, ST, LT, UC, UT, PN) depend on it; everything else is ASCII.
 * ISO 2022 code extensions are approximated: Japanese goes through the WHATWG iso-2022-jp
 * decoder (which understands the escape sequences), other escapes are dropped before
 * decoding with the extension's charset. That covers the files seen in practice.
 */

export type TextDecodeFn = (bytes: Uint8Array) => string;

/** Latin-1 keeps every byte; it is also the most useful guess for undeclared 8-bit text. */
const latin1: TextDecodeFn = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** Defined term (without the ISO_IR / ISO 2022 IR prefix difference) → WHATWG encoding label. */
const LABELS: Record<string, string> = {
  'IR 100': 'latin1',
  'IR 101': 'iso-8859-2',
  'IR 109': 'iso-8859-3',
  'IR 110': 'iso-8859-4',
  'IR 144': 'iso-8859-5',
  'IR 127': 'iso-8859-6',
  'IR 126': 'iso-8859-7',
  'IR 138': 'iso-8859-8',
  'IR 148': 'iso-8859-9',
  'IR 203': 'iso-8859-15',
  'IR 166': 'windows-874',
  'IR 13': 'shift_jis',
  'IR 87': 'iso-2022-jp',
  'IR 159': 'iso-2022-jp',
  'IR 149': 'euc-kr',
  'IR 58': 'gbk',
  'IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

const decoders = new Map<string, TextDecodeFn>();

function decoderForLabel(label: string): TextDecodeFn {
  const cached = decoders.get(label);
  if (cached) return cached;
  let fn: TextDecodeFn;
  if (label === 'latin1') {
    fn = latin1;
  } else {
    const decoder = new TextDecoder(label); // replaces malformed sequences, never throws
    fn = label === 'iso-2022-jp' ? (b) => decoder.decode(b) : (b) => decoder.decode(stripIso2022Escapes(b));
  }
  decoders.set(label, fn);
  return fn;
}

/** ESC, intermediate bytes 0x20–0x2F, final byte: designations that a single-charset decoder would print. */
function stripIso2022Escapes(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(0x1b)) return bytes;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b !== 0x1b) {
      out.push(b);
      continue;
    }
    i++;
    while (i < bytes.length && (bytes[i] as number) >= 0x20 && (bytes[i] as number) <= 0x2f) i++;
  }
  return Uint8Array.from(out);
}

function labelForTerm(term: string): string | undefined {
  const t = term.trim().toUpperCase().replace(/_/g, ' ');
  if (t === '' || t === 'ISO IR 6' || t === 'ISO 2022 IR 6') return undefined;
  const m = /^ISO(?: 2022)? (IR \d+)$/.exec(t);
  return LABELS[m ? (m[1] as string) : t];
}

/**
 * A decoder for the given Specific Character Set values. Unknown or absent sets decode as
 * Latin-1, so that no byte is lost and undeclared Western European text still reads right.
 */
export function decoderForCharacterSet(values: readonly string[]): TextDecodeFn {
  // With code extensions the first value may be empty (ASCII as G0); the first declared
  // non-ASCII set decides.
  for (const value of values) {
    const label = labelForTerm(value);
    if (label) return decoderForLabel(label);
  }
  return latin1;
}

/** True when the set declares anything beyond the default repertoire. */
export function declaresNonDefaultCharacterSet(values: readonly string[]): boolean {
  return values.some((v) => labelForTerm(v) !== undefined);
}
