import { describe, expect, it } from 'vitest';
import { foldName, IndustryCatalog } from '../src/rules/industries.js';
import { leafConditions, type CitationRef, type RuleData, type Target } from '../src/rules/schema.js';
import type { Localized } from '../src/text/languages.js';
import { digitValues } from '../src/text/figures.js';
import { stripWhitespace } from '../src/text/normalize.js';
import { mainPack } from './support/packs.js';

// Everything goes through the pack loader, i.e. through the zod schemas: a malformed file fails here.
const pack = mainPack();
const data = pack;
const corpus = pack.corpus;
const catalog = new IndustryCatalog(data.industries, data.groups);
const { start: PLAN_START, end: PLAN_END } = pack.meta.period;
const PROFILE_FLAGS = pack.profile.flags.map((flag) => flag.id);

const clauseText = (id: string): string => {
  const clause = corpus.get(id);
  if (!clause) throw new Error(`no clause ${id}`);
  return clause.text;
};
const citedTexts = (citations: readonly CitationRef[]) => citations.map((citation) => clauseText(citation.id));

/** Numbers as written: 10.8, 0.2, 2500; full-width digits folded. */
function numbers(text: string): string[] {
  return text.normalize('NFKC').match(/\d+(?:\.\d+)?/gu) ?? [];
}

/**
 * The numbers of `texts` missing from every cited clause, as values whatever the language writes
 * them (65万吨 and 650,000 tonnes alike); the plan period's years may always be said.
 */
function unsupportedNumbers(texts: readonly Localized[], citations: readonly CitationRef[]): string[] {
  const available = new Set(citedTexts(citations).flatMap(digitValues));
  const exempt = new Set([String(PLAN_START), String(PLAN_END)]);
  return texts.flatMap((localized) => [...digitValues(localized.zh), ...digitValues(localized.en)]).filter((n) => !available.has(n) && !exempt.has(n));
}

const inSomeClause = (needle: string, citations: readonly CitationRef[]) =>
  citedTexts(citations).some((text) => stripWhitespace(text).includes(stripWhitespace(needle)));

const leaves = leafConditions;
const lineageValues = (rule: RuleData) => leaves(rule.conditions).filter((leaf) => leaf.fact === 'industryLineage' && leaf.operator === 'contains').map((leaf) => String(leaf.value));
const groupValues = (rule: RuleData) => leaves(rule.conditions).filter((leaf) => leaf.fact === 'industryGroups' && leaf.operator === 'contains').map((leaf) => String(leaf.value));

const industryIds = new Set(data.industries.map((industry) => industry.id));
const groupIds = new Set(data.groups.map((group) => group.id));
const targetsById = new Map(data.targets.map((target) => [target.id, target]));
const descendants = (id: string) => data.industries.filter((industry) => catalog.lineage(industry.id).some((a) => a.id === id)).map((industry) => industry.id);

const allCitations = [
  ...data.groups.map((group) => ({ where: `group ${group.id}`, citations: group.citations })),
  ...data.industries.map((industry) => ({ where: `industry ${industry.id}`, citations: industry.citations })),
  ...data.targets.map((target) => ({ where: `target ${target.id}`, citations: target.citations })),
  ...data.rules.map((rule) => ({ where: `rule ${rule.name}`, citations: rule.event.params.citations })),
];

