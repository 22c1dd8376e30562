/**
 * TypeScript types of the database's public schema, in the shape supabase-js expects (the same shape as
 * `supabase gen types typescript`): Tables/Views with Row, Insert and Update, Functions, Enums. Generated from
 * the live schema, so the data-access layer's types cannot drift from the migrations (a test compares them).
 */

export type QueryRows = (sql: string) => Promise<Array<Record<string, unknown>>>;

interface ColumnInfo {
  table_name: string;
  table_type: string;
  column_name: string;
  udt_name: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
  is_identity: string;
  identity_generation: string | null;
  is_generated: string;
  is_updatable: string;
}

const COLUMNS_SQL = `
  select c.table_name::text, t.table_type::text, c.column_name::text, c.udt_name::text, c.data_type::text,
         c.is_nullable::text, c.column_default::text, c.is_identity::text, c.identity_generation::text,
         c.is_generated::text, c.is_updatable::text
  from information_schema.columns c
  join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
  where c.table_schema = 'public'
  order by c.table_name, c.ordinal_position`;

const ENUMS_SQL = `
  select t.typname::text as name, e.enumlabel::text as label
  from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
  where n.nspname = 'public'
  order by t.typname, e.enumsortorder`;

// functions callable through the API (.rpc): not triggers; the arguments in order, with their modes and defaults
const FUNCTIONS_SQL = `
  select p.proname::text as name, p.proretset as returns_set, rt.typname::text as return_type,
         coalesce(par.parameter_name, '')::text as parameter_name, par.parameter_mode::text as parameter_mode,
         par.udt_name::text as parameter_type, par.parameter_default is not null as has_default,
         coalesce(par.ordinal_position, 0)::integer as position
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_type rt on rt.oid = p.prorettype
  left join information_schema.parameters par on par.specific_schema = 'public' and par.specific_name = p.proname || '_' || p.oid::text
  where n.nspname = 'public' and p.prokind = 'f' and rt.typname <> 'trigger'
  order by p.proname, p.oid, par.ordinal_position`;

interface FunctionParameterRow {
  name: string;
  returns_set: boolean;
  return_type: string;
  parameter_name: string;
  parameter_mode: string | null;
  parameter_type: string | null;
  has_default: boolean;
  position: number;
}

const NUMBER_TYPES = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']);
const STRING_TYPES = new Set([
  'text',
  'varchar',
  'bpchar',
  'char',
  'uuid',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'interval',
  'inet',
  'citext',
  'bytea',
  'name',
]);

function tsType(udt: string, enums: ReadonlySet<string>): string {
  if (udt.startsWith('_')) return `${tsType(udt.slice(1), enums)}[]`;
  if (enums.has(udt)) return `Database['public']['Enums']['${udt}']`;
  if (NUMBER_TYPES.has(udt)) return 'number';
  if (STRING_TYPES.has(udt)) return 'string';
  if (udt === 'bool') return 'boolean';
  if (udt === 'json' || udt === 'jsonb') return 'Json';
  return 'unknown';
}

const indent = (level: number): string => '  '.repeat(level);

