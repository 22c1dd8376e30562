/**
 * The README's "Add IQS to your OHIF" recipe, as the browser test uses it: the two app-config.js snippets are read
 * from the README itself (so the test fails when they stop working), their placeholders filled in, and appended to
 * a hospital's existing app-config.js (OHIF's default one), exactly as the README tells a hospital to do.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { REPOSITORY_ROOT } from './repository';

export const README_SECTION = 'Add IQS to your OHIF';

/** The placeholders the snippets use, and what the test puts in their place. */
export const PLACEHOLDERS = {
  viewerOrigin: 'https://viewer.hospital.example',
  supabaseUrl: 'https://YOUR-PROJECT.supabase.co',
  supabaseAnonKey: 'YOUR-ANON-KEY',
} as const;

export interface RecipeSnippets {
  /** the extension, the mode and the backend keys */
  readonly iqs: string;
  /** the DICOMweb data source for the PACS */
  readonly dataSource: string;
}

/** The ```js blocks of the README's section, in order: the IQS keys, then the data source. */
export function readReadmeSnippets(readme = readFileSync(path.join(REPOSITORY_ROOT, 'README.md'), 'utf8')): RecipeSnippets {
  const start = readme.indexOf(`\n## ${README_SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${README_SECTION}"`);
  const end = readme.indexOf('\n## ', start + 4);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/\n```js\n([\s\S]*?)\n```/gu)].map((match) => match[1] as string);
  if (blocks.length !== 2)
    throw new Error(`README "${README_SECTION}" should hold two js snippets (IQS keys, data source), it holds ${blocks.length}`);
  return { iqs: blocks[0] as string, dataSource: blocks[1] as string };
}

export interface RecipeValues {
  readonly viewerOrigin: string;
  readonly supabaseUrl: string;
  readonly supabaseAnonKey: string;
}

/** A snippet with its placeholders filled in; every placeholder it names must be replaced. */
export function fillIn(snippet: string, values: RecipeValues): string {
  let filled = snippet;
  for (const key of Object.keys(PLACEHOLDERS) as (keyof typeof PLACEHOLDERS)[]) filled = filled.split(PLACEHOLDERS[key]).join(values[key]);
  const left = /hospital\.example|YOUR-[A-Z-]+/u.exec(filled);
  if (left) throw new Error(`A placeholder the test does not know is left in the README snippet: ${left[0]}`);
  return filled;
}

/** The hospital's app-config.js: its own (OHIF's default) followed by the README's snippets, filled in. */
export function hospitalAppConfig(existing: string, snippets: RecipeSnippets, values: RecipeValues): string {
  return `${existing}\n\n${fillIn(snippets.iqs, values)}\n\n${fillIn(snippets.dataSource, values)}\n`;
}

/** The parts of OHIF's window.config that the recipe is about. */
export interface OhifAppConfig {
  readonly extensions?: readonly string[];
  readonly modes?: readonly string[];
  readonly iqs?: unknown;
  readonly defaultDataSourceName?: string;
  readonly dataSources?: readonly {
    readonly namespace: string;
    readonly sourceName: string;
    readonly configuration: Record<string, unknown>;
  }[];
  readonly [key: string]: unknown;
}

/**
 * window.config as an app-config.js script leaves it (run in a sandbox; functions stay functions), for a page loaded
 * from `pageUrl` (the launcher's script computes its DICOMweb root from window.location).
 */
export function evaluateAppConfig(script: string, pageUrl = 'http://127.0.0.1:3000/'): OhifAppConfig {
  const sandbox = { window: { location: new URL(pageUrl) } as { config?: OhifAppConfig; location: URL }, console };
  vm.runInNewContext(script, sandbox, { timeout: 1000 });
  if (!sandbox.window.config) throw new Error('the script did not set window.config');
  return sandbox.window.config;
}
