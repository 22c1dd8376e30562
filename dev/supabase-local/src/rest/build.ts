/**
 * Turns a parsed, schema-checked request into ONE SQL statement shaped like PostgREST's (src/PostgREST/Query):
 * a `pgrst_source` CTE with the read, write or call, and an outer SELECT that returns the total count, the page count
 * and the JSON body, aggregated by PostgreSQL itself (so numbers, timestamps and JSON come out as PostgREST's do).
 */
import { ApiError } from './errors';
import type { Field, Filter, LogicTree, Operation, OrderTerm, SelectItem } from './parse';
import type { Column, Relation, Routine } from './schemaCache';
import { ALLOWED_CASTS, arrayLiteral, ident, Params, qualified } from './sql';

/** Where fields are looked up and how they are written in SQL. */
export interface Source {
  /** for error messages: "notes" */
  label: string;
  /** null = the columns are not known (a function returning `record`) */
  columns: Map<string, Column> | null;
  /** SQL qualifier of the columns: "public"."notes", or a CTE/alias name */
  qualifier: string;
}

export type BodyShape = 'array' | 'single' | 'none';

export interface Statement {
  sql: string;
  params: Array<string | null>;
}

const SIMPLE_SQL: Record<string, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'LIKE',
  ilike: 'ILIKE',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
  isdistinct: 'IS DISTINCT FROM',
};

const FTS_SQL: Record<string, string> = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
};

const IS_SQL: Record<string, string> = {
  null: 'NULL',
  not_null: 'NOT NULL',
  true: 'TRUE',
  false: 'FALSE',
  unknown: 'UNKNOWN',
};

export function unknownColumn(label: string, column: string): ApiError {
  return new ApiError(400, '42703', `column ${label}.${column} does not exist`);
}

export function findColumn(source: Pick<Source, 'label' | 'columns'>, column: string): Column {
  const found = source.columns?.get(column);
  if (!found) throw unknownColumn(source.label, column);
  return found;
}

/** The SQL of a field (column + JSON path; keys are parameters) and the name PostgREST gives it in the output. */
function fieldSql(source: Source, field: Field, params: Params): { sql: string; name: string } {
  const column = findColumn(source, field.column);
  let sql = `${source.qualifier}.${ident(column.name)}`;
  for (const step of field.path) {
    sql += `${step.arrow}${params.add(step.key)}::${step.index ? 'int' : 'text'}`;
  }
  const last = field.path[field.path.length - 1];
  return { sql, name: last ? last.key : column.name };
}

export function selectListSql(source: Source, items: readonly SelectItem[], params: Params): string {
  return items
    .map((item) => {
      if (item.kind === 'star') return `${source.qualifier}.*`;
      const { sql, name } = fieldSql(source, item.field, params);
      let expression = sql;
      if (item.cast !== null) {
        const cast = ALLOWED_CASTS[item.cast.trim().toLowerCase()];
        if (!cast)
          throw new ApiError(
            400,
            'PGRST100',
            `failed to parse select parameter (${item.cast})`,
            `the cast "${item.cast}" is not one of: ${Object.keys(ALLOWED_CASTS).join(', ')}`,
          );
        expression = `CAST(${sql} AS ${cast})`;
      }
      return `${expression} AS ${ident(item.alias ?? name)}`;
    })
    .join(', ');
}

function operationSql(field: string, operation: Operation, params: Params): string {
  switch (operation.kind) {
    case 'simple': {
      const value = operation.op === 'like' || operation.op === 'ilike' ? operation.value.replace(/\*/g, '%') : operation.value;
      return `${field} ${SIMPLE_SQL[operation.op]} ${params.add(value)}`;
    }
    case 'quantified': {
      const star = operation.op === 'like' || operation.op === 'ilike';
      const values = star ? operation.values.map((v) => v.replace(/\*/g, '%')) : operation.values;
      return `${field} ${SIMPLE_SQL[operation.op]} ${operation.quantifier.toUpperCase()}(${params.add(arrayLiteral(values))})`;
    }
    case 'in':
      return `${field} = ANY(${params.add(arrayLiteral(operation.values))})`;
    case 'is':
      return `${field} IS ${IS_SQL[operation.value]}`;
    case 'fts': {
      const config = operation.config === null ? '' : `${params.add(operation.config)}::regconfig, `;
      return `${field} @@ ${FTS_SQL[operation.op]}(${config}${params.add(operation.value)})`;
    }
  }
}

