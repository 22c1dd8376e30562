/**
 * The reports' launcher on /iqs: choose a month, a quarter, a year (by a day in it) or two dates, and the report —
 * the department's (quality officers and admins) or a personal one (one's own; a quality officer or admin chooses
 * the radiographer) — and open it on its own page (/iqs?report=…), where it prints and downloads.
 */
import { useEffect, useId, useState } from 'react';
import { isReportDate, reportPeriodOf } from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import type { IqsRole } from '../ports';
import { reportAddress } from './reportQuery';
import type { ReportData, ReportKind, ReportPerson } from './reportsPorts';

export interface ReportsSectionProps {
  readonly reports: ReportData;
  readonly role: IqsRole;
  readonly personId: string;
  readonly translator: Translator;
  /** YYYY-MM-DD */
  readonly today: string;
  readonly onNavigate: (path: string) => void;
}

type PeriodKind = 'month' | 'quarter' | 'year' | 'dates';
const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year', 'dates'];

export function ReportsSection({ reports, role, personId, translator, today, onNavigate }: ReportsSectionProps) {
  const { t } = translator;
  const id = useId();
  const officer = role === 'quality_officer' || role === 'admin';
  const [kind, setKind] = useState<ReportKind>(officer ? 'department' : 'personal');
  const [periodKind, setPeriodKind] = useState<PeriodKind>('quarter');
  const [day, setDay] = useState(today);
  const [from, setFrom] = useState(reportPeriodOf('quarter', today).from);
  const [to, setTo] = useState(reportPeriodOf('quarter', today).to);
  const [person, setPerson] = useState(personId);
  const [people, setPeople] = useState<readonly ReportPerson[]>([]);

  useEffect(() => {
    if (!officer) return;
    let live = true;
    reports.people().then(
      (list) => live && setPeople(list),
      () => live && setPeople([]),
    );
    return () => {
      live = false;
    };
  }, [reports, officer]);

  const period = periodKind === 'dates' ? { from, to } : isReportDate(day) ? reportPeriodOf(periodKind, day) : null;
  const valid = !!period && isReportDate(period.from) && isReportDate(period.to) && period.from <= period.to;

  return (
    <section className="iqs-card iqs-card-wide iqs-reports" data-iqs-section="reports" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('report.title')}</h2>
      <p className="iqs-hint">{t('report.intro')}</p>
      <form
        className="iqs-reports-controls"
        onSubmit={(event) => {
          event.preventDefault();
          if (!valid || !period) return;
          onNavigate(reportAddress({ kind, person: kind === 'personal' ? person : null, from: period.from, to: period.to }));
        }}
      >
        <label className="iqs-field">
          <span>{t('report.kind')}</span>
          <select value={kind} onChange={(event) => setKind(event.target.value as ReportKind)} data-cy="report-kind">
            {officer && <option value="department">{t('report.kind.department')}</option>}
            <option value="personal">{t('report.kind.personal')}</option>
          </select>
        </label>
        {kind === 'personal' && officer && (
          <label className="iqs-field">
            <span>{t('report.person')}</span>
            <select value={person} onChange={(event) => setPerson(event.target.value)} data-cy="report-person">
              <option value={personId}>{t('report.own')}</option>
              {people
                .filter((p) => p.id !== personId)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.displayName}
                  </option>
                ))}
            </select>
          </label>
        )}
        <label className="iqs-field">
          <span>{t('report.period')}</span>
          <select value={periodKind} onChange={(event) => setPeriodKind(event.target.value as PeriodKind)} data-cy="report-period">
            {PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`report.period.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {periodKind === 'dates' ? (
          <>
            <label className="iqs-field">
              <span>{t('report.from')}</span>
              <input
                type="date"
                value={from}
                onChange={(event) => setFrom(event.target.value)}
                aria-invalid={!valid}
                data-cy="report-from"
              />
            </label>
            <label className="iqs-field">
              <span>{t('report.to')}</span>
              <input type="date" value={to} onChange={(event) => setTo(event.target.value)} aria-invalid={!valid} data-cy="report-to" />
            </label>
          </>
        ) : (
          <label className="iqs-field">
            <span>{t('report.day')}</span>
            <input type="date" value={day} onChange={(event) => setDay(event.target.value)} aria-invalid={!valid} data-cy="report-day" />
          </label>
        )}
        <button type="submit" className="iqs-primary" disabled={!valid} data-cy="report-open">
          {t('report.open')}
        </button>
      </form>
      {valid && period ? (
        <p className="iqs-hint" data-cy="report-chosen">
          {t('report.chosen')}: {period.from} – {period.to}
        </p>
      ) : (
        <p className="iqs-error" role="alert">
          {t('report.badDates')}
        </p>
      )}
    </section>
  );
}
