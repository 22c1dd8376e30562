/**
 * QIDO-RS: query parameters, attribute matching and result attributes (PS3.18 8.3.4, 10.6;
 * matching rules of PS3.4 C.2.2.2).
 *
 * Matching is friendlier than the letter of the standard, as a demo PACS behind a search box
 * should be: text matches are case-insensitive, `*` and `?` are wildcards, CS and UI keys
 * take lists separated by backslash or comma, DA/TM/DT take ranges ("a-b", "-b", "a-").
 * fuzzymatching=true additionally lets a PN key match the start of any name component,
 * ignoring accents.
 */
import type { DicomJsonAttribute, DicomJsonDataset, PersonNameJson } from '@iqs/dicom';
import { lookupTag, parseTagOrKeyword, tagHex } from '@iqs/dicom';
import { HttpError } from './httpError';
import type { DicomIndex, InstanceRecord, SeriesRecord, StudyRecord } from './model';

export type QidoLevel = 'studies' | 'series' | 'instances';

interface Filter {
  tag: string;
  vr: string;
  value: string;
}

export interface QidoQuery {
  filters: Filter[];
  includeAll: boolean;
  includeFields: string[];
  limit: number | undefined;
  offset: number;
  fuzzy: boolean;
}

/** Attributes every result of a level carries (PS3.18 Tables 10.6.3-3 to -5, plus a few OHIF shows). */
const DEFAULT_FIELDS: Record<QidoLevel, readonly string[]> = {
  studies: [
    '00080005',
    '00080020',
    '00080030',
    '00080050',
    '00080056',
    '00080061',
    '00080090',
    '00080201',
    '00081030',
    '00100010',
    '00100020',
    '00100030',
    '00100040',
    '0020000D',
    '00200010',
    '00201206',
    '00201208',
  ],
  series: [
    '00080005',
    '00080021',
    '00080031',
    '00080060',
    '00080201',
    '0008103E',
    '0020000D',
    '0020000E',
    '00200011',
    '00201209',
    '00400244',
    '00400245',
    '00400275',
  ],
  instances: [
    '00080005',
    '00080016',
    '00080018',
    '00080056',
    '00080201',
    '00083002',
    '0020000D',
    '0020000E',
    '00200013',
    '00280008',
    '00280010',
    '00280011',
    '00280100',
  ],
};

function nonNegativeInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new HttpError(400, `${name} must be a non-negative integer, not ${JSON.stringify(value)}`);
  return Number(value.trim());
}

function attributeTag(name: string, context: string): string {
  if (name.includes('.')) throw new HttpError(400, `sequence matching is not supported (${name})`);
  const tag = parseTagOrKeyword(name);
  if (tag === undefined) throw new HttpError(400, `unknown attribute ${JSON.stringify(name)} in ${context}`);
  return tagHex(tag);
}

function dictionaryVr(tag: string): string {
  const vr = lookupTag(parseInt(tag, 16) >>> 0)?.vr ?? 'UN';
  return /^[A-Z]{2}$/.test(vr) ? vr : 'UN';
}

const DATE_PART: Record<string, RegExp> = {
  DA: /^\d{8}$/,
  TM: /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/,
  DT: /^\d{4,14}(\.\d{1,6})?([+-]\d{4})?$/,
};

/** "a-b", "-b", "a-" → [a, b]; a single value → undefined. DT values may carry a "-hhmm" offset. */
function splitRange(vr: string, item: string): [string, string] | undefined {
  if (vr === 'DT') {
    const m = /^([\d.]*)-([\d.]*)$/.exec(item);
    return m ? [m[1] as string, m[2] as string] : undefined;
  }
  const dash = item.indexOf('-');
  return dash < 0 ? undefined : [item.slice(0, dash), item.slice(dash + 1)];
}

function checkDateKey(vr: string, value: string, name: string): void {
  const pattern = DATE_PART[vr];
  if (!pattern || value === '' || value === '*') return;
  for (const item of value.split('\\')) {
    const range = splitRange(vr, item);
    const parts = range ?? [item];
    const bad = (range && !range[0] && !range[1]) || parts.some((p) => p !== '' && !pattern.test(p.replace(/:/g, '')));
    if (bad) throw new HttpError(400, `bad ${vr} value for ${name}: ${JSON.stringify(value)}`);
  }
}

