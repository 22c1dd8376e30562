/** POST/GET/HEAD /rpc/<fn> → a Prepared statement (named arguments, PostgREST's overload resolution). */
import { buildCall, type CallPlan } from './build';
import type { RestContext, RestRequest } from './context';
import { ApiError } from './errors';
import { parseCount, parseOrder, parsePrefer, parseSelect } from './parse';
import type { Prepared } from './prepared';
import { contentType, negotiateBody, outOfRange, parseFilters, parseJsonBody, rangeStatus, RESERVED_PARAMS } from './request';
import { qualifiedKey, type Routine } from './schemaCache';

function noSuchFunction(schema: string, name: string, keys: string[], post: boolean): ApiError {
  const func = `${schema}.${name}`;
  const list = [...keys].sort().join(', ');
  const message = `Could not find the function ${func}${keys.length === 0 ? ' without parameters' : `(${list})`} in the schema cache`;
  const withParams = keys.length === 0 ? ' without parameters' : ` with parameter${keys.length > 1 ? 's' : ''} ${list}`;
  const details = `Searched for the function ${func}${withParams}${post ? ' or with a single unnamed json/jsonb parameter' : ''}, but no matches were found in the schema cache.`;
  return new ApiError(404, 'PGRST202', message, details);
}

/** The overload whose parameters cover the given keys and whose required parameters are all given. */
function chooseRoutine(candidates: Routine[], keys: string[], schema: string, name: string, post: boolean, bodyIsObject: boolean): Routine {
  const matches = candidates.filter(
    (r) =>
      !r.singleUnnamedJson &&
      keys.every((k) => r.params.some((p) => p.name === k)) &&
      r.params.every((p) => p.optional || keys.includes(p.name)),
  );
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new ApiError(
      300,
      'PGRST203',
      `Could not choose the best candidate function between: ${matches.map((r) => `${schema}.${name}(${r.params.map((p) => `${p.name} => ${p.type}`).join(', ')})`).join(', ')}`,
      null,
      'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    );
  }
  const single = candidates.find((r) => r.singleUnnamedJson);
  if (single && post && (bodyIsObject || keys.length === 0)) return single;
  throw noSuchFunction(schema, name, keys, post);
}

export function prepareRpcRequest(
  ctx: RestContext,
  request: RestRequest,
  schema: string,
  name: string,
  profileHeaders: Record<string, string>,
): Prepared {
  const method = request.method;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    throw new ApiError(405, 'PGRST101', `Cannot use the ${method} method on RPC`);
  }
  const post = method === 'POST';
  const candidates = ctx.schemaCache().routines.get(qualifiedKey(schema, name)) ?? [];

  // arguments: the JSON body (POST) or the query parameters that name a parameter (GET/HEAD)
  let args: Record<string, unknown> = {};
  let rawBody: string | null = null;
  let bodyIsObject = false;
  let filterEntries: Array<[string, string]>;
  if (post) {
    const hasBody = (request.body ?? '').trim() !== '';
    const body = hasBody ? parseJsonBody(request) : {};
    rawBody = hasBody ? request.body : '{}';
    bodyIsObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (bodyIsObject) args = body as Record<string, unknown>;
    else if (!candidates.some((r) => r.singleUnnamedJson))
      throw new ApiError(400, 'PGRST102', 'The body of an rpc call must be a JSON object of named arguments');
    filterEntries = [...request.query.entries()];
  } else {
    const names = new Set(candidates.flatMap((r) => r.params.map((p) => p.name)));
    filterEntries = [];
    for (const [key, value] of request.query.entries()) {
      if (!RESERVED_PARAMS.has(key) && names.has(key) && !(key in args)) args[key] = value;
      else filterEntries.push([key, value]);
    }
  }
  const keys = Object.keys(args);
  if (candidates.length === 0) throw noSuchFunction(schema, name, keys, post);
  const routine = chooseRoutine(candidates, keys, schema, name, post, bodyIsObject);

  if (!post && routine.volatility === 'volatile') {
    throw new ApiError(
      405,
      'PGRST101',
      `Cannot use the ${method} method on RPC`,
      `${schema}.${name} is VOLATILE: call it with POST (or declare it STABLE).`,
    );
  }

  const prefer = parsePrefer(Array.isArray(request.headers.prefer) ? request.headers.prefer.join(', ') : request.headers.prefer);
  const shape = negotiateBody(request);
  const count = prefer.count !== null;
  const query = request.query;
  const requestedLimit = parseCount('limit', query.get('limit'));
  const offset = parseCount('offset', query.get('offset')) ?? 0;
  const limit = ctx.maxRows === null || !routine.returnsSet ? requestedLimit : Math.min(requestedLimit ?? ctx.maxRows, ctx.maxRows);
  const where = parseFilters(filterEntries);
  const select = parseSelect(query.get('select'));
  const order = query.has('order') ? parseOrder(query.get('order')!) : [];
  if (!routine.returnsComposite && (where.length > 0 || order.length > 0 || select.some((s) => s.kind !== 'star'))) {
    throw new ApiError(400, 'PGRST100', `${schema}.${name} returns no columns to select, filter or order by`);
  }

  let callArgs: CallPlan['args'];
  if (routine.singleUnnamedJson) callArgs = { kind: 'single', json: rawBody ?? '{}' };
  else if (keys.length === 0) callArgs = { kind: 'none' };
  else {
    const given = routine.params.filter((p) => keys.includes(p.name));
    // GET values are strings; json_to_record turns them into the parameter types like PostgREST does
    callArgs = { kind: 'named', json: post ? rawBody! : JSON.stringify(args), params: given };
  }
  const head = method === 'HEAD';
  const statement = buildCall({
    routine,
    args: callArgs,
    select,
    where,
    order,
    limit,
    offset,
    count,
    body: head || routine.returnsVoid ? 'none' : shape,
  });
  return {
    statement,
    readOnly: !post || routine.volatility !== 'volatile',
    singular: shape === 'single' && !routine.returnsVoid,
    respond({ total, pageTotal, body }) {
      if (routine.returnsVoid) return { status: 204, headers: { ...profileHeaders }, body: '' };
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
