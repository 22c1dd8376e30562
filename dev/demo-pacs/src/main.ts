/**
 * Command line: serve a folder of DICOM files as a DICOMweb server.
 *
 *   npx tsx dev/demo-pacs/src/main.ts --dir <folder> [--port 8042] [--host 127.0.0.1]
 */
import { parseArgs } from 'node:util';
import { startDicomwebServer } from './server';

const USAGE = 'usage: main.ts --dir <folder> [--port 8042] [--host 127.0.0.1]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      port: { type: 'string', default: '8042' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.dir) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`bad --port ${values.port}\n${USAGE}`);
    process.exit(2);
  }

  const server = await startDicomwebServer({ dir: values.dir, port, host: values.host });
  const { report } = server;
  const lines = [
    `DICOMweb server at ${server.url}  (QIDO/WADO root: ${server.url}, e.g. ${server.url}/studies)`,
    `indexed ${report.instances} instances from ${report.files} files in ${report.ms} ms; skipped ${report.skipped.length}`,
    ...report.skipped.slice(0, 20).map(({ file, reason }) => `  skipped ${file}: ${reason}`),
    ...(report.skipped.length > 20 ? [`  … and ${report.skipped.length - 20} more`] : []),
    'Ctrl-C stops the server.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
