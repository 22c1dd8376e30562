/** The parts of a REST request shared by tables and functions: profile, media type, preferences, body, filters. */
import type { RestContext, RestRequest } from './context';
import { ApiError } from './errors';
import type { BodyShape } from './build';
import { parseField, parseFilter, parseLogicTree, type LogicTree } from './parse';

/** Query parameters that are never filters. */
export const RESERVED_PARAMS = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict']);

/** Accept-Profile (reads) / Content-Profile (writes) → the schema, which must be exposed (else 406 PGRST106). */
export function negotiateSchema(ctx: RestContext, request: RestRequest): { schema: string; negotiated: boolean } {
  const read = request.method === 'GET' || request.method === 'HEAD';
  const header = request.headers[read ? 'accept-profile' : 'content-profile'];
  const requested = Array.isArray(header) ? header[0] : header;
  if (requested === undefined) return { schema: ctx.exposedSchemas[0]!, negotiated: false };
  if (!ctx.exposedSchemas.includes(requested)) {
    throw new ApiError(
      406,
      'PGRST106',
      `Invalid schema: ${requested}`,
      null,
      `Only the following schemas are exposed: ${ctx.exposedSchemas.join(', ')}`,
    );
  }
  return { schema: requested, negotiated: true };
}

/** application/json (array) or application/vnd.pgrst.object+json (single object); anything else is 406. */
export function negotiateBody(request: RestRequest): Exclude<BodyShape, 'none'> {
  const header = request.headers.accept;
  const accept = (Array.isArray(header) ? header.join(',') : (header ?? '')).toLowerCase();
  if (accept.trim() === '') return 'array';
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim());
  for (const type of types) {
    if (type === 'application/vnd.pgrst.object+json' || type === 'application/vnd.pgrst.object') return 'single';
    if (type === 'application/json' || type === '*/*' || type === 'application/*' || type === 'application/vnd.pgrst.array+json')
      return 'array';
  }
  throw new ApiError(406, 'PGRST107', `None of these media types are available: ${types.join(', ')}`);
}

export const contentType = (shape: BodyShape) =>
  shape === 'single' ? 'application/vnd.pgrst.object+json; charset=utf-8' : 'application/json; charset=utf-8';

/** The request body as JSON (400 PGRST102 when it is not JSON). */
export function parseJsonBody(request: RestRequest): unknown {
  const type = request.headers['content-type'];
  if (type !== undefined && !/^application\/json\b/i.test(type) && !/^application\/vnd\.pgrst/i.test(type)) {
    throw new ApiError(415, 'PGRST107', `None of these media types are available: ${type}`, 'The local stand-in accepts JSON bodies only.');
  }
  const text = request.body ?? '';
  if (text.trim() === '') throw new ApiError(400, 'PGRST102', 'Empty or invalid json');
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'PGRST102', 'Empty or invalid json');
  }
}

/** Filters: every non-reserved parameter (col=op.value) plus and=/or=/not.and=/not.or= trees. */
export function parseFilters(entries: Iterable<[string, string]>): LogicTree[] {
  const trees: LogicTree[] = [];
  for (const [key, value] of entries) {
    if (RESERVED_PARAMS.has(key)) continue;
    const logic = /^(not\.)?(and|or)$/.exec(key);
    if (logic) trees.push(parseLogicTree(logic[2] as 'and' | 'or', logic[1] !== undefined, value));
    else trees.push({ kind: 'filter', filter: parseFilter(parseField(key, 'filter'), value, false) });
  }
  return trees;
}

/** PostgREST's Content-Range: "a-b/total", "*" when the page is empty, total "*" when not counted. */
export function contentRange(lower: number, upper: number, total: number | null): string {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
  return `${range}/${total === null ? '*' : total}`;
}

/** Status and Content-Range of a read (RangeQuery.rangeStatusHeader): 206 when partial, 416 past the end. */
export function rangeStatus(offset: number, pageTotal: number, total: number | null): { status: number; range: string } {
  const upper = offset + pageTotal - 1;
  const range = contentRange(offset, upper, total);
  if (total === null) return { status: 200, range };
  if (offset > total) return { status: 416, range };
  if (1 + upper - offset < total) return { status: 206, range };
  return { status: 200, range };
}

export function outOfRange(offset: number, total: number | null): ApiError {
  return new ApiError(
    416,
    'PGRST103',
    'Requested range not satisfiable',
    `An offset of ${offset} was requested, but there are only ${total ?? 0} rows.`,
  );
}

export function singularityError(rows: number): ApiError {
  return new ApiError(406, 'PGRST116', 'Cannot coerce the result to a single JSON object', `The result contains ${rows} rows`);
}
