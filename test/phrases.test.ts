import { describe, expect, it } from 'vitest';
import { PhraseMatcher } from '../src/text/phrases.js';

describe('PhraseMatcher', () => {
  const matcher = new PhraseMatcher<string>([
    ['lead-acid battery', 'battery'],
    ['battery', 'cell'],
    ['th', 'pair'],
  ]);

  it('finds the longer name first and gives the same matches for the same text again', () => {
    const text = 'The lead acid batteries and the other battery; th.';
    const first = matcher.find(text);
    expect(first.map((match) => [match.phrase, match.matched])).toEqual([
      ['lead-acid battery', 'lead acid batteries'],
      ['battery', 'battery'],
      ['th', 'th'],
    ]);
    expect(matcher.find(text)).toEqual(first);
  });

  it('is not changed by what a caller does with the matches it was given', () => {
    const text = 'A battery, another battery.';
    const given = matcher.find(text);
    given.pop();
    expect(() => {
      (given[0] as { index: number }).index = 99;
    }).toThrow(TypeError);
    expect(matcher.find(text).map((match) => match.index)).toEqual([2, 19]);
  });

  it('reads every text it is given once more after many others', () => {
    for (let i = 0; i < 200; i++) matcher.find(`battery number ${i}`);
    expect(matcher.values('no battery here, th')).toEqual(['cell', 'pair']);
  });
});
