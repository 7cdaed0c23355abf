/**
 * cors-xray: the command-line twin of the CORS X-Ray DevTools panel.
 *
 *   cors-xray analyze <file.har|->   explain every CORS failure in a HAR file
 *   cors-xray probe <url> --origin   send the request as a browser would and reveal what it hides
 *
 * Exit status: 0 no CORS failure, 1 CORS failure found, 2 bad usage or unreadable input.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { forTerminal } from '../report/escape';
import { HAR_CREATOR_VERSION } from '../report/har';
import { registerAnalyze } from './analyze-command';
import { CliError, EXIT } from './errors';
import { registerProbe } from './probe-command';

function buildProgram(): Command {
  const program = new Command('cors-xray');
  program
    .description('Explain why the browser says "blocked by CORS policy", and reveal the real status it hides.')
    .version(HAR_CREATOR_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      // Commander's messages quote the command line: its values are shown escaped too.
      outputError: (str, write) => write(forTerminalLines(str.startsWith('error:') ? `cors-xray: ${str}` : str)),
    });
  registerAnalyze(program);
  registerProbe(program);
  program.addHelpText(
    'after',
    `
Exit status: 0 no CORS failure, 1 CORS failure found, 2 bad usage or unreadable input.

Examples:
  $ cors-xray analyze capture.har
  $ cors-xray analyze capture.har --format markdown > report.md
  $ cors-xray probe https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders \\
      --origin https://app.example.com -X PUT -H 'Content-Type: application/json'

Run "cors-xray <command> --help" for the options of each command.`,
  );
  return program;
}

/** A message of several lines (commander's), each line's content through forTerminal. */
function forTerminalLines(text: string): string {
  return text.split('\n').map(forTerminal).join('\n');
}

/** An error line on stderr: the message quotes input (a path, a URL, a server's error), so it goes through forTerminal. */
function fail(message: string): number {
  process.stderr.write(`cors-xray: ${forTerminal(message)}\n`);
  return EXIT.USAGE;
}

/** Run the CLI; resolves to the exit status (also set on process.exitCode by the commands). */
export async function main(argv: string[] = process.argv): Promise<number> {
  // `cors-xray analyze x.har | head` closes the pipe early: stop quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version end with exit code 0; every other parse error is bad usage.
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (err instanceof CliError) return err.exitCode === EXIT.USAGE ? fail(err.message) : err.exitCode;
    const e = err as Error;
    if (process.env.CORS_XRAY_DEBUG) process.stderr.write(`${forTerminalLines(e?.stack ?? String(err))}\n`);
    return fail(
      `unexpected error: ${e?.message ?? String(err)}. This is a bug in cors-xray; please report it with the command you ran (CORS_XRAY_DEBUG=1 prints the details).`,
    );
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

// Run when executed directly (`node dist-cli/cors-xray.mjs`, `node --import tsx src/cli/main.ts`);
// bin/cors-xray.mjs imports the bundle and calls main() itself.
if (isEntryPoint()) {
  // A rejection (a bug: main() turns every error it expects into an exit code) stays unhandled, so Node prints it and exits 1.
  void main().then((code) => {
    process.exitCode = code;
  });
}
