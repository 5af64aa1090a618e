import type { AskInput as AskRequest } from '../src/answer/types.js';
import type { Profile } from '../src/rules/profile.js';

/**
 * The requests the benchmark rotates through: the same mix in process and over HTTP, so
 * that the ratios compare like with like. Realistic rather than adversarial: the kinds of
 * enterprise profile and question the README and the evaluation set show.
 */

export interface EligibilityCase {
  profile: Profile;
  lang: 'zh' | 'en';
}

export const PROFILES: readonly EligibilityCase[] = [
  { profile: { industry: '电镀', aboveDesignatedSize: true }, lang: 'zh' },
  { profile: { industry: 'lead-acid battery', sme: true }, lang: 'en' },
  { profile: { industry: '钢铁', centralSoe: true, aboveDesignatedSize: true }, lang: 'zh' },
  { profile: { industry: '纺织染整', aboveDesignatedSize: true, provincialPark: true }, lang: 'zh' },
  { profile: { industry: 'papermaking' }, lang: 'en' },
  { profile: { industry: '皮革', sme: true, auditPassed: false }, lang: 'zh' },
  { profile: {}, lang: 'zh' },
  { profile: { industry: '荧光灯', stateOwned: true }, lang: 'zh' },
  { profile: { industry: 'cement plant', aboveDesignatedSize: false, provincialPark: true }, lang: 'en' },
  {
    profile: { industry: '电解锰', aboveDesignatedSize: true, centralSoe: false, stateOwned: true, sme: false, provincialPark: true, auditPassed: true },
    lang: 'zh',
  },
  { profile: { industry: '家具制造', sme: true }, lang: 'zh' },
];

export const QUESTIONS: readonly AskRequest[] = [
  { question: '我们是一家规模以上的电镀企业，多久需要做一次清洁生产审核？' },
  { question: 'Our province trained 45% of heads of above-scale enterprises. Is that on target?' },
  { question: '规划的七项重点工程分别是什么？' },
  { question: 'Which industries must carry out a cleaner production audit every two years?' },
  { question: '我们是一家皮革企业，规划对我们推广什么铬污染削减技术，目标是多少？' },
  { question: 'What does the plan say about green credit?' },
  { question: '规划要求2015年汞使用量削减800吨，对吗？' },
  { question: '那我们需要推广哪些技术？', history: [{ role: 'user', content: '我们是铅蓄电池企业' }] },
  { question: 'We make fluorescent lamps. What mercury reduction technology does the plan promote, and what is the target?' },
  { question: '什么是产品生态设计？' },
  { question: '我们需要开展清洁生产审核吗？', profile: { industry: '纺织染整', aboveDesignatedSize: true } },
  { question: '“十三五”规划的汞削减目标是多少？' },
  { question: 'Do we need to carry out a cleaner production audit?' },
];

/** The same questions as a chat client sends them to POST /v1/chat/completions (history as earlier messages). */
export const CHATS = QUESTIONS.map((request) => ({
  model: 'cleaner-production-12th',
  messages: [...(request.history ?? []), { role: 'user', content: request.question }],
  ...(request.profile ? { profile: request.profile } : {}),
}));

/** What retrieval is timed on: the questions' own text (the assistant searches a rewritten form of it). */
export const SEARCH_QUERIES: readonly string[] = QUESTIONS.map((request) => request.question);