function filterSql(source: Source, filter: Filter, params: Params): string {
  const { sql } = fieldSql(source, filter.field, params);
  const condition = operationSql(sql, filter.operation, params);
  return filter.negate ? `NOT (${condition})` : condition;
}

function treeSql(source: Source, tree: LogicTree, params: Params): string {
  if (tree.kind === 'filter') return filterSql(source, tree.filter, params);
  const inner = tree.children.map((child) => treeSql(source, child, params)).join(tree.op === 'and' ? ' AND ' : ' OR ');
  return `${tree.negate ? 'NOT ' : ''}(${inner})`;
}

/** " WHERE …" or "" */
export function whereSql(source: Source, trees: readonly LogicTree[], params: Params): string {
  if (trees.length === 0) return '';
  return ` WHERE ${trees.map((tree) => treeSql(source, tree, params)).join(' AND ')}`;
}

function orderSql(source: Source, order: readonly OrderTerm[], params: Params): string {
  if (order.length === 0) return '';
  const terms = order.map((term) => {
    const { sql } = fieldSql(source, term.field, params);
    return [sql, term.direction?.toUpperCase(), term.nulls ? `NULLS ${term.nulls.toUpperCase()}` : undefined].filter(Boolean).join(' ');
  });
  return ` ORDER BY ${terms.join(', ')}`;
}

function limitOffsetSql(limit: number | null, offset: number | null, params: Params): string {
  return (limit === null ? '' : ` LIMIT ${params.add(String(limit))}`) + (offset ? ` OFFSET ${params.add(String(offset))}` : '');
}

function bodySql(shape: BodyShape, scalar = false): string {
  const agg = scalar ? 'json_agg(_postgrest_t.pgrst_scalar)' : 'json_agg(_postgrest_t)';
  if (shape === 'none') return `''`;
  if (shape === 'single') return `coalesce((${agg}->0)::text, 'null')`;
  return `coalesce(${agg}, '[]')::text`;
}

/** The outer SELECT every statement ends with: total (text or NULL), page_total and the body. */
function outer(from: string, total: string, body: string): string {
  return `SELECT ${total} AS total, pg_catalog.count(*)::int AS page_total, ${body} AS body FROM ${from}`;
}

export interface ReadPlan {
  relation: Relation;
  select: SelectItem[];
  where: LogicTree[];
  order: OrderTerm[];
  limit: number | null;
  offset: number | null;
  count: boolean;
  body: BodyShape;
}

export function relationSource(relation: Relation): Source {
  return { label: relation.name, columns: relation.columns, qualifier: qualified(relation.schema, relation.name) };
}

export function buildRead(plan: ReadPlan): Statement {
  const params = new Params();
  const source = relationSource(plan.relation);
  const from = ` FROM ${source.qualifier}`;
  const where = whereSql(source, plan.where, params);
  const select = selectListSql(source, plan.select, params);
  const inner = `SELECT ${select}${from}${where}${orderSql(source, plan.order, params)}${limitOffsetSql(plan.limit, plan.offset, params)}`;
  const total = plan.count ? `(SELECT pg_catalog.count(*) FROM (SELECT 1${from}${where}) _postgrest_c)::text` : 'NULL::text';
  const sql = `WITH pgrst_source AS (${inner}) ${outer('(SELECT * FROM pgrst_source) _postgrest_t', total, bodySql(plan.body))}`;
  return { sql, params: params.values };
}

