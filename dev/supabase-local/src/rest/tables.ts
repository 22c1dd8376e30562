/** GET/HEAD/POST/PATCH/DELETE on a table or view → a Prepared statement. */
import { buildDelete, buildInsert, buildRead, buildUpdate, findColumn, type BodyShape } from './build';
import type { RestContext, RestRequest } from './context';
import { ApiError } from './errors';
import { parseColumnList, parseCount, parseOrder, parsePrefer, parseSelect, type LogicTree } from './parse';
import type { Prepared } from './prepared';
import { contentRange, contentType, negotiateBody, outOfRange, parseFilters, parseJsonBody, rangeStatus } from './request';
import type { Column, Relation } from './schemaCache';

export function prepareTableRequest(
  ctx: RestContext,
  request: RestRequest,
  relation: Relation,
  profileHeaders: Record<string, string>,
): Prepared {
  const prefer = parsePrefer(headerValue(request.headers.prefer));
  const shape = negotiateBody(request);
  const where = parseFilters(request.query.entries());
  const count = prefer.count !== null;
  switch (request.method) {
    case 'GET':
    case 'HEAD':
      return prepareRead(ctx, request, relation, shape, where, count, profileHeaders);
    case 'POST':
      return prepareInsert(ctx, request, relation, shape, count, profileHeaders);
    case 'PATCH':
    case 'DELETE':
      return prepareUpdateOrDelete(request, relation, shape, where, count, profileHeaders);
    case 'PUT':
      throw new ApiError(
        405,
        'PGRST117',
        'Unsupported HTTP method: PUT',
        'The local stand-in does not implement PUT; use POST with Prefer: resolution=merge-duplicates (upsert).',
      );
    default:
      throw new ApiError(405, 'PGRST117', `Unsupported HTTP method: ${request.method}`);
  }
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

function prepareRead(
  ctx: RestContext,
  request: RestRequest,
  relation: Relation,
  shape: Exclude<BodyShape, 'none'>,
  where: LogicTree[],
  count: boolean,
  profileHeaders: Record<string, string>,
): Prepared {
  const query = request.query;
  const requestedLimit = parseCount('limit', query.get('limit'));
  const offset = parseCount('offset', query.get('offset')) ?? 0;
  const limit = ctx.maxRows === null ? requestedLimit : Math.min(requestedLimit ?? ctx.maxRows, ctx.maxRows);
  const head = request.method === 'HEAD';
  const statement = buildRead({
    relation,
    select: parseSelect(query.get('select')),
    where,
    order: query.has('order') ? parseOrder(query.get('order')!) : [],
    limit,
    offset,
    count,
    body: head ? 'none' : shape,
  });
  return {
    statement,
    readOnly: true,
    singular: shape === 'single',
    respond({ total, pageTotal, body }) {
      const { status, range } = rangeStatus(offset, pageTotal, total);
      if (status === 416) throw outOfRange(offset, total);
      return {
        status,
        headers: { 'Content-Type': contentType(shape), 'Content-Range': range, ...profileHeaders },
        body: head ? '' : body,
      };
    },
  };
}

/** The columns a write names: ?columns=, else the keys of the body (all objects of an array must agree). */
function writeColumns(request: RestRequest, relation: Relation, payload: unknown): Column[] {
  const fromParam = request.query.get('columns');
  let names: string[];
  if (fromParam !== null) names = parseColumnList(fromParam, 'columns');
  else if (Array.isArray(payload)) {
    const first = payload[0] as Record<string, unknown> | undefined;
    names = first ? Object.keys(first) : [];
    const signature = [...names].sort().join('\u0000');
    if (
      payload.some(
        (row) =>
          Object.keys(row as object)
            .sort()
            .join('\u0000') !== signature,
      )
    ) {
      throw new ApiError(400, 'PGRST102', 'All object keys must match');
    }
  } else names = Object.keys(payload as object);
  return [...new Set(names)].map((name) => {
    const column = relation.columns.get(name);
    if (!column) throw new ApiError(400, 'PGRST204', `Could not find the '${name}' column of '${relation.name}' in the schema cache`);
    return column;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** PostgREST's limited UPDATE/DELETE (limit/offset on writes) is not implemented; `order` sorts the returned rows. */
function checkNotSupportedOnWrites(request: RestRequest): void {
  for (const param of ['limit', 'offset']) {
    if (request.query.has(param)) {
      throw new ApiError(
        400,
        'PGRST100',
        `"${param}" on ${request.method} is not supported by the local Supabase stand-in`,
        'Filter the rows to change instead.',
      );
    }
  }
}

const orderOf = (request: RestRequest) => (request.query.has('order') ? parseOrder(request.query.get('order')!) : []);

function prepareInsert(
  ctx: RestContext,
  request: RestRequest,
  relation: Relation,
  shape: Exclude<BodyShape, 'none'>,
  count: boolean,
  profileHeaders: Record<string, string>,
): Prepared {
  const prefer = parsePrefer(headerValue(request.headers.prefer));
  if (prefer.missing === 'default') {
    throw new ApiError(
      400,
      'PGRST100',
      'Prefer: missing=default is not supported by the local Supabase stand-in',
      'Leave the column out of the body (single-object insert) to get its default.',
    );
  }
  checkNotSupportedOnWrites(request);
  const payload = parseJsonBody(request);
  const isArray = Array.isArray(payload);
  if (!isObject(payload) && !(isArray && payload.every(isObject))) {
    throw new ApiError(400, 'PGRST102', 'The body must be a JSON object or an array of objects');
  }
  if (isArray && ctx.maxInsertRows !== null && request.role !== 'service_role' && payload.length > ctx.maxInsertRows) {
    throw new ApiError(
      413,
      'PGRST413',
      `Too many rows in one request: ${payload.length}, at most ${ctx.maxInsertRows} may be inserted at once`,
      null,
      'Send the rows in smaller batches.',
    );
  }
  const columns = writeColumns(request, relation, payload);
  let onConflict: { columns: string[]; action: 'merge' | 'ignore' } | null = null;
  if (prefer.resolution !== null) {
    const param = request.query.get('on_conflict');
    const target = param !== null ? parseColumnList(param, 'on_conflict') : relation.primaryKey;
    for (const name of target) findColumn({ label: relation.name, columns: relation.columns }, name);
    onConflict = { columns: target, action: prefer.resolution === 'merge-duplicates' ? 'merge' : 'ignore' };
  }
  const representation = prefer.return === 'representation';
  const statement = buildInsert({
    relation,
    columns,
    payload: request.body!,
    payloadIsArray: isArray,
    where: [],
    returning: representation ? parseSelect(request.query.get('select')) : null,
    order: orderOf(request),
    body: representation ? shape : 'none',
    count,
    onConflict,
  });
  return {
    statement,
    readOnly: false,
    singular: shape === 'single' && representation,
    respond({ pageTotal, body }) {
      const headers: Record<string, string> = { 'Content-Range': contentRange(1, 0, count ? pageTotal : null), ...profileHeaders };
      if (representation) headers['Content-Type'] = contentType(shape);
      return { status: 201, headers, body: representation ? body : '' };
    },
  };
}

function prepareUpdateOrDelete(
  request: RestRequest,
  relation: Relation,
  shape: Exclude<BodyShape, 'none'>,
  where: LogicTree[],
  count: boolean,
  profileHeaders: Record<string, string>,
): Prepared {
  const prefer = parsePrefer(headerValue(request.headers.prefer));
  const isUpdate = request.method === 'PATCH';
  checkNotSupportedOnWrites(request);
  // Supabase loads pg-safeupdate for API requests: an unfiltered UPDATE/DELETE is refused
  if (where.length === 0) {
    throw new ApiError(400, '21000', `${isUpdate ? 'UPDATE' : 'DELETE'} requires a WHERE clause`);
  }
  const representation = prefer.return === 'representation';
  const returning = representation ? parseSelect(request.query.get('select')) : null;
  const body = representation ? shape : 'none';
  let statement;
  if (isUpdate) {
    const payload = parseJsonBody(request);
    if (!isObject(payload)) throw new ApiError(400, 'PGRST102', 'A PATCH body must be a JSON object');
    statement = buildUpdate({
      relation,
      columns: writeColumns(request, relation, payload),
      payload: request.body!,
      payloadIsArray: false,
      where,
      returning,
      order: orderOf(request),
      body,
      count,
    });
  } else {
    statement = buildDelete({ relation, where, returning, order: orderOf(request), body, count });
  }
  return {
    statement,
    readOnly: false,
    singular: shape === 'single' && representation,
    respond({ pageTotal, body: text }) {
      const total = count ? pageTotal : null;
      const range = isUpdate ? contentRange(0, pageTotal - 1, total) : contentRange(1, 0, total);
      const headers: Record<string, string> = { 'Content-Range': range, ...profileHeaders };
      if (representation) headers['Content-Type'] = contentType(shape);
      return { status: representation ? 200 : 204, headers, body: representation ? text : '' };
    },
  };
}
