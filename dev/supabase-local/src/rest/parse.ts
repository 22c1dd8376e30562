/**
 * Parsing of PostgREST's query-string grammar into a small AST: select lists, filters, logic trees, order.
 * Nothing here knows SQL; names are checked against the schema cache when the SQL is built.
 */
import { ApiError, parseError } from './errors';

/** A column, optionally followed by a JSON path: data->a->>b, data->0 */
export interface Field {
  column: string;
  path: Array<{ arrow: '->' | '->>'; key: string; index: boolean }>;
}

export type SelectItem = { kind: 'star' } | { kind: 'field'; field: Field; alias: string | null; cast: string | null };

export type SimpleOp =
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'like'
  | 'ilike'
  | 'match'
  | 'imatch'
  | 'cs'
  | 'cd'
  | 'ov'
  | 'sl'
  | 'sr'
  | 'nxl'
  | 'nxr'
  | 'adj'
  | 'isdistinct';
export type FtsOp = 'fts' | 'plfts' | 'phfts' | 'wfts';
export type IsValue = 'null' | 'not_null' | 'true' | 'false' | 'unknown';

export type Operation =
  | { kind: 'simple'; op: SimpleOp; value: string }
  | {
      kind: 'quantified';
      op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'match' | 'imatch';
      quantifier: 'any' | 'all';
      values: string[];
    }
  | { kind: 'in'; values: string[] }
  | { kind: 'is'; value: IsValue }
  | { kind: 'fts'; op: FtsOp; config: string | null; value: string };

export interface Filter {
  field: Field;
  negate: boolean;
  operation: Operation;
}

export type LogicTree = { kind: 'filter'; filter: Filter } | { kind: 'logic'; op: 'and' | 'or'; negate: boolean; children: LogicTree[] };

export interface OrderTerm {
  field: Field;
  direction: 'asc' | 'desc' | null;
  nulls: 'first' | 'last' | null;
}

const SIMPLE_OPS = new Set<string>([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'match',
  'imatch',
  'cs',
  'cd',
  'ov',
  'sl',
  'sr',
  'nxl',
  'nxr',
  'adj',
  'isdistinct',
]);
const QUANTIFIABLE_OPS = new Set<string>(['eq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch']);
const FTS_OPS = new Set<string>(['fts', 'plfts', 'phfts', 'wfts']);
const IS_VALUES = new Set<string>(['null', 'not_null', 'true', 'false', 'unknown']);

/** Splits at commas that are outside parentheses, braces and double quotes. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      current += c;
      if (c === '\\' && i + 1 < text.length) current += text[++i];
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    if (c === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** "a\"b" → a"b ; anything not wrapped in double quotes is returned as is. */
function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

/**
 * A field: `col` or `col->key->>key` (`->0` is an array index). A double-quoted column name may hold any character.
 * Names are not restricted further here: they are looked up in the schema cache, and JSON keys are bound as values.
 */
export function parseField(raw: string, what: string): Field {
  const text = raw.trim();
  const fail = () => parseError(what, raw, `"${raw}" is not a column name or JSON path`);
  const segments = text.split(/(->>?)/);
  const first = segments[0] ?? '';
  const column = unquote(first);
  if (column === '' || (first.startsWith('"') && !first.endsWith('"'))) throw fail();
  const path: Field['path'] = [];
  for (let i = 1; i < segments.length; i += 2) {
    const arrow = segments[i] as '->' | '->>';
    let key = segments[i + 1] ?? '';
    const index = /^-?\d+$/.test(key);
    if (/^'.*'$|^".*"$/.test(key) && key.length >= 2) key = key.slice(1, -1);
    if (key === '') throw fail();
    path.push({ arrow, key, index });
  }
  return { column, path };
}

/** select=*,a,alias:b,c::text,d->e */
export function parseSelect(raw: string | null): SelectItem[] {
  if (raw === null || raw.trim() === '') return [{ kind: 'star' }];
  return splitTopLevel(raw).map((part): SelectItem => {
    const item = part.trim();
    if (item === '') throw parseError('select parameter', raw, 'an empty item in the select list');
    if (item.startsWith('...') || /[()!]/.test(item.replace(/"(?:[^"\\]|\\.)*"/g, ''))) {
      throw new ApiError(
        400,
        'PGRST100',
        `Resource embedding, spreads and aggregates are not supported by the local Supabase stand-in (${item})`,
        'Select plain columns, or read the related table in a second request (or through a view or an rpc).',
      );
    }
    if (item === '*') return { kind: 'star' };
    // alias:field — a single colon (a double colon is a cast)
    let rest = item;
    let alias: string | null = null;
    const aliasMatch = /^("(?:[^"\\]|\\.)+"|[^:"]+):(?!:)(.*)$/.exec(item);
    if (aliasMatch) {
      alias = unquote(aliasMatch[1]!);
      rest = aliasMatch[2]!;
    }
    let cast: string | null = null;
    const castAt = rest.lastIndexOf('::');
    if (castAt >= 0) {
      cast = rest.slice(castAt + 2);
      rest = rest.slice(0, castAt);
    }
    if (rest === '*') {
      if (alias || cast) throw parseError('select parameter', raw, '"*" takes neither an alias nor a cast');
      return { kind: 'star' };
    }
    return { kind: 'field', field: parseField(rest, 'select parameter'), alias, cast };
  });
}

