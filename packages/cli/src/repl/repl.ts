/**
 * The interactive shell: readline with persistent history, multi-line input, tab completion from
 * the grammar, dot-commands, results as a table by default. A bad query prints the caret error
 * and the prompt comes back; Ctrl-C stops the running query, not the shell.
 */
import { createInterface, type Interface } from 'node:readline';
import {
  type CompileOptions,
  compile,
  complete,
  completionStart,
  explain,
  suggest,
  toCurl,
} from '@cloverql/dsl';
import type { RunFlags } from '../execute.js';
import { executeQuery } from '../execute.js';
import { EXIT } from '../exit-codes.js';
import { fieldsResources, renderFields } from '../fields.js';
import { type CliIo, println } from '../io.js';
import { parseColumnList } from '../output/column-list.js';
import { isOnPath, pagedOutput, pagerCommand } from '../output/pager.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/sink.js';
import { describeFailure } from '../report-error.js';
import type { Session } from '../session.js';
import { isTimeZone } from '../time-zone-name.js';
import { appendHistory, HISTORY_SIZE, historyPath, loadHistory } from './history.js';
import { classifyInput, queryText } from './input.js';
import { closeReplOutput, openReplOutput, type ReplOutput } from './output-file.js';

export interface ReplOptions {
  readonly session: Session;
  readonly compileOptions: Omit<CompileOptions, 'now'>;
  /** A fixed "now" (from --now); otherwise each query uses the current time. */
  readonly fixedNow?: number;
  readonly format: OutputFormat;
  readonly flags: RunFlags;
  /** Page a table taller than the terminal (`$PAGER`, else `less -FRX`); false for `--no-pager`. */
  readonly pager?: boolean | undefined;
  /** The config file's profile in use, for `.profile`. */
  readonly profile?: { readonly name: string; readonly path: string } | undefined;
}

export const PROMPT = 'cloverql> ';
export const CONTINUE_PROMPT = '     ...> ';

/** A dot-command's usage line and what it does, for `.help` and completion. */
export interface DotCommand {
  readonly usage: string;
  readonly doc: string;
}

export const COMMANDS: Readonly<Record<string, DotCommand>> = {
  '.help': { usage: '.help', doc: 'show this help' },
  '.fields': {
    usage: '.fields [resource]',
    doc: 'list the fields of a resource (default: all three) with type and operators',
  },
  '.explain': {
    usage: '.explain [query]',
    doc: 'show the plan of a query (default: the last one)',
  },
  '.curl': {
    usage: '.curl [query]',
    doc: 'show the curl commands of a query (default: the last one)',
  },
  '.format': {
    usage: `.format [${OUTPUT_FORMATS.join('|')}]`,
    doc: 'show or set the output format',
  },
  '.tz': { usage: '.tz [zone]', doc: 'show or set the time zone for dates, today and yesterday' },
  '.earliest': { usage: '.earliest [date|off]', doc: 'show or set where unbounded queries start' },
  '.output': {
    usage: '.output [file]',
    doc: 'send the results of the next queries to a file (emptied, then appended to); no file: back to stdout',
  },
  '.columns': {
    usage: '.columns [a,b,c|off]',
    doc: 'show or set the table and csv columns of raw records',
  },
  '.profile': {
    usage: '.profile',
    doc: 'show the config profile in use and where queries go (token masked)',
  },
  '\\x': { usage: '\\x', doc: 'toggle expanded display (one field | value block per record)' },
  '.exit': { usage: '.exit', doc: 'leave (also .quit, Ctrl-D, or Ctrl-C twice)' },
};

/** The help lines of the dot-commands, usage padded to one column. */
export function commandHelp(): string[] {
  const entries = Object.values(COMMANDS);
  const width = Math.max(...entries.map((c) => c.usage.length));
  return entries.map((c) => `  ${c.usage.padEnd(width)}  ${c.doc}`);
}

