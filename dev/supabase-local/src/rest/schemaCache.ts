import type { Database } from '../db/types';

/**
 * What PostgREST calls its schema cache: the tables, views and functions of the exposed schemas, read from
 * pg_catalog. Every identifier in a request is checked against it before any SQL is built.
 */
export interface Column {
  name: string;
  /** format_type() of the column: used verbatim in SQL (it comes from the catalog, never from a request) */
  type: string;
  /** the element type of an array column, else null */
  isArray: boolean;
  hasDefault: boolean;
  generated: boolean;
}

export interface Relation {
  schema: string;
  name: string;
  kind: 'table' | 'view' | 'materialized view' | 'foreign table';
  columns: Map<string, Column>;
  primaryKey: string[];
}

export interface RoutineParam {
  name: string;
  type: string;
  /** has a DEFAULT: may be omitted */
  optional: boolean;
  variadic: boolean;
}

export interface Routine {
  schema: string;
  name: string;
  params: RoutineParam[];
  /** void: 204 without a body */
  returnsVoid: boolean;
  returnsSet: boolean;
  /** rows with named columns (a table type, RETURNS TABLE, OUT parameters) rather than a scalar */
  returnsComposite: boolean;
  /** the columns of a composite result, when known */
  resultColumns: Map<string, Column> | null;
  volatility: 'immutable' | 'stable' | 'volatile';
  /** a function with a single unnamed json/jsonb parameter takes the whole request body */
  singleUnnamedJson: boolean;
}

export interface SchemaCache {
  relations: Map<string, Relation>;
  routines: Map<string, Routine[]>;
  /**
   * The settings of the API roles (`alter role … [in database …] set name = value`), as PostgREST applies them per
   * request: a `set local role` alone does not apply them. Settings for this database override the role's own.
   */
  roleSettings: Map<string, Array<[name: string, value: string]>>;
}

/** The roles a request may run as (auth/jwt.ts ApiRole). */
const API_ROLES = ['anon', 'authenticated', 'service_role'];

const ROLE_SETTINGS_SQL = `
  select r.rolname as role, array_to_json(s.setconfig)::text as config
  from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
  where r.rolname = any ($1::text[])
    and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
  order by s.setdatabase`;

export const qualifiedKey = (schema: string, name: string) => `${schema}\u0000${name}`;

const RELATIONS_SQL = `
  select coalesce(json_agg(json_build_object(
    'schema', n.nspname,
    'name', c.relname,
    'kind', c.relkind,
    'columns', (
      select coalesce(json_agg(json_build_object(
        'name', a.attname,
        'type', format_type(a.atttypid, a.atttypmod),
        'isArray', t.typcategory = 'A',
        'hasDefault', a.atthasdef or a.attidentity <> '',
        'generated', a.attgenerated <> ''
      ) order by a.attnum), '[]')
      from pg_attribute a join pg_type t on t.oid = a.atttypid
      where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    ),
    'primaryKey', (
      select coalesce(json_agg(a.attname order by array_position(i.indkey::int2[], a.attnum)), '[]')
      from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey::int2[])
      where i.indrelid = c.oid and i.indisprimary
    )
  )), '[]')::text as relations
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any ($1::text[]) and c.relkind in ('r', 'p', 'v', 'm', 'f')`;

const ROUTINES_SQL = `
  select coalesce(json_agg(json_build_object(
    'schema', n.nspname,
    'name', p.proname,
    'volatility', p.provolatile,
    'returnsSet', p.proretset,
    'returnType', p.prorettype::regtype::text,
    'returnTypeType', rt.typtype,
    'returnRelation', rt.typrelid,
    'nargs', p.pronargs,
    'ndefaults', p.pronargdefaults,
    'variadic', p.provariadic <> 0,
    'args', (
      select coalesce(json_agg(json_build_object(
        'name', coalesce(p.proargnames[u.ord], ''),
        'type', format_type(u.type, null),
        'mode', coalesce(p.proargmodes[u.ord], 'i')
      ) order by u.ord), '[]')
      from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as u(type, ord)
    ),
    'relationColumns', (
      select coalesce(json_agg(json_build_object(
        'name', a.attname,
        'type', format_type(a.atttypid, a.atttypmod),
        'isArray', t.typcategory = 'A'
      ) order by a.attnum), '[]')
      from pg_attribute a join pg_type t on t.oid = a.atttypid
      where rt.typrelid <> 0 and a.attrelid = rt.typrelid and a.attnum > 0 and not a.attisdropped
    )
  )), '[]')::text as routines
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_type rt on rt.oid = p.prorettype
  where n.nspname = any ($1::text[]) and p.prokind = 'f'`;

