import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath, projectRoot } from '../src/paths.js';

/**
 * The engine knows no plan, and its modules depend on each other in one direction. Import
 * cycles are found by reading the relative imports of every module (the project writes them
 * one way: `from './x.js'`), which is all a cycle check needs here.
 */
const SRC = projectPath('src');

function files(dir: string, extension: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, extension) : path.endsWith(extension) ? [path] : [];
  });
}

/** Han characters, CJK punctuation and full-width forms. */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

describe('the engine knows no plan', () => {
  it('no TypeScript file under src/ holds Chinese text, even in a comment', () => {
    const found = files(SRC, '.ts').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, where: `${relative(projectRoot(), file)}:${index + 1}` }))
        .filter(({ line }) => CJK.test(line))
        .map(({ where, line }) => `${where}: ${line.trim().slice(0, 80)}`),
    );
    expect(found).toEqual([]);
  });

  it('the check finds Chinese text where there is some', () => {
    expect(CJK.test('const cue = "审核";')).toBe(true);
    expect(CJK.test('const end = "。";')).toBe(true);
    expect(CJK.test('const cue = "audit";')).toBe(false);
  });

  it('nothing in the repository points outside it', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: projectRoot(), encoding: 'utf8' }).split('\n').filter(Boolean);
    const offenders = tracked.filter((file) => !/\.(png|jpg|gz)$/u.test(file) && /\.\.\/shared|CONTRACT\.md/u.test(readFileSync(join(projectRoot(), file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('modules of src/', () => {
  const modules = files(SRC, '.ts');
  const importsOf = new Map(
    modules.map((file) => {
      const text = readFileSync(file, 'utf8');
      const targets = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/gu)].map((match) => resolve(dirname(file), match[1]!.replace(/\.js$/u, '.ts')));
      return [file, targets] as const;
    }),
  );

  it('every relative import names a module that exists', () => {
    const missing = [...importsOf].flatMap(([file, targets]) => targets.filter((target) => !modules.includes(target)).map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`));
    expect(missing).toEqual([]);
  });

  it('import no module that imports them back (no cycle)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((entry) => relative(SRC, entry)).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const target of importsOf.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of modules) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('the cycle check sees a cycle where there is one', () => {
    const graph = new Map([['a', ['b']], ['b', ['a']]]);
    const seen = new Set<string>();
    const onPath = new Set<string>();
    let found = false;
    const visit = (node: string) => {
      if (onPath.has(node)) found = true;
      if (seen.has(node)) return;
      seen.add(node);
      onPath.add(node);
      for (const next of graph.get(node) ?? []) visit(next);
      onPath.delete(node);
    };
    visit('a');
    expect(found).toBe(true);
  });
});