interface State {
  format: OutputFormat;
  /** `.columns`: table/CSV columns for raw records. */
  columns?: string[] | undefined;
  /** `\x`: expanded table display. */
  expanded?: boolean;
  compile: Omit<CompileOptions, 'now'>;
  lines: string[];
  last: string | null;
  running: AbortController | null;
  lastInterrupt: number;
  /** Where query results go: an `.output` file, or stdout when null. */
  output: ReplOutput | null;
}

/** Runs the REPL until `.exit` or end of input; returns the exit code. */
export async function startRepl(opts: ReplOptions, io: CliIo): Promise<number> {
  const state: State = {
    format: opts.format,
    compile: opts.compileOptions,
    lines: [],
    last: null,
    running: null,
    lastInterrupt: 0,
    output: null,
  };
  const history = historyPath(io.env);
  const terminal = io.interactive || io.env.CLOVERQL_REPL_TERMINAL === '1';
  const rl = createInterface({
    input: io.stdin,
    output: io.stdout,
    terminal,
    history: loadHistory(history),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string): [string[], string] => completeLine(line, state),
  });
  const compileOptions = (): CompileOptions => ({
    ...state.compile,
    now: opts.fixedNow ?? io.now(),
  });

  const onInterrupt = () => interrupt(rl, { state, io });
  rl.on('SIGINT', onInterrupt);
  const removeInterrupt = io.onInterrupt(onInterrupt);

  println(io.stdout, 'cloverql REPL — type a query, .help for commands, .exit to leave');
  rl.setPrompt(PROMPT);
  rl.prompt();
  try {
    for await (const line of rl) {
      const done = await handleLine(line, { state, rl, io, opts, compileOptions, history });
      if (done) break;
      rl.setPrompt(state.lines.length ? CONTINUE_PROMPT : PROMPT);
      rl.prompt();
    }
  } finally {
    removeInterrupt();
    rl.close();
    if (state.output) await closeReplOutput(state.output);
  }
  return EXIT.OK;
}

interface Ctx {
  readonly state: State;
  readonly rl: Interface;
  readonly io: CliIo;
  readonly opts: ReplOptions;
  readonly compileOptions: () => CompileOptions;
  readonly history: string | null;
}

/** Handles one line; returns true to leave the REPL. */
async function handleLine(line: string, ctx: Ctx): Promise<boolean> {
  const { state } = ctx;
  if (state.lines.length === 0 && (line.trim().startsWith('.') || line.trim() === '\\x')) {
    const input = line.trim();
    if (/^\.output(\s|$)/.test(input)) {
      await setOutput(input.slice('.output'.length).trim(), ctx);
      return false;
    }
    return command(input, ctx);
  }
  state.lines.push(line);
  // Classify the lines as typed (a trailing backslash continues); run them without it.
  const kind = classifyInput(state.lines.join('\n'));
  const text = queryText(state.lines);
  if (kind === 'empty') {
    state.lines = [];
    return false;
  }
  if (kind === 'incomplete' && line.trim() !== '') return false;
  state.lines = [];
  appendHistory(ctx.history, text);
  state.last = text;
  await runQuery(text, ctx);
  return false;
}

async function runQuery(source: string, ctx: Ctx): Promise<void> {
  const { state, io, opts } = ctx;
  const controller = new AbortController();
  state.running = controller;
  const tty = io.stdout as Partial<NodeJS.WriteStream>;
  const pager = state.output
    ? null
    : pagerCommand({
        env: io.env,
        stdoutIsTTY: tty.isTTY === true,
        format: state.format,
        pager: opts.pager !== false,
        onPath: (p) => isOnPath(p, io.env.PATH),
      });
  // While the pager shows a long table it reads the keys: the REPL stops reading until it ends.
  const paged = pager
    ? pagedOutput({
        command: pager,
        out: io.stdout,
        rows: tty.rows,
        pause: () => pauseForPager(ctx),
        resume: () => resumeAfterPager(ctx),
      })
    : null;
  try {
    await executeQuery(
      {
        source,
        compileOptions: ctx.compileOptions(),
        session: opts.session,
        format: state.format,
        out: state.output?.stream ?? paged?.stream ?? io.stdout,
        flags: opts.flags,
        columns: state.columns,
        expanded: state.expanded,
        signal: controller.signal,
        ...(paged ? { finish: () => paged.commit() } : {}),
      },
      io,
    );
  } catch (e) {
    println(io.stderr, describeFailure(e, { debug: Boolean(io.env.CLOVERQL_DEBUG) }).message);
  } finally {
    state.running = null;
  }
}

