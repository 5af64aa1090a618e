import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { projectPath } from '../src/paths.js';
import { MAIN_PLAN } from './support/packs.js';
import { TEST_ENV } from './support/services.js';

/**
 * The command line as a person or a script runs it: offline, no server running (the index is
 * the tests' shared one, built on first use as the server builds it). The binary is spawned
 * for what only a process shows (output, exit codes); the other commands run in this process
 * through the same entry point, `run`, which the binary calls (each spawn loads the plans and
 * the index again).
 */
const spawn = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [projectPath('bin', 'policy-assistant.mjs'), ...args], {
      env: { ...process.env, ...TEST_ENV },
      cwd: projectPath('test'),
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout: string; stderr: string };
    return { code: failed.code ?? -1, stdout: failed.stdout, stderr: failed.stderr };
  }
};

/** The same entry point in this process: exit code and what it printed. */
const inProcess = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { ...process.env, ...TEST_ENV }, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
};

describe('the policy-assistant binary', () => {
  it('ask: the answer, then its numbered quotes; --json: the API’s response body', { timeout: 120_000 }, async () => {
    // One after the other: two at once would crowd the cores other test files time themselves on.
    const human = await spawn('ask', '多久需要做一次清洁生产审核？', '--industry', '电镀', '--above-scale');
    const json = await spawn('ask', 'Our province trained 45% of heads of above-scale enterprises. Is that on target?', '--json');
    expect(human.code, human.stderr).toBe(0);
    const [answer, notes] = human.stdout.split('\n出处\n');
    expect(answer).toMatch(/\[1\]/u);
    expect(notes).toMatch(/^\[1\] .+：“.+”$/mu);
    expect(json.code, json.stderr).toBe(0);
    const response = JSON.parse(json.stdout) as { status: string; language: string; citations: unknown[]; plan: string };
    expect(response).toMatchObject({ status: 'answered', language: 'en', plan: MAIN_PLAN });
    expect(response.citations.length).toBeGreaterThan(0);
  });

  it('exits 2 on a bad flag with a message naming it, printing nothing on standard output', { timeout: 120_000 }, async () => {
    const result = await spawn('ask', '审核多久一次？', '--bogus');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Unknown option '--bogus'/u);
  });
});

describe('the commands', () => {
  it('eligibility: the checklist in the plan’s words, or the API’s body with --json', { timeout: 60_000 }, async () => {
    const human = await inProcess('eligibility', '--industry', '电镀', '--above-scale', '--no-sme');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^适用要求清单$/mu);
    expect(human.stdout).toMatch(/^ {2}规模以上工业企业: 是$/mu);
    expect(human.stdout).toMatch(/^ {2}中小企业: 否$/mu);
    expect(human.stdout).toMatch(/规划原文（条款 .+）：.+/u);
    const json = await inProcess('eligibility', '--industry', '电镀', '--above-designated-size', '--json', '--lang', 'en');
    const body = JSON.parse(json.stdout) as { industry: { name: string }; items: unknown[] };
    expect(body.industry.name).toMatch(/lectroplating/u);
    expect(body.items.length).toBeGreaterThan(0);
  });

  it('check and targets: met or not and by how much; the targets with their words', { timeout: 60_000 }, async () => {
    const checked = await inProcess('check', 't1-training=45', 'audit-passed-share=30%', '--lang', 'en');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/^t1-training .*not met \(short by 5 percentage points\)/mu);
    expect(checked.stdout).toMatch(/^audit-passed-share .*: met\./mu);
    const listed = await inProcess('targets', '--kind', 'table1');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^t1-training {2}表1/mu);
    const json = JSON.parse((await inProcess('targets', '--industry', '电镀', '--json')).stdout) as { targets: unknown[] };
    expect(json.targets.length).toBeGreaterThan(0);
  });

  it('refuses what it cannot do with exit 2 and a message naming the argument', { timeout: 60_000 }, async () => {
    const cases: Array<[string[], RegExp]> = [
      [['fly'], /unknown command "fly"/u],
      [['ask'], /ask: give the question/u],
      [['eligibility', '--lang', 'fr'], /--lang: zh or en, not "fr"/u],
      [['eligibility', '--plan', 'nope'], /--plan: no plan pack "nope"/u],
      [['eligibility', '--above-scale', '--no-above-designated-size'], /--no-above-designated-size contradicts --above-scale/u],
      [['targets', '--kind', 'nope'], /--kind: .*no target kind "nope"/u],
      [['targets', '--above-scale'], /Unknown option '--above-scale'/u],
      [['ask', 'How often?', '--lang', 'zh'], /ask: --lang: an answer is in the language of its question/u],
      [['check', 't1-training=lots'], /"t1-training=lots" is not <target-or-indicator>=<value>/u],
      [['check', 'no-such-target=1'], /no target or indicator "no-such-target"/u],
      [['check', 't1-training=45kg'], /"t1-training=45kg": "kg" is not a unit of the plan/u],
      [['serve', '--port', 'eighty'], /--port/u],
    ];
    for (const [args, message] of cases) {
      const result = await inProcess(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('--help lists the commands and the plan’s profile flags by the pack’s names', async () => {
    const help = await inProcess('--help');
    expect(help.code).toBe(0);
    for (const command of ['ask', 'eligibility', 'targets', 'check', 'serve', 'mcp']) expect(help.stdout).toContain(`policy-assistant ${command}`);
    expect(help.stdout).toMatch(/--above-designated-size, --above-scale/u);
  });
});
