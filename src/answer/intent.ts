import { Engine, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';
import { PackError } from '../plan/errors.js';
import type { Intent, Lexicon, SignalCondition } from '../plan/schema.js';

/**
 * What a question asks (its intent) is decided by the pack's `intentRules` (lexicon.json), run
 * by json-rules-engine over signals the understanding reads off the question: the first rule,
 * in the pack's order, whose condition holds. Signals are booleans: the code's own (below) and
 * `cue:<name>` for each cue list of the lexicon's `intents`.
 */
export const SIGNALS = ['figures', 'claimed', 'reported', 'stated', 'self', 'past', 'industries', 'groups', 'topics', 'profiled'] as const;
export type Signals = Record<string, boolean>;

function compile(condition: SignalCondition, named: ReadonlySet<string>, known: ReadonlySet<string>, where: string): NestedCondition {
  if (typeof condition === 'string') {
    const negated = condition.startsWith('!');
    const name = negated ? condition.slice(1) : condition;
    let leaf: NestedCondition;
    if (named.has(name)) leaf = { condition: name };
    else if (known.has(name)) leaf = { fact: name, operator: 'equal', value: true };
    else throw new Error(`${where}: unknown signal "${name}" (signals: ${[...known].join(', ')}; conditions: ${[...named].join(', ') || 'none'})`);
    return negated ? { not: leaf } : leaf;
  }
  if ('all' in condition) return { all: condition.all.map((child) => compile(child, named, known, where)) };
  return { any: condition.any.map((child) => compile(child, named, known, where)) };
}

export class IntentClassifier {
  private readonly engine: Engine;

  constructor(packId: string, lexicon: Lexicon) {
    const known = new Set<string>([...SIGNALS, ...Object.keys(lexicon.intents).map((name) => `cue:${name}`)]);
    const named = new Set(Object.keys(lexicon.conditions).filter((name) => name !== '$comment'));
    this.engine = new Engine([], { allowUndefinedFacts: true });
    try {
      for (const name of named) {
        const condition = lexicon.conditions[name] as SignalCondition;
        const compiled = compile(condition, named, known, `conditions.${name}`);
        this.engine.setCondition(name, ('all' in compiled || 'any' in compiled ? compiled : { all: [compiled] }) as TopLevelCondition);
      }
      const count = lexicon.intentRules.length;
      lexicon.intentRules.forEach((rule, index) => {
        const compiled = compile(rule.when, named, known, `intentRules.${index}.when`);
        this.engine.addRule({
          name: `${index}`,
          // The first rule wins: earlier rules get higher priority.
          priority: count - index,
          conditions: ('all' in compiled || 'any' in compiled ? compiled : { all: [compiled] }) as TopLevelCondition,
          event: { type: rule.intent },
        });
      });
    } catch (error) {
      throw new PackError(packId, 'lexicon.json', [(error as Error).message]);
    }
  }

  /** The intent of the first rule that holds; "general" if none does. */
  async classify(signals: Signals): Promise<Intent> {
    const { results } = await this.engine.run(signals);
    const first = results.sort((a, b) => Number(a.name) - Number(b.name))[0];
    return (first?.event?.type as Intent | undefined) ?? 'general';
  }
}
