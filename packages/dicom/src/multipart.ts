/**
 * Writing multipart/related bodies (RFC 2387) as WADO-RS returns them, and reading them (a PACS's bulk data).
 *
 * The layout follows what the two parsers OHIF relies on expect: dicomweb-client's
 * multipartDecode and cornerstone's WADO-RS loader both take the first line starting with
 * "--" as the boundary, the headers up to the first blank line, the data up to "\r\n--boundary",
 * and cornerstone reads the part's transfer syntax from a line starting exactly "Content-Type:".
 */
import { randomBytes } from 'node:crypto';

export interface Part {
  contentType: string;
  body: Buffer;
}

/** A boundary long and random enough never to occur in pixel data. */
export function newBoundary(): string {
  return `iqs-${randomBytes(16).toString('hex')}`;
}

export function multipartContentType(rootType: string, boundary: string): string {
  return `multipart/related; type="${rootType}"; boundary=${boundary}`;
}

export function partHeader(boundary: string, contentType: string, length?: number): Buffer {
  const lengthLine = length === undefined ? '' : `Content-Length: ${length}\r\n`;
  return Buffer.from(`--${boundary}\r\nContent-Type: ${contentType}\r\n${lengthLine}\r\n`, 'latin1');
}

export function closingDelimiter(boundary: string): Buffer {
  return Buffer.from(`--${boundary}--\r\n`, 'latin1');
}

const CRLF = Buffer.from('\r\n', 'latin1');

/** The whole body as chunks (nothing copied) and its length. */
export function multipartBody(parts: readonly Part[], boundary: string): { chunks: Buffer[]; length: number } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(partHeader(boundary, part.contentType, part.body.length), part.body, CRLF);
  }
  chunks.push(closingDelimiter(boundary));
  return { chunks, length: chunks.reduce((n, c) => n + c.length, 0) };
}

export { CRLF };

export interface ParsedPart {
  /** header names in lower case */
  headers: Record<string, string>;
  body: Buffer;
}

/** The parts of a multipart body, by the boundary its Content-Type names (RFC 2046; a preamble is skipped). */
export function readMultipart(contentType: string, body: Buffer): ParsedPart[] {
  const boundary = /boundary="?([^";]+)"?/iu.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in the content type ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: ParsedPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('the multipart body has no boundary');
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return parts;
    const headerEnd = body.indexOf('\r\n\r\n', afterDelimiter, 'latin1');
    if (headerEnd < 0) throw new Error('a multipart part has no end of headers');
    const headers: Record<string, string> = {};
    for (const line of body
      .subarray(afterDelimiter + 2, headerEnd)
      .toString('latin1')
      .split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), headerEnd + 4);
    if (next < 0) throw new Error('a multipart part is not terminated');
    parts.push({ headers, body: body.subarray(headerEnd + 4, next) });
    at = next + 2;
  }
}
