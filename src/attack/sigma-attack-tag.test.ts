import { describe, expect, it } from 'vitest';
import { parseAttackTag } from './sigma-attack-tag.js';

describe('parseAttackTag', () => {
  it('reads technique and sub-technique tags as upper-case ids', () => {
    expect(parseAttackTag('attack.t1569.002')).toEqual({ kind: 'technique', id: 'T1569.002' });
    expect(parseAttackTag('attack.T1569')).toEqual({ kind: 'technique', id: 'T1569' });
  });

  it('reads tactic names with hyphens or the older underscores as hyphenated short names', () => {
    expect(parseAttackTag('attack.privilege_escalation')).toEqual({
      kind: 'tactic',
      shortname: 'privilege-escalation',
    });
    expect(parseAttackTag('attack.command-and-control')).toEqual({ kind: 'tactic', shortname: 'command-and-control' });
    expect(parseAttackTag('attack.ta0002')).toEqual({ kind: 'tactic-id', id: 'TA0002' });
  });

  it('reads group, software and campaign ids', () => {
    expect(parseAttackTag('attack.g0016')).toEqual({ kind: 'group', id: 'G0016' });
    expect(parseAttackTag('attack.s0029')).toEqual({ kind: 'software', id: 'S0029' });
    expect(parseAttackTag('attack.c0006')).toEqual({ kind: 'campaign', id: 'C0006' });
  });

  it('returns undefined for other namespaces and malformed ids', () => {
    expect(parseAttackTag('cve.2021-44228')).toBeUndefined();
    expect(parseAttackTag('detection.threat-hunting')).toBeUndefined();
    expect(parseAttackTag('attack.t15690')).toBeUndefined();
    expect(parseAttackTag('attack.t1569.02')).toBeUndefined();
  });
});
