/**
 * `iqs`: the IQS command-line tools.
 *
 *   iqs ingest <file-or-folder>... [--site <code>] [--dry-run] [--json]
 *   iqs harvest --dicomweb <url> [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--site <code>] [--dry-run] [--json]
 *   iqs remap [--site <code>]
 *   iqs unmatched [--site <code>]
 *   iqs drl list [--site <code>]
 *   iqs drl set --procedure <code> --quantity dap|ctdivol|dlp|organ_dose --value <n> [--target <n>] [--unit <as published>]
 *              [--view <term>] [--age-min <y>] [--age-max <y>] --source <text> [--valid-from YYYY-MM-DD] [--label <text>] [--site <code>]
 *   iqs analyze rejects [--by all|procedure|view|modality|room|radiographer|group|reason|age_band]
 *              [--per week|month|quarter|year|all] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--modality <m>] [--site <code>] [--json]
 *   iqs analyze dose [--quantity dap|ctdivol|dlp|organ_dose] [--by room|procedure|radiographer|modality]
 *              [--images accepted|rejected|all] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--procedure <code>]
 *              [--modality <m>] [--per week|month|quarter|year|all] [--all-ages] [--site <code>] [--json]
 *   iqs report indicators [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--per all|year|quarter|month] [--site <code>] [--json]
 *   iqs report department --from YYYY-MM-DD --to YYYY-MM-DD [--pdf <file>] [--csv <file>] [--html <file>] [--language nl|en] [--site <code>] [--json]
 *   iqs report personal --person <id or name> --from YYYY-MM-DD --to YYYY-MM-DD [same outputs]
 *   iqs report coverage [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--site <code>] [--json]
 *   iqs report evaluations [--site <code>] [--json]
 *   iqs report evaluation --id <evaluation id> [--csv <file>] [--language nl|en] [--site <code>] [--json]
 *
 * Exit status: 0 when the run completed (unreadable files are reported and quarantined, not fatal); 1 when it could
 * not proceed (no backend, a refused write, a broken mapping); 2 for bad arguments.
 */
import { readSettings, SettingsError } from '@iqs/config';
import { parseDicomDate } from '@iqs/domain';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { harvestCommand, ingestCommand, type Output, remapCommand, unmatchedCommand } from './commands';
import { DrlInputError, drlListCommand, drlSetCommand } from './drlCommand';
import { AnalyzeInputError, analyzeRejectsCommand, parseAnalyzeOptions } from './analyzeCommand';
import { AnalyzeDoseInputError, analyzeDoseCommand, parseAnalyzeDoseOptions } from './analyzeDoseCommand';
import { IndicatorsInputError, parseIndicatorsOptions, reportIndicatorsCommand } from './indicatorsCommand';
import { parseReportOptions, ReportInputError, ReportPrintError, reportCommand } from './reportCommand';
import { CoverageInputError, parseCoverageOptions, reportCoverageCommand } from './coverageCommand';
import { EvaluationInputError, parseEvaluationOptions, reportEvaluationCommand, reportEvaluationsCommand } from './evaluationCommand';
import { ConnectionError } from './connect';
import { InputError } from '../ingest/ingestFiles';
import { HarvestError } from '../ingest/harvest';
import { SiteError } from './site';