/** `[not.]op[(any|all)|(config)].value` for the column `field`. Inside logic trees values may be "quoted". */
export function parseFilter(field: Field, expression: string, inLogicTree: boolean): Filter {
  let rest = expression;
  let negate = false;
  if (rest.startsWith('not.')) {
    negate = true;
    rest = rest.slice(4);
  }
  const match = /^([a-z_]+)(?:\(([^)]*)\))?\.([\s\S]*)$/.exec(rest);
  if (!match) throw parseError('filter', expression, 'expected "operator.value", e.g. eq.1, in.(1,2), is.null');
  const [, op = '', modifier, rawValue = ''] = match;
  const value = inLogicTree ? unquote(rawValue) : rawValue;
  const fail = (details: string) => parseError('filter', expression, details);

  if (op === 'in') {
    if (modifier !== undefined) throw fail('"in" takes no modifier');
    return { field, negate, operation: { kind: 'in', values: parseList(rawValue, '(', ')', expression) } };
  }
  if (op === 'is') {
    const v = value.toLowerCase();
    if (modifier !== undefined || !IS_VALUES.has(v)) throw fail('"is" takes null, not_null, true, false or unknown');
    return { field, negate, operation: { kind: 'is', value: v as IsValue } };
  }
  if (FTS_OPS.has(op)) {
    return { field, negate, operation: { kind: 'fts', op: op as FtsOp, config: modifier ?? null, value } };
  }
  if (modifier !== undefined) {
    if ((modifier === 'any' || modifier === 'all') && QUANTIFIABLE_OPS.has(op)) {
      return {
        field,
        negate,
        operation: { kind: 'quantified', op: op as never, quantifier: modifier, values: parseList(rawValue, '{', '}', expression) },
      };
    }
    throw fail(`unknown modifier "(${modifier})" for "${op}"`);
  }
  if (SIMPLE_OPS.has(op)) return { field, negate, operation: { kind: 'simple', op: op as SimpleOp, value } };
  throw fail(`unknown operator "${op}"`);
}

/** (a,b,"c,d") or {a,b} → ['a','b','c,d'] */
function parseList(raw: string, open: string, close: string, expression: string): string[] {
  if (!raw.startsWith(open) || !raw.endsWith(close)) throw parseError('filter', expression, `expected a list in ${open}${close}`);
  const inner = raw.slice(1, -1);
  if (inner === '') return [];
  return splitTopLevel(inner).map(unquote);
}

/** The value of an `or`/`and` parameter: (a.eq.1,b.gt.2,and(c.is.null,d.lt.3)) */
export function parseLogicTree(op: 'and' | 'or', negate: boolean, raw: string): LogicTree {
  if (!raw.startsWith('(') || !raw.endsWith(')')) throw parseError('logic tree', raw, 'expected "(filter,filter,…)"');
  const children = splitTopLevel(raw.slice(1, -1)).map((child): LogicTree => {
    const item = child.trim();
    const nested = /^(not\.)?(and|or)(\([\s\S]*\))$/.exec(item);
    if (nested) return parseLogicTree(nested[2] as 'and' | 'or', nested[1] !== undefined, nested[3]!);
    const dot = item.indexOf('.');
    if (dot <= 0) throw parseError('logic tree', raw, `"${item}" is not "column.operator.value"`);
    return { kind: 'filter', filter: parseFilter(parseField(item.slice(0, dot), 'logic tree'), item.slice(dot + 1), true) };
  });
  if (children.length === 0) throw parseError('logic tree', raw, 'an empty logic tree');
  return { kind: 'logic', op, negate, children };
}

/** order=a.desc.nullslast,b */
export function parseOrder(raw: string): OrderTerm[] {
  return splitTopLevel(raw).map((term) => {
    const parts = term.trim().split('.');
    const field = parseField(parts[0] ?? '', 'order');
    let direction: OrderTerm['direction'] = null;
    let nulls: OrderTerm['nulls'] = null;
    for (const modifier of parts.slice(1)) {
      if ((modifier === 'asc' || modifier === 'desc') && direction === null && nulls === null) direction = modifier;
      else if ((modifier === 'nullsfirst' || modifier === 'nullslast') && nulls === null)
        nulls = modifier === 'nullsfirst' ? 'first' : 'last';
      else throw parseError('order', raw, `unexpected "${modifier}": expected asc, desc, nullsfirst or nullslast`);
    }
    return { field, direction, nulls };
  });
}

/** limit / offset: a non-negative integer */
export function parseCount(name: string, raw: string | null): number | null {
  if (raw === null) return null;
  if (!/^\d{1,15}$/.test(raw)) throw parseError(name, raw, `${name} must be a non-negative integer`);
  return Number(raw);
}

/** columns="a","b" (what supabase-js sends for bulk inserts) */
export function parseColumnList(raw: string, what: string): string[] {
  return splitTopLevel(raw).map((c) => {
    const name = unquote(c.trim());
    if (name === '') throw parseError(what, raw, 'an empty column name');
    return name;
  });
}

export interface Preferences {
  return: 'representation' | 'minimal' | 'headers-only' | null;
  count: 'exact' | 'planned' | 'estimated' | null;
  resolution: 'merge-duplicates' | 'ignore-duplicates' | null;
  missing: 'default' | 'null' | null;
}

/** Prefer: return=representation, count=exact, resolution=merge-duplicates (several headers are joined by commas) */
export function parsePrefer(header: string | undefined): Preferences {
  const preferences: Preferences = { return: null, count: null, resolution: null, missing: null };
  for (const item of (header ?? '').split(',')) {
    const [key, value] = item
      .trim()
      .split('=')
      .map((s) => s.trim());
    if (key === 'return' && (value === 'representation' || value === 'minimal' || value === 'headers-only')) preferences.return = value;
    else if (key === 'count' && (value === 'exact' || value === 'planned' || value === 'estimated')) preferences.count = value;
    else if (key === 'resolution' && (value === 'merge-duplicates' || value === 'ignore-duplicates')) preferences.resolution = value;
    else if (key === 'missing' && (value === 'default' || value === 'null')) preferences.missing = value;
  }
  return preferences;
}
