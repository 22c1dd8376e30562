/**
 * A quality report as sections of labelled tables: what the HTML (page, print, PDF) and the CSV both show, so that
 * they hold the same rows in the same order. A cell keeps its raw value (a fraction, a count, a dose); the column's
 * kind says how it reads (HTML: a percentage in the reader's locale; CSV: the fraction, machine-readable).
 * Plain TypeScript: no React, no I/O.
 */
import type {
  DepartmentReport,
  OwnEvaluations,
  PersonalReport,
  QualityReport,
  ReportCriterionShare,
  ReportDoseRow,
  ReportLanguage,
  ReportRejectRow,
} from './qualityReport';
import { labelOf, reportLabels, type ReportLabels } from './qualityReportLabels';

export type CellKind = 'text' | 'count' | 'share' | 'change' | 'measured' | 'date';
export type Cell = string | number | null;

export interface ReportColumn {
  readonly label: string;
  readonly kind: CellKind;
}

export interface ReportRow {
  readonly cells: readonly Cell[];
  /** alert: needs attention (above the DRN, overdue); total: a sum row */
  readonly tone?: 'alert' | 'total';
}

export interface ReportTable {
  /** the table's own heading within its section (also the CSV table's name) */
  readonly caption: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly ReportRow[];
  /** shown instead of an empty table */
  readonly empty: string;
}

export interface ReportFigure {
  readonly label: string;
  readonly value: Cell;
  readonly kind: CellKind;
  readonly tone?: 'alert';
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly note?: string;
  readonly figures?: readonly ReportFigure[];
  readonly tables: readonly ReportTable[];
  /** free text (the recommendations): paragraphs as typed */
  readonly text?: string;
}

export interface ReportDocument {
  readonly title: string;
  readonly language: ReportLanguage;
  readonly site: string;
  readonly period: string;
  readonly author: string;
  readonly date: string;
  readonly subject?: string;
  readonly sections: readonly ReportSection[];
}

const col = (label: string, kind: CellKind = 'text'): ReportColumn => ({ label, kind });

function name(language: ReportLanguage, nl: string | null | undefined, en: string | null | undefined, fallback: string | null): string {
  return (language === 'nl' ? nl : en) ?? nl ?? en ?? fallback ?? '';
}

/** "1 oktober 2026" / "1 October 2026" (a calendar day: no time zone shifts it) */
export function reportDay(day: string, language: ReportLanguage): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

export function reportPeriodText(from: string, to: string, language: ReportLanguage): string {
  return `${reportDay(from, language)} – ${reportDay(to, language)}`;
}

function rejectTable(
  L: ReportLabels,
  language: ReportLanguage,
  caption: string,
  keyLabel: string,
  rows: readonly ReportRejectRow[],
): ReportTable {
  return {
    caption,
    columns: [
      col(keyLabel),
      col(L.images, 'count'),
      col(L.rejected, 'count'),
      col(L.rejectRate, 'share'),
      col(L.withoutReason, 'count'),
      col(L.flag),
    ],
    rows: rows.map((r) => ({
      cells: [
        name(language, r.label_nl, r.label_en, r.key) || L.unknown,
        r.images,
        r.rejected,
        r.rate,
        r.without_reason,
        labelOf(L.flags, r.flag),
      ],
      tone: r.flag === 'above_investigation' ? 'alert' : undefined,
    })),
    empty: L.none,
  };
}

function criteriaTable(
  L: ReportLabels,
  language: ReportLanguage,
  caption: string,
  criteria: readonly ReportCriterionShare[],
  withPrevious: boolean,
): ReportTable {
  return {
    caption,
    columns: [
      col(L.criterion),
      col(L.answered, 'count'),
      col(L.met, 'count'),
      col(L.share, 'share'),
      ...(withPrevious ? [col(L.previousShare, 'share'), col(L.change, 'change')] : []),
    ],
    rows: criteria.map((c) => ({
      cells: [
        name(language, c.label_nl, c.label_en, c.code),
        c.answered,
        c.met,
        c.share,
        ...(withPrevious ? [c.previous_share ?? null, c.change ?? null] : []),
      ],
      tone: withPrevious && c.change !== null && c.change !== undefined && c.change <= -0.1 ? 'alert' : undefined,
    })),
    empty: L.none,
  };
}