/**
 * Hands the terminal to the pager: the REPL stops reading it and turns raw mode off, so the pager
 * finds the terminal as a shell leaves it (it sets its own modes, and restores these on exit).
 */
function pauseForPager(ctx: Ctx): void {
  ctx.rl.pause();
  const tty = ctx.io.stdin as Partial<NodeJS.ReadStream>;
  if (tty.isTTY && tty.isRaw) tty.setRawMode?.(false);
}

/** Takes the terminal back after the pager: raw mode again, then reading. */
function resumeAfterPager(ctx: Ctx): void {
  const tty = ctx.io.stdin as Partial<NodeJS.ReadStream>;
  if (tty.isTTY) tty.setRawMode?.(true);
  ctx.rl.resume();
}

function command(input: string, ctx: Ctx): boolean {
  const { state, io } = ctx;
  const [name = ''] = input.split(/\s+/);
  const arg = input.slice(name.length).trim();
  const out = (s: string) => println(io.stdout, s);
  const fail = (s: string) => println(io.stderr, s);
  try {
    switch (name) {
      case '.exit':
      case '.quit':
        return true;
      case '.help':
        out('Type a query, e.g.  payments where createdTime >= today - 7d and amount > $20');
        out('A query may span several lines; end a line with \\ to continue it explicitly.');
        for (const help of commandHelp()) out(help);
        return false;
      case '.fields':
        out(renderFields(fieldsResources(arg), { table: io.interactive }));
        return false;
      case '.explain':
      case '.curl': {
        const source = arg || state.last;
        if (!source) {
          fail(`${name} needs a query (no query has been run yet)`);
          return false;
        }
        const plan = compile(source, ctx.compileOptions());
        if (name === '.explain') {
          out(explain(plan));
        } else {
          const baseUrl = ctx.opts.session.baseUrl ?? 'https://api.clover.com';
          const { session } = ctx.opts;
          // The embedded mock's token is no secret, and $CLOVER_TOKEN is not set for it.
          const token = session.embedded ? { token: session.token } : {};
          for (const l of toCurl(plan, { baseUrl, merchantId: session.merchantId, ...token }))
            out(l);
        }
        return false;
      }
      case '.format':
        if (!arg) out(`format: ${state.format}`);
        else if ((OUTPUT_FORMATS as readonly string[]).includes(arg)) {
          state.format = arg as OutputFormat;
          out(`format: ${state.format}`);
        } else fail(`unknown format '${arg}': use ${OUTPUT_FORMATS.join(', ')}`);
        return false;
      case '.tz':
        if (!arg) out(`tz: ${state.compile.tz ?? 'UTC'}`);
        else if (isTimeZone(arg)) {
          state.compile = { ...state.compile, tz: arg };
          out(`tz: ${arg}`);
        } else fail(`unknown time zone '${arg}': use an IANA name such as UTC or Europe/Paris`);
        return false;
      case '.earliest':
        setEarliest(arg, ctx);
        return false;
      case '.columns':
        if (arg) state.columns = parseColumnList(arg);
        out(`columns: ${state.columns?.join(',') ?? 'off (the default columns)'}`);
        return false;
      case '.profile':
        for (const line of profileLines(ctx.opts)) out(line);
        return false;
      case '\\x':
        state.expanded = !state.expanded;
        out(`expanded display is ${state.expanded ? 'on' : 'off'}`);
        return false;
      default: {
        const guess = suggest(name, Object.keys(COMMANDS));
        fail(
          `unknown command ${name}${guess ? ` — did you mean ${guess}?` : ''} (.help lists them)`,
        );
        return false;
      }
    }
  } catch (e) {
    fail(describeFailure(e, { debug: Boolean(io.env.CLOVERQL_DEBUG) }).message);
    return false;
  }
}