/** The typed record a JSON body is read into: json_to_record(set)(…) AS _("a" int, "b" text) */
function payloadSql(columns: readonly Column[], isArray: boolean, payload: string): string {
  if (columns.length === 0) {
    return isArray ? `(SELECT FROM json_array_elements(${payload})) pgrst_body` : `(SELECT) pgrst_body`;
  }
  const names = columns.map((c) => ident(c.name)).join(', ');
  const typed = columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ');
  const fn = isArray ? 'json_to_recordset' : 'json_to_record';
  return `(SELECT ${names} FROM ${fn}(${payload}) AS _(${typed})) pgrst_body`;
}

export interface WritePlan {
  relation: Relation;
  /** the columns named by the body / ?columns= (checked) */
  columns: Column[];
  /** the raw JSON body (passed to PostgreSQL as is, so big numbers keep their precision) */
  payload: string;
  payloadIsArray: boolean;
  where: LogicTree[];
  /** null: return=minimal (RETURNING 1) */
  returning: SelectItem[] | null;
  /** sorts the returned rows */
  order: OrderTerm[];
  body: BodyShape;
  count: boolean;
}

export interface InsertPlan extends WritePlan {
  onConflict: { columns: string[]; action: 'merge' | 'ignore' } | null;
}

/** The outer SELECT of a write: the returned rows (return=representation) or just their number. */
function mutationOuter(plan: WritePlan, params: Params): string {
  const cte: Source = { label: plan.relation.name, columns: plan.relation.columns, qualifier: 'pgrst_source' };
  if (plan.returning === null) return outer('pgrst_source _postgrest_t', 'NULL::text', `''`);
  const rows = `SELECT ${selectListSql(cte, plan.returning, params)} FROM pgrst_source${orderSql(cte, plan.order, params)}`;
  return outer(`(${rows}) _postgrest_t`, 'NULL::text', bodySql(plan.body));
}

const returningSql = (plan: WritePlan, table: string) => (plan.returning === null ? ' RETURNING 1' : ` RETURNING ${table}.*`);

export function buildInsert(plan: InsertPlan): Statement {
  const params = new Params();
  const table = qualified(plan.relation.schema, plan.relation.name);
  const payload = `${params.add(plan.payload)}::json`;
  const names = plan.columns.map((c) => ident(c.name));
  const columnList = names.length > 0 ? `(${names.join(', ')})` : '';
  const selected = names.length > 0 ? names.map((n) => `pgrst_body.${n}`).join(', ') : '';
  let conflict = '';
  if (plan.onConflict && plan.onConflict.columns.length > 0) {
    const target = plan.onConflict.columns.map(ident).join(', ');
    conflict =
      plan.onConflict.action === 'ignore' || names.length === 0
        ? ` ON CONFLICT (${target}) DO NOTHING`
        : ` ON CONFLICT (${target}) DO UPDATE SET ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`;
  }
  const insert = `INSERT INTO ${table}${columnList} SELECT ${selected} FROM ${payloadSql(plan.columns, plan.payloadIsArray, payload)}${conflict}${returningSql(plan, table)}`;
  return { sql: `WITH pgrst_source AS (${insert}) ${mutationOuter(plan, params)}`, params: params.values };
}

export function buildUpdate(plan: WritePlan): Statement {
  const params = new Params();
  const source = relationSource(plan.relation);
  const table = source.qualifier;
  if (plan.columns.length === 0) {
    // nothing to set: PostgREST answers as if no row matched
    const cte = `SELECT ${table}.* FROM ${table} WHERE false`;
    return { sql: `WITH pgrst_source AS (${cte}) ${mutationOuter(plan, params)}`, params: params.values };
  }
  const payload = `${params.add(plan.payload)}::json`;
  const set = plan.columns.map((c) => `${ident(c.name)} = pgrst_body.${ident(c.name)}`).join(', ');
  const update = `UPDATE ${table} SET ${set} FROM ${payloadSql(plan.columns, false, payload)}${whereSql(source, plan.where, params)}${returningSql(plan, table)}`;
  return { sql: `WITH pgrst_source AS (${update}) ${mutationOuter(plan, params)}`, params: params.values };
}

