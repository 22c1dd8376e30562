/**
 * Accept header parsing and the media type negotiation of WADO-RS (PS3.18 8.7).
 *
 * Clients differ in quoting (`type="application/octet-stream"` from dicomweb-client,
 * `type=application/octet-stream; transfer-syntax=*` from OHIF with
 * omitQuotationForMultipartRequest), so parameters are read leniently.
 */

export interface MediaRange {
  /** e.g. "multipart/related", "application/octet-stream", "*\/*" (lower case) */
  mediaType: string;
  /** parameter names in lower case, values unquoted */
  params: Record<string, string>;
  q: number;
}

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Parses an Accept header into media ranges, best first; a missing header accepts anything. */
export function parseAccept(header: string | string[] | undefined): MediaRange[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const ranges: MediaRange[] = [];
  for (const entry of splitOutsideQuotes(text, ',')) {
    const [typePart, ...paramParts] = splitOutsideQuotes(entry, ';');
    const mediaType = (typePart ?? '').trim().toLowerCase();
    if (!mediaType) continue;
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      const value = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim();
      if (name) params[name] = value;
    }
    const q = params.q === undefined ? 1 : Number(params.q);
    delete params.q;
    ranges.push({ mediaType, params, q: Number.isFinite(q) ? q : 1 });
  }
  if (ranges.length === 0) ranges.push({ mediaType: '*/*', params: {}, q: 1 });
  return ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
}

/** Something the server can send: a media type, with the transfer syntax of its bytes. */
export interface Offer {
  mediaType: string;
  transferSyntax?: string;
  /** transfer syntaxes the client may name for this offer (e.g. implicit LE for native data) */
  alsoMatches?: readonly string[];
}

export interface Choice {
  multipart: boolean;
  mediaType: string;
  transferSyntax?: string;
}

function typeMatches(pattern: string, mediaType: string): boolean {
  if (pattern === '*/*' || pattern === '*' || pattern === mediaType) return true;
  const [pt, ps] = pattern.split('/');
  const [mt] = mediaType.split('/');
  return pt === mt && (ps === '*' || ps === '');
}

/**
 * Picks the first offer acceptable to the client. `defaultTransferSyntax` is what a range
 * without a transfer-syntax parameter means for application/octet-stream and
 * application/dicom (explicit VR little endian, PS3.18 Table 8.7.3-2); for image types the
 * absent parameter is taken as "the usual syntax of that type", i.e. any offer of the type.
 */
export function negotiate(
  ranges: MediaRange[],
  offers: readonly Offer[],
  options: { singlePartAllowed: boolean; defaultTransferSyntax?: string; defaultPartType?: string },
): Choice | undefined {
  const defaultPartType = options.defaultPartType ?? 'application/octet-stream';
  for (const range of ranges) {
    const isMultipart = range.mediaType === 'multipart/related' || range.mediaType === 'multipart/*';
    if (!isMultipart && !options.singlePartAllowed && range.mediaType !== '*/*') continue;
    const wantedType = isMultipart ? (range.params.type ?? defaultPartType).toLowerCase() : range.mediaType;
    const wantedSyntax = range.params['transfer-syntax'];
    for (const offer of offers) {
      if (!typeMatches(wantedType, offer.mediaType)) continue;
      if (!syntaxMatches(wantedSyntax, wantedType, offer, options.defaultTransferSyntax)) continue;
      // "*/*" alone: multipart, the form every WADO-RS client handles
      const multipart = isMultipart || range.mediaType === '*/*' || !options.singlePartAllowed;
      const transferSyntax =
        wantedSyntax && wantedSyntax !== '*' && offer.alsoMatches?.includes(wantedSyntax) ? wantedSyntax : offer.transferSyntax;
      return { multipart, mediaType: offer.mediaType, ...(transferSyntax ? { transferSyntax } : {}) };
    }
  }
  return undefined;
}

function syntaxMatches(wanted: string | undefined, wantedType: string, offer: Offer, defaultSyntax: string | undefined): boolean {
  if (!offer.transferSyntax) return true;
  if (wanted === '*') return true;
  if (wanted) return wanted === offer.transferSyntax || (offer.alsoMatches?.includes(wanted) ?? false);
  if (wantedType.startsWith('image/') || wantedType === '*/*' || !defaultSyntax) return true;
  return defaultSyntax === offer.transferSyntax || (offer.alsoMatches?.includes(defaultSyntax) ?? false);
}

/** Media type of a compressed frame, by transfer syntax (PS3.18 Table 8.7.3-5). */
export function imageMediaType(transferSyntax: string): string | undefined {
  switch (transferSyntax) {
    case '1.2.840.10008.1.2.4.50':
    case '1.2.840.10008.1.2.4.51':
    case '1.2.840.10008.1.2.4.57':
    case '1.2.840.10008.1.2.4.70':
      return 'image/jpeg';
    case '1.2.840.10008.1.2.4.80':
    case '1.2.840.10008.1.2.4.81':
      return 'image/jls';
    case '1.2.840.10008.1.2.4.90':
    case '1.2.840.10008.1.2.4.91':
    case '1.2.840.10008.1.2.4.201':
    case '1.2.840.10008.1.2.4.202':
    case '1.2.840.10008.1.2.4.203':
      return transferSyntax.startsWith('1.2.840.10008.1.2.4.20') ? 'image/jphc' : 'image/jp2';
    case '1.2.840.10008.1.2.4.92':
    case '1.2.840.10008.1.2.4.93':
      return 'image/jpx';
    case '1.2.840.10008.1.2.5':
      return 'image/dicom-rle';
    default:
      return undefined;
  }
}

/** Older names some clients still send for the same types. */
export const MEDIA_TYPE_ALIASES: Record<string, string[]> = {
  'image/jls': ['image/x-jls'],
  'image/dicom-rle': ['image/x-dicom-rle'],
};
