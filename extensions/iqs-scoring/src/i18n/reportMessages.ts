/**
 * The quality reports' labels: the launcher on /iqs (reports/ReportsSection.tsx) and the report's own page
 * (reports/ReportPage.tsx). The report's own words (headings, columns) are the renderer's, in @iqs/domain
 * (qualityReportLabels.ts), shared with the command line. messages.ts spreads these into its catalogues.
 */
export const reportEn = {
  'report.title': 'Reports',
  'report.intro':
    'A department quality report for a department meeting, or a personal report for a yearly appraisal: opened as a page of its own, printed to A4 or saved as PDF, and downloaded as CSV.',
  'report.kind': 'Report',
  'report.kind.department': 'Department quality report',
  'report.kind.personal': 'Personal report',
  'report.period': 'Period',
  'report.period.month': 'Month',
  'report.period.quarter': 'Quarter',
  'report.period.year': 'Year',
  'report.period.dates': 'Dates',
  'report.day': 'A day in the period',
  'report.from': 'From',
  'report.to': 'To',
  'report.person': 'Radiographer',
  'report.own': 'My own report',
  'report.open': 'Open report',
  'report.chosen': 'Period chosen',
  'report.badDates': 'Choose a valid period: the dates as YYYY-MM-DD, the start not after the end.',
  'report.print': 'Print / Save as PDF',
  'report.csv': 'Download CSV',
  'report.back': 'Back to IQS',
  'report.loading': 'The report is being prepared…',
  'report.forbidden':
    'This report is not for you: the department report is for quality officers and admins, a personal report for its radiographer, quality officers and admins.',
  'report.failed': 'The report could not be made',
  'report.badAddress':
    'This report address is incomplete: it needs report=department or report=personal (with person=…), from and to as YYYY-MM-DD.',
  'report.signIn': 'Sign in on the IQS page to see this report.',
  'report.recommendations': 'Recommendations',
  'report.recommendationsHelp': 'Free text, printed at the end of the report. Saved for this report and period.',
  'report.save': 'Save recommendations',
  'report.saved': 'Saved',
  'report.tooLong': 'At most 8000 characters.',
  'report.saveFailed': 'Not saved',
} as const;

export const reportNl: Record<keyof typeof reportEn, string> = {
  'report.title': 'Rapporten',
  'report.intro':
    'Een kwaliteitsrapport van de afdeling voor het werkoverleg, of een persoonlijk rapport voor het jaargesprek: als eigen pagina geopend, afgedrukt op A4 of bewaard als PDF, en te downloaden als CSV.',
  'report.kind': 'Rapport',
  'report.kind.department': 'Kwaliteitsrapport afdeling',
  'report.kind.personal': 'Persoonlijk rapport',
  'report.period': 'Periode',
  'report.period.month': 'Maand',
  'report.period.quarter': 'Kwartaal',
  'report.period.year': 'Jaar',
  'report.period.dates': 'Datums',
  'report.day': 'Een dag in de periode',
  'report.from': 'Van',
  'report.to': 'Tot en met',
  'report.person': 'Laborant',
  'report.own': 'Mijn eigen rapport',
  'report.open': 'Rapport openen',
  'report.chosen': 'Gekozen periode',
  'report.badDates': 'Kies een geldige periode: de datums als JJJJ-MM-DD, het begin niet na het einde.',
  'report.print': 'Afdrukken / bewaren als PDF',
  'report.csv': 'CSV downloaden',
  'report.back': 'Terug naar IQS',
  'report.loading': 'Het rapport wordt opgesteld…',
  'report.forbidden':
    'Dit rapport is niet voor u: het afdelingsrapport is voor kwaliteitsfunctionarissen en beheerders, een persoonlijk rapport voor de laborant zelf, kwaliteitsfunctionarissen en beheerders.',
  'report.failed': 'Het rapport kon niet worden opgesteld',
  'report.badAddress':
    'Dit rapportadres is onvolledig: het heeft report=department of report=personal (met person=…) nodig, en from en to als JJJJ-MM-DD.',
  'report.signIn': 'Meld u aan op de IQS-pagina om dit rapport te zien.',
  'report.recommendations': 'Aanbevelingen',
  'report.recommendationsHelp': 'Vrije tekst, afgedrukt aan het eind van het rapport. Bewaard bij dit rapport en deze periode.',
  'report.save': 'Aanbevelingen opslaan',
  'report.saved': 'Opgeslagen',
  'report.tooLong': 'Hoogstens 8000 tekens.',
  'report.saveFailed': 'Niet opgeslagen',
};
