/**
 * The report's own address: /iqs?report=department&from=YYYY-MM-DD&to=YYYY-MM-DD and
 * /iqs?report=personal&person=<id>&from=…&to=…. Read here (what the page shows) and written by the launcher.
 */
import { isReportDate } from '@iqs/domain';
import type { ReportRequest } from './reportsPorts';

export type ReportQuery =
  { readonly ok: true; readonly request: ReportRequest } | { readonly ok: false; readonly problem: 'dates' | 'person' | 'kind' };

/** null: the address asks for no report (the page shows as usual) */
export function readReportQuery(search: string): ReportQuery | null {
  const params = new URLSearchParams(search);
  const kind = params.get('report');
  if (kind === null) return null;
  if (kind !== 'department' && kind !== 'personal') return { ok: false, problem: 'kind' };
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (!isReportDate(from) || !isReportDate(to) || from > to) return { ok: false, problem: 'dates' };
  const person = params.get('person');
  if (kind === 'personal' && !person) return { ok: false, problem: 'person' };
  return { ok: true, request: { kind, person: kind === 'personal' ? person : null, from, to } };
}

export function reportAddress(request: ReportRequest): string {
  const params = new URLSearchParams({ report: request.kind });
  if (request.kind === 'personal' && request.person) params.set('person', request.person);
  params.set('from', request.from);
  params.set('to', request.to);
  return `/iqs?${params.toString()}`;
}
