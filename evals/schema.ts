import { z } from 'zod';

/** The kinds of question the evals cover; `npm run eval` reports a pass rate for each. */
export const CATEGORIES = [
  'eligibility',
  'target',
  'technology',
  'list',
  'check',
  'general',
  'multi-turn',
  'out-of-scope',
  'needs-info',
  'false-premise',
  'injection',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const STATUSES = ['answered', 'needs_info', 'out_of_scope'] as const;
export type AnswerStatus = (typeof STATUSES)[number];

/** Profile fields /v1/ask may ask for in `needs`. */
export const NEEDS_FIELDS = ['industry', 'aboveDesignatedSize', 'centralSoe', 'stateOwned', 'sme', 'provincialPark', 'auditPassed'] as const;

/**
 * The profile of the API (docs/api.md), kept here rather than imported from src: the evals test the
 * contract, and src/rules/profile.ts must not be loaded before @hono/zod-openapi (its
 * schema then lacks `.openapi`, and the app fails to build).
 */
const flag = z.boolean().optional();
export const profileSchema = z
  .object({
    industry: z.string().trim().min(1).max(100).optional(),
    aboveDesignatedSize: flag,
    centralSoe: flag,
    stateOwned: flag,
    sme: flag,
    provincialPark: flag,
    auditPassed: flag,
  })
  .strict();

/**
 * An expected fact as it must (or must not) appear in the answer. Matching ignores case,
 * whitespace around Chinese text, full/half width, thousands separators and "per cent";
 * a figure also matches its expanded form (65万吨 = 650000, 1.2 million = 1200000).
 * Numbers match whole (50 does not match 500 or 50.1); Latin words match whole words,
 * unless they end in `*`, which makes them a prefix ("batter*" matches "batteries");
 * a negated verdict is one word ("met" is not found in "not met").
 */
const factText = z
  .string()
  .min(1)
  .refine((text) => !text.slice(0, -1).includes('*'), 'only a trailing * (prefix match) is allowed');

const statusSchema = z.enum(STATUSES);

export const expectSchema = z
  .object({
    /** The status, or the statuses any of which is right (e.g. an injection that may be answered or refused). */
    status: z.union([statusSchema, z.array(statusSchema).min(1)]),
    /** Facts that must all be in the answer. */
    answerIncludesAll: z.array(factText).default([]),
    /** At least one of these must be in the answer. */
    answerIncludesAny: z.array(factText).default([]),
    /** For each group, at least one of its members must be in the answer (e.g. a verdict and a gap). */
    answerIncludesOneOfEach: z.array(z.array(factText).min(1)).default([]),
    /** Must not be in the answer: false or invented figures, other industries' facts. */
    answerExcludes: z.array(factText).default([]),
    /** At least one citation's clause id is among these (a heading stands for its section: any passage of it counts). */
    citesAny: z.array(z.string().min(1)).default([]),
    /** `needs` contains every one of these (needs_info). */
    needsAll: z.array(z.enum(NEEDS_FIELDS)).default([]),
    /** For each entry, some fact has all of these key/values (keep it loose: kinds; `kind` also matches `itemKind`). */
    factIncludes: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))).default([]),
    /**
     * A figure the user reports, checked against the plan's target: the verdict the answer
     * must give — `met`, `not_met`, or `mixed` (two targets of the same indicator disagree,
     * e.g. Table 1's ">30%" and the text's "不低于30%" at exactly 30%). Judged from the
     * response's check facts and from the answer's words, negations read.
     */
    verdict: z.enum(['met', 'not_met', 'mixed']).optional(),
    /** The figure the user reported, as the assistant must have read it (1,200 tonnes → { value: 1200, unit: "吨" }). */
    reported: z.object({ value: z.number(), unit: z.enum(['%', '吨', '万吨', '家']) }).strict().optional(),
    /** A claim about what the plan says: whether the plan confirms it (false: the answer corrects it). */
    confirmed: z.boolean().optional(),
  })
  .strict();
export type Expectation = z.infer<typeof expectSchema>;

export const turnSchema = z.object({ role: z.enum(['user', 'assistant']), content: z.string().min(1) }).strict();

export const evalCaseSchema = z
  .object({
    id: z.string().regex(/^(zh|en)-[a-z0-9][a-z0-9.-]*$/u, 'ids look like "zh-target-mercury"'),
    category: z.enum(CATEGORIES),
    language: z.enum(['zh', 'en']),
    question: z.string().min(1).max(2000),
    history: z.array(turnSchema).default([]),
    profile: profileSchema.default({}),
    expect: expectSchema,
    /** Clause ids that carry the answer: retrieval must find them in its top 5 (recall@5). */
    gold: z.array(z.string().min(1)).min(1).max(3).optional(),
    /** Why the case is what it is, when that is not obvious. */
    note: z.string().optional(),
  })
  .strict()
  .refine((c) => c.id.startsWith(`${c.language}-`), { message: 'the id starts with the language', path: ['id'] });
export type EvalCase = z.infer<typeof evalCaseSchema>;

export const caseFileSchema = z.object({ cases: z.array(evalCaseSchema).min(1) }).strict();

/**
 * How people write an industry, and what the assistant must make of it: one of the plan's
 * industries (by id), an ambiguity to ask about (the candidate ids; the user must be asked),
 * or none of the plan's industries (null).
 */
export const industryCaseSchema = z
  .object({
    id: z.string().regex(/^(zh|en)-[a-z0-9][a-z0-9.-]*$/u),
    text: z.string().min(1).max(100),
    expect: z.union([
      z.object({ industry: z.string().min(1) }).strict(),
      z.object({ industry: z.null() }).strict(),
      z.object({ ambiguous: z.array(z.string().min(1)).min(1) }).strict(),
    ]),
    note: z.string().optional(),
  })
  .strict();
export type IndustryCase = z.infer<typeof industryCaseSchema>;
export const industryCaseFileSchema = z.object({ cases: z.array(industryCaseSchema).min(1) }).strict();

/** One turn of a scripted conversation: what the user writes and what the response must show. */
export const dialogueTurnSchema = z
  .object({
    user: z.string().min(1).max(2000),
    expect: expectSchema,
    /** Profile fields the response's `profile` must carry, with these values. */
    profile: profileSchema.optional(),
    /** Profile fields the response's `profile` must not carry (nothing said states them). */
    profileAbsent: z.array(profileSchema.keyof()).default([]),
  })
  .strict();

/** A conversation of 2–4 turns, asked with the assistant's own earlier answers as history. */
export const dialogueSchema = z
  .object({
    id: z.string().regex(/^(zh|en)-[a-z0-9][a-z0-9.-]*$/u),
    language: z.enum(['zh', 'en']),
    note: z.string().optional(),
    turns: z.array(dialogueTurnSchema).min(2).max(4),
  })
  .strict()
  .refine((dialogue) => dialogue.id.startsWith(`${dialogue.language}-`), { message: 'the id starts with the language', path: ['id'] });
export type Dialogue = z.infer<typeof dialogueSchema>;
export const dialogueFileSchema = z.object({ $comment: z.string().optional(), dialogues: z.array(dialogueSchema).min(1) }).strict();
