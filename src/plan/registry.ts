import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PackError } from './errors.js';
import { loadPack, type PlanPack } from './load.js';

/** No pack folder in PLANS_DIR, or two packs that both say they are the default. */
export class PlanRegistryError extends Error {
  override name = 'PlanRegistryError';
}

/**
 * Every pack in a plans folder (each sub-folder with a plan.json), the default first: the one
 * whose plan.json says `default`, else the first by id. `only` limits loading to some ids.
 */
export function loadPacks(plansDir: string, only?: readonly string[]): PlanPack[] {
  if (!existsSync(plansDir) || !statSync(plansDir).isDirectory()) throw new PlanRegistryError(`PLANS_DIR: ${plansDir} is not a folder`);
  const folders = readdirSync(plansDir)
    .filter((name) => existsSync(join(plansDir, name, 'plan.json')))
    .filter((name) => !only || only.includes(name))
    .sort();
  if (folders.length === 0) throw new PlanRegistryError(`PLANS_DIR: no plan pack (a folder with a plan.json) in ${plansDir}`);
  const packs = folders.map((name) => loadPack(join(plansDir, name)));
  const defaults = packs.filter((pack) => pack.meta.default);
  if (defaults.length > 1) throw new PackError(defaults[1]!.id, 'plan.json', [`default: "${defaults[0]!.id}" is the default already`]);
  const first = defaults[0] ?? packs.find((pack) => !pack.meta.testData) ?? packs[0]!;
  return [first, ...packs.filter((pack) => pack !== first)];
}
