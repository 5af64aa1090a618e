import { loadPack, type PlanPack } from '../../src/plan/load.js';
import { projectPath } from '../../src/paths.js';

/** The default plan pack of the repository. */
export const MAIN_PLAN = 'cleaner-production-12th';

let main: PlanPack | undefined;

/** The repository's plan pack, read once per test worker. */
export function mainPack(): PlanPack {
  main ??= loadPack(projectPath('plans', MAIN_PLAN));
  return main;
}

/** The test packs folder: plan packs written for the tests only (marked `testData` in their plan.json). */
export const TEST_PLANS_DIR = projectPath('test', 'fixtures', 'plans');
