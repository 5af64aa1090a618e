import { pick, type Language } from '../language.js';
import type { EligibilityItem, EligibilityResult } from '../rules/engine.js';
import { labelCitations } from '../rules/citations.js';
import type { ResolvedTarget, RuleSet } from '../rules/rule-set.js';

/** API shapes: the rule data rendered in one language, citations kept verbatim. */
export function targetView(target: ResolvedTarget, ruleSet: RuleSet, language: Language) {
  return {
    id: target.id,
    kind: target.kind,
    indicator: target.indicator,
    title: pick(target.title, language),
    text: pick(target.text, language),
    industries: target.industries.map((id) => ({ id, name: pick(ruleSet.catalog.get(id)?.name ?? { zh: id, en: id }, language) })),
    ...(target.technology ? { technology: pick(target.technology, language) } : {}),
    ...(target.pollutant ? { pollutant: target.pollutant } : {}),
    ...(target.baseline
      ? {
          baseline: {
            value: target.baseline.value,
            unit: target.baseline.unit,
            year: target.baseline.year,
            text: target.baseline.text,
            ...(target.baseline.note ? { note: pick(target.baseline.note, language) } : {}),
          },
        }
      : {}),
    target: { ...target.target },
    citations: labelCitations(target.citations, ruleSet.corpus, language),
  };
}
export type TargetView = ReturnType<typeof targetView>;

export function itemView(item: EligibilityItem, ruleSet: RuleSet, language: Language) {
  return {
    id: item.id,
    kind: item.kind,
    ...(item.stage ? { stage: item.stage } : {}),
    title: pick(item.title, language),
    text: pick(item.text, language),
    technologies: item.technologies.map((technology) => pick(technology, language)),
    targets: item.targets.flatMap((id) => {
      const target = ruleSet.target(id);
      return target ? [targetView(target, ruleSet, language)] : [];
    }),
    citations: labelCitations(item.citations, ruleSet.corpus, language),
    why: item.why,
  };
}

export function eligibilityView(result: EligibilityResult, ruleSet: RuleSet, language: Language) {
  return {
    industry: result.industry
      ? { id: result.industry.id, name: pick(result.industry.name, language), lineage: result.industry.lineage, groups: result.industry.groups }
      : null,
    ...(result.unrecognizedIndustry ? { unrecognizedIndustry: result.unrecognizedIndustry } : {}),
    items: result.items.map((item) => itemView(item, ruleSet, language)),
    missing: result.missing,
    wouldApplyIf: result.wouldApplyIf.map(({ field, items }) => ({ field, items: items.map((item) => ({ id: item.id, kind: item.kind, title: pick(item.title, language) })) })),
  };
}

/** The plan period, said on every answer: the plan's targets were for 2015. */
export function periodView(ruleSet: RuleSet, language: Language) {
  const { start, end } = ruleSet.corpus.data.period;
  return {
    start,
    end,
    note:
      language === 'zh'
        ? `本规划期为${start}—${end}年（“十二五”），所列目标均为${end}年目标。`
        : `The plan covers ${start}–${end} (the 12th Five-Year Plan period); its targets were for ${end}.`,
  };
}
