/**
 * The DICOMweb request handler: QIDO-RS and WADO-RS (PS3.18 chapters 8–10) over a DicomIndex.
 *
 * It can be mounted by another server under a base path (the viewer serves it at /dicomweb, on
 * its own origin) or run alone (server.ts). It answers only paths under its base path and
 * resolves false for anything else, so the host server can go on routing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { imageMediaType, MEDIA_TYPE_ALIASES, negotiate, parseAccept, type Offer } from './accept';
import { InstanceBytes, type ByteCacheOptions } from './bytes';
import { littleEndianBytes } from '@iqs/dicom';
import { readFrames } from './frames';
import { HttpError } from './httpError';
import { findInstance, type DicomIndex, type InstanceRecord, type SeriesRecord, type StudyRecord } from './model';
import { TransferSyntaxUid } from '@iqs/dicom';
import { parseQidoQuery, runQido, type QidoLevel, type QidoScope } from './qido';
import { send, sendError, sendFiles, sendJson, sendParts } from './respond';

export interface DicomwebHandlerOptions {
  /** where the service is mounted, e.g. "/dicomweb"; default "" (the root) */
  basePath?: string;
  /**
   * "relative" (default): BulkDataURIs relative to the study ("series/…/bulkdata/…"), which OHIF
   * resolves against its wadoRoot with bulkDataURI.relativeResolution = 'studies' and which keep
   * working behind any proxy. "absolute": full URLs built from the request's Host (and
   * X-Forwarded-Proto/-Host), for clients that cannot resolve relative URIs.
   */
  bulkDataURI?: 'relative' | 'absolute';
  /** adds Access-Control-Allow-Origin: * (for a standalone server used from another origin) */
  cors?: boolean;
  /** the cache of recently read files */
  cache?: ByteCacheOptions;
}

export type DicomwebHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const OCTET_STREAM = 'application/octet-stream';
const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';

/** Native pixel data is served as explicit VR little endian; implicit VR has the same bytes. */
const NATIVE_OFFER: Offer = {
  mediaType: OCTET_STREAM,
  transferSyntax: TransferSyntaxUid.ExplicitLittleEndian,
  alsoMatches: [TransferSyntaxUid.ImplicitLittleEndian],
};

interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** the mount point, for absolute BulkDataURIs */
  base: string;
}

