import type { Language } from '../language.js';
import type { Citation } from '../rules/citations.js';
import type { IndustryCatalog } from '../rules/industries.js';
import type { ProfileField } from '../rules/profile.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { ItemKind, Localized } from '../rules/schema.js';
import { bestExcerpt } from './excerpt.js';
import type { GlossaryMatcher } from './glossary-matcher.js';
import { FIELD_NAMES, type AnswerPlan, type Fact } from './facts.js';
import type { Understanding } from './understand.js';

export interface Composition {
  answer: string;
  citations: Citation[];
}

/** Numbers citations in order of first use; the same quote keeps its number. */
export class CitationList {
  readonly items: Citation[] = [];
  marker(citations: readonly Citation[]): string {
    return citations
      .map((citation) => {
        let index = this.items.findIndex((item) => item.id === citation.id && item.quote === citation.quote);
        if (index < 0) index = this.items.push(citation) - 1;
        return `[${index + 1}]`;
      })
      .join('');
  }
}

const TOPIC_WORDS: Record<ItemKind, Localized> = {
  audit: { zh: '清洁生产审核要求', en: 'cleaner production audit obligations' },
  training: { zh: '培训要求', en: 'training requirements' },
  technology: { zh: '技术要求', en: 'technologies' },
  substitution: { zh: '有毒有害原料替代要求', en: 'toxic-substance substitutions' },
  incentive: { zh: '支持和激励措施', en: 'incentives' },
  target: { zh: '目标', en: 'targets' },
};

/** How the answer words each profile flag: as a description of the enterprise, and as a condition. */
const FLAG_WORDING: Record<Exclude<ProfileField, 'industry'>, { yes: Localized; no: Localized; condition: Localized }> = {
  aboveDesignatedSize: {
    yes: { zh: '规模以上', en: 'above designated size' },
    no: { zh: '规模以下', en: 'below designated size' },
    condition: { zh: '贵企业是规模以上工业企业', en: 'you are an industrial enterprise above designated size' },
  },
  centralSoe: {
    yes: { zh: '中央企业所属', en: 'part of a central SOE' },
    no: { zh: '非中央企业所属', en: 'not part of a central SOE' },
    condition: { zh: '贵企业属于中央企业所属工业企业', en: 'you belong to a central SOE' },
  },
  stateOwned: {
    yes: { zh: '国有', en: 'state-owned' },
    no: { zh: '非国有', en: 'not state-owned' },
    condition: { zh: '贵企业是国有企业', en: 'you are state-owned' },
  },
  sme: {
    yes: { zh: '中小企业', en: 'an SME' },
    no: { zh: '非中小企业', en: 'not an SME' },
    condition: { zh: '贵企业是中小企业', en: 'you are an SME' },
  },
  provincialPark: {
    yes: { zh: '位于省级以上工业园区', en: 'in a provincial-level industrial park' },
    no: { zh: '不在省级以上工业园区', en: 'not in a provincial-level industrial park' },
    condition: { zh: '贵企业位于省级以上工业园区', en: 'you are in a provincial-level or higher industrial park' },
  },
  auditPassed: {
    yes: { zh: '已通过清洁生产审核评估', en: 'has passed a cleaner production audit assessment' },
    no: { zh: '尚未通过清洁生产审核评估', en: 'has not passed a cleaner production audit assessment' },
    condition: { zh: '贵企业已通过清洁生产审核评估', en: 'you have passed a cleaner production audit assessment' },
  },
};

function describeProfile(plan: AnswerPlan, ruleSet: RuleSet, language: Language): string {
  const industry = plan.profile.industry ? ruleSet.catalog.resolve(plan.profile.industry) : undefined;
  const flags = (Object.keys(FLAG_WORDING) as Array<keyof typeof FLAG_WORDING>)
    .filter((flag) => plan.profile[flag] !== undefined)
    .map((flag) => FLAG_WORDING[flag][plan.profile[flag] ? 'yes' : 'no'][language]);
  if (language === 'zh') {
    const who = industry ? `${industry.name.zh}行业` : '';
    return `${who}${flags.length ? `（${flags.join('、')}）` : ''}企业`;
  }
  const name = industry ? industry.name.en.charAt(0).toLowerCase() + industry.name.en.slice(1) : '';
  const who = industry ? `an enterprise in ${name}` : 'an enterprise';
  return `${who}${flags.length ? ` (${flags.join(', ')})` : ''}`;
}

function factLine(fact: Fact, citations: CitationList, language: Language, index: number): string {
  const lines = [`${index}. ${fact.title[language]}${language === 'zh' ? '：' : ': '}${fact.text[language]}${citations.marker(fact.citations)}`];
  for (const detail of fact.details ?? []) {
    lines.push(`   ${language === 'zh' ? '目标' : 'Target'}${language === 'zh' ? '：' : ': '}${detail.text[language]}${citations.marker(detail.citations)}`);
  }
  return lines.join('\n');
}