/** Reads the query string of a QIDO request; throws HttpError(400) for what it cannot use. */
export function parseQidoQuery(params: URLSearchParams): QidoQuery {
  const query: QidoQuery = { filters: [], includeAll: false, includeFields: [], limit: undefined, offset: 0, fuzzy: false };
  for (const [key, rawValue] of params) {
    const value = rawValue.trim();
    switch (key.toLowerCase()) {
      case 'limit':
        query.limit = nonNegativeInteger('limit', value) || undefined; // 0: no limit
        break;
      case 'offset':
        query.offset = nonNegativeInteger('offset', value);
        break;
      case 'includefield':
        for (const field of value
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)) {
          if (field.toLowerCase() === 'all') query.includeAll = true;
          else query.includeFields.push(attributeTag(field, 'includefield'));
        }
        break;
      case 'fuzzymatching':
        if (!/^(true|false)$/i.test(value)) throw new HttpError(400, `fuzzymatching must be true or false, not ${JSON.stringify(value)}`);
        query.fuzzy = value.toLowerCase() === 'true';
        break;
      default: {
        const tag = attributeTag(key, 'the query');
        const vr = dictionaryVr(tag);
        checkDateKey(vr, value, key);
        // a key given twice (Modality=CT&Modality=MR) matches either value
        const same = query.filters.find((f) => f.tag === tag);
        if (!same) query.filters.push({ tag, vr, value });
        else same.value = same.value === '' || value === '' ? '' : `${same.value}\\${value}`;
      }
    }
  }
  return query;
}

// ---------------------------------------------------------------------------------------------
// Matching

function wildcardRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function valueStrings(attr: DicomJsonAttribute): string[] {
  const out: string[] = [];
  for (const v of attr.Value ?? []) {
    if (v === null) continue;
    if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
    else if (attr.vr === 'PN') {
      const pn = v as PersonNameJson;
      for (const group of [pn.Alphabetic, pn.Ideographic, pn.Phonetic]) if (group) out.push(group);
    }
  }
  return out;
}

/**
 * A string that sorts like the point in time: fixed-width digits. Missing trailing parts are
 * filled with 0 for a lower bound and with 9 for an upper bound, so "-12" (TM) includes 12:59.
 */
function timeKey(vr: string, text: string, upper: boolean): string {
  const fill = upper ? '9' : '0';
  const t = text.replace(/[:\s]/g, '');
  if (vr === 'DA') return t;
  const [main = '', frac = ''] = (vr === 'DT' ? t.replace(/[+-]\d{4}$/, '') : t).split('.');
  return `${main.padEnd(vr === 'TM' ? 6 : 14, fill)}.${frac.padEnd(6, fill)}`;
}

function inRange(vr: string, value: string, item: string): boolean {
  const range = splitRange(vr, item);
  if (!range) return vr === 'DT' ? value.startsWith(item) : timeKey(vr, value, false) === timeKey(vr, item, false);
  const v = timeKey(vr, value, false);
  const [from, to] = range;
  if (from && v < timeKey(vr, from, false)) return false;
  if (to && v > timeKey(vr, to, true)) return false;
  return true;
}