export function createDicomwebHandler(index: DicomIndex, options: DicomwebHandlerOptions = {}): DicomwebHandler {
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  const bytes = new InstanceBytes(options.cache);

  const studyOr404 = (uid: string): StudyRecord => {
    const study = index.studies.get(uid);
    if (!study) throw new HttpError(404, `unknown study ${uid}`);
    return study;
  };
  const seriesOr404 = (study: string, series: string): SeriesRecord => {
    const found = studyOr404(study).series.get(series);
    if (!found) throw new HttpError(404, `unknown series ${series} in study ${study}`);
    return found;
  };
  const instanceOr404 = (study: string, series: string, sop: string): InstanceRecord => {
    const found = findInstance(index, study, series, sop);
    if (!found) {
      seriesOr404(study, series);
      throw new HttpError(404, `unknown instance ${sop} in series ${series}`);
    }
    return found;
  };

  function qido(ctx: RequestContext, level: QidoLevel, scope: QidoScope): void {
    const results = runQido(index, level, scope, parseQidoQuery(ctx.url.searchParams));
    // always 200 with a (possibly empty) array: OHIF handles 204 badly
    sendJson(ctx.req, ctx.res, 200, JSON.stringify(results));
  }

  /** Absolute BulkDataURIs are made at answer time: they depend on how the client reached us. */
  function metadataJson(ctx: RequestContext, instances: InstanceRecord[]): string {
    const json = JSON.stringify(instances.map((i) => i.json));
    if (options.bulkDataURI !== 'absolute') return json;
    const study = instances[0]?.studyInstanceUID ?? '';
    const prefix = `${origin(ctx.req)}${ctx.base}/studies/${encodeURIComponent(study)}/`;
    // every BulkDataURI we emit starts with "series/"; in JSON text this key-value opening
    // cannot occur inside a string value (its quotes would be escaped)
    return json.split('"BulkDataURI":"series/').join(`"BulkDataURI":"${prefix}series/`);
  }

  function metadata(ctx: RequestContext, instances: InstanceRecord[]): void {
    sendJson(ctx.req, ctx.res, 200, metadataJson(ctx, instances));
  }

  async function retrieveFiles(ctx: RequestContext, instances: InstanceRecord[]): Promise<void> {
    // Files are sent as stored (no transcoding); a client naming another syntax still gets them,
    // each part labelled with its real transfer syntax.
    const storedSyntaxes = [...new Set(instances.map((i) => i.transferSyntaxUID))];
    const offers: Offer[] = storedSyntaxes.map((ts) => ({ mediaType: 'application/dicom', transferSyntax: ts }));
    const choice = negotiate(parseAccept(ctx.req.headers.accept), offers, {
      singlePartAllowed: instances.length === 1,
      defaultPartType: 'application/dicom',
    });
    if (!choice) {
      throw new HttpError(406, `instances are available only as application/dicom in ${storedSyntaxes.join(', ')}`);
    }
    const files = instances.map((i) => ({
      file: i.file,
      size: i.fileSize,
      contentType: `application/dicom; transfer-syntax=${i.transferSyntaxUID}`,
    }));
    await sendFiles(ctx.req, ctx.res, files, { multipart: choice.multipart, rootType: 'application/dicom' });
  }

  function frameOffers(inst: InstanceRecord): Offer[] {
    if (!inst.pixelData?.encapsulated) return [NATIVE_OFFER];
    const ts = inst.transferSyntaxUID;
    const type = imageMediaType(ts);
    const types = type ? [type, ...(MEDIA_TYPE_ALIASES[type] ?? [])] : [];
    return [...types, OCTET_STREAM].map((mediaType) => ({ mediaType, transferSyntax: ts }));
  }

  async function frames(ctx: RequestContext, inst: InstanceRecord, numbers: number[]): Promise<void> {
    if (!inst.pixelData) throw new HttpError(404, 'instance has no pixel data');
    if (inst.bigEndian && !inst.pixelData.encapsulated) {
      throw new HttpError(406, 'pixel data stored big endian cannot be served as frames');
    }
    const choice = negotiate(parseAccept(ctx.req.headers.accept), frameOffers(inst), {
      singlePartAllowed: numbers.length === 1,
      defaultTransferSyntax: TransferSyntaxUid.ExplicitLittleEndian,
    });
    if (!choice) {
      throw new HttpError(
        406,
        `frames are stored as ${inst.transferSyntaxUID} and not transcoded; ` +
          `accept e.g. multipart/related; type="application/octet-stream"; transfer-syntax=*`,
      );
    }
    const data = await readFrames(inst, numbers, bytes);
    const contentType = `${choice.mediaType}; transfer-syntax=${choice.transferSyntax}`;
    sendParts(
      ctx.req,
      ctx.res,
      data.map((body) => ({ contentType, body })),
      {
        multipart: choice.multipart,
        rootType: choice.mediaType,
      },
    );
  }

  async function bulkData(ctx: RequestContext, inst: InstanceRecord, path: string): Promise<void> {
    const location = inst.bulkData.get(path);
    if (!location) throw new HttpError(404, `no bulk data ${path} in instance ${inst.sopInstanceUID}`);
    const isPixelData = inst.pixelData !== undefined && location.offset === inst.pixelData.offset;
    if (isPixelData && inst.pixelData?.encapsulated) {
      // compressed pixel data as bulk data: one part per frame (PS3.18 8.7.3.3.2)
      const all = Array.from({ length: inst.geometry.numberOfFrames }, (_, i) => i + 1);
      await frames(ctx, inst, all);
      return;
    }
    const choice = negotiate(parseAccept(ctx.req.headers.accept), [NATIVE_OFFER], {
      singlePartAllowed: true,
      defaultTransferSyntax: TransferSyntaxUid.ExplicitLittleEndian,
    });
    if (!choice) throw new HttpError(406, 'bulk data is available as application/octet-stream only');
    const raw = await bytes.read(inst, location.offset, location.length);
    const body = location.encapsulated ? raw : littleEndianBytes(raw, location.vr, !inst.bigEndian);
    const contentType = `${OCTET_STREAM}; transfer-syntax=${choice.transferSyntax}`;
    sendParts(ctx.req, ctx.res, [{ contentType, body }], { multipart: choice.multipart, rootType: OCTET_STREAM });
  }

  async function route(ctx: RequestContext, segments: string[]): Promise<void> {
    const [root, study, seriesWord, series, instancesWord, sop, resource, ...rest] = segments;
    const n = segments.length;
    if (n === 1 && (root === 'studies' || root === 'series' || root === 'instances')) {
      return qido(ctx, root, {});
    }
    if (root !== 'studies' || study === undefined) throw new HttpError(404, `no DICOMweb resource at ${ctx.url.pathname}`);
    if (segments.includes('rendered') || segments.includes('thumbnail')) {
      throw new HttpError(501, 'rendered and thumbnail resources are not provided; use frames');
    }
    if (n === 2) return retrieveFiles(ctx, allInstances(studyOr404(study)));
    if (n === 3 && seriesWord === 'metadata') return metadata(ctx, allInstances(studyOr404(study)));
    if (n === 3 && seriesWord === 'series') return qido(ctx, 'series', { study: studyOr404(study) });
    if (n === 3 && seriesWord === 'instances') return qido(ctx, 'instances', { study: studyOr404(study) });
    if (seriesWord !== 'series' || series === undefined) throw new HttpError(404, `no DICOMweb resource at ${ctx.url.pathname}`);
    if (n === 4) return retrieveFiles(ctx, [...seriesOr404(study, series).instances.values()]);
    if (n === 5 && instancesWord === 'metadata') return metadata(ctx, [...seriesOr404(study, series).instances.values()]);
    if (n === 5 && instancesWord === 'instances') {
      return qido(ctx, 'instances', { study: studyOr404(study), series: seriesOr404(study, series) });
    }
    if (instancesWord !== 'instances' || sop === undefined) throw new HttpError(404, `no DICOMweb resource at ${ctx.url.pathname}`);
    const inst = (): InstanceRecord => instanceOr404(study, series, sop);
    if (n === 6) return retrieveFiles(ctx, [inst()]);
    if (n === 7 && resource === 'metadata') return metadata(ctx, [inst()]);
    if (n === 8 && resource === 'frames') return frames(ctx, inst(), parseFrameList(rest[0] ?? ''));
    if (n >= 8 && resource === 'bulkdata') return bulkData(ctx, inst(), rest.join('/'));
    throw new HttpError(404, `no DICOMweb resource at ${ctx.url.pathname}`);
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const { pathname } = url;
    if (base && pathname !== base && !pathname.startsWith(`${base}/`)) return false;
    if (options.cors) res.setHeader('Access-Control-Allow-Origin', '*');
    try {
      if (req.method === 'OPTIONS') {
        const headers: Record<string, string> = { Allow: ALLOWED_METHODS };
        if (options.cors) {
          headers['Access-Control-Allow-Methods'] = ALLOWED_METHODS;
          headers['Access-Control-Allow-Headers'] = String(req.headers['access-control-request-headers'] ?? 'Accept, Authorization');
          headers['Access-Control-Max-Age'] = '600';
        }
        send(req, res, 204, headers, []);
        return true;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new HttpError(405, `${req.method ?? '?'} is not supported; this is a read-only DICOMweb service`);
      }
      const segments = pathname
        .slice(base.length)
        .split('/')
        .filter((s) => s !== '')
        .map(decodeSegment);
      await route({ req, res, url, base }, segments);
    } catch (err) {
      sendError(req, res, err);
    }
    return true;
  };
}

function allInstances(study: StudyRecord): InstanceRecord[] {
  return [...study.series.values()].flatMap((s) => [...s.instances.values()]);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `bad URL encoding in ${JSON.stringify(segment)}`);
  }
}

function parseFrameList(list: string): number[] {
  const parts = list.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) {
    throw new HttpError(400, `bad frame list ${JSON.stringify(list)}: expected 1-based numbers separated by commas`);
  }
  return parts.map(Number);
}

function origin(req: IncomingMessage): string {
  const forwardedProto = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim();
  const forwardedHost = String(req.headers['x-forwarded-host'] ?? '')
    .split(',')[0]
    ?.trim();
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const proto = forwardedProto || (encrypted ? 'https' : 'http');
  const host = forwardedHost || req.headers.host || 'localhost';
  return `${proto}://${host}`;
}
