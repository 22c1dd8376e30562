import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UID, writeFixture } from './pacsFixtures';

const repo = path.resolve(__dirname, '../../..');

describe('demo PACS command line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'iqs-pacs-cli-'));
    writeFixture(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the URL and a scan summary, serves, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [path.join(repo, 'node_modules/tsx/dist/cli.mjs'), 'dev/demo-pacs/src/main.ts', '--dir', dir, '--port', '0'],
      {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 30_000);
        child.stdout.on('data', () => {
          const m = /DICOMweb server at (http:\/\/\S+)/.exec(out);
          if (m && out.includes('Ctrl-C stops the server.')) {
            clearTimeout(timer);
            resolve(m[1] as string);
          }
        });
      });
      expect(out).toMatch(/indexed 9 instances from 15 files in \d+ ms; skipped 6/);
      expect(out).toMatch(/skipped junk\/garbage\.bin: not a DICOM Part 10 file/);
      const studies = (await (await fetch(`${url}/studies`)).json()) as unknown[];
      expect(studies).toHaveLength(3);
      const res = await fetch(`${url}/studies/${UID.studyDx}/metadata`);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toMatch(/SIGTERM: stopping/);
  }, 60_000);
});
