import { describe, expect, it } from 'vitest';
import type { Event } from '../../event/index.js';
import { plainEvent } from '../../../test/support/sigma-harness.js';
import { FieldSlots } from './field-slots.js';
import { literalInAnyField } from './literal-any-field.js';
import { MatchContext } from './match-context.js';

const run = (literals: string[], fields: Record<string, string | number | string[] | null>): boolean => {
  const ctx = new MatchContext(new FieldSlots());
  ctx.reset(plainEvent(fields));
  return literalInAnyField(literals)(ctx);
};

describe('literalInAnyField', () => {
  it('finds a literal in any field, ignoring case', () => {
    expect(run(['sekurlsa::', 'lsadump::'], { a: 'x', CommandLine: 'mimikatz SEKURLSA::LogonPasswords' })).toBe(true);
    expect(run(['sekurlsa::'], { a: 'x', b: 'sekurlsa:' })).toBe(false);
  });

  it('treats regular-expression characters as text', () => {
    expect(run(['a.b(c)*'], { a: 'xa.b(c)*y' })).toBe(true);
    expect(run(['a.b'], { a: 'axb' })).toBe(false);
  });

  it('looks into list items and numbers, and folds the Kelvin sign like k', () => {
    expect(run(['evil'], { a: ['good', 'EVIL'] })).toBe(true);
    expect(run(['4688'], { EventID: 4688 })).toBe(true);
    expect(run(['kerberos::golden'], { a: '\u212Aerberos::golden' })).toBe(true);
  });

  describe('fields the event knows to hold code (numbers, SIDs, times …)', () => {
    /** An event whose fields named in `code` are code fields; records which fields were read. */
    const codeEvent = (fields: Record<string, string>, code: string[]): { event: Event; read: string[] } => {
      const read: string[] = [];
      const base = plainEvent(fields);
      const event: Event = {
        time: base.time,
        host: base.host,
        logsource: base.logsource,
        provenance: base.provenance,
        fieldNames: () => base.fieldNames(),
        get: (name) => {
          read.push(name);
          return base.get(name);
        },
        isCodeField: (name) => code.includes(name),
      };
      return { event, read };
    };
    const runOn = (literals: string[], event: Event): boolean => {
      const ctx = new MatchContext(new FieldSlots());
      ctx.reset(event);
      return literalInAnyField(literals)(ctx);
    };

    it('passes over them undecoded when no literal can occur in code text', () => {
      const { event, read } = codeEvent({ UserID: 'S-1-5-18', CommandLine: 'x sekurlsa::logonpasswords' }, ['UserID']);
      expect(runOn(['sekurlsa::', 'lsadump::'], event)).toBe(true);
      expect(read).toEqual(['CommandLine']);
    });

    it('still reads them for a literal that may occur there, case folding included', () => {
      const sid = (): { event: Event; read: string[] } => codeEvent({ UserID: 'S-1-5-18', a: 'x' }, ['UserID']);
      expect(runOn(['s-1-5-18'], sid().event)).toBe(true);
      // U+017F (long s) folds to s under Unicode case folding: it can match the S of a SID.
      expect(runOn(['\u017F-1-5-18'], sid().event)).toBe(true);
      expect(runOn(['0x1F'], codeEvent({ Keywords: '0x1f' }, ['Keywords']).event)).toBe(true);
    });
  });

  describe('events that search their values undecoded (EVTX)', () => {
    /** An event answering keyword searches itself; reading a field by name fails the test. */
    const searchingEvent = (answer: boolean, calls: boolean[]): Event => {
      const base = plainEvent({ a: 'x' });
      return {
        time: base.time,
        host: base.host,
        logsource: base.logsource,
        provenance: base.provenance,
        fieldNames: () => base.fieldNames(),
        get: () => {
          throw new Error('a field was decoded');
        },
        holdsKeyword: (_search, skipCode) => {
          calls.push(skipCode);
          return answer;
        },
      };
    };
    const runOn = (literals: string[], event: Event): boolean => {
      const ctx = new MatchContext(new FieldSlots());
      ctx.reset(event);
      return literalInAnyField(literals)(ctx);
    };

    it('asks the event, which searches its own values', () => {
      const calls: boolean[] = [];
      expect(runOn(['sekurlsa::', 'lsadump::'], searchingEvent(true, calls))).toBe(true);
      expect(runOn(['sekurlsa::'], searchingEvent(false, calls))).toBe(false);
      // No word can occur in code text (`k` is no hex digit): code fields are passed over.
      expect(calls).toEqual([true, true]);
    });

    it('asks the event for keywords it cannot scan too: it decodes those itself', () => {
      const calls: boolean[] = [];
      expect(runOn(['ab'], searchingEvent(true, calls))).toBe(true);
      expect(runOn(['über-admin'], searchingEvent(false, calls))).toBe(false);
      // `ab` can occur in hex text, `ü` in no code text.
      expect(calls).toEqual([false, true]);
    });
  });
});
