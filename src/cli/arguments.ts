import { parseArgs } from 'node:util';
import type { PlanPack } from '../plan/load.js';
import { kebabCase } from '../plan/schema.js';
import { pick } from '../text/languages.js';

/**
 * The command line's arguments, read with Node's own parser (util.parseArgs). The profile
 * flags are options named from the packs (`--above-designated-size`, the pack's other names
 * for it such as `--above-scale`, and `--no-…` for false): the words are the plan's, not the code's.
 */
export const COMMANDS = ['ask', 'eligibility', 'targets', 'check', 'serve', 'mcp'] as const;
export type Command = (typeof COMMANDS)[number];

/** A mistake in what was typed: the message says which argument and what was expected; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string };

/** A profile flag option: which flag it sets, in which plans. */
export interface FlagOption {
  flag: string;
  plans: string[];
}

/** Every profile flag option of the packs, by option name. */
export function flagOptions(packs: readonly PlanPack[]): Map<string, FlagOption> {
  const options = new Map<string, FlagOption>();
  for (const pack of packs) {
    for (const flag of pack.profile.flags) {
      for (const name of [kebabCase(flag.id), ...flag.options]) {
        const known = options.get(name);
        if (known && known.flag === flag.id) known.plans.push(pack.meta.id);
        // Two packs naming different flags alike: the first pack's keeps the name.
        else if (!known) options.set(name, { flag: flag.id, plans: [pack.meta.id] });
      }
    }
  }
  return options;
}

const common = { json: { type: 'boolean' }, plan: { type: 'string' }, help: { type: 'boolean', short: 'h' } } satisfies Record<string, OptionSpec>;

/** The options each command takes. */
function optionsOf(command: Command, flags: ReadonlyMap<string, FlagOption>): Record<string, OptionSpec> {
  const profile: Record<string, OptionSpec> = { industry: { type: 'string' } };
  for (const name of flags.keys()) profile[name] = { type: 'boolean' };
  switch (command) {
    case 'ask':
      return { ...common, ...profile };
    case 'eligibility':
      return { ...common, ...profile, lang: { type: 'string' } };
    case 'targets':
      return { ...common, industry: { type: 'string' }, kind: { type: 'string' }, lang: { type: 'string' } };
    case 'check':
      return { ...common, lang: { type: 'string' } };
    case 'serve':
      return { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } };
    case 'mcp':
      return { help: { type: 'boolean', short: 'h' } };
  }
}

export interface Parsed {
  command: Command;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** Profile flags as given, in order: option name and value. */
  flags: Array<{ option: string; value: boolean }>;
}

export function parseCommandLine(args: readonly string[], flags: ReadonlyMap<string, FlagOption>): Parsed {
  const [name, ...rest] = args;
  if (!COMMANDS.includes(name as Command)) throw new UsageError(name === undefined ? 'no command given' : `unknown command "${name}"`);
  const command = name as Command;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: optionsOf(command, flags), allowPositionals: true, allowNegative: true, strict: true, tokens: true });
  } catch (error) {
    if (command === 'ask' && rest.some((arg) => arg === '--lang' || arg.startsWith('--lang='))) {
      throw new UsageError('ask: --lang: an answer is in the language of its question; ask in English for an English answer');
    }
    // Node's messages name the option ("Unknown option '--foo'", "Option '--plan <value>' argument missing").
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
  const given = parsed.tokens.flatMap((token) => (token.kind === 'option' && flags.has(token.name) ? [{ option: token.name, value: !token.rawName.startsWith('--no-') }] : []));
  const values = parsed.values as Record<string, string | boolean | undefined>;
  for (const token of parsed.tokens) {
    // --no-… is for profile flags only.
    if (token.kind === 'option' && token.rawName.startsWith('--no-') && !flags.has(token.name)) throw new UsageError(`${command}: Unknown option '${token.rawName}'`);
  }
  if (command !== 'ask' && command !== 'check' && parsed.positionals.length > 0) throw new UsageError(`${command}: unexpected argument "${parsed.positionals[0]}"`);
  return { command, values, positionals: parsed.positionals, flags: given };
}

/** The help text: commands, their options, and the profile flags of each pack (its own words). */
export function usage(packs: readonly PlanPack[], flags: ReadonlyMap<string, FlagOption>): string {
  const lines = [
    'policy-assistant: answers from the plan\'s own text, with verbatim quotes. Offline: no server needed.',
    '',
    'Usage:',
    '  policy-assistant ask "<question>" [--industry <name>] [profile flags] [--plan <id>] [--json]',
    '  policy-assistant eligibility [--industry <name>] [profile flags] [--lang zh|en] [--plan <id>] [--json]',
    '  policy-assistant targets [--industry <name>] [--kind <kind>] [--lang zh|en] [--plan <id>] [--json]',
    '  policy-assistant check <target-or-indicator>=<value>[unit] ... [--lang zh|en] [--plan <id>] [--json]',
    '  policy-assistant serve [--port <n>] [--host <address>]    the HTTP service (as npm start)',
    '  policy-assistant mcp                                      an MCP server on standard input and output',
    '',
    'An answer is in the language of its question. --json prints the API\'s response body.',
    'Exit status: 0 answered, 2 bad input (the message names the argument), 1 failure.',
    'Configuration (PLANS_DIR, DATA_DIR, OPENAI_*, ...) comes from the environment, as for the server.',
  ];
  for (const pack of packs) {
    lines.push('', `Profile flags of ${pack.meta.id}${packs.length > 1 ? '' : ' (the plan)'}; --no-<flag> says no:`);
    for (const flag of pack.profile.flags) {
      const names = [...flags].filter(([, option]) => option.flag === flag.id && option.plans.includes(pack.meta.id)).map(([option]) => `--${option}`);
      lines.push(`  ${names.join(', ').padEnd(40)} ${pick(flag.label, 'en')}`);
    }
    const kinds = [...new Set(pack.targets.map((target) => target.kind))];
    lines.push(`Target kinds of ${pack.meta.id}: ${kinds.join(', ')}`);
  }
  return lines.join('\n');
}
