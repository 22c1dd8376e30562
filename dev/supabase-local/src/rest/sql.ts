/**
 * Small helpers for building SQL text: every value becomes a numbered parameter, every identifier is quoted.
 * Identifiers reach `ident` only after they were found in the schema cache.
 */
export class Params {
  readonly values: Array<string | null> = [];

  /** Binds a value and returns its placeholder ($1, $2, …). */
  add(value: string | null): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** "name" with embedded quotes doubled. NUL cannot be part of an identifier: refuse it rather than truncate. */
export function ident(name: string): string {
  if (name.includes('\u0000')) throw new Error('identifier contains NUL');
  return `"${name.replace(/"/g, '""')}"`;
}

export const qualified = (schema: string, name: string) => `${ident(schema)}.${ident(name)}`;

// PostgreSQL text cannot hold NUL: like PostgREST, a value is cut there
// eslint-disable-next-line no-control-regex
const FROM_NUL = /\u0000.*$/s;

/** A PostgreSQL array literal whose every element is quoted: {"a","b \"c\""} (PostgREST's pgBuildArrayLiteral). */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(FROM_NUL, '').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** Casts allowed in select lists (`col::text`): the request names one of these, the SQL uses our spelling. */
export const ALLOWED_CASTS: Readonly<Record<string, string>> = {
  text: 'text',
  varchar: 'varchar',
  char: 'char',
  name: 'name',
  int: 'int4',
  int2: 'int2',
  int4: 'int4',
  int8: 'int8',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  numeric: 'numeric',
  decimal: 'numeric',
  real: 'float4',
  float: 'float8',
  float4: 'float4',
  float8: 'float8',
  'double precision': 'float8',
  bool: 'bool',
  boolean: 'bool',
  date: 'date',
  time: 'time',
  timetz: 'timetz',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  interval: 'interval',
  json: 'json',
  jsonb: 'jsonb',
  uuid: 'uuid',
  'text[]': 'text[]',
  'int[]': 'int4[]',
  'int4[]': 'int4[]',
  'int8[]': 'int8[]',
  'uuid[]': 'uuid[]',
};