async function setOutput(file: string, ctx: Ctx): Promise<void> {
  const { state, io } = ctx;
  try {
    const next = file ? await openReplOutput(file) : null;
    if (state.output) await closeReplOutput(state.output);
    state.output = next;
    println(io.stdout, `output: ${next ? next.path : 'stdout'}`);
  } catch (e) {
    println(io.stderr, describeFailure(e, { debug: Boolean(io.env.CLOVERQL_DEBUG) }).message);
  }
}

function setEarliest(arg: string, ctx: Ctx): void {
  const { state, io } = ctx;
  if (!arg) {
    const e = state.compile.earliest;
    println(io.stdout, `earliest: ${e === undefined ? 'off' : new Date(e).toISOString()}`);
    return;
  }
  if (arg === 'off') {
    const { earliest: _e, ...rest } = state.compile;
    state.compile = rest;
    println(io.stdout, 'earliest: off');
    return;
  }
  const ms = /^\d+$/.test(arg)
    ? Number(arg)
    : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(arg) ? `${arg}T00:00:00Z` : arg);
  if (Number.isFinite(ms)) {
    state.compile = { ...state.compile, earliest: ms };
    println(io.stdout, `earliest: ${new Date(ms).toISOString()}`);
  } else
    println(
      io.stderr,
      `'${arg}' is not a date: use an ISO date such as 2024-01-01, unix ms, or off`,
    );
}

/** readline completer: dot-commands at the start of a line, else the grammar's completions. */
export function completeLine(line: string, state: Pick<State, 'lines'>): [string[], string] {
  if (state.lines.length === 0 && /^\s*\.\w*$/.test(line)) {
    const word = line.trim();
    return [Object.keys(COMMANDS).filter((c) => c.startsWith(word)), word];
  }
  const before = state.lines.length ? `${queryText(state.lines)}\n` : '';
  const candidates = complete(before + line);
  return [candidates, line.slice(completionStart(line))];
}

function interrupt(rl: Interface, ctx: { state: State; io: CliIo }): void {
  const { state, io } = ctx;
  if (state.running) {
    state.running.abort();
    return;
  }
  const typed = state.lines.length > 0 || rl.line.length > 0;
  state.lines = [];
  const now = io.now();
  if (!typed && now - state.lastInterrupt < 2000) {
    rl.close();
    return;
  }
  state.lastInterrupt = typed ? 0 : now;
  println(io.stdout, typed ? '^C' : '\n(to leave, press Ctrl-C again or type .exit)');
  rl.write(null, { ctrl: true, name: 'u' });
  rl.setPrompt(PROMPT);
  rl.prompt();
}

/**
 * What `.profile` prints: the profile and its file, then where queries go, the token masked to
 * its last four characters (as `gh auth status` does) unless it is the embedded mock's.
 */
export function profileLines(opts: Pick<ReplOptions, 'profile' | 'session'>): string[] {
  const { profile, session } = opts;
  const first = profile
    ? `profile: ${profile.name} (${profile.path})`
    : 'profile: none (flags and CLOVER_* variables only)';
  if (session.embedded) return [first, `target: the embedded mock Clover at ${session.baseUrl}`];
  const token = session.token.length >= 12 ? `****${session.token.slice(-4)}` : '****';
  const where = session.baseUrl ?? `Clover region ${session.region ?? 'us'}`;
  return [first, `target: ${where}, merchant ${session.merchantId}, token ${token}`];
}
