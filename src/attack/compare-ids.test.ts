import { describe, expect, it } from 'vitest';
import { compareIds } from './compare-ids.js';

describe('compareIds', () => {
  it('orders digit runs by value, so AC-2 comes before AC-17', () => {
    expect(['AC-17', 'CM-7', 'AC-2', 'CM-11'].sort(compareIds)).toEqual(['AC-2', 'AC-17', 'CM-7', 'CM-11']);
  });

  it('puts a technique before its sub-techniques and those before the next technique', () => {
    expect(['T1570', 'T1569.002', 'T1569', 'T1543.005'].sort(compareIds)).toEqual([
      'T1543.005',
      'T1569',
      'T1569.002',
      'T1570',
    ]);
  });

  it('is a total order: equal only for equal text', () => {
    expect(compareIds('T0100', 'T100')).not.toBe(0);
    expect(Math.sign(compareIds('T0100', 'T100'))).toBe(-Math.sign(compareIds('T100', 'T0100')));
    expect(compareIds('TA0002', 'TA0002')).toBe(0);
  });
});