interface RawRelation {
  schema: string;
  name: string;
  kind: string;
  columns: Array<{ name: string; type: string; isArray: boolean; hasDefault: boolean; generated: boolean }>;
  primaryKey: string[];
}

interface RawRoutine {
  schema: string;
  name: string;
  volatility: 'i' | 's' | 'v';
  returnsSet: boolean;
  returnType: string;
  returnTypeType: string;
  returnRelation: number;
  nargs: number;
  ndefaults: number;
  variadic: boolean;
  args: Array<{ name: string; type: string; mode: 'i' | 'o' | 'b' | 'v' | 't' }>;
  relationColumns: Array<{ name: string; type: string; isArray: boolean }>;
}

const RELATION_KINDS: Record<string, Relation['kind']> = {
  r: 'table',
  p: 'table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
};

export async function loadSchemaCache(db: Database, schemas: readonly string[]): Promise<SchemaCache> {
  const list = `{${schemas.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  const relationRows = await db.query<{ relations: string }>(RELATIONS_SQL, [list]);
  const routineRows = await db.query<{ routines: string }>(ROUTINES_SQL, [list]);
  const relations = new Map<string, Relation>();
  for (const raw of JSON.parse(relationRows.rows[0]?.relations ?? '[]') as RawRelation[]) {
    relations.set(qualifiedKey(raw.schema, raw.name), {
      schema: raw.schema,
      name: raw.name,
      kind: RELATION_KINDS[raw.kind] ?? 'table',
      columns: new Map(raw.columns.map((c) => [c.name, c])),
      primaryKey: raw.primaryKey,
    });
  }
  const routines = new Map<string, Routine[]>();
  for (const raw of JSON.parse(routineRows.rows[0]?.routines ?? '[]') as RawRoutine[]) {
    const routine = toRoutine(raw);
    const key = qualifiedKey(raw.schema, raw.name);
    routines.set(key, [...(routines.get(key) ?? []), routine]);
  }
  return { relations, routines, roleSettings: await loadRoleSettings(db) };
}

async function loadRoleSettings(db: Database): Promise<SchemaCache['roleSettings']> {
  const { rows } = await db.query<{ role: string; config: string }>(ROLE_SETTINGS_SQL, [`{${API_ROLES.join(',')}}`]);
  const byRole = new Map<string, Map<string, string>>();
  // ordered by setdatabase: the role-wide settings first, then this database's, which replace them
  for (const row of rows) {
    const settings = byRole.get(row.role) ?? new Map<string, string>();
    for (const item of JSON.parse(row.config) as string[]) {
      const at = item.indexOf('=');
      if (at > 0) settings.set(item.slice(0, at), item.slice(at + 1));
    }
    byRole.set(row.role, settings);
  }
  return new Map([...byRole].map(([role, settings]) => [role, [...settings]]));
}

function toRoutine(raw: RawRoutine): Routine {
  const inputs = raw.args.filter((a) => a.mode === 'i' || a.mode === 'b' || a.mode === 'v');
  const outputs = raw.args.filter((a) => a.mode === 'o' || a.mode === 'b' || a.mode === 't');
  // the last `ndefaults` input parameters have defaults
  const params = inputs.map((a, index) => ({
    name: a.name,
    type: a.type,
    optional: index >= inputs.length - raw.ndefaults,
    variadic: a.mode === 'v',
  }));
  const isComposite = raw.returnTypeType === 'c' || (raw.returnType === 'record' && outputs.length > 0);
  let resultColumns: Map<string, Column> | null = null;
  if (raw.returnTypeType === 'c' && raw.relationColumns.length > 0) {
    resultColumns = new Map(raw.relationColumns.map((c) => [c.name, { ...c, hasDefault: false, generated: false }]));
  } else if (outputs.length > 0) {
    resultColumns = new Map(
      outputs.map((c) => [c.name, { name: c.name, type: c.type, isArray: c.type.endsWith('[]'), hasDefault: false, generated: false }]),
    );
  }
  return {
    schema: raw.schema,
    name: raw.name,
    params,
    returnsVoid: raw.returnType === 'void',
    returnsSet: raw.returnsSet,
    returnsComposite: isComposite || raw.returnType === 'record',
    resultColumns,
    volatility: raw.volatility === 'i' ? 'immutable' : raw.volatility === 's' ? 'stable' : 'volatile',
    singleUnnamedJson: params.length === 1 && params[0]!.name === '' && ['json', 'jsonb'].includes(params[0]!.type),
  };
}
