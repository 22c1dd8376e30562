/**
 * An evaluation's exports in the browser on `npm start`'s demo (issue 14, part E), as a quality officer would use them:
 *   - Fatima (quality officer) starts a peer review of Petra from /iqs (the kinds offered to her include it); a "From"
 *     date after "To" is said in the form, in words, and nothing is counted until it is put right;
 *   - the review's answers are given as the viewer's data layer gives them (supabase-js as Fatima: answers with
 *     client-made ids, the items' states), with "no" answers and a remark, and she closes it;
 *   - the narrow summary in "My evaluations" has no CSV or print of its own; its "Open full summary (CSV, print)"
 *     opens /iqs?summary=<id>, which shows the summary full width; Download CSV gives one row per image and
 *     criterion whose columns and labels (evaluation, procedure, view, date, room, criterion, answer, met, remark)
 *     equal rows this test computes from the raw tables (service role); the print path (print media, the sheet's
 *     @page rules) gives whole A4 pages with the site, the evaluation, the evaluator, the period and the print date at
 *     the top of every page and "Page n of m", and none of the page's buttons.
 * Screenshots, the CSV and the PDF are left in IQS_TEST_KEEP_EXPORTS when it is set (to look at).
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { createServiceClient, type IqsServiceClient } from '@iqs/database';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { apiKeys, findRunningLocalBackend, jwtSecretIn } from '@iqs/supabase-local';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { answerMet } from '../../backend/test/db/evaluationFixtures';
import { supabaseClient } from '../support/engines';
import { pdfPages, squeeze } from '../support/pdfText';
import { launchChromium } from './support/chromium';
import { signInOnPage } from './support/evaluationFlow';
import { type RunningIqs, startIqs } from './support/iqsProcess';

jest.setTimeout(420_000);

const KEEP = process.env['IQS_TEST_KEEP_EXPORTS'] ?? null;
const SAMPLE = 3;

let iqs: RunningIqs;
let browser: Browser;
let service: IqsServiceClient;
let fatima: SupabaseClient;
let folder: string;

beforeAll(async () => {
  iqs = await startIqs('exports', {});
  const running = await findRunningLocalBackend(iqs.supabaseDir);
  if (!running?.url) throw new Error(`IQS's backend is not running in ${iqs.supabaseDir}`);
  const keys = apiKeys(await jwtSecretIn(iqs.supabaseDir));
  service = createServiceClient({ url: running.url, serviceRoleKey: keys.serviceRoleKey });
  fatima = supabaseClient(running.url, keys.anonKey);
  const signedIn = await fatima.auth.signInWithPassword({ email: DEMO_PEOPLE.fatima.email, password: DEMO_PASSWORD });
  if (signedIn.error) throw new Error(signedIn.error.message);
  browser = await launchChromium();
  folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-exports-e2e-'));
});

afterAll(async () => {
  await browser?.close();
  expect(await iqs?.stop()).toBe(0);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const keep = (file: string) => {
  if (KEEP) copyFileSync(file, path.join(KEEP, path.basename(file)));
};

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      out.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return out;
}

async function rows<T>(table: string, columns: string, filter?: [string, string[]]): Promise<T[]> {
  let query = (service.from as unknown as (t: string) => ReturnType<IqsServiceClient['from']>)(table).select(columns);
  if (filter) query = query.in(filter[0], filter[1]);
  const { data, error } = await query;
  if (error) throw new Error(`${table}: ${error.message}`);
  return data as unknown as T[];
}

interface Criterion {
  id: string;
  form_id: string;
  position: number;
  code: string;
  kind: 'yes_no_na' | 'scale' | 'choice' | 'comment' | 'grade';
  label_en: string;
  options: unknown;
}

it('Fatima starts a peer review from /iqs, closes it, and reads its summary wide with a CSV and an A4 print sheet', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  try {
    await page.goto(`${iqs.url}/iqs`);
    await page.locator('[data-iqs-account="sign-in"]').first().waitFor({ timeout: 180_000 });
    await signInOnPage(page, DEMO_PEOPLE.fatima.email, DEMO_PASSWORD);

    // a quality officer is offered peer review, as the README says
    const section = page.locator('[data-iqs-section="start"]');
    await section.waitFor({ timeout: 60_000 });
    expect(await section.locator('[data-iqs-use]').evaluateAll((els) => els.map((e) => e.getAttribute('data-iqs-use')))).toEqual([
      'self',
      'peer',
      'quality',
    ]);
    await section.locator('[data-iqs-use="peer"] input').check();
    await section.getByRole('combobox', { name: /^Colleague/u }).selectOption({ label: 'Petra Jansen' });

    // "From" after "To": said in the form, in words; no count until it is put right
    const latest = (await rows<{ study_date: string | null }>('images', 'study_date'))
      .map((r) => r.study_date ?? '')
      .sort()
      .pop() as string;
    const year = latest.slice(0, 4);
    await section.getByLabel('From').fill(`${year}-12-31`);
    await section.getByLabel('To').fill(`${year}-01-01`);
    const problem = section.locator('[data-iqs-problem="period-order"]');
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.innerText()).toBe(
      `“From” (31 Dec ${year}) is after “To” (1 Jan ${year}): choose a “From” date on or before the “To” date.`,
    );
    expect(await section.locator('[data-iqs-count]').count()).toBe(0);
    expect(await section.locator('[data-iqs-action="start"]').isDisabled()).toBe(true);
    if (KEEP) await section.screenshot({ path: path.join(KEEP, 'exports-start-dates.png') });
    await section.getByLabel('From').fill(`${year}-01-01`);
    await section.getByLabel('To').fill(`${year}-12-31`);
    await problem.waitFor({ state: 'detached', timeout: 30_000 });
    await section.getByLabel('Sample size').fill(String(SAMPLE));
    await section.locator('[data-iqs-count]:not([data-iqs-count=""])').waitFor({ timeout: 60_000 });
    await section.locator('[data-iqs-action="start"]').click();
    await page.waitForURL(/\/iqs-evaluation\?.*iqsEvaluation=/u, { timeout: 120_000 });
    const evaluationId = new URL(page.url()).searchParams.get('iqsEvaluation') ?? '';
    const [evaluation] = await rows<{
      use: string;
      evaluator_id: string;
      subject_person_id: string;
      name: string;
      filter: { from?: string };
    }>('evaluations', 'use, evaluator_id, subject_person_id, name, filter', ['id', [evaluationId]]);
    expect(evaluation).toMatchObject({
      use: 'peer',
      evaluator_id: DEMO_PEOPLE.fatima.personId,
      subject_person_id: DEMO_PEOPLE.petra.personId,
    });
    expect(evaluation?.filter.from).toBe(`${year}-01-01`);

    // the answers, as the data layer sends them (as Fatima): every criterion of each image's form, a "no" and a remark
    const items = (
      await rows<{ id: string; position: number; form_id: string; image_id: string }>(
        'evaluation_items',
        'id, position, form_id, image_id',
        ['evaluation_id', [evaluationId]],
      )
    ).sort((a, b) => a.position - b.position);
    expect(items).toHaveLength(SAMPLE);
    const criteria = await rows<Criterion>('scoring_criteria', 'id, form_id, position, code, kind, label_en, options', [
      'form_id',
      [...new Set(items.map((i) => i.form_id))],
    ]);
    const answers = items.flatMap((item, n) =>
      criteria
        .filter((c) => c.form_id === item.form_id)
        .map((c, k) => {
          const options = c.options as { min?: number; max?: number } | Array<{ value: string }> | null;
          const value =
            c.kind === 'yes_no_na'
              ? (n + k) % 3 === 0
                ? 'no'
                : 'yes'
              : c.kind === 'scale'
                ? String((options as { min: number }).min + ((n + k) % 2))
                : c.kind === 'choice' || c.kind === 'grade'
                  ? ((options as Array<{ value: string }>)[(n + k) % (options as unknown[]).length]?.value ?? null)
                  : null;
          return {
            id: randomUUID(),
            site_id: DEMO_SITE_ID,
            evaluation_item_id: item.id,
            form_id: item.form_id,
            criterion_id: c.id,
            value,
            comment: c.kind === 'comment' || (n === 0 && k === 0) ? `remark, image ${n + 1}: "edge"` : null,
          };
        }),
    );
    const sent = await fatima.from('scores').upsert(answers, { onConflict: 'id' });
    expect(sent.error).toBeNull();
    for (const item of items)
      expect((await fatima.from('evaluation_items').update({ state: 'scored' }).eq('id', item.id)).error).toBeNull();
    expect((await fatima.rpc('close_evaluation', { evaluation: evaluationId })).error).toBeNull();

    // the narrow summary in "My evaluations" has no CSV or print of its own: it opens the full summary, which has them
    await page.goto(`${iqs.url}/iqs`);
    const entry = page.locator(`[data-iqs-section="mine"] [data-iqs-evaluation="${evaluationId}"][data-iqs-status="closed"]`);
    await entry.locator('[data-iqs-action="summary"]').click({ timeout: 180_000 });
    await entry.locator('[data-iqs-panel="summary"] [data-iqs-totals]').waitFor({ timeout: 60_000 });
    expect(await entry.getByRole('button', { name: /CSV|Print/u }).count()).toBe(0);
    await entry.getByRole('link', { name: 'Open full summary (CSV, print)' }).click();

    // the summary alone, full width
    await page.locator('[data-iqs-page="summary"][data-status="done"]').waitFor({ timeout: 180_000 });
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/iqs?summary=${evaluationId}`);
    const width = await page.locator('[data-iqs-page="summary"] .iqs-summary').evaluate((e) => e.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(900);
    if (KEEP) await page.screenshot({ path: path.join(KEEP, 'exports-summary-wide.png'), fullPage: true });

    // the CSV: one row per image and criterion, with labels, equal to the rows computed here
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-iqs-action="sheet-csv"]').click()]);
    const csvFile = path.join(folder, download.suggestedFilename());
    await download.saveAs(csvFile);
    keep(csvFile);
    const table = parseCsv(readFileSync(csvFile, 'utf8').replace(/^\uFEFF/u, ''));
    expect(table[0]).toEqual([
      'Evaluation',
      'Image',
      'State',
      'Procedure',
      'View',
      'Study date',
      'Room',
      'Criterion',
      'Answer',
      'Met',
      'Remark',
    ]);
    const images = new Map(
      (
        await rows<{
          id: string;
          procedure_id: string | null;
          view_position: string | null;
          study_date: string | null;
          station_id: string | null;
          station_name: string | null;
        }>('images', 'id, procedure_id, view_position, study_date, station_id, station_name', ['id', items.map((i) => i.image_id)])
      ).map((i) => [i.id, i]),
    );
    const procedures = new Map((await rows<{ id: string; name_en: string }>('procedures', 'id, name_en')).map((p) => [p.id, p.name_en]));
    const stations = new Map(
      (await rows<{ id: string; display_name: string | null }>('stations', 'id, display_name')).map((s) => [s.id, s.display_name]),
    );
    const byCriterion = new Map(answers.map((a) => [`${a.evaluation_item_id}/${a.criterion_id}`, a]));
    const words: Record<string, string> = { yes: 'Yes', no: 'No', na: 'N/A' };
    const expected = items.flatMap((item) => {
      const image = images.get(item.image_id)!;
      return criteria
        .filter((c) => c.form_id === item.form_id)
        .sort((a, b) => a.position - b.position || (a.code < b.code ? -1 : 1))
        .map((c) => {
          const answer = byCriterion.get(`${item.id}/${c.id}`)!;
          const listed = (Array.isArray(c.options) ? c.options : ((c.options as { labels?: unknown[] } | null)?.labels ?? [])) as Array<{
            value: string;
            label_en: string;
          }>;
          const label =
            answer.value === null ? '' : (listed.find((o) => o.value === answer.value)?.label_en ?? words[answer.value] ?? answer.value);
          const met = answerMet(c.kind, c.options, answer.value);
          return [
            evaluation!.name,
            String(item.position),
            'scored',
            image.procedure_id ? (procedures.get(image.procedure_id) ?? '') : 'Procedure unknown',
            image.view_position ?? '',
            image.study_date ?? '',
            (image.station_id ? stations.get(image.station_id) : null) ?? image.station_name ?? '',
            c.label_en,
            label,
            met === null ? '' : met ? 'yes' : 'no',
            answer.comment ?? '',
          ];
        });
    });
    expect(table.slice(1)).toEqual(expected);
    // what the file must show to be worth keeping: faults by their labels, remarks, rooms by name
    expect(expected.some((r) => r[9] === 'no')).toBe(true);
    expect(expected.some((r) => r[10]?.startsWith('remark'))).toBe(true);

    // the print sheet: the page's own print path, print media, the sheet's @page rules
    const printDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(),
    );
    const pdfFile = path.join(folder, 'evaluation-sheet.pdf');
    await page.emulateMedia({ media: 'print' });
    writeFileSync(pdfFile, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    keep(pdfFile);
    const pages = await pdfPages(pdfFile);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const [i, p] of pages.entries()) {
      expect({ page: i + 1, a4: Math.abs(p.width - 595.3) < 1.5 && Math.abs(p.height - 841.9) < 1.5 }).toEqual({ page: i + 1, a4: true });
      const text = squeeze(p.text);
      for (const header of [
        'Demo Ziekenhuis',
        evaluation!.name,
        'Fatima Mulder',
        `1 Jan ${year}`,
        printDay,
        `Page ${i + 1} of ${pages.length}`,
      ])
        expect({ page: i + 1, header, found: text.includes(squeeze(header)) }).toEqual({ page: i + 1, header, found: true });
    }
    const printed = squeeze(pages.map((p) => p.text).join(' '));
    for (const screenOnly of ['Download CSV', 'Print / Save as PDF', 'Back to IQS', 'Open full summary'])
      expect({ screenOnly, found: printed.includes(squeeze(screenOnly)) }).toEqual({ screenOnly, found: false });
    // the images with faults, by their labels
    const faultLabels = expected.filter((r) => r[9] === 'no').map((r) => r[7] as string);
    for (const label of faultLabels) expect({ label, found: printed.includes(squeeze(label)) }).toEqual({ label, found: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(wide).toBeLessThanOrEqual(0);
    await page.emulateMedia({ media: 'screen' });
  } finally {
    await context.close();
  }
});