export function buildDelete(plan: Omit<WritePlan, 'columns' | 'payload' | 'payloadIsArray'>): Statement {
  const params = new Params();
  const source = relationSource(plan.relation);
  const full: WritePlan = { ...plan, columns: [], payload: '', payloadIsArray: false };
  const del = `DELETE FROM ${source.qualifier}${whereSql(source, plan.where, params)}${returningSql(full, source.qualifier)}`;
  return { sql: `WITH pgrst_source AS (${del}) ${mutationOuter(full, params)}`, params: params.values };
}

export interface CallPlan {
  routine: Routine;
  /** named arguments as a JSON object text, or the whole body for a single unnamed json parameter */
  args: { kind: 'named'; json: string; params: Routine['params'] } | { kind: 'single'; json: string } | { kind: 'none' };
  select: SelectItem[];
  where: LogicTree[];
  order: OrderTerm[];
  limit: number | null;
  offset: number | null;
  count: boolean;
  body: BodyShape;
}

/** The source a function's rows are filtered through. */
export function routineSource(routine: Routine): Source {
  return { label: routine.name, columns: routine.resultColumns, qualifier: 'pgrst_call_all' };
}

export function buildCall(plan: CallPlan): Statement {
  const params = new Params();
  const { routine } = plan;
  const fn = qualified(routine.schema, routine.name);
  let from = '';
  let call: string;
  if (plan.args.kind === 'named' && plan.args.params.length > 0) {
    const typed = plan.args.params.map((p) => `${ident(p.name)} ${p.type}`).join(', ');
    const names = plan.args.params.map((p) => ident(p.name)).join(', ');
    from = `(SELECT ${names} FROM json_to_record(${params.add(plan.args.json)}::json) AS _(${typed})) pgrst_args, LATERAL `;
    call = `${fn}(${plan.args.params.map((p) => `${p.variadic ? 'VARIADIC ' : ''}${ident(p.name)} := pgrst_args.${ident(p.name)}`).join(', ')})`;
  } else if (plan.args.kind === 'single') {
    call = `${fn}(${params.add(plan.args.json)}::${routine.params[0]!.type})`;
  } else {
    call = `${fn}()`;
  }

  if (!routine.returnsComposite) {
    // scalar or set of scalars: PostgREST's pgrst_scalar
    const inner = `SELECT pgrst_call.pgrst_scalar FROM ${from}(SELECT ${call} pgrst_scalar) pgrst_call${limitOffsetSql(plan.limit, plan.offset, params)}`;
    // a scalar function answers its value; a set of scalars an array (or one value for application/vnd.pgrst.object+json)
    const body = routine.returnsSet || plan.body === 'none' ? bodySql(plan.body, true) : bodySql('single', true);
    const total = plan.count ? `(SELECT pg_catalog.count(*) FROM pgrst_source)::text` : 'NULL::text';
    return { sql: `WITH pgrst_source AS (${inner}) ${outer('pgrst_source _postgrest_t', total, body)}`, params: params.values };
  }

  const source = routineSource(routine);
  const all = `SELECT pgrst_call.* FROM ${from}${call} pgrst_call`;
  const filtered = `SELECT * FROM pgrst_call_all${whereSql(source, plan.where, params)}`;
  const page = `SELECT ${selectListSql({ ...source, qualifier: 'pgrst_filtered' }, plan.select, params)} FROM pgrst_filtered${orderSql({ ...source, qualifier: 'pgrst_filtered' }, plan.order, params)}${limitOffsetSql(plan.limit, plan.offset, params)}`;
  const total = plan.count ? `(SELECT pg_catalog.count(*) FROM pgrst_filtered)::text` : 'NULL::text';
  // a function returning one composite value answers an object, like PostgREST
  const shape: BodyShape = !routine.returnsSet && plan.body === 'array' ? 'single' : plan.body;
  const sql = `WITH pgrst_call_all AS (${all}), pgrst_filtered AS (${filtered}), pgrst_source AS (${page}) ${outer('(SELECT * FROM pgrst_source) _postgrest_t', total, bodySql(shape))}`;
  return { sql, params: params.values };
}
