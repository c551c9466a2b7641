// Declarations of subcommands. Each command file exports one CommandSpec; parsing, help and
// validation are generated from it, so a new subcommand is one file plus one line in the table.

/**
 * number: one finite number (`--dose 20`, `--lambda -1e-3`);
 * string: any text, also one starting with '-';
 * list:   comma-separated numbers (`--tilt-range -60,60`, `--size 64,64,32`);
 * flag:   no value (`--json`);
 * enum:   one of `choices` (`--mode 2`).
 */
export type OptionType = 'number' | 'string' | 'list' | 'flag' | 'enum';

export type OptionValue = number | string | number[] | boolean;

export interface OptionSpec {
  /** long name without dashes, e.g. 'tilt-range' */
  name: string;
  type: OptionType;
  help: string;
  /** shown in help as the value placeholder, e.g. 'MIN,MAX' */
  valueName?: string;
  default?: OptionValue;
  required?: boolean;
  /** enum only */
  choices?: readonly string[];
  /** number only: must be an integer */
  integer?: boolean;
  /** number and list items: inclusive bounds */
  min?: number;
  max?: number;
  /** list only: exact number of items */
  count?: number;
}

export interface PositionalSpec {
  name: string;
  help: string;
  optional?: boolean;
}

/** A parsed command line as a command sees it: getters typed by the declared option type (args.ts). */
export interface CommandArgs {
  flag(name: string): boolean;
  number(name: string): number | undefined;
  string(name: string): string | undefined;
  /** comma-separated numbers */
  list(name: string): number[] | undefined;
  choice(name: string): string | undefined;
  /** true when the user typed the option (defaults do not count) */
  has(name: string): boolean;
  positional(name: string): string | undefined;
}

/** What a command hands back: the same result as a JSON document and as text for people. */
export interface CommandOutput {
  json: unknown;
  text: string;
}

/** A progress report for long steps; a no-op unless stderr is a terminal. */
export interface Progress {
  /** fraction in [0, 1]; detail e.g. 'iteration 3, residual 0.12' */
  update(fraction: number, detail?: string): void;
  /** clears the bar; call before printing anything else */
  done(): void;
}

/** Side channels a command may use while it runs; stdout belongs to main, which prints the output. */
export interface CommandContext {
  /** a non-fatal note on stderr, printed as `wedgelab: warning: ...` */
  warn(message: string): void;
  /** a progress bar on stderr (drawn only on a terminal, and only for steps longer than 250 ms) */
  progress(label: string): Progress;
}

export interface CommandSpec {
  name: string;
  /** one line for the command list */
  summary: string;
  /** a paragraph for `wedgelab help NAME` */
  description?: string;
  positionals: PositionalSpec[];
  options: OptionSpec[];
  examples?: string[];
  run(args: CommandArgs, ctx: CommandContext): Promise<CommandOutput>;
}

/** `--json` means the same everywhere: one JSON document on stdout instead of text. */
export const jsonOption: OptionSpec = {
  name: 'json',
  type: 'flag',
  help: 'print one JSON document on stdout instead of text',
};