describe('rule data: citations', () => {
  it('every cited clause exists and every quote is verbatim text of its clause', () => {
    const problems: string[] = [];
    for (const { where, citations } of allCitations) {
      for (const citation of citations) {
        const clause = corpus.get(citation.id);
        if (!clause) problems.push(`${where}: no clause ${citation.id}`);
        else if (citation.quote !== undefined && !stripWhitespace(clause.text).includes(stripWhitespace(citation.quote))) {
          problems.push(`${where}: quote not in ${citation.id}: ${citation.quote}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every number in a rule event’s or target’s title and text (zh and en) appears in a clause it cites', () => {
    const problems: string[] = [];
    for (const rule of data.rules) {
      const missing = unsupportedNumbers([rule.event.params.title, rule.event.params.text], rule.event.params.citations);
      if (missing.length) problems.push(`rule ${rule.name}: ${missing.join(', ')}`);
    }
    for (const target of data.targets) {
      const missing = unsupportedNumbers([target.title, target.text], target.citations);
      if (missing.length) problems.push(`target ${target.id}: ${missing.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('the number check can fail: a figure the plan does not state is caught', () => {
    expect(unsupportedNumbers([{ zh: '普及率45%', en: '108,000 tonnes and 0.3' }], [{ id: '4.3.p2', quote: undefined }])).toEqual(['45', '0.3']);
  });

  it('every named technology (rules and targets) is written exactly as in a cited clause', () => {
    const problems: string[] = [];
    for (const rule of data.rules) {
      for (const technology of rule.event.params.technologies) {
        if (!inSomeClause(technology.zh, rule.event.params.citations)) problems.push(`rule ${rule.name}: ${technology.zh}`);
      }
    }
    for (const target of data.targets) {
      if (target.technology && !inSomeClause(target.technology.zh, target.citations)) problems.push(`target ${target.id}: ${target.technology.zh}`);
    }
    expect(problems).toEqual([]);
  });

  it('every industry and group name is written as in a clause it cites', () => {
    for (const industry of data.industries) expect(inSomeClause(industry.name.zh, industry.citations), industry.id).toBe(true);
  });
});

describe('rule data: industries', () => {
  it('ids, names and aliases are unique across industries, and no group is called like an industry (folded as the catalog looks them up)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const industry of data.industries) {
      for (const name of new Set([industry.id, industry.name.zh, industry.name.en, ...industry.aliases].map(foldName))) {
        const previous = owner.get(name);
        if (previous && previous !== industry.id) clashes.push(`"${name}": ${previous} and ${industry.id}`);
        owner.set(name, industry.id);
      }
    }
    for (const group of data.groups) {
      for (const name of [group.name.zh, group.name.en, ...group.aliases].map(foldName)) {
        if (owner.has(name)) clashes.push(`"${name}": group ${group.id} and industry ${owner.get(name)}`);
      }
    }
    expect(clashes).toEqual([]);
    expect(industryIds.size).toBe(data.industries.length);
    expect(new Set(data.groups.map((g) => g.id)).size).toBe(data.groups.length);
  });

  it('every name and alias resolves to its own industry', () => {
    for (const industry of data.industries) {
      for (const name of [industry.id, industry.name.zh, industry.name.en, ...industry.aliases]) expect(catalog.resolve(name)?.id, name).toBe(industry.id);
    }
  });

  it('parents and groups exist; parent chains end', () => {
    for (const industry of data.industries) {
      if (industry.parent) expect(industryIds.has(industry.parent), `${industry.id} parent`).toBe(true);
      for (const group of industry.groups) expect(groupIds.has(group), `${industry.id} group ${group}`).toBe(true);
      const chain = catalog.lineage(industry.id);
      expect(chain.at(-1)?.parent, `${industry.id} has a parent cycle`).toBeUndefined();
    }
    for (const group of data.groups) for (const member of group.includes) expect(groupIds.has(member)).toBe(true);
  });

  it('footnotes ① and ② are complete: each listed industry exists, in its group, and the counts are 11 and 8', () => {
    const listed = (id: string, from: string, to: string) => {
      const text = clauseText(id);
      return text.slice(text.indexOf(from) + from.length, text.indexOf(to)).split('、');
    };
    const fn1 = listed('fn1', '①指', '11个行业');
    const fn2 = listed('fn2', '确定的', '8个行业');
    expect(fn1).toHaveLength(11);
    expect(fn2).toHaveLength(8);
    for (const [names, group] of [[fn1, 'major-pollutant'], [fn2, 'heavy-metal']] as const) {
      for (const name of names) {
        const industry = data.industries.find((candidate) => candidate.name.zh === name);
        expect(industry, name).toBeDefined();
        expect(industry!.groups, name).toContain(group);
        expect(catalog.groupsOf(industry!.id), name).toContain('key');
      }
      expect(data.industries.filter((industry) => industry.groups.includes(group))).toHaveLength(names.length);
    }
  });

  it('sub-industries inherit: 铅蓄电池 is a 电池 and so a heavy-metal and key industry', () => {
    expect(catalog.lineage('lead-acid-battery').map((industry) => industry.id)).toEqual(['lead-acid-battery', 'battery']);
    expect(catalog.groupsOf('lead-acid-battery')).toEqual(expect.arrayContaining(['heavy-metal', 'key']));
    expect(catalog.resolve('铅酸电池')?.id).toBe('lead-acid-battery');
  });

  it('every industry the plan names in 三（二）、三（三） and 四 is in the catalog and has a technology or substitution rule', () => {
    const clauses = corpus.clauses.filter((clause) => /^(3\.2\.p[4-8]|3\.3\.p[2-4]|4\.\d\.p\d)$/u.test(clause.id));
    const covered = new Set(data.rules.filter((rule) => ['technology', 'substitution'].includes(rule.event.type)).flatMap(lineageValues));
    const uncovered = new Set<string>();
    for (const clause of clauses) {
      for (const mention of catalog.findInText(clause.text)) {
        if (!catalog.lineage(mention.industry.id).some((industry) => covered.has(industry.id))) uncovered.add(`${mention.industry.id} (${clause.id}: ${mention.matched})`);
      }
    }
    expect([...uncovered]).toEqual([]);
    // every "X行业" the plan writes in these clauses names a known industry
    const unknown = clauses.flatMap((clause) =>
      [...clause.text.replaceAll('全行业', '').matchAll(/([^，,。；、：—\s和的]+?)(?:生产)?行业/gu)]
        .map((match) => match[1]!.replace(/^(?:在|针对|对于|以|推广|研发|完成)/u, '').replace(/等$/u, ''))
        .filter((name) => name && !catalog.resolve(name)),
    );
    expect(unknown).toEqual([]);
  });
});

describe('rule data: targets', () => {
  const penetration = data.targets.filter((target) => target.kind === 'penetration');
  const linked = new Map<string, RuleData[]>();
  for (const rule of data.rules) for (const id of rule.event.params.targets) linked.set(id, [...(linked.get(id) ?? []), rule]);

  it('target ids and rule names are unique', () => {
    expect(targetsById.size).toBe(data.targets.length);
    expect(new Set(data.rules.map((rule) => rule.name)).size).toBe(data.rules.length);
  });

  it('every industry a target names exists', () => {
    for (const target of data.targets) for (const id of target.industries) expect(industryIds.has(id), `${target.id}: ${id}`).toBe(true);
  });

  it('figures are written as in a cited clause and their value is the written number', () => {
    for (const target of data.targets) {
      for (const figure of [target.target, target.baseline].filter((f) => f !== undefined)) {
        expect(inSomeClause(figure.text, target.citations), `${target.id}: ${figure.text}`).toBe(true);
        expect(numbers(figure.text).map(Number), target.id).toEqual([figure.value]);
        expect(figure.text, `${target.id}: unit`).toContain(`${figure.value}${figure.unit}`);
      }
      expect(target.target.year, target.id).toBe(PLAN_END);
    }
  });

  it('comparators follow the words: [>x%] and 超过 are strict; 不低于, 以上 and bare figures are "at least"', () => {
    for (const target of data.targets) {
      const text = target.target.text;
      const expected = text.includes('>') || text.includes('超过') ? '>' : '>=';
      expect(target.target.comparator, `${target.id}: ${text}`).toBe(expected);
    }
  });

  it('Table 1: every row with a 2015 figure is one table1 target, with its baseline and the bracket note', () => {
    const rows = corpus.clauses.filter((clause) => clause.kind === 'table-row' && /\d/u.test(clause.text) && clause.id !== 't1.header');
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      const targets = data.targets.filter((target) => target.kind === 'table1' && target.citations.some((citation) => citation.id === row.id));
      expect(targets, row.id).toHaveLength(1);
      const target = targets[0]!;
      const [baseline] = row.text.match(/^[^[]*\[([^\]]+)\](?=.*\d)/u)?.slice(1) ?? [];
      const hasBaseline = /^[^—]*\[[\d.]+(?:%|万吨)\]/u.test(row.text);
      expect(target.baseline !== undefined, `${row.id} baseline`).toBe(hasBaseline);
      if (hasBaseline) {
        expect(target.baseline!.text, row.id).toBe(`[${baseline}]`);
        expect(target.citations.map((c) => c.id), row.id).toContain('t1.note');
      }
    }
    for (const id of ['t1-training', 't1-audit', 't1-retrofit', 't1-advanced']) expect(targetsById.get(id)?.target.comparator, id).toBe('>');
  });

  it('二（三）’s sentences are kept beside Table 1, sharing its indicator keys, not reconciled', () => {
    const pairs: Array<[string, string, string, string]> = [
      ['t1-training', 'training-above-scale-heads', '>', '>'],
      ['t1-audit', 'audit-passed-share', '>', '>='],
      ['t1-retrofit', 'retrofit-rate', '>', '>='],
      ['t1-advanced', 'advanced-enterprise-share', '>', '>='],
      ['t1-demo', 'demo-enterprises', '>=', '>='],
    ];
    for (const [table, sentence, tableComparator, sentenceComparator] of pairs) {
      expect(targetsById.get(table)!.indicator).toBe(targetsById.get(sentence)!.indicator);
      expect(targetsById.get(table)!.target.comparator).toBe(tableComparator);
      expect(targetsById.get(sentence)!.target.comparator).toBe(sentenceComparator);
    }
    expect(targetsById.get('training-key-heads')!.target).toMatchObject({ value: 90, comparator: '>=' });
    expect(data.targets.filter((t) => t.kind === 'demonstration' && t.citations.some((c) => c.id === '5.2.p2'))).toHaveLength(1);
  });

  // "均达到X%" sets one figure for several technologies: how many, counted by hand from the clause.
  const SHARED_FIGURES: Record<string, number> = { '4.4.p1': 2, '4.6.p2': 3, '4.7.p2': 2 };
  const projectClauses = corpus.clauses.filter((clause) => /^4\.\d\.p\d$/u.test(clause.id));

  it('四: every percentage of the seven key projects is a penetration target citing its clause (均 counted per technology)', () => {
    let expectedCount = 0;
    for (const clause of projectClauses) {
      const written = [...clause.text.matchAll(/(\d+)%/gu)].map((match) => Number(match[1]));
      if (written.length === 0) continue;
      const shared = clause.text.match(/均达到(\d+)%/u);
      const expected = [...written];
      if (shared) for (let i = 1; i < SHARED_FIGURES[clause.id]!; i++) expected.push(Number(shared[1]));
      const actual = penetration.filter((target) => target.citations[0]!.id === clause.id).map((target) => target.target.value);
      expect(actual.sort((a, b) => a - b), clause.id).toEqual(expected.sort((a, b) => a - b));
      expectedCount += expected.length;
    }
    expect(penetration).toHaveLength(expectedCount);
    expect(expectedCount).toBe(25);
  });

  it('四: every reduction amount (…吨/年) is a reduction target with that figure', () => {
    for (const clause of projectClauses) {
      for (const match of clause.text.matchAll(/(\d+(?:\.\d+)?)(万吨|吨)\/年/gu)) {
        const found = data.targets.filter(
          (target) => target.kind === 'reduction' && target.target.value === Number(match[1]) && target.target.unit === `${match[2]}/年` && target.citations.some((c) => c.id === clause.id),
        );
        expect(found, `${clause.id}: ${match[0]}`).toHaveLength(1);
      }
    }
    expect(data.targets.filter((target) => target.kind === 'reduction')).toHaveLength(9);
  });

  it('penetration targets: one industry, a technology, %, at least, 2015; each linked from a technology rule of that industry listing that technology', () => {
    for (const target of penetration) {
      expect(target.industries, target.id).toHaveLength(1);
      expect(target.technology, target.id).toBeDefined();
      expect(target.target).toMatchObject({ unit: '%', comparator: '>=', year: PLAN_END });
      const rules = (linked.get(target.id) ?? []).filter((rule) => rule.event.type === 'technology');
      expect(rules.length, `${target.id} is linked from no technology rule`).toBeGreaterThan(0);
      for (const rule of rules) {
        expect(lineageValues(rule), `${rule.name} → ${target.id}`).toContain(target.industries[0]);
        expect(rule.event.params.technologies.map((t) => t.zh), `${rule.name} → ${target.id}`).toContain(target.technology!.zh);
      }
    }
  });
});

describe('rule data: eligibility rules', () => {
  it('every target a rule links exists; every industry and group a condition names exists', () => {
    for (const rule of data.rules) {
      for (const id of rule.event.params.targets) expect(targetsById.has(id), `${rule.name} → ${id}`).toBe(true);
      for (const id of lineageValues(rule)) expect(industryIds.has(id), `${rule.name}: ${id}`).toBe(true);
      for (const id of groupValues(rule)) expect(groupIds.has(id), `${rule.name}: ${id}`).toBe(true);
    }
  });

  it('no condition needs a fact to be false or absent: flags are tested "equal true", industry facts with "contains"; an exclusion ("not", "doesNotContain") only where the rule’s note says why', () => {
    const excluding = (condition: unknown): boolean => JSON.stringify(condition).includes('"not":') || JSON.stringify(condition).includes('"doesNotContain"');
    for (const rule of data.rules) {
      if (excluding(rule.conditions)) expect(rule.note, `${rule.name} excludes something: its note says why`).toBeTruthy();
      for (const leaf of leaves(rule.conditions)) {
        if ((PROFILE_FLAGS as readonly string[]).includes(leaf.fact)) expect(leaf, rule.name).toMatchObject({ operator: 'equal', value: true });
        else expect(['contains', 'doesNotContain'], rule.name).toContain(leaf.operator);
      }
    }
  });

  it('technology and substitution items say their stage; technology items list their technologies', () => {
    for (const rule of data.rules.filter((r) => r.event.type === 'technology')) {
      expect(rule.event.params.stage, rule.name).toBeDefined();
      expect(rule.event.params.technologies.length, rule.name).toBeGreaterThan(0);
    }
    // the one substitution without a stage is a control (严格控制…含量), not research, promotion or demonstration
    expect(data.rules.filter((r) => r.event.type === 'substitution' && !r.event.params.stage).map((r) => r.name)).toEqual(['subst-chlorinated-paraffin-control']);
  });

  it('items and targets name no industry other than their own (its ancestors and sub-industries aside)', () => {
    const problems: string[] = [];
    const check = (where: string, texts: Localized[], own: string[]) => {
      const allowed = new Set(own.flatMap((id) => [...catalog.lineage(id).map((i) => i.id), ...descendants(id)]));
      for (const text of texts) {
        for (const mention of [...catalog.findInText(text.zh), ...catalog.findInText(text.en)]) {
          if (!allowed.has(mention.industry.id)) problems.push(`${where}: names ${mention.industry.id} ("${mention.matched}")`);
        }
      }
    };
    for (const rule of data.rules) check(`rule ${rule.name}`, [rule.event.params.title, rule.event.params.text, ...rule.event.params.technologies], lineageValues(rule));
    for (const target of data.targets as Target[]) check(`target ${target.id}`, [target.title, target.text], target.industries);
    expect(problems).toEqual([]);
  });

  it('every industry-specific technology of the plan is covered: each 研发/推广/示范 clause of 三（二） is cited by a rule of the same stage', () => {
    const stages: Array<[string, RegExp, string]> = [
      ['research', /研发/u, '3.2.p4 3.2.p5 3.2.p6 3.2.p7 3.2.p8'],
      ['promote', /推广/u, '3.2.p4 3.2.p5 3.2.p6 3.2.p7 3.2.p8'],
      ['demonstrate', /示范/u, '3.2.p8'],
    ];
    for (const [stage, verb, ids] of stages) {
      for (const id of ids.split(' ')) {
        expect(verb.test(clauseText(id)), id).toBe(true);
        const citing = data.rules.filter((rule) => rule.event.params.stage === stage && rule.event.params.citations.some((c) => c.id === id));
        expect(citing.length, `${stage} ${id}`).toBeGreaterThan(0);
      }
    }
  });

  it('the must-have items exist with the right conditions', () => {
    const rule = (name: string) => data.rules.find((r) => r.name === name)!;
    expect(groupValues(rule('audit-heavy-metal-biennial'))).toEqual(['heavy-metal']);
    expect(leaves(rule('audit-heavy-metal-biennial').conditions)).toHaveLength(1); // no size condition
    expect(leaves(rule('audit-major-pollutant-above-scale').conditions).map((l) => l.fact).sort()).toEqual(['aboveDesignatedSize', 'industryGroups']);
    expect(rule('audit-major-pollutant-above-scale').conditions).toHaveProperty('all');
    expect(leaves(rule('audit-central-soe').conditions).map((l) => l.fact)).toEqual(['centralSoe']);
    const incentives = data.rules.filter((r) => r.event.type === 'incentive');
    for (const clause of ['5.1.p1', '5.1.p2', '5.1.p3', '5.1.p4', '5.2.p2', '5.3.p1', '5.3.p2', '5.3.p3', '5.3.p4', '5.4.p2']) {
      expect(incentives.some((r) => r.event.params.citations.some((c) => c.id === clause)), clause).toBe(true);
    }
  });
});
