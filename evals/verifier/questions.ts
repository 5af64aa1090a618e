/**
 * Questions of our own for the verifier set, on top of the eval cases: every industry's
 * duties, targets, checks and lists, in both languages, so that the set keeps its size and
 * spread whatever the eval cases become.
 */
export interface SetQuestion {
  id: string;
  question: string;
  history?: Array<{ role: 'user' | 'assistant'; content: string }>;
}

const zh: Array<[string, string]> = [
  ['zh-q-steel', '我们是规模以上钢铁企业，规划对我们有哪些要求？'],
  ['zh-q-cement-tech', '我们是规模以上水泥企业，需要推广哪些技术？'],
  ['zh-q-paper', '我们是一家规模以上造纸企业，适用哪些清洁生产要求？'],
  ['zh-q-leather', '我们是皮革企业，规划有哪些技术和审核要求？'],
  ['zh-q-chromium', '我们是铬盐生产企业，需要做什么？'],
  ['zh-q-pvc', '我们是电石法聚氯乙烯企业，汞削减有什么要求？'],
  ['zh-q-lighting', '我们生产荧光灯，规划有哪些要求？'],
  ['zh-q-manganese', '我们是电解锰企业，需要推广什么技术？'],
  ['zh-q-lead-zinc', '我们是铅锌冶炼企业，规划要求我们做什么？'],
  ['zh-q-battery', '我们是规模以上铅酸电池企业，适用哪些要求？'],
  ['zh-q-rare-earth', '我们是稀土冶炼分离企业，有哪些技术要求？'],
  ['zh-q-fermentation', '我们是规模以上啤酒企业，适用哪些清洁生产要求？'],
  ['zh-q-textile', '我们是规模以上印染企业，需要推广哪些技术？'],
  ['zh-q-pesticide', '我们是农药生产企业，规划推广哪些技术？'],
  ['zh-q-sme-support', '我们是中小企业，有哪些资金支持？'],
  ['zh-q-mercury', '汞使用量削减目标是多少？'],
  ['zh-q-cod', '化学需氧量产生量要削减多少？'],
  ['zh-q-lead', '铅污染物产生量削减目标是多少？'],
  ['zh-q-chromium-target', '铬污染物削减目标是多少？'],
  ['zh-q-audit-rate', '规模以上工业企业通过清洁生产审核的比例目标是多少？'],
  ['zh-q-retrofit', '审核报告中技改项目实施率的目标是多少？'],
  ['zh-q-demo', '规划要培育多少家清洁生产示范企业？'],
  ['zh-q-check-audit-25', '我省规模以上工业企业通过清洁生产审核的比例是25%，达标了吗？'],
  ['zh-q-check-retrofit-65', '我们省审核报告中技改项目实施率为65%，是否达到目标？'],
  ['zh-q-check-training-60', '我省规模以上企业负责人培训比例为60%，达到规划目标了吗？'],
  ['zh-q-list-eleven', '哪些行业属于与主要污染物减排紧密相关的行业？'],
  ['zh-q-list-heavy', '重金属污染防控行业有哪些？'],
  ['zh-q-paper-bleach', '纸浆无元素氯漂白技术普及率目标是多少？'],
  ['zh-q-button-cell', '扣式碱性锌锰电池无汞化技术的普及率目标是多少？'],
  ['zh-q-sinter', '烧结烟气脱硫技术的普及率要达到多少？'],
];

const en: Array<[string, string]> = [
  ['en-q-steel', 'We are an above-scale iron and steel company. What does the plan require of us?'],
  ['en-q-cement-tech', 'We are an above-scale cement plant. Which technologies should we adopt?'],
  ['en-q-paper', 'We run an above-scale paper mill. Which cleaner production requirements apply to us?'],
  ['en-q-leather', 'We are a tannery. What technologies and audits does the plan require?'],
  ['en-q-chromium', 'We produce chromium salts. What must we do under the plan?'],
  ['en-q-pvc', 'We make calcium carbide PVC. What does the plan say about mercury for us?'],
  ['en-q-lighting', 'We manufacture fluorescent lamps. What applies to us?'],
  ['en-q-manganese', 'We are an electrolytic manganese producer. Which technologies should we promote?'],
  ['en-q-lead-zinc', 'We are a lead and zinc smelter. What does the plan require of us?'],
  ['en-q-battery', 'We are an above-scale lead-acid battery maker. What applies to us?'],
  ['en-q-rare-earth', 'We separate rare earths. Which technologies does the plan require?'],
  ['en-q-brewery', 'We are an above-scale brewery. Which cleaner production requirements apply?'],
  ['en-q-textile', 'We are an above-scale textile dyeing company. Which technologies should we adopt?'],
  ['en-q-pesticide', 'We produce pesticides. Which technologies does the plan promote for us?'],
  ['en-q-sme-support', 'We are an SME. What funding support can we get?'],
  ['en-q-mercury', 'What is the target for reducing mercury use?'],
  ['en-q-cod', 'How much should chemical oxygen demand generation be cut?'],
  ['en-q-lead', 'What is the reduction target for lead pollutants?'],
  ['en-q-audit-rate', 'What share of above-scale industrial enterprises were to pass a cleaner production audit?'],
  ['en-q-retrofit', 'What was the target implementation rate of retrofit projects proposed in audit reports?'],
  ['en-q-demo', 'How many cleaner production demonstration enterprises did the plan aim for?'],
  ['en-q-check-audit-25', 'In our province 25% of above-scale industrial enterprises passed a cleaner production audit. Is that on target?'],
  ['en-q-check-retrofit-65', 'Our retrofit implementation rate from audit reports is 65%. Does that meet the target?'],
  ['en-q-check-training-60', 'We trained 60% of heads of above-scale enterprises. Is that enough?'],
  ['en-q-list-eleven', 'Which industries are closely related to major-pollutant reduction?'],
  ['en-q-list-heavy', 'Which are the heavy-metal pollution prevention and control industries?'],
  ['en-q-paper-bleach', 'What is the penetration target for elemental chlorine-free pulp bleaching?'],
  ['en-q-button-cell', 'What is the penetration target for mercury-free alkaline button cells?'],
  ['en-q-sinter', 'What penetration should sintering flue gas desulfurization reach?'],
  ['en-q-two-year', 'Which industries must audit every two years?'],
];

export const SET_QUESTIONS: SetQuestion[] = [...zh, ...en].map(([id, question]) => ({ id, question }));
