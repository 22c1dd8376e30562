/**
 * `iqs report department` and `iqs report personal`: the quality reports of migration 35 as PDF, CSV or JSON.
 *
 *   iqs report department --from YYYY-MM-DD --to YYYY-MM-DD [--site <code>] [--pdf <file>] [--csv <file>] [--html <file>]
 *                         [--language nl|en] [--json]
 *   iqs report personal --person <id or display name> --from … --to … [same outputs]
 *
 * The figures come from department_report_for_site / personal_report_for_site (the service role), the same JSON the
 * page shows; the document is the same renderer's (@iqs/domain reportHtml/reportCsv), printed to PDF by Debian's
 * Chromium through playwright-core (IQS_CHROMIUM, default /usr/bin/chromium). --json prints the report's JSON.
 * Reading someone's personal report is audited by the database (report.read_personal).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { IqsSettings } from '@iqs/config';
import type { IqsServiceClient } from '@iqs/database';
import { isReportDate, reportCsv, reportHtml, type QualityReport, type ReportLanguage } from '@iqs/domain';
import type { Output } from './commands';
import { connectAsService } from './connect';
import { resolveSite } from './site';

export class ReportInputError extends Error {}
/** Chromium is missing or could not print: not the arguments' fault (exit status 1) */
export class ReportPrintError extends Error {}

export interface ReportOptions {
  readonly kind: 'department' | 'personal';
  readonly person: string | null;
  readonly from: string;
  readonly to: string;
  readonly pdf: string | null;
  readonly csv: string | null;
  readonly html: string | null;
  readonly language: ReportLanguage;
  readonly json: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** The options, checked: anything wrong is refused with a message naming the option (exit status 2). */
export function parseReportOptions(
  kind: string | undefined,
  values: {
    from?: string | undefined;
    to?: string | undefined;
    person?: string | undefined;
    pdf?: string | undefined;
    csv?: string | undefined;
    html?: string | undefined;
    language?: string | undefined;
    json?: boolean | undefined;
  },
): ReportOptions {
  if (kind !== 'department' && kind !== 'personal') throw new ReportInputError(`report takes department or personal, not ${kind}`);
  for (const name of ['from', 'to'] as const) {
    const value = values[name];
    if (value === undefined) throw new ReportInputError(`report ${kind} needs --${name} YYYY-MM-DD`);
    if (!isReportDate(value)) throw new ReportInputError(`--${name} must be a date as YYYY-MM-DD, not ${value}`);
  }
  const from = values.from as string;
  const to = values.to as string;
  if (from > to) throw new ReportInputError(`--from ${from} is after --to ${to}`);
  const person = values.person?.trim() || null;
  if (kind === 'personal' && !person) throw new ReportInputError('report personal needs --person <person id or display name>');
  if (kind === 'department' && person) throw new ReportInputError('--person is for report personal');
  const language = values.language ?? 'nl';
  if (language !== 'nl' && language !== 'en') throw new ReportInputError(`--language must be nl or en, not ${language}`);
  const pdf = values.pdf ?? null;
  const csv = values.csv ?? null;
  const html = values.html ?? null;
  for (const [name, file] of [
    ['pdf', pdf],
    ['csv', csv],
    ['html', html],
  ] as const)
    if (file !== null && file.trim() === '') throw new ReportInputError(`--${name} needs a file name`);
  const json = values.json ?? false;
  if (!pdf && !csv && !html && !json)
    throw new ReportInputError(`report ${kind} needs an output: --pdf <file>, --csv <file>, --html <file> or --json`);
  return { kind, person, from, to, pdf, csv, html, language, json };
}

/** A person of the site by id or by display name (exactly one). */
export async function resolvePerson(
  client: IqsServiceClient,
  siteId: string,
  person: string,
): Promise<{ id: string; display_name: string }> {
  const query = client.from('people').select('id, display_name').eq('site_id', siteId);
  const { data, error } = UUID.test(person)
    ? await query.eq('id', person.toLowerCase())
    : await query.ilike('display_name', person.replace(/[%_\\]/gu, '\\$&'));
  if (error) throw new Error(`could not read the people: ${error.message}`);
  const found = data ?? [];
  if (found.length === 0) throw new ReportInputError(`no person "${person}" in this site`);
  if (found.length > 1)
    throw new ReportInputError(`"${person}" names ${found.length} people: give the person id (${found.map((p) => p.id).join(', ')})`);
  return found[0] as { id: string; display_name: string };
}

/** The report's JSON for the site, read through the service role. */
export async function readReport(client: IqsServiceClient, siteId: string, options: ReportOptions): Promise<QualityReport> {
  if (options.kind === 'department') {
    const { data, error } = await client.rpc('department_report_for_site', {
      site: siteId,
      period_from: options.from,
      period_to: options.to,
    });
    if (error) throw new Error(`the department report failed: ${error.message}`);
    return data as unknown as QualityReport;
  }
  const person = await resolvePerson(client, siteId, options.person as string);
  const { data, error } = await client.rpc('personal_report_for_site', {
    site: siteId,
    person: person.id,
    period_from: options.from,
    period_to: options.to,
  });
  if (error) throw new Error(`the personal report failed: ${error.message}`);
  return data as unknown as QualityReport;
}

/** The Chromium that prints: IQS_CHROMIUM, else Debian's. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['IQS_CHROMIUM'] || '/usr/bin/chromium';
}

/**
 * An HTML document printed to PDF by headless Chromium, with the document's own @page rules (A4, its margins and
 * margin boxes): what the browser's "Save as PDF" gives for the page.
 */
export async function htmlToPdf(html: string, executablePath: string): Promise<Buffer> {
  if (!existsSync(executablePath))
    throw new ReportPrintError(
      `no Chromium at ${executablePath} to print the PDF: install Debian's chromium (apt-get install chromium) or set IQS_CHROMIUM to a Chromium or Chrome executable`,
    );
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new ReportPrintError('playwright-core is not installed: run npm install in the IQS folder (it prints the PDF through Chromium)');
  }
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] }).catch((error: unknown) => {
    throw new ReportPrintError(`Chromium at ${executablePath} did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({ preferCSSPageSize: true, printBackground: true });
  } finally {
    await browser.close();
  }
}

export async function reportCommand(
  settings: IqsSettings,
  siteCode: string | null,
  options: ReportOptions,
  output: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const connection = await connectAsService(settings);
  let report: QualityReport;
  try {
    const site = await resolveSite(connection.client, siteCode);
    report = await readReport(connection.client, site.id, options);
  } finally {
    await connection.close();
  }
  // the CLI's user prepared it (the service role has no person)
  const author = env['IQS_REPORT_AUTHOR'] || `${os.userInfo().username} (iqs)`;
  if (options.json) output.out(JSON.stringify(report));
  if (options.csv) {
    await writeFile(options.csv, reportCsv(report, options.language, { author }), 'utf8');
    output.err(`wrote ${options.csv}`);
  }
  const html = reportHtml(report, options.language, { author });
  if (options.html) {
    await writeFile(options.html, html, 'utf8');
    output.err(`wrote ${options.html}`);
  }
  if (options.pdf) {
    await writeFile(options.pdf, await htmlToPdf(html, chromiumPath(env)));
    output.err(`wrote ${options.pdf}`);
  }
}
