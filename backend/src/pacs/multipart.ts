/**
 * Writing multipart/related bodies (RFC 2387) as WADO-RS returns them.
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
