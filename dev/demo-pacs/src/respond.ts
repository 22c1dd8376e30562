/**
 * Writing responses: JSON, errors, buffered multipart bodies and streamed Part 10 files.
 * HEAD gets the same status and headers as GET, without the body.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { HttpError } from './httpError';
import { closingDelimiter, CRLF, multipartBody, multipartContentType, newBoundary, partHeader, type Part } from '@iqs/dicom';

export function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer | Buffer[],
): void {
  const chunks = Array.isArray(body) ? body : [body];
  const length = chunks.reduce((n, c) => n + c.length, 0);
  res.writeHead(status, { ...headers, 'Content-Length': length });
  if (req.method !== 'HEAD') for (const chunk of chunks) res.write(chunk);
  res.end();
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  json: string,
  contentType = 'application/dicom+json',
): void {
  send(req, res, status, { 'Content-Type': `${contentType}; charset=utf-8` }, Buffer.from(json, 'utf8'));
}

export function sendError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy(err instanceof Error ? err : undefined); // too late for a status: cut the body short
    return;
  }
  const status = err instanceof HttpError ? err.status : 500;
  const message = err instanceof Error ? err.message : String(err);
  const headers: OutgoingHttpHeaders = { 'Content-Type': 'application/json; charset=utf-8' };
  if (status === 405) headers.Allow = 'GET, HEAD, OPTIONS';
  send(req, res, status, headers, Buffer.from(JSON.stringify({ error: message }), 'utf8'));
}

/** One part as a single-part response, or any number of parts as multipart/related. */
export function sendParts(
  req: IncomingMessage,
  res: ServerResponse,
  parts: Part[],
  options: { multipart: boolean; rootType: string },
): void {
  const [only] = parts;
  if (!options.multipart && only && parts.length === 1) {
    send(req, res, 200, { 'Content-Type': only.contentType }, only.body);
    return;
  }
  const boundary = newBoundary();
  const { chunks } = multipartBody(parts, boundary);
  send(req, res, 200, { 'Content-Type': multipartContentType(options.rootType, boundary) }, chunks);
}

export interface FilePart {
  file: string;
  size: number;
  contentType: string;
}

/** Part 10 files as multipart/related (or one file alone), streamed from disk with a known length. */
export async function sendFiles(
  req: IncomingMessage,
  res: ServerResponse,
  files: FilePart[],
  options: { multipart: boolean; rootType: string },
): Promise<void> {
  const [only] = files;
  if (!options.multipart && only && files.length === 1) {
    res.writeHead(200, { 'Content-Type': only.contentType, 'Content-Length': only.size });
    if (req.method === 'HEAD') res.end();
    else await pipeFile(only.file, res, true);
    return;
  }
  const boundary = newBoundary();
  const headers = files.map((f) => partHeader(boundary, f.contentType, f.size));
  const closing = closingDelimiter(boundary);
  const length = files.reduce((n, f, i) => n + (headers[i] as Buffer).length + f.size + CRLF.length, closing.length);
  res.writeHead(200, { 'Content-Type': multipartContentType(options.rootType, boundary), 'Content-Length': length });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  for (const [i, f] of files.entries()) {
    res.write(headers[i] as Buffer);
    await pipeFile(f.file, res, false);
    res.write(CRLF);
  }
  res.end(closing);
}

function pipeFile(file: string, res: ServerResponse, end: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file);
    // a client that goes away stops the read; 'close' then settles the promise
    const stop = (): void => {
      stream.destroy();
    };
    let failed = false;
    res.once('close', stop);
    stream.on('error', (err) => {
      failed = true;
      res.off('close', stop);
      reject(err);
    });
    stream.on('close', () => {
      res.off('close', stop);
      if (failed) return;
      if (end) res.end();
      resolve();
    });
    stream.pipe(res, { end: false });
  });
}
