// The `wedgelab` entry point: picks the command, parses its arguments, prints its output, maps
// failures to one stderr line and an exit status. Commands themselves never print to stdout.
import { WedgeLabError } from '../core/errors.ts';
import { parseArgs, wantsHelp } from './args.ts';
import { commands, findCommand } from './commands/index.ts';
import { describeFailure, EXIT_OK } from './failure.ts';
import { toJson } from './format.ts';
import { commandHelp, mainHelp } from './help.ts';
import type { CommandContext } from './spec.ts';
import { makeProgress } from './progress.ts';
import { suggest } from './suggest.ts';
import { version } from './version.ts';

export { version };

/** Where output goes; process streams in real use, buffers in tests. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  stderrIsTTY: boolean;
  debug: boolean;
}

function unknownCommand(name: string): WedgeLabError {
  const hint = suggest(name, [...commands.map((c) => c.name), 'help']);
  const did = hint ? ` (did you mean '${hint}'?)` : '';
  return new WedgeLabError(
    'bad-argument',
    `unknown command '${name}'${did}; run 'wedgelab --help' for the list`,
  );
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout(mainHelp(commands, version()));
    return EXIT_OK;
  }
  if (first === '--version') {
    io.stdout(`${version()}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    if (rest.length === 0) {
      io.stdout(mainHelp(commands, version()));
      return EXIT_OK;
    }
    const spec = findCommand(rest[0]);
    if (!spec) throw unknownCommand(rest[0]);
    io.stdout(commandHelp(spec));
    return EXIT_OK;
  }
  if (first.startsWith('-')) {
    throw new WedgeLabError(
      'bad-argument',
      `expected a command before ${first}; run 'wedgelab --help' for the list`,
    );
  }
  const spec = findCommand(first);
  if (!spec) throw unknownCommand(first);
  if (wantsHelp(rest)) {
    io.stdout(commandHelp(spec));
    return EXIT_OK;
  }
  const args = parseArgs(spec, rest);
  const ctx: CommandContext = {
    warn: (message) => io.stderr(`wedgelab: warning: ${message}\n`),
    progress: (label) => makeProgress(label, io.stderrIsTTY, io.stderr),
  };
  const output = await spec.run(args, ctx);
  if (args.flag('json')) io.stdout(toJson(output.json) + '\n');
  else io.stdout(output.text.endsWith('\n') ? output.text : output.text + '\n');
  return EXIT_OK;
}

/** Runs the CLI and returns the exit status: 0 ok, 2 bad input or usage, 1 internal error. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    const failure = describeFailure(e);
    io.stderr(`wedgelab: ${failure.message}\n`);
    if (io.debug && e instanceof Error && e.stack) io.stderr(e.stack + '\n');
    return failure.exitCode;
  }
}

/** The process wiring used by bin/wedgelab.js. */
export async function runProcess(): Promise<void> {
  // `wedgelab info x --json | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const io: CliIO = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    debug: process.env.WEDGELAB_DEBUG === '1',
  };
  process.exitCode = await main(process.argv.slice(2), io);
}