/** Lower case without accents, for fuzzy name matching ("muller" finds "Müller", "ostergard" "Østergård"). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ø/gi, 'o').replace(/æ/gi, 'ae').replace(/ß/g, 'ss').toLowerCase();
}

function matches(filter: Filter, data: DicomJsonDataset, fuzzy: boolean): boolean {
  if (filter.value === '' || filter.value === '*') return true; // universal matching
  const attr = data[filter.tag];
  if (!attr) return false;
  const vr = attr.vr;
  const values = valueStrings(attr);
  if (values.length === 0) return false;

  if (vr === 'DA' || vr === 'TM' || vr === 'DT') {
    return filter.value.split('\\').some((range) => values.some((v) => inRange(vr, v, range)));
  }
  if (['IS', 'DS', 'US', 'UL', 'SS', 'SL', 'FL', 'FD', 'SV', 'UV'].includes(vr)) {
    const wanted = filter.value.split(/[\\,]/).map(Number);
    return values.some((v) => wanted.includes(Number(v)));
  }
  const separator = vr === 'CS' || vr === 'UI' || vr === 'AE' ? /[\\,]/ : /\\/;
  const patterns = filter.value
    .split(separator)
    .map((p) => p.trim())
    .filter(Boolean);
  if (vr === 'UI') return values.some((v) => patterns.includes(v));
  const regexps = patterns.map(wildcardRegExp);
  if (regexps.some((re) => values.some((v) => re.test(v)))) return true;
  if (fuzzy && vr === 'PN') {
    const words = patterns.map((p) => fold(p.replace(/[*?]/g, ''))).filter(Boolean);
    return words.some((w) =>
      values.some((v) =>
        fold(v)
          .split(/[\^ =]+/)
          .some((part) => part.startsWith(w)),
      ),
    );
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Results

/** The attributes a result is matched against and taken from, per level. */
function studyData(study: StudyRecord): DicomJsonDataset {
  const first = firstInstance(study);
  return { ...(first?.json ?? {}), ...study.attributes };
}

function seriesData(study: StudyRecord, series: SeriesRecord): DicomJsonDataset {
  const first = series.instances.values().next().value as InstanceRecord | undefined;
  return { ...(first?.json ?? {}), ...study.attributes, ...series.attributes };
}

function instanceData(study: StudyRecord, series: SeriesRecord, inst: InstanceRecord): DicomJsonDataset {
  return { ...study.attributes, ...series.attributes, ...inst.json };
}

function firstInstance(study: StudyRecord): InstanceRecord | undefined {
  const series = study.series.values().next().value as SeriesRecord | undefined;
  return series?.instances.values().next().value as InstanceRecord | undefined;
}

/** includefield=all: every attribute of the level (no bulk data, which has no place in a query result). */
function allFields(level: QidoLevel, study: StudyRecord, series: SeriesRecord | undefined, data: DicomJsonDataset): string[] {
  if (level === 'studies') return Object.keys(study.attributes);
  if (level === 'series') return [...Object.keys(study.attributes), ...Object.keys(series?.attributes ?? {})];
  return Object.keys(data).filter((tag) => data[tag]?.BulkDataURI === undefined);
}

function result(level: QidoLevel, query: QidoQuery, data: DicomJsonDataset, study: StudyRecord, series?: SeriesRecord): DicomJsonDataset {
  const fields = new Set<string>([...DEFAULT_FIELDS[level], ...query.includeFields, ...query.filters.map((f) => f.tag)]);
  if (query.includeAll) for (const tag of allFields(level, study, series, data)) fields.add(tag);
  const out: DicomJsonDataset = {};
  for (const tag of [...fields].sort()) {
    const attr = data[tag];
    if (attr && attr.BulkDataURI === undefined) out[tag] = attr;
  }
  return out;
}

export interface QidoScope {
  study?: StudyRecord;
  series?: SeriesRecord;
}

/** Runs a query at `level` within `scope` (a study and/or series from the path), in index order. */
export function runQido(index: DicomIndex, level: QidoLevel, scope: QidoScope, query: QidoQuery): DicomJsonDataset[] {
  const studies = scope.study ? [scope.study] : [...index.studies.values()];
  const found: DicomJsonDataset[] = [];
  const keep = (data: DicomJsonDataset): boolean => query.filters.every((f) => matches(f, data, query.fuzzy));

  for (const study of studies) {
    if (level === 'studies') {
      const data = studyData(study);
      if (keep(data)) found.push(result(level, query, data, study));
      continue;
    }
    const seriesList = scope.series ? [scope.series] : [...study.series.values()];
    for (const series of seriesList) {
      if (level === 'series') {
        const data = seriesData(study, series);
        if (keep(data)) found.push(result(level, query, data, study, series));
        continue;
      }
      for (const inst of series.instances.values()) {
        const data = instanceData(study, series, inst);
        if (keep(data)) found.push(result(level, query, data, study, series));
      }
    }
  }
  const end = query.limit === undefined ? undefined : query.offset + query.limit;
  return found.slice(query.offset, end);
}
