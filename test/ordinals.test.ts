import { describe, expect, it } from 'vitest';
import { findOrdinal, resolveOrdinal } from '../src/answer/ordinals.js';

// A follow-up that points at an item by its position is read against the list the answer before gave.
describe('ordinal references', () => {
  it('point at a position in both languages, the last one included', () => {
    expect(findOrdinal('第三个行业推广什么技术？')?.position).toBe(3);
    expect(findOrdinal('其中第2项具体讲了啥')?.position).toBe(2);
    expect(findOrdinal('What about the second one?')?.position).toBe(2);
    expect(findOrdinal('and the 3rd industry?')?.position).toBe(3);
    expect(findOrdinal('最后一个呢？')?.position).toBe(-1);
    expect(findOrdinal('What rate for the last one?')?.position).toBe(-1);
  });

  it('are not read in an ordinal that counts something else (a round, a five-year plan, a first step)', () => {
    for (const text of ['第二轮审核什么时候做？', '第二个五年规划', 'When is the second round of audits?', 'First, what is the target?', 'the first time we audited']) {
      expect(findOrdinal(text), text).toBeUndefined();
    }
  });

  it('take the item from numbered lines, enumerated clauses or an inline list, without its figures', () => {
    expect(resolveOrdinal('第二个方面讲了啥？', '具体目标分三个方面：一是培训和审核逐步展开；二是技术水平显著提高；三是园区清洁生产水平明显提升。')).toBe('技术水平显著提高方面讲了啥？');
    expect(resolveOrdinal('What about the third one?', 'It covers chromium salts; electroplating; leather.[1][2]')).toBe('What about leather?');
    expect(resolveOrdinal('第二项呢？', '主要有：\n1. 低汞触媒技术，到2015年普及率100%。[1]\n2. 高效汞回收技术，到2015年普及率60%。[2]')).toBe('高效汞回收技术呢？');
  });

  it('leave the question as it is when the answer before has no such item', () => {
    expect(resolveOrdinal('第五个行业呢？', '以造纸、制糖和制药行业为重点。')).toBeUndefined();
    expect(resolveOrdinal('第二个呢？', '规划没有列出清单。')).toBeUndefined();
    expect(resolveOrdinal('第二个呢？', undefined)).toBeUndefined();
  });
});