const USAGE = `Usage:
  iqs ingest <file-or-folder>... [--site <code>] [--dry-run] [--json]
  iqs harvest --dicomweb <url> [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--site <code>] [--dry-run] [--json]
  iqs remap [--site <code>]          apply changed mappings (rooms, procedures, operators) to the whole index
  iqs unmatched [--site <code>]      operator names and study descriptions no mapping matched
  iqs drl list [--site <code>]
  iqs drl set --procedure <code> --quantity dap|ctdivol|dlp|organ_dose --value <n> [--target <n>] [--unit <unit>] [--view <term>]
              [--age-min <years>] [--age-max <years>] --source <text> [--valid-from YYYY-MM-DD] [--label <text>]
                                     --unit: the unit --value and --target are published in (e.g. µGy·m², mGy·cm²);
                                     default the canonical one (Gy·cm², mGy, mGy·cm)
  iqs analyze rejects [--by all|procedure|view|modality|room|radiographer|group|reason|age_band]
              [--per week|month|quarter|year|all] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--modality <m>] [--json]
                                     reject rates, reasons and wasted dose of the department (default: --by all --per all;
                                     mammography or CT only with --modality MG or CT); --json: one JSON object per line
  iqs analyze dose [--quantity dap|ctdivol|dlp|organ_dose] [--by room|procedure|radiographer|modality]
              [--images accepted|rejected|all] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--procedure <code>]
              [--modality <m>] [--per week|month|quarter|year|all] [--all-ages] [--json]
                                     the typical dose (median, P25, P75) per procedure and view against the DRN and
                                     streefwaarde that apply (default: --quantity dap --by room --images accepted
                                     --per all, adults only); --json: one JSON object per line
  iqs report indicators [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--per all|year|quarter|month] [--json]
                                     the visitatie indicators (numerator, denominator, value) per period (default: the
                                     current calendar year, --per all); --json: one JSON object per line
  iqs report department --from YYYY-MM-DD --to YYYY-MM-DD [--pdf <file>] [--csv <file>] [--html <file>]
              [--language nl|en] [--json]
  iqs report personal --person <id or display name> --from YYYY-MM-DD --to YYYY-MM-DD [--pdf <file>] [--csv <file>]
              [--html <file>] [--language nl|en] [--json]
                                     the department's quality report or a radiographer's personal report: PDF (A4,
                                     printed by Chromium: IQS_CHROMIUM, default /usr/bin/chromium), CSV, HTML or its JSON
  iqs report coverage [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
                                     the yearly coverage plan: self-evaluations per radiographer and kind of
                                     examination, peer reviews per radiographer (default: the current calendar year);
                                     --json: one JSON object per line
  iqs report evaluations [--json]    the site's evaluations, newest first: id, name, kind, state, period, images
                                     scored, skipped and to do; --json: one JSON object per line
  iqs report evaluation --id <evaluation id> [--csv <file>] [--language nl|en] [--json]
                                     an evaluation's answers one row per image and criterion, as /iqs?summary=<id>:
                                     --csv the page's Download CSV (byte for byte), --json its header and rows

The backend: SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY, else the local one of npm start (started for the command
when it does not run). See the README.`;

class UsageError extends Error {}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function numberOption(value: string | undefined, name: string): number | null {
  if (value === undefined) return null;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new UsageError(`--${name} must be a number, not ${value}`);
  return parsed;
}

/** A calendar date given as YYYY-MM-DD (a day that exists), or null when the option is absent. */
function dateOption(value: string | undefined, name: string): string | null {
  if (value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value) || parseDicomDate(value.replaceAll('-', '')) === null)
    throw new UsageError(`--${name} must be a date as YYYY-MM-DD, not ${value}`);
  return value;
}