function askFor(needs: readonly ProfileField[], language: Language): string {
  const names = needs.map((field) => FIELD_NAMES[field][language]);
  return language === 'zh'
    ? `这个问题的答案取决于贵企业的情况。请告诉我：${names.join('；')}。${needs.includes('industry') ? '（例如：电镀、造纸、铅蓄电池、钢铁）' : ''}`
    : `The answer depends on your enterprise. Please tell me ${names.join('; ')}.${needs.includes('industry') ? ' (for example: electroplating, papermaking, lead-acid batteries, iron and steel)' : ''}`;
}

const OUT_OF_SCOPE: Record<string, { zh: string; en: string }> = {
  'other-period': {
    zh: '这个问题涉及其他时期。本助手只依据《工业清洁生产推行“十二五”规划》作答，该规划只规定了“十二五”期间的目标，没有其他时期的目标。',
    en: 'That question is about another period. I answer only from the Industrial Cleaner Production Plan for the twelfth Five-Year Plan period, which sets no targets for other periods.',
  },
  'other-plan': {
    zh: '这个问题涉及其他规划或政策。本助手只依据《工业清洁生产推行“十二五”规划》作答，无法回答其他规划或政策的内容。',
    en: 'That question is about another plan or policy. I answer only from the Industrial Cleaner Production Plan for the twelfth Five-Year Plan period and cannot speak for other policies.',
  },
  default: {
    zh: '这个问题超出了《工业清洁生产推行“十二五”规划》的范围，我无法据此作答。您可以问我：企业适用哪些清洁生产审核、培训、技术和支持政策，规划的各项目标，或某个数字是否达到规划目标。',
    en: 'That question is outside the Industrial Cleaner Production Plan for the twelfth Five-Year Plan period, so I cannot answer it. You can ask me what audits, training, technologies and incentives apply to an enterprise, what the plan’s targets are, or whether a figure meets them.',
  },
};

