import { readFileSync } from 'node:fs';
import { MAX_QUESTION_LENGTH } from '../answer/limits.js';
import { ApiError } from '../api/errors.js';
import type { TargetCheckRequest } from '../api/schemas.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { projectPath } from '../paths.js';
import type { PlanPack } from '../plan/load.js';
import { loadPacks } from '../plan/registry.js';
import type { Profile } from '../rules/profile.js';
import type { PlanService, PlanServices } from '../services.js';
import { LANGUAGES, type Language } from '../text/languages.js';
import { flagOptions, parseCommandLine, UsageError, usage, type FlagOption, type Parsed } from './arguments.js';

/**
 * The command line (`policy-assistant`, package.json `bin`): ask, eligibility, targets and
 * check print to the terminal (or JSON with --json) from services built in this process, as
 * the server builds them (the index is built on first use); serve runs the HTTP service, mcp
 * an MCP server on standard input and output.
 */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };

/** Exit codes. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Runs one command; resolves to its exit code, or `running` for a command that keeps serving. */
export async function run(args: readonly string[], env: NodeJS.ProcessEnv = process.env, io: Io = defaultIo): Promise<number | 'running'> {
  let packs: PlanPack[] = [];
  let flags = new Map<string, FlagOption>();
  try {
    if (args[0] === '--version' || args[0] === '-v') {
      io.out((JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version);
      return EXIT.ok;
    }
    const config = loadConfig(env);
    packs = loadPacks(config.PLANS_DIR);
    flags = flagOptions(packs);
    if (args.length === 0 || args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
      io.out(usage(packs, flags));
      return args.length === 0 ? EXIT.usage : EXIT.ok;
    }
    const parsed = parseCommandLine(args, flags);
    if (parsed.values.help) {
      io.out(usage(packs, flags));
      return EXIT.ok;
    }
    return await runCommand(parsed, config, env, packs, flags, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.err(`error: ${error.message}`);
      if (error instanceof UsageError) io.err('Run "policy-assistant --help" for the commands and options.');
      return EXIT.usage;
    }
    if (error instanceof ApiError) {
      io.err(`error: ${error.message}`);
      return EXIT.usage;
    }
    io.err(`error: ${(error as Error).stack ?? String(error)}`);
    return EXIT.failure;
  }
}

async function runCommand(parsed: Parsed, config: Config, env: NodeJS.ProcessEnv, packs: PlanPack[], flags: ReadonlyMap<string, FlagOption>, io: Io): Promise<number | 'running'> {
  const { command, values } = parsed;
  if (command === 'serve') {
    const port = values.port === undefined ? config.PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`serve: --port: a port number from 0 to 65535, not "${values.port}"`);
    const { startServer } = await import('../start.js');
    await startServer({ ...config, PORT: port, HOST: (values.host as string | undefined) ?? config.HOST }, env);
    return 'running';
  }

  const planId = values.plan as string | undefined;
  const pack = planId === undefined ? packs[0] : packs.find((candidate) => candidate.meta.id === planId);
  if (!pack) throw new UsageError(`${command}: --plan: no plan pack "${planId}" (plans: ${packs.map((candidate) => candidate.meta.id).join(', ')})`);
  const lang = values.lang as string | undefined;
  if (lang !== undefined && !(LANGUAGES as readonly string[]).includes(lang)) throw new UsageError(`${command}: --lang: ${LANGUAGES.join(' or ')}, not "${lang}"`);
  const language = (lang as Language | undefined) ?? pack.meta.defaultLanguage;
  const profile = profileOf(parsed, pack, flags);
  const question = parsed.positionals.join(' ').trim();
  if (command === 'ask') {
    if (!question) throw new UsageError('ask: give the question, e.g. policy-assistant ask "How often must we audit?"');
    if (question.length > MAX_QUESTION_LENGTH) throw new UsageError(`ask: the question is ${question.length} characters; at most ${MAX_QUESTION_LENGTH}`);
  }
  if (command === 'check' && parsed.positionals.length === 0) throw new UsageError('check: give figures as <target-or-indicator>=<value>, e.g. t1-training=45');
  const written = command === 'check' ? parsed.positionals.map(writtenFigure) : [];
  if (command === 'targets' && values.kind !== undefined && !pack.targets.some((target) => target.kind === values.kind)) {
    throw new UsageError(`targets: --kind: plan ${pack.meta.id} has no target kind "${values.kind}" (kinds: ${[...new Set(pack.targets.map((target) => target.kind))].join(', ')})`);
  }

  // Loaded only now: help and mistakes in the arguments are answered without the index and its native modules.
  const [{ createServices }, { planProfile }, { checkFigures, eligibilityFor, targetsFor }, { answerWithFootnotes }, { checklistDocument }, { checklistText }] = await Promise.all([
    import('../services.js'),
    import('../api/plan-param.js'),
    import('../api/queries.js'),
    import('../documents/answer-text.js'),
    import('../documents/checklist.js'),
    import('../documents/checklist-text.js'),
  ]);
  // The services as the server builds them (the index is built on first use); packs already read.
  const services = await createServices(config, env, { packs: [pack, ...packs.filter((other) => other !== pack)] });
  try {
    if (command === 'mcp') {
      const { serveStdio } = await import('../mcp/stdio.js');
      await serveStdio(services);
      return EXIT.ok;
    }
    const service = services.default;
    const print = (value: unknown, human: () => string) => io.out(values.json ? JSON.stringify(value, null, 2) : human());
    switch (command) {
      case 'ask': {
        const response = await service.pipeline.ask({ question, profile: planProfile(service, profile) });
        print(response, () => answerWithFootnotes(response, 'plain'));
        return EXIT.ok;
      }
      case 'eligibility': {
        if (values.json) {
          print(await eligibilityFor(service, profile, language), () => '');
          return EXIT.ok;
        }
        const checked = planProfile(service, profile);
        const result = await service.ruleSet.eligibility.evaluate(checked);
        io.out(checklistText(checklistDocument(service.ruleSet, checked, result, language)));
        return EXIT.ok;
      }
      case 'targets': {
        const listed = targetsFor(service, { industry: values.industry as string | undefined, kind: values.kind as string | undefined }, language);
        print(listed, () => [listed.period.note, '', ...listed.targets.map((target) => `${target.id}  ${target.title}\n    ${target.text}`)].join('\n'));
        return EXIT.ok;
      }
      case 'check': {
        const figures = written.map((figure) => figureOf(figure, service));
        let checked;
        try {
          checked = checkFigures(service, figures, language);
        } catch (error) {
          throw namedByArgument(error, parsed.positionals);
        }
        print(checked, () => [...checked.results.map((result) => `${result.targetId}  ${result.summary}`), '', checked.period.note].join('\n'));
        return EXIT.ok;
      }
    }
    return EXIT.failure;
  } finally {
    closeQuietly(services);
  }
}

