import { describe, expect, it } from 'vitest';
import { tagMatches } from './tag-matches.js';

describe('tagMatches', () => {
  it('finds a tag or a sub-tag, whatever case the rule or the option writes it in', () => {
    expect(tagMatches(['attack.execution', 'ATTACK.T1569.002'], 'attack.t1569.002')).toBe(true);
    expect(tagMatches(['attack.t1569.002'], 'ATTACK.T1569')).toBe(true);
    expect(tagMatches(['attack.t1569002'], 'attack.t1569')).toBe(false);
    expect(tagMatches(['attack.t1543.003'], 'attack.t1569')).toBe(false);
  });
});