export async function run(argv: readonly string[], env: NodeJS.ProcessEnv, output: Output): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === 'help') {
      output.out(USAGE);
      return command ? 0 : 2;
    }
    const settings = readSettings(env, ROOT);
    const { values, positionals } = parseArgs({
      args: [...rest],
      allowPositionals: true,
      options: {
        site: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        dicomweb: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        procedure: { type: 'string' },
        quantity: { type: 'string' },
        value: { type: 'string' },
        target: { type: 'string' },
        unit: { type: 'string' },
        view: { type: 'string' },
        'age-min': { type: 'string' },
        'age-max': { type: 'string' },
        source: { type: 'string' },
        'valid-from': { type: 'string' },
        label: { type: 'string' },
        by: { type: 'string' },
        per: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        modality: { type: 'string' },
        images: { type: 'string' },
        'all-ages': { type: 'boolean', default: false },
        person: { type: 'string' },
        pdf: { type: 'string' },
        csv: { type: 'string' },
        html: { type: 'string' },
        language: { type: 'string' },
        id: { type: 'string' },
      },
    });
    const site = values.site ?? null;
    switch (command) {
      case 'ingest':
        await ingestCommand(settings, { paths: positionals, site, dryRun: values['dry-run'] ?? false, json: values.json ?? false }, output);
        return 0;
      case 'harvest': {
        if (!values.dicomweb)
          throw new UsageError('harvest needs --dicomweb <url> (the PACS’s DICOMweb root, e.g. http://pacs:8042/dicom-web)');
        try {
          new URL(values.dicomweb);
        } catch {
          throw new UsageError(`--dicomweb is not a URL: ${values.dicomweb}`);
        }
        const since = dateOption(values.since, 'since');
        const until = dateOption(values.until, 'until');
        if (since && until && since > until) throw new UsageError(`--since ${since} is after --until ${until}`);
        await harvestCommand(
          settings,
          { dicomweb: values.dicomweb, since, until, site, dryRun: values['dry-run'] ?? false, json: values.json ?? false },
          output,
        );
        return 0;
      }
      case 'remap':
        await remapCommand(settings, site, output);
        return 0;
      case 'unmatched':
        await unmatchedCommand(settings, site, output);
        return 0;
      case 'drl': {
        const [action] = positionals;
        if (action === 'list') {
          await drlListCommand(settings, site, output);
          return 0;
        }
        if (action !== 'set') throw new UsageError('drl takes list or set');
        const value = numberOption(values.value, 'value');
        if (!values.procedure || !values.quantity || value === null || !values.source)
          throw new UsageError('drl set needs --procedure, --quantity, --value and --source');
        const validFrom = dateOption(values['valid-from'], 'valid-from') ?? new Date().toISOString().slice(0, 10);
        await drlSetCommand(
          settings,
          site,
          {
            procedure: values.procedure,
            quantity: values.quantity,
            value,
            target: numberOption(values.target, 'target'),
            view: values.view ?? null,
            ageMin: numberOption(values['age-min'], 'age-min'),
            ageMax: numberOption(values['age-max'], 'age-max'),
            source: values.source,
            validFrom,
            label: values.label ?? null,
            unit: values.unit ?? null,
          },
          output,
        );
        return 0;
      }
      case 'analyze': {
        const [what, ...more] = positionals;
        if ((what !== 'rejects' && what !== 'dose') || more.length > 0)
          throw new UsageError('analyze takes rejects or dose (iqs analyze rejects [--by …] …, iqs analyze dose [--quantity …] …)');
        if (what === 'dose') {
          await analyzeDoseCommand(settings, site, parseAnalyzeDoseOptions({ ...values, json: values.json ?? false }), output);
          return 0;
        }
        const options = parseAnalyzeOptions({ ...values, json: values.json ?? false });
        await analyzeRejectsCommand(settings, site, options, output);
        return 0;
      }
      case 'report': {
        // one sub-command per report (indicators here; department and personal beside it)
        const [what, ...more] = positionals;
        switch (what) {
          case 'indicators':
            if (more.length > 0) throw new UsageError(`report indicators takes no other arguments: ${more.join(' ')}`);
            await reportIndicatorsCommand(settings, site, parseIndicatorsOptions({ ...values, json: values.json ?? false }), output);
            return 0;
          case 'department':
          case 'personal':
            if (more.length > 0) throw new UsageError(`report ${what} takes no other arguments: ${more.join(' ')}`);
            await reportCommand(settings, site, parseReportOptions(what, { ...values, json: values.json ?? false }), output, env);
            return 0;
          case 'coverage':
            if (more.length > 0) throw new UsageError(`report coverage takes no other arguments: ${more.join(' ')}`);
            await reportCoverageCommand(settings, site, parseCoverageOptions({ ...values, json: values.json ?? false }), output);
            return 0;
          case 'evaluations':
            if (more.length > 0) throw new UsageError(`report evaluations takes no other arguments: ${more.join(' ')}`);
            await reportEvaluationsCommand(settings, site, values.json ?? false, output);
            return 0;
          case 'evaluation':
            if (more.length > 0) throw new UsageError(`report evaluation takes no other arguments: ${more.join(' ')}`);
            await reportEvaluationCommand(settings, site, parseEvaluationOptions({ ...values, json: values.json ?? false }), output);
            return 0;
          default:
            throw new UsageError(
              `report takes indicators, department, personal, coverage, evaluations or evaluation (iqs report indicators [--from …] [--to …] [--per …] [--json]; iqs report department --from … --to … --pdf <file>), not ${what ?? 'nothing'}`,
            );
        }
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const badArguments =
      error instanceof UsageError ||
      error instanceof InputError ||
      error instanceof SettingsError ||
      error instanceof DrlInputError ||
      error instanceof AnalyzeInputError ||
      error instanceof AnalyzeDoseInputError ||
      error instanceof IndicatorsInputError ||
      error instanceof ReportInputError ||
      error instanceof CoverageInputError ||
      error instanceof EvaluationInputError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (badArguments) {
      output.err(`iqs: ${message}\n\n${USAGE}`);
      return 2;
    }
    const known =
      error instanceof ConnectionError || error instanceof SiteError || error instanceof HarvestError || error instanceof ReportPrintError;
    output.err(`iqs: ${known ? message : `stopped: ${message}`}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    progress: process.stderr,
  }).then((code) => {
    process.exitCode = code;
  });
}
