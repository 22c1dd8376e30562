/**
 * Which of a file's representations to send, from the request's Accept-Encoding (RFC 9110 §12.5.3): a coding's
 * weight is its own q-value, else that of `*`, else it is not acceptable; `identity` is acceptable unless
 * excluded (`identity;q=0`, or `*;q=0` without an identity entry). Equal weights go to the smaller copy: Brotli,
 * then gzip, then the file itself. Without the header a client has said nothing about decoding, and gets the file.
 */
import type { PrecompressedEncoding } from './precompress';

export type Representation = PrecompressedEncoding | 'identity';

/** Preference among equal weights: the smallest first. */
const ORDER: readonly Representation[] = ['br', 'gzip', 'identity'];

// `identity` left unnamed is acceptable, but after any coding the client named (it asked for those)
const IMPLICIT_IDENTITY_WEIGHT = 0.0001;

interface Weights {
  readonly named: ReadonlyMap<string, number>;
  readonly star: number | null;
}

/** The header's codings and q-values; entries with a malformed q-value are ignored. */
function parseAcceptEncoding(header: string): Weights {
  const named = new Map<string, number>();
  let star: number | null = null;
  for (const entry of header.split(',')) {
    const [token = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (!token) continue;
    let weight = 1;
    let valid = true;
    for (const parameter of parameters) {
      const q = /^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/u.exec(parameter);
      if (q) weight = Number(q[1]);
      else if (parameter.startsWith('q')) valid = false;
    }
    if (!valid) continue;
    const coding = token === 'x-gzip' ? 'gzip' : token;
    if (coding === '*') star = weight;
    else named.set(coding, Math.max(weight, named.get(coding) ?? 0));
  }
  return { named, star };
}

function weightOf(representation: Representation, { named, star }: Weights): number {
  const explicit = named.get(representation);
  if (explicit !== undefined) return explicit;
  if (star !== null) return star;
  return representation === 'identity' ? IMPLICIT_IDENTITY_WEIGHT : 0;
}

/**
 * The representation to send among the copies available (the file itself is always available), or null when the
 * client accepts none of them (answer 406).
 */
export function chooseRepresentation(
  acceptEncoding: string | undefined,
  available: ReadonlySet<PrecompressedEncoding>,
): Representation | null {
  if (acceptEncoding === undefined) return 'identity';
  const weights = parseAcceptEncoding(acceptEncoding);
  let best: Representation | null = null;
  let bestWeight = 0;
  for (const representation of ORDER) {
    if (representation !== 'identity' && !available.has(representation)) continue;
    const weight = weightOf(representation, weights);
    if (weight > bestWeight) {
      best = representation;
      bestWeight = weight;
    }
  }
  return best;
}
