import type { PlanPack } from '../plan/load.js';
import { format } from '../plan/template.js';
import { labelCitations } from '../rules/citations.js';
import type { EligibilityItem, EligibilityResult } from '../rules/engine.js';
import type { ResolvedTarget, RuleSet } from '../rules/rule-set.js';
import { pick, type Language } from '../text/languages.js';

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
    industry: result.industry ? { id: result.industry.id, name: pick(result.industry.name, language), lineage: result.industry.lineage, groups: result.industry.groups } : null,
    ...(result.unrecognizedIndustry ? { unrecognizedIndustry: result.unrecognizedIndustry } : {}),
    ...(result.candidates ? { candidates: result.candidates.map((candidate) => ({ id: candidate.id, name: pick(candidate.name, language) })) } : {}),
    items: result.items.map((item) => itemView(item, ruleSet, language)),
    missing: result.missing,
    wouldApplyIf: result.wouldApplyIf.map(({ field, items }) => ({ field, items: items.map((item) => ({ id: item.id, kind: item.kind, title: pick(item.title, language) })) })),
  };
}

/** The plan period, said on every answer: the plan's targets were for its last year. */
export function periodView(pack: PlanPack, language: Language) {
  const { start, end } = pack.meta.period;
  return { start, end, note: format(pack.messages[language].answer.period, { start, end }) };
}

/** A plan pack as GET /v1/plans lists it. */
export function planSummaryView(pack: PlanPack, language: Language, isDefault: boolean) {
  const { meta } = pack;
  return {
    id: meta.id,
    title: pick(meta.title, language),
    shortTitle: pick(meta.shortTitle, language),
    period: { start: meta.period.start, end: meta.period.end, name: pick(meta.period.name, language) },
    issuer: pick(meta.issuer, language),
    defaultLanguage: meta.defaultLanguage,
    default: isDefault,
    ...(meta.testData ? { testData: true } : {}),
    version: pack.version,
  };
}

/** A plan pack in full, for clients that build forms from it: its profile questions and industries. */
export function planView(pack: PlanPack, ruleSet: RuleSet, language: Language, isDefault: boolean) {
  return {
    ...planSummaryView(pack, language, isDefault),
    profile: {
      industry: { label: pick(pack.profile.industry.label, language), question: pick(pack.profile.industry.question, language) },
      flags: pack.profile.flags.map((flag) => ({ id: flag.id, label: pick(flag.label, language), question: pick(flag.question, language), description: flag.description })),
    },
    industries: ruleSet.catalog.industries.map((industry) => ({ id: industry.id, name: pick(industry.name, language), ...(industry.parent ? { parent: industry.parent } : {}) })),
    targetKinds: [...new Set(ruleSet.targets.map((target) => target.kind))],
  };
}