function doseLabel(L: ReportLabels, row: ReportDoseRow): string {
  return `${labelOf(L.quantities, row.quantity)} (${row.unit})`;
}

function departmentSections(r: DepartmentReport, L: ReportLabels, language: ReportLanguage): ReportSection[] {
  const above = r.dose.filter((d) => d.status === 'above_drl').length;
  const rejects = r.rejects;
  const reasonRows = rejects.reasons ?? [];
  const evaluations = r.evaluations;
  // two codes may carry the same words (a DICOM CID 7011 code and a local category): then the code tells them apart
  const reasonText = (x: ReportRejectRow) => (x.key === null ? L.noReason : name(language, x.label_nl, x.label_en, x.key));
  const reasonLabel = (x: ReportRejectRow) =>
    x.key !== null && reasonRows.filter((y) => reasonText(y) === reasonText(x)).length > 1 ? `${reasonText(x)} (${x.key})` : reasonText(x);
  const sections: ReportSection[] = [
    {
      id: 'summary',
      title: L.summary,
      figures: [
        { label: L.images, value: rejects.images, kind: 'count' },
        { label: L.rejectRate, value: rejects.rate, kind: 'share', tone: rejects.flag === 'above_investigation' ? 'alert' : undefined },
        { label: L.imagesScored, value: evaluations.images_scored, kind: 'count' },
        { label: L.medianAboveDrl, value: above, kind: 'count', tone: above > 0 ? 'alert' : undefined },
        ...(r.actions.available
          ? [
              { label: L.openActions, value: r.actions.open ?? 0, kind: 'count' as const },
              {
                label: L.overdueActions,
                value: r.actions.overdue ?? 0,
                kind: 'count' as const,
                tone: (r.actions.overdue ?? 0) > 0 ? ('alert' as const) : undefined,
              },
            ]
          : []),
      ],
      tables: [],
    },
    {
      id: 'rejects',
      title: L.rejects,
      note: L.rejectsNote,
      figures: [
        { label: L.images, value: rejects.images, kind: 'count' },
        { label: L.rejected, value: rejects.rejected, kind: 'count' },
        { label: L.rejectRate, value: rejects.rate, kind: 'share' },
        { label: L.withoutReason, value: rejects.without_reason, kind: 'count' },
        { label: L.wastedDap, value: rejects.wasted_dap_gy_cm2, kind: 'measured' },
      ],
      tables: [
        {
          caption: L.reasons,
          columns: [col(L.reason), col(L.rejected, 'count'), col(L.shareOfRejects, 'share')],
          rows: reasonRows.map((x) => ({
            cells: [reasonLabel(x), x.rejected, rejects.rejected > 0 ? x.rejected / rejects.rejected : null],
          })),
          empty: L.none,
        },
        rejectTable(L, language, L.byProcedure, L.procedure, rejects.by_procedure),
        rejectTable(L, language, L.byRoom, L.room, rejects.by_room ?? []),
      ],
    },
    {
      id: 'evaluations',
      title: L.evaluations,
      note: `${L.evaluationsNote} ${L.previousPeriod}: ${reportPeriodText(evaluations.previous_from, evaluations.previous_to, language)}.`,
      figures: [
        { label: L.evaluationsCounted, value: evaluations.evaluations_counted, kind: 'count' },
        { label: L.imagesScored, value: evaluations.images_scored, kind: 'count' },
      ],
      tables: [
        {
          caption: L.evaluations,
          columns: [col(L.use), col(L.started, 'count'), col(L.closed, 'count')],
          rows: evaluations.by_use.map((u) => ({ cells: [labelOf(L.uses, u.use), u.started, u.closed] })),
          empty: L.none,
        },
        criteriaTable(L, language, L.share, evaluations.criteria, true),
      ],
    },
    {
      id: 'dose',
      title: L.dose,
      note: L.doseNote,
      tables: [
        {
          caption: L.dose,
          columns: [
            col(L.room),
            col(L.procedure),
            col(L.view),
            col(L.quantity),
            col(L.n, 'count'),
            col(L.median, 'measured'),
            col(L.drl, 'measured'),
            col(L.target, 'measured'),
            col(L.status),
          ],
          rows: r.dose.map((d) => ({
            cells: [
              d.room ?? d.room_key ?? L.unknown,
              name(language, d.procedure_nl, d.procedure_en, d.procedure_code) || L.unknown,
              d.view_position ?? '',
              doseLabel(L, d),
              d.n,
              d.median,
              d.drl,
              d.target,
              labelOf(L.statuses, d.status),
            ],
            tone: d.status === 'above_drl' ? 'alert' : undefined,
          })),
          empty: L.none,
        },
      ],
    },
    {
      id: 'actions',
      title: L.actions,
      figures: r.actions.available
        ? [
            { label: L.open, value: r.actions.open ?? 0, kind: 'count' },
            { label: L.overdue, value: r.actions.overdue ?? 0, kind: 'count', tone: (r.actions.overdue ?? 0) > 0 ? 'alert' : undefined },
            { label: L.done, value: r.actions.done ?? 0, kind: 'count' },
            { label: L.doneOnTime, value: r.actions.done_on_time ?? 0, kind: 'count' },
          ]
        : undefined,
      note: r.actions.available ? undefined : L.actionsMissing,
      tables: r.actions.available
        ? [
            {
              caption: L.actions,
              columns: [col(L.title), col(L.finding), col(L.owner), col(L.due, 'date'), col(L.state), col(L.outcome)],
              rows: r.actions.items.map((a) => ({
                cells: [
                  a.title,
                  a.finding_label ?? labelOf(L.findingKinds, a.finding_kind),
                  a.owner ?? '',
                  a.due_date,
                  labelOf(L.states, a.state) + (a.overdue ? ` (${L.overdue.toLowerCase()})` : ''),
                  a.outcome ?? '',
                ],
                tone: a.overdue ? 'alert' : undefined,
              })),
              empty: L.actionsNone,
            },
          ]
        : [],
    },
  ];
  return sections;
}

