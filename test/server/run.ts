/**
 * Run the gateway emulator by hand:  npx tsx test/server/run.ts
 * Prints the URLs and every case's route, then stays up until Ctrl-C.
 */
import { CASES } from './cases';
import { startEmulator } from './emulator';

async function main(): Promise<void> {
  const emu = await startEmulator();
  const lines = [
    'CORS X-Ray gateway emulator',
    '',
    `  Demo app (open this):  ${emu.appOrigin}/`,
    `  Emulated API:          ${emu.apiOrigin}`,
    `  Refused origin:        ${emu.refusedOrigin}`,
    '',
    'Cases:',
  ];
  const width = Math.max(...CASES.map((c) => c.id.length));
  for (const c of CASES) {
    const target = c.request.target ?? 'api';
    const base = target === 'app' ? emu.appOrigin : target === 'refused' ? emu.refusedOrigin : emu.apiOrigin;
    lines.push(`  ${c.id.padEnd(width)}  ${c.request.method.padEnd(6)} ${base}${c.request.path}`);
  }
  const sample = CASES.find((c) => c.id === 'missing-options-route');
  if (sample) {
    lines.push(
      '',
      'Try a preflight by hand:',
      `  curl -i -X OPTIONS ${emu.apiOrigin}${sample.request.path} -H 'Origin: ${emu.appOrigin}' ` +
        `-H 'Access-Control-Request-Method: ${sample.request.method}' -H 'Access-Control-Request-Headers: content-type'`,
    );
  }
  lines.push('', 'Press Ctrl-C to stop.');
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\nStopping (the API received ${emu.received.length} requests).`);
    emu.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
