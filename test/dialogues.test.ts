import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateResponse } from '../evals/evaluate.js';
import { dialogueFileSchema, type EvalCase } from '../evals/schema.js';
import { projectPath } from '../src/paths.js';
import { MAIN_PLAN, mainPack } from './support/packs.js';
import { postJson, testApp } from './support/services.js';

// Conversations as a user has them: each turn is asked with the assistant's own earlier answers as history.
const { dialogues } = dialogueFileSchema.parse(JSON.parse(readFileSync(projectPath('plans', MAIN_PLAN, 'tests', 'dialogues.json'), 'utf8')));
const corpus = mainPack().corpus;

type App = Awaited<ReturnType<typeof testApp>>;
let app: App;
beforeAll(async () => {
  app = await testApp();
});

describe('dialogues', () => {
  it('number at least 30, in both languages, with replies to needs_info', () => {
    expect(dialogues.length).toBeGreaterThanOrEqual(30);
    expect(new Set(dialogues.map((dialogue) => dialogue.id)).size).toBe(dialogues.length);
    expect(dialogues.filter((dialogue) => dialogue.language === 'en').length).toBeGreaterThanOrEqual(8);
    const replies = dialogues.filter((dialogue) => dialogue.turns.some((_turn, index) => index > 0 && dialogue.turns[index - 1]!.expect.status === 'needs_info'));
    expect(replies.length).toBeGreaterThanOrEqual(10);
  });

  for (const dialogue of dialogues) {
    it(`${dialogue.id}: ${dialogue.note ?? ''}`, async () => {
      const history: Array<{ role: 'user' | 'assistant'; content: string }> = [];
      for (const [index, turn] of dialogue.turns.entries()) {
        const response = await app.request('/v1/ask', postJson({ question: turn.user, history }));
        const body = (await response.json()) as { answer?: string; profile?: Record<string, unknown> };
        const testCase: EvalCase = { id: `${dialogue.id}.${index + 1}`, category: 'multi-turn', language: dialogue.language, question: turn.user, history: [...history], profile: {}, expect: turn.expect };
        const where = `turn ${index + 1} "${turn.user}" → ${body.answer ?? JSON.stringify(body)}`;
        expect(evaluateResponse(testCase, response.status, body, corpus), where).toEqual([]);
        if (turn.profile) expect(body.profile, where).toMatchObject(turn.profile);
        for (const field of turn.profileAbsent) expect(body.profile?.[field], `${field} in ${where}`).toBeUndefined();
        history.push({ role: 'user', content: turn.user }, { role: 'assistant', content: body.answer ?? '' });
      }
    });
  }
});
