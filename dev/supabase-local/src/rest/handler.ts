/** /rest/v1: route to a table or a function, run the statement in one request transaction, answer like PostgREST. */
import type { RestContext, RestRequest, RestResponse } from './context';
import { setRequestLocals } from './context';
import { ApiError, apiErrorFromPg, isPgError } from './errors';
import type { Prepared, ResultRow } from './prepared';
import { negotiateSchema, singularityError } from './request';
import { prepareRpcRequest } from './rpc';
import { qualifiedKey } from './schemaCache';
import { prepareTableRequest } from './tables';

function prepare(ctx: RestContext, request: RestRequest, schema: string, profileHeaders: Record<string, string>): Prepared {
  const segments = request.path.split('/').slice(1);
  let names: string[];
  try {
    names = segments.map((s) => decodeURIComponent(s));
  } catch {
    throw new ApiError(404, 'PGRST125', 'Invalid path specified in request URL');
  }
  if (names.length === 1 && names[0] === '') {
    throw new ApiError(404, 'PGRST126', 'Root endpoint metadata is disabled', 'The local stand-in serves no OpenAPI description.');
  }
  if (names.length === 2 && names[0] === 'rpc' && names[1]) return prepareRpcRequest(ctx, request, schema, names[1], profileHeaders);
  if (names.length !== 1 || !names[0]) throw new ApiError(404, 'PGRST125', 'Invalid path specified in request URL');
  const relation = ctx.schemaCache().relations.get(qualifiedKey(schema, names[0]));
  if (!relation) {
    throw new ApiError(404, 'PGRST205', `Could not find the table '${schema}.${names[0]}' in the schema cache`);
  }
  return prepareTableRequest(ctx, request, relation, profileHeaders);
}

interface RawRow {
  total: string | null;
  page_total: number | string;
  body: string;
}

export async function handleRest(ctx: RestContext, request: RestRequest): Promise<RestResponse> {
  const { schema, negotiated } = negotiateSchema(ctx, request);
  const profileHeaders: Record<string, string> = negotiated ? { 'Content-Profile': schema } : {};
  const prepared = prepare(ctx, request, schema, profileHeaders);
  let result: ResultRow;
  try {
    result = await ctx.db.transaction(
      async (tx) => {
        await setRequestLocals(tx, request, schema, ctx.schemaCache().roleSettings.get(request.role));
        const { rows } = await tx.query<RawRow>(prepared.statement.sql, prepared.statement.params);
        const row = rows[0];
        const out: ResultRow = row
          ? { total: row.total === null ? null : Number(row.total), pageTotal: Number(row.page_total), body: row.body }
          : { total: null, pageTotal: 0, body: '' };
        // thrown inside the transaction, so a singular write that would touch 0 or 2+ rows is rolled back
        if (prepared.singular && out.pageTotal !== 1) throw singularityError(out.pageTotal);
        return out;
      },
      { readOnly: prepared.readOnly },
    );
  } catch (error) {
    if (isPgError(error)) throw apiErrorFromPg(error, request.role);
    throw error;
  }
  return prepared.respond(result);
}