function ownEvaluationSection(
  id: string,
  title: string,
  note: string,
  own: OwnEvaluations,
  L: ReportLabels,
  language: ReportLanguage,
): ReportSection {
  return {
    id,
    title,
    note,
    figures: [
      { label: L.evaluations, value: own.evaluations, kind: 'count' },
      { label: L.imagesScored, value: own.images_scored, kind: 'count' },
    ],
    tables: [
      {
        caption: L.byProcedure,
        columns: [
          col(L.procedure),
          col(L.evaluations, 'count'),
          col(L.imagesScored, 'count'),
          col(L.answered, 'count'),
          col(L.met, 'count'),
          col(L.share, 'share'),
        ],
        rows: own.by_procedure.map((p) => ({
          cells: [
            name(language, p.procedure_nl, p.procedure_en, p.procedure_code) || L.unknown,
            p.evaluations,
            p.images_scored,
            p.answered,
            p.met,
            p.share,
          ],
        })),
        empty: L.none,
      },
      criteriaTable(L, language, L.criterion, own.criteria, false),
    ],
  };
}

function personalSections(r: PersonalReport, L: ReportLabels, language: ReportLanguage): ReportSection[] {
  const own = r.rejects.own;
  const dept = r.rejects.department;
  const deptByProcedure = new Map(dept.by_procedure.map((x) => [x.key, x]));
  return [
    {
      id: 'summary',
      title: L.summary,
      figures: [
        { label: L.selfEvaluations, value: r.self_evaluations.evaluations, kind: 'count' },
        { label: L.peerReviews, value: r.peer_reviews.evaluations, kind: 'count' },
        { label: `${L.rejectRate} (${L.own.toLowerCase()})`, value: own.rate, kind: 'share' },
        { label: `${L.rejectRate} (${L.department.toLowerCase()})`, value: dept.rate, kind: 'share' },
      ],
      tables: [],
    },
    ownEvaluationSection('self_evaluations', L.selfEvaluations, L.selfEvaluationsNote, r.self_evaluations, L, language),
    ownEvaluationSection('peer_reviews', L.peerReviews, L.peerReviewsNote, r.peer_reviews, L, language),
    {
      id: 'rejects',
      title: L.rejects,
      note: `${L.rejectsPersonalNote} ${L.rejectsNote}`,
      tables: [
        {
          caption: L.total,
          columns: [col(''), col(L.images, 'count'), col(L.rejected, 'count'), col(L.rejectRate, 'share'), col(L.withoutReason, 'count')],
          rows: [
            { cells: [L.own, own.images, own.rejected, own.rate, own.without_reason] },
            { cells: [L.department, dept.images, dept.rejected, dept.rate, dept.without_reason] },
          ],
          empty: L.none,
        },
        {
          caption: L.byProcedure,
          columns: [
            col(L.procedure),
            col(`${L.images} (${L.own.toLowerCase()})`, 'count'),
            col(`${L.rejectRate} (${L.own.toLowerCase()})`, 'share'),
            col(`${L.rejectRate} (${L.department.toLowerCase()})`, 'share'),
          ],
          rows: own.by_procedure.map((x) => ({
            cells: [name(language, x.label_nl, x.label_en, x.key) || L.unknown, x.images, x.rate, deptByProcedure.get(x.key)?.rate ?? null],
          })),
          empty: L.none,
        },
      ],
    },
    {
      id: 'dose',
      title: L.dose,
      note: L.dosePersonalNote,
      tables: [
        {
          caption: L.dose,
          columns: [
            col(L.procedure),
            col(L.view),
            col(L.quantity),
            col(L.ownN, 'count'),
            col(L.ownMedian, 'measured'),
            col(L.departmentN, 'count'),
            col(L.departmentMedian, 'measured'),
            col(L.drl, 'measured'),
            col(L.target, 'measured'),
            col(L.status),
          ],
          rows: r.dose.map((d) => ({
            cells: [
              name(language, d.procedure_nl, d.procedure_en, d.procedure_code) || L.unknown,
              d.view_position ?? '',
              doseLabel(L, d),
              d.n,
              d.median,
              d.department_n ?? null,
              d.department_median ?? null,
              d.drl,
              d.target,
              labelOf(L.statuses, d.status),
            ],
            tone: d.status === 'above_drl' ? 'alert' : undefined,
          })),
          empty: L.none,
        },
      ],
    },
  ];
}

/** The report as a document of sections (the recommendations last). `commandLineAuthor`: who ran the CLI. */
export function reportDocument(
  report: QualityReport,
  language: ReportLanguage,
  options: { author?: string; today?: string } = {},
): ReportDocument {
  const L = reportLabels(language);
  const sections = report.kind === 'department' ? departmentSections(report, L, language) : personalSections(report, L, language);
  sections.push({
    id: 'recommendations',
    title: L.recommendations,
    tables: [],
    text: report.recommendations.text.trim() === '' ? L.noRecommendations : report.recommendations.text,
  });
  return {
    title: report.kind === 'department' ? L.departmentTitle : L.personalTitle,
    language,
    site: report.site?.name ?? '',
    period: reportPeriodText(report.period_from, report.period_to, language),
    author: options.author ?? report.author ?? L.commandLine,
    date: reportDay(options.today ?? report.generated_at.slice(0, 10), language),
    subject: report.kind === 'personal' ? report.person.display_name : undefined,
    sections,
  };
}