/** Deterministic wording of an answer plan, in the question's language, with [n] markers. */
export function composeOffline(plan: AnswerPlan, understanding: Understanding, ruleSet: RuleSet, glossary: GlossaryMatcher): Composition {
  const language = understanding.language;
  const citations = new CitationList();
  const zh = language === 'zh';
  const lines: string[] = [];
  const period = plan.facts.find((fact) => fact.kind === 'period');
  const facts = plan.facts.filter((fact) => fact.kind !== 'period');

  if (plan.status === 'out_of_scope') {
    const text = OUT_OF_SCOPE[plan.note ?? 'default'] ?? OUT_OF_SCOPE.default!;
    return { answer: text[language], citations: [] };
  }

  if (plan.status === 'needs_info') {
    if (plan.note === 'unknown-industry') {
      lines.push(zh ? `规划中没有找到“${plan.profile.industry}”这个行业。` : `The plan does not name the industry “${plan.profile.industry}”.`);
    }
    lines.push(askFor(plan.needs ?? ['industry'], language));
    if (facts.length > 0) {
      lines.push(zh ? '不论行业，以下内容适用：' : 'Whatever your industry, these apply:');
      facts.forEach((fact, index) => lines.push(factLine(fact, citations, language, index + 1)));
    }
    return { answer: lines.join('\n'), citations: citations.items };
  }

  // Passages of the plan are quoted the same way whatever was asked.
  if (facts.length > 0 && facts.every((fact) => fact.kind === 'quote')) {
    composeQuotes(facts, understanding, citations, lines, glossary, ruleSet.catalog);
    if (period) lines.push(period.text[language]);
    return { answer: lines.join('\n'), citations: citations.items };
  }

  switch (plan.intent) {
    case 'check':
    case 'claim': {
      const checks = facts.filter((fact) => fact.kind === 'check' || fact.kind === 'claim');
      if (checks.length > 0) {
        if (checks.some((fact) => fact.kind === 'claim')) {
          const confirmed = checks.some((fact) => fact.confirmed);
          lines.push(
            confirmed
              ? zh ? '是的，规划中的数字与此一致：' : 'Yes, the plan says so:'
              : zh ? '规划中的数字与问题中的说法不一致。规划的原文是：' : 'That is not what the plan says. The plan’s figures are:',
          );
          checks.forEach((fact, index) => lines.push(`${index + 1}. ${fact.title[language]}${zh ? '：' : ': '}${fact.text[language]}${citations.marker(fact.citations)}`));
        } else {
          lines.push(zh ? '对照规划目标的核对结果：' : 'Checked against the plan’s targets:');
          checks.forEach((fact, index) => lines.push(`${index + 1}. ${fact.title[language]}${zh ? '：' : ': '}${fact.text[language]}${citations.marker(fact.citations)}`));
        }
        break;
      }
      // Falls through to targets when no figure could be checked.
      lines.push(zh ? '规划中的相关目标：' : 'The plan’s related targets:');
      facts.forEach((fact, index) => lines.push(factLine(fact, citations, language, index + 1)));
      break;
    }
    case 'list': {
      lines.push(zh ? '根据规划：' : 'According to the plan:');
      facts.forEach((fact, index) => lines.push(`${index + 1}. ${fact.title[language]}${zh ? '——' : ' — '}${fact.text[language]}${citations.marker(fact.citations)}`));
      break;
    }
    case 'applicability': {
      const who = describeProfile(plan, ruleSet, language);
      const topic = understanding.topics.length === 1 ? TOPIC_WORDS[understanding.topics[0]!][language] : zh ? '要求和政策' : 'obligations and measures';
      if (plan.note === 'no-items') {
        lines.push(zh ? `根据规划的规则，没有适用于${who}的${topic}。` : `Under the plan’s rules, no ${topic} apply to ${who}.`);
      } else {
        lines.push(zh ? `根据规划，适用于${who}的${topic}如下：` : `Under the plan, these ${topic} apply to ${who}:`);
        // A broad question lists what applies because of who you are in full; measures open
        // to any enterprise follow by title, each still cited.
        const specific = facts.filter((fact) => !fact.unconditional);
        const open = understanding.topics.length === 0 && specific.length > 0 ? facts.filter((fact) => fact.unconditional) : [];
        const full = open.length ? specific : facts;
        full.forEach((fact, index) => lines.push(factLine(fact, citations, language, index + 1)));
        if (open.length) {
          const titles = open.map((fact) => `${fact.title[language]}${citations.marker(fact.citations)}`).join(zh ? '；' : '; ');
          lines.push(zh ? `此外，规划对所有企业的一般支持措施：${titles}。` : `Besides, measures open to any enterprise: ${titles}.`);
        }
      }
      for (const { field, items } of plan.conditional ?? []) {
        if (field === 'industry') continue;
        const condition = FLAG_WORDING[field].condition[language];
        const titles = items.map((item) => `${item.title[language]}${citations.marker(item.citations)}`).join(zh ? '；' : '; ');
        lines.push(zh ? `另外，如果${condition}，还适用：${titles}。` : `If ${condition}, these also apply: ${titles}.`);
      }
      break;
    }
    default: {
      lines.push(zh ? '规划中的相关内容：' : 'What the plan says:');
      facts.forEach((fact, index) => lines.push(factLine(fact, citations, language, index + 1)));
    }
  }
  if (period) lines.push(period.text[language]);
  return { answer: lines.join('\n'), citations: citations.items };
}

function composeQuotes(facts: readonly Fact[], understanding: Understanding, citations: CitationList, lines: string[], glossary: GlossaryMatcher, catalog: IndustryCatalog): void {
  const zh = understanding.language === 'zh';
  lines.push(zh ? '规划中与此相关的内容：' : 'The plan addresses this in these passages (quoted in the original Chinese):');
  facts.forEach((fact, index) => {
    const clause = fact.citations[0]!;
    // An English question shares no characters with the plan: pick the passage by its terms' Chinese.
    const query = zh
      ? understanding.searchText
      : [...understanding.terms.map((term) => term.entry.zh), ...understanding.industries.map((industry) => industry.name.zh), ...understanding.years].join(' ');
    const excerpt = bestExcerpt(clause.quote, query);
    const marker = citations.marker([{ id: clause.id, quote: excerpt }]);
    if (zh) {
      lines.push(`${index + 1}. ${fact.title.zh}：“${excerpt}”${marker}`);
      return;
    }
    // English readers get the passage verbatim, with the plan's terms in it glossed.
    // A gloss may not bring a figure of its own ("十二五 = 12th Five-Year Plan").
    const terms = glossary.find(excerpt).filter((term) => !/\d/u.test(term.entry.en[0]!)).slice(0, 12).map((term) => `${term.entry.zh} = ${term.entry.en[0]}`);
    const industries = catalog.findInText(excerpt).map(({ industry }) => `${industry.name.zh} = ${industry.name.en}`);
    const glosses = [...industries, ...terms];
    const glossed = glosses.length ? ` (terms: ${glosses.join('; ')})` : '';
    lines.push(`${index + 1}. ${fact.title.en}: “${excerpt}”${marker}${glossed}`);
  });
}