export async function generateDatabaseTypes(query: QueryRows): Promise<string> {
  const columns = (await query(COLUMNS_SQL)) as unknown as ColumnInfo[];
  const enumRows = (await query(ENUMS_SQL)) as unknown as Array<{ name: string; label: string }>;
  const enums = new Map<string, string[]>();
  for (const { name, label } of enumRows) enums.set(name, [...(enums.get(name) ?? []), label]);
  const enumNames = new Set(enums.keys());

  const relations = new Map<string, { view: boolean; columns: ColumnInfo[] }>();
  for (const column of columns) {
    const entry = relations.get(column.table_name) ?? { view: column.table_type === 'VIEW', columns: [] };
    entry.columns.push(column);
    relations.set(column.table_name, entry);
  }

  const lines: string[] = [
    '/**',
    ' * Generated from the database schema by `npm run db:types` (dev/supabase-local/src/generateDatabaseTypes.ts).',
    ' * Do not edit: change the migrations in backend/supabase/migrations and generate again.',
    ' */',
    'export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];',
    '',
    'export type Database = {',
    `${indent(1)}public: {`,
  ];
  for (const [section, wantView] of [
    ['Tables', false],
    ['Views', true],
  ] as const) {
    lines.push(`${indent(2)}${section}: {`);
    for (const [name, relation] of [...relations.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (relation.view !== wantView) continue;
      lines.push(`${indent(3)}${name}: {`);
      lines.push(`${indent(4)}Row: {`);
      for (const c of relation.columns)
        lines.push(`${indent(5)}${c.column_name}: ${tsType(c.udt_name, enumNames)}${c.is_nullable === 'YES' ? ' | null' : ''};`);
      lines.push(`${indent(4)}};`);
      if (!wantView) {
        for (const kind of ['Insert', 'Update'] as const) {
          lines.push(`${indent(4)}${kind}: {`);
          for (const c of relation.columns) {
            const type = `${tsType(c.udt_name, enumNames)}${c.is_nullable === 'YES' ? ' | null' : ''}`;
            const generated = c.is_generated === 'ALWAYS' || c.identity_generation === 'ALWAYS';
            const optional = kind === 'Update' || c.is_nullable === 'YES' || c.column_default !== null || c.is_identity === 'YES';
            lines.push(`${indent(5)}${c.column_name}${optional || generated ? '?' : ''}: ${generated ? 'never' : type};`);
          }
          lines.push(`${indent(4)}};`);
        }
      }
      lines.push(`${indent(4)}Relationships: [];`);
      lines.push(`${indent(3)}};`);
    }
    lines.push(`${indent(2)}};`);
  }
  const functionRows = (await query(FUNCTIONS_SQL)) as unknown as FunctionParameterRow[];
  const functions = new Map<string, FunctionParameterRow[]>();
  for (const row of functionRows) functions.set(row.name, [...(functions.get(row.name) ?? []), row]);
  if (functions.size === 0) lines.push(`${indent(2)}Functions: {`, `${indent(3)}[_ in never]: never;`, `${indent(2)}};`);
  else {
    lines.push(`${indent(2)}Functions: {`);
    for (const [name, rows] of [...functions.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const [first] = rows;
      if (!first) continue;
      const parameters = rows.filter((r) => r.parameter_mode !== null);
      const inputs = parameters.filter((r) => r.parameter_mode === 'IN' || r.parameter_mode === 'INOUT');
      const outputs = parameters.filter((r) => r.parameter_mode === 'OUT' || r.parameter_mode === 'INOUT' || r.parameter_mode === 'TABLE');
      lines.push(`${indent(3)}${name}: {`);
      if (inputs.length === 0) lines.push(`${indent(4)}Args: Record<PropertyKey, never>;`);
      else {
        lines.push(`${indent(4)}Args: {`);
        for (const p of inputs)
          lines.push(`${indent(5)}${p.parameter_name}${p.has_default ? '?' : ''}: ${tsType(p.parameter_type ?? '', enumNames)};`);
        lines.push(`${indent(4)}};`);
      }
      let returns: string;
      if (outputs.length > 0) {
        const row = `{ ${outputs.map((o) => `${o.parameter_name}: ${tsType(o.parameter_type ?? '', enumNames)} | null`).join('; ')} }`;
        returns = first.returns_set ? `${row}[]` : row;
      } else if (first.return_type === 'void') returns = 'undefined';
      else returns = `${tsType(first.return_type, enumNames)}${first.returns_set ? '[]' : ''}`;
      lines.push(`${indent(4)}Returns: ${returns};`);
      lines.push(`${indent(3)}};`);
    }
    lines.push(`${indent(2)}};`);
  }
  lines.push(`${indent(2)}Enums: {`);
  for (const [name, labels] of [...enums.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${indent(3)}${name}: ${labels.map((l) => `'${l}'`).join(' | ')};`);
  }
  lines.push(`${indent(2)}};`, `${indent(2)}CompositeTypes: {`, `${indent(3)}[_ in never]: never;`, `${indent(2)}};`);
  lines.push(`${indent(1)}};`, '};', '');
  lines.push("export type Tables<T extends keyof Database['public']['Tables']> = Database['public']['Tables'][T]['Row'];");
  lines.push("export type Enums<T extends keyof Database['public']['Enums']> = Database['public']['Enums'][T];");
  lines.push('');
  return lines.join('\n');
}