function closeQuietly(services: PlanServices): void {
  try {
    services.close();
  } catch {
    // Closing the index is best effort: the process ends next.
  }
}

/** The profile the options state, checked against the plan's flags (an option of another plan's flag is refused, naming it). */
function profileOf(parsed: Parsed, pack: PlanPack, flags: ReadonlyMap<string, FlagOption>): Profile | undefined {
  const profile: Profile = {};
  const setBy = new Map<string, string>();
  if (parsed.values.industry !== undefined) profile.industry = parsed.values.industry as string;
  for (const { option, value } of parsed.flags) {
    const flag = flags.get(option)!;
    if (!flag.plans.includes(pack.meta.id)) throw new UsageError(`${parsed.command}: --${option}: not a profile flag of plan ${pack.meta.id}`);
    const before = setBy.get(flag.flag);
    if (before !== undefined && profile[flag.flag] !== value) throw new UsageError(`${parsed.command}: --${value ? '' : 'no-'}${option} contradicts ${before}`);
    profile[flag.flag] = value;
    setBy.set(flag.flag, `--${value ? '' : 'no-'}${option}`);
  }
  return Object.keys(profile).length ? profile : undefined;
}

type Figure = TargetCheckRequest['figures'][number];

interface WrittenFigure {
  argument: string;
  key: string;
  value: number;
  unit: string;
}

/** `t1-training=45`, `audit-passed-rate=30%`: a target id or an indicator, a number, and optionally a unit. */
function writtenFigure(argument: string): WrittenFigure {
  const match = /^([^=\s]+)\s*=\s*([-+]?\d+(?:\.\d+)?)\s*(\S*)$/u.exec(argument.trim());
  if (!match) throw new UsageError(`check: "${argument}" is not <target-or-indicator>=<value>, e.g. t1-training=45`);
  const [, key, number, unit] = match as unknown as [string, string, string, string];
  return { argument, key, value: Number(number), unit };
}

/** A written figure as the check takes it: its key a target id or an indicator of the plan. */
function figureOf({ argument, key, value, unit }: WrittenFigure, service: PlanService): Figure {
  const { ruleSet } = service;
  const which = ruleSet.target(key) ? { targetId: key } : ruleSet.targets.some((target) => target.indicator === key) ? { indicator: key } : undefined;
  if (!which) throw new UsageError(`check: "${argument}": plan ${service.id} has no target or indicator "${key}" (policy-assistant targets lists them)`);
  return { ...which, value, ...(unit ? { unit } : {}) };
}

/** A check's error about `figures[i]` told as the argument that gave it. */
function namedByArgument(error: unknown, args: readonly string[]): unknown {
  if (!(error instanceof ApiError)) return error;
  const match = /^figures\[(\d+)\]/u.exec(error.field);
  if (!match) return error;
  const message = error.message.replace(/^[^:]*:\s*/u, '');
  return new UsageError(`check: "${args[Number(match[1])]}": ${message}`);
}
