/** Matching semantics of detection items, each case run with and without the rule index. */
import { describe, expect, it } from 'vitest';
import { blockingIssues, detects, ruleYaml } from '../../../test/support/sigma-harness.js';

const rule = (item: string, condition = 'selection') => `selection:\n  ${item}\ncondition: ${condition}`;

describe('plain values', () => {
  it('match the whole value, case-insensitively', () => {
    expect(detects(rule("Image: 'C:\\Windows\\System32\\SC.exe'"), { Image: 'c:\\windows\\system32\\sc.EXE' })).toBe(
      true,
    );
    expect(detects(rule("Image: 'sc.exe'"), { Image: 'C:\\Windows\\sc.exe' })).toBe(false);
  });

  it('keep a decimal as the text it was written as: 10.0 is not 10', () => {
    expect(detects(rule('Version: 10.0'), { Version: '10.0' })).toBe(true);
    expect(detects(rule('Version: 1.10'), { Version: '1.10' })).toBe(true);
    expect(detects(rule('Version: 1.10'), { Version: '1.1' })).toBe(false);
  });

  it('treat * and ? as wildcards and escaped ones as literals', () => {
    expect(detects(rule("CommandLine: 'sc * start'"), { CommandLine: 'sc config start' })).toBe(true);
    expect(detects(rule("CommandLine: 'sc * start'"), { CommandLine: 'sc.exe config start' })).toBe(false);
    expect(detects(rule("CommandLine: 'a?c'"), { CommandLine: 'abc' })).toBe(true);
    expect(detects(rule("CommandLine: 'a?c'"), { CommandLine: 'ac' })).toBe(false);
    expect(detects(rule("CommandLine: 'a\\*c'"), { CommandLine: 'a*c' })).toBe(true);
    expect(detects(rule("CommandLine: 'a\\*c'"), { CommandLine: 'abc' })).toBe(false);
  });

  it('read a literal backslash before a wildcard', () => {
    expect(detects(rule("Path: 'C:\\\\*'"), { Path: 'C:\\temp' })).toBe(true);
    expect(detects(rule("Path: 'C:\\\\*'"), { Path: 'C:temp' })).toBe(false);
  });

  it('OR the items of a list', () => {
    expect(detects(rule("Image|endswith: ['\\cmd.exe', '\\powershell.exe']"), { Image: 'C:\\x\\powershell.exe' })).toBe(
      true,
    );
  });

  it('AND the keys of a map', () => {
    const detection = "selection:\n  Image|endswith: '\\sc.exe'\n  CommandLine|contains: create\ncondition: selection";
    expect(detects(detection, { Image: 'C:\\sc.exe', CommandLine: 'sc create x' })).toBe(true);
    expect(detects(detection, { Image: 'C:\\sc.exe', CommandLine: 'sc stop x' })).toBe(false);
  });

  it('OR the maps of a list', () => {
    const detection = "selection:\n  - Image|endswith: '\\sc.exe'\n  - OriginalFileName: sc.exe\ncondition: selection";
    expect(detects(detection, { OriginalFileName: 'SC.EXE' })).toBe(true);
  });

  it('compare numbers with numbers and with numeric text', () => {
    expect(detects(rule('EventID: 4688'), { EventID: 4688 })).toBe(true);
    expect(detects(rule('EventID: 4688'), { EventID: '4688' })).toBe(true);
    expect(detects(rule("EventID: '4688'"), { EventID: 4688 })).toBe(true);
    expect(detects(rule('EventID: 4688'), { EventID: 46880 })).toBe(false);
  });

  it('keep unquoted hex as text, as logs write it', () => {
    expect(detects(rule('GrantedAccess: 0x1410'), { GrantedAccess: '0x1410' })).toBe(true);
  });

  it('never match a missing field, so its negation is true', () => {
    expect(detects(rule("Missing|contains: ''"), { Other: 'x' })).toBe(false);
    expect(detects(rule("Missing: 'x'", 'not selection'), { Other: 'x' })).toBe(true);
  });

  it('match any item of a list-valued field', () => {
    expect(detects(rule("Tags|contains: 'evil'"), { Tags: ['good', 'very evil'] })).toBe(true);
  });
});

describe('null and empty', () => {
  it('null matches an absent, null or empty field', () => {
    expect(detects(rule('OriginalFileName: null'), { Image: 'x' })).toBe(true);
    expect(detects(rule('OriginalFileName: null'), { OriginalFileName: null })).toBe(true);
    expect(detects(rule('OriginalFileName: null'), { OriginalFileName: '' })).toBe(true);
    expect(detects(rule('OriginalFileName: null'), { OriginalFileName: 'a.exe' })).toBe(false);
  });

  it("'' matches an empty or null field but not an absent one", () => {
    expect(detects(rule("Description: ''"), { Description: '' })).toBe(true);
    expect(detects(rule("Description: ''"), { Description: null })).toBe(true);
    expect(detects(rule("Description: ''"), { Image: 'x' })).toBe(false);
  });
});

describe('contains, startswith, endswith and all', () => {
  it('anchor where they should', () => {
    expect(detects(rule('CommandLine|contains: create'), { CommandLine: 'sc CREATE svc' })).toBe(true);
    expect(detects(rule('CommandLine|startswith: sc'), { CommandLine: 'sc create' })).toBe(true);
    expect(detects(rule('CommandLine|startswith: sc'), { CommandLine: 'x sc' })).toBe(false);
    expect(detects(rule("Image|endswith: '\\sc.exe'"), { Image: 'C:\\sc.exe' })).toBe(true);
    expect(detects(rule("Image|endswith: '\\sc.exe'"), { Image: 'C:\\sc.exe2' })).toBe(false);
  });

  it('contains|all needs every item', () => {
    const item = "CommandLine|contains|all: ['sc', 'create', 'binPath']";
    expect(detects(rule(item), { CommandLine: 'sc.exe create x binPath= y' })).toBe(true);
    expect(detects(rule(item), { CommandLine: 'sc.exe create x' })).toBe(false);
  });

  it('contains|all on a list field: each value may be met by a different item, as `a and b` is', () => {
    const item = "CommandLine|contains|all: ['create', 'binpath']";
    expect(detects(rule(item), { CommandLine: ['sc.exe', 'create', 'evil', 'binPath=C:\\evil.exe'] })).toBe(true);
    expect(detects(rule(item), { CommandLine: ['sc.exe', 'create', 'evil'] })).toBe(false);
    expect(
      detects(rule("CommandLine|cased|contains|all: ['create', 'binPath']"), { CommandLine: ['create', 'binpath'] }),
    ).toBe(false);
  });

  it('fold case as Unicode does: the long s is an s, a final sigma a sigma, on both sides', () => {
    const obfuscated = { CommandLine: 'powershell Invoke-Expreſſion $x' };
    expect(detects(rule("CommandLine|contains: 'invoke-expression'"), obfuscated)).toBe(true);
    expect(detects(rule("CommandLine|re|i: 'invoke-expression'"), obfuscated)).toBe(true);
    expect(detects(rule("CommandLine|contains: 'ΚΑΚΟΣ'"), { CommandLine: 'run ΚΑΚΟΣΚΡΙΠΤ.exe' })).toBe(true);
    expect(detects(rule("CommandLine|cased|contains: 'ΚΑΚΟΣ'"), { CommandLine: 'run ΚΑΚΟΣΚΡΙΠΤ.exe' })).toBe(true);
    expect(detects(rule("CommandLine|cased|contains: 'Invoke-Expression'"), obfuscated)).toBe(false);
  });

  it('contains does not double a wildcard already there', () => {
    expect(detects(rule("CommandLine|contains: '*evil*'"), { CommandLine: 'so evil' })).toBe(true);
  });
});

describe('encodings', () => {
  it('base64offset|contains finds a command inside Base64 at any alignment', () => {
    for (const prefix of ['', 'x', 'xy']) {
      const encoded = Buffer.from(`${prefix}IEX (New-Object Net.WebClient)`).toString('base64');
      expect(
        detects(rule("CommandLine|base64offset|contains: 'IEX'"), { CommandLine: `powershell -enc ${encoded}` }),
      ).toBe(true);
    }
  });

  it('wide|base64offset|contains finds a PowerShell -EncodedCommand payload', () => {
    const encoded = Buffer.from('Invoke-Mimikatz -DumpCreds', 'utf16le').toString('base64');
    expect(
      detects(rule("CommandLine|wide|base64offset|contains: 'Invoke-Mimikatz'"), {
        CommandLine: `powershell -e ${encoded}`,
      }),
    ).toBe(true);
  });

  it('base64|contains finds the exact encoding', () => {
    expect(
      detects(rule("CommandLine|base64|contains: 'whoami'"), {
        CommandLine: `x ${Buffer.from('whoami').toString('base64')}`,
      }),
    ).toBe(true);
  });
});

describe('windash', () => {
  it('matches every dash form of a flag', () => {
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) {
      expect(detects(rule("CommandLine|windash|contains: ' -f '"), { CommandLine: `schtasks ${dash}f x` })).toBe(true);
    }
  });
});

describe('re', () => {
  it('is a case-sensitive search by default, with i/m/s flags', () => {
    expect(detects(rule("CommandLine|re: 'sc\\s+create'"), { CommandLine: 'cmd /c sc   create x' })).toBe(true);
    expect(detects(rule("CommandLine|re: 'SC\\s+create'"), { CommandLine: 'sc create' })).toBe(false);
    expect(detects(rule("CommandLine|re|i: 'SC\\s+create'"), { CommandLine: 'sc create' })).toBe(true);
    expect(detects(rule("CommandLine|re: '(?i)SC\\s+create'"), { CommandLine: 'sc create' })).toBe(true);
    expect(detects(rule("CommandLine|re|m: '^b$'"), { CommandLine: 'a\nb\nc' })).toBe(true);
    expect(detects(rule("CommandLine|re|s: 'a.b'"), { CommandLine: 'a\nb' })).toBe(true);
    expect(detects(rule("CommandLine|re: 'a.b'"), { CommandLine: 'a\nb' })).toBe(false);
  });

  it('runs in linear time on a hostile value', () => {
    // Patterns that make a backtracking engine run for ages on a near-miss; RE2 answers at once.
    const value = `${'a'.repeat(50_000)}!`;
    expect(detects(rule("CommandLine|re: '(a+)+$'"), { CommandLine: value })).toBe(false);
    expect(detects(rule("CommandLine|re: '^(a|aa)+b'"), { CommandLine: value })).toBe(false);
    expect(detects(rule("CommandLine|re: '(a+)+!$'"), { CommandLine: value })).toBe(true);
  });

  it('matches what RE2 matches, also with escapes, classes and flags its literal reader cannot size', () => {
    const re = (pattern: string) => rule(`CommandLine|re: '${pattern}'`);
    expect(detects(re('\\x2Dencodedcommand'), { CommandLine: 'powershell -encodedcommand AAAA' })).toBe(true);
    expect(detects(re('x\\101BCDEF'), { CommandLine: 'xABCDEF' })).toBe(true);
    expect(detects(re('\\p{Cyrillic}'), { CommandLine: 'powershell привет' })).toBe(true);
    expect(detects(re('ab[[:alpha:]]cd'), { CommandLine: 'abXcd' })).toBe(true);
    expect(detects(re('^(?i)whoami'), { CommandLine: 'WHOAMI /all' })).toBe(true);
    expect(detects(re('^(?i)whoami'), { CommandLine: 'hostname' })).toBe(false);
  });

  it('reports look-around as unsupported and a broken pattern as invalid, in fields and keywords alike', () => {
    const keywords = (pattern: string): string => `keywords:\n  '|re':\n    - '${pattern}'\ncondition: keywords`;
    for (const detection of [rule("CommandLine|re: '(?i)a(?=b)'"), keywords('(?i)a(?=b)'), keywords('(a)\\1')])
      expect(blockingIssues(ruleYaml(detection))[0]).toMatchObject({
        code: 'UNSUPPORTED_REGEX',
        severity: 'unsupported',
        message: expect.stringMatching(/^regular expression \/.+\/: /),
      });
    for (const detection of [rule("CommandLine|re: 'a(b'"), keywords('a(b')])
      expect(blockingIssues(ruleYaml(detection))[0]).toMatchObject({ code: 'BAD_REGEX', severity: 'invalid' });
  });
});

describe('cidr', () => {
  it('matches IPv4 networks at their edges', () => {
    const item = "SourceIp|cidr: '10.0.0.0/8'";
    expect(detects(rule(item), { SourceIp: '10.0.0.0' })).toBe(true);
    expect(detects(rule(item), { SourceIp: '10.255.255.255' })).toBe(true);
    expect(detects(rule(item), { SourceIp: '11.0.0.0' })).toBe(false);
    expect(detects(rule(item), { SourceIp: '9.255.255.255' })).toBe(false);
    expect(detects(rule(item), { SourceIp: 'not an ip' })).toBe(false);
  });

  it('matches IPv6 networks and IPv4-mapped addresses', () => {
    expect(detects(rule("SourceIp|cidr: 'fe80::/10'"), { SourceIp: 'fe80::1' })).toBe(true);
    expect(detects(rule("SourceIp|cidr: 'fe80::/10'"), { SourceIp: 'fec0::1' })).toBe(false);
    expect(detects(rule("SourceIp|cidr: '192.168.0.0/16'"), { SourceIp: '::ffff:192.168.1.5' })).toBe(true);
    expect(detects(rule("SourceIp|cidr: '192.168.0.0/16'"), { SourceIp: '::FFFF:192.168.1.5' })).toBe(true);
  });

  it('never matches an IPv4 address with an IPv6 network, nor the other way round', () => {
    for (const network of ['::/0', '::/8', '::ffff:0:0/96'])
      expect(detects(rule(`SourceIp|cidr: '${network}'`), { SourceIp: '10.0.0.1' }), network).toBe(false);
    expect(detects(rule("SourceIp|cidr: '::/0'"), { SourceIp: '2001:db8::1' })).toBe(true);
    expect(detects(rule("SourceIp|cidr: '0.0.0.0/0'"), { SourceIp: '2001:db8::1' })).toBe(false);
  });

  it('takes /0 and /32 prefixes and rejects malformed networks', () => {
    expect(detects(rule("SourceIp|cidr: '0.0.0.0/0'"), { SourceIp: '8.8.8.8' })).toBe(true);
    expect(detects(rule("SourceIp|cidr: '8.8.8.8/32'"), { SourceIp: '8.8.8.9' })).toBe(false);
    expect(blockingIssues(ruleYaml(rule("SourceIp|cidr: '10.0.0.0/33'")))[0]?.code).toBe('BAD_CIDR');
  });
});

describe('exists, fieldref, numeric, neq, cased', () => {
  it('exists tests presence only', () => {
    expect(detects(rule('Hashes|exists: true'), { Hashes: '' })).toBe(true);
    expect(detects(rule('Hashes|exists: false'), { Image: 'x' })).toBe(true);
    expect(detects(rule('Hashes|exists: true'), { Image: 'x' })).toBe(false);
  });

  it('fieldref compares with another field of the same event', () => {
    expect(detects(rule('Image|fieldref: ParentImage'), { Image: 'C:\\A.exe', ParentImage: 'c:\\a.exe' })).toBe(true);
    expect(
      detects(rule('CommandLine|fieldref|contains: Image'), { CommandLine: '"c:\\a.exe" -x', Image: 'C:\\a.exe' }),
    ).toBe(true);
    expect(detects(rule('Image|fieldref: ParentImage'), { Image: 'a' })).toBe(false);
  });

  it('lt, lte, gt, gte compare numbers, numeric text and nothing else', () => {
    expect(detects(rule('LogonType|gte: 3'), { LogonType: 3 })).toBe(true);
    expect(detects(rule('LogonType|gt: 3'), { LogonType: '10' })).toBe(true);
    expect(detects(rule('LogonType|lt: 3'), { LogonType: '10' })).toBe(false);
    expect(detects(rule('LogonType|lte: 3'), { LogonType: 'three' })).toBe(false);
  });

  it('compare, fieldref and time parts match a list field when any item does, as other tests do', () => {
    expect(detects(rule('Data|gt: 5'), { Data: ['1', '10'] })).toBe(true);
    expect(detects(rule('Data|gt: 50'), { Data: ['1', '10'] })).toBe(false);
    expect(detects(rule('A|fieldref: B'), { A: ['x', 'y'], B: 'Y' })).toBe(true);
    expect(detects(rule('A|fieldref: B'), { A: 'y', B: ['x', 'z'] })).toBe(false);
    expect(detects(rule('Data|hour: 3'), { Data: ['-', '2024-05-01T03:00:00Z'] })).toBe(true);
  });

  it('neq matches when no value matches, including a missing field', () => {
    expect(detects(rule("User|neq: 'SYSTEM'"), { User: 'alice' })).toBe(true);
    expect(detects(rule("User|neq: ['SYSTEM', 'alice']"), { User: 'Alice' })).toBe(false);
    expect(detects(rule("User|neq: 'SYSTEM'"), { Image: 'x' })).toBe(true);
  });

  it('cased matches case-sensitively with wildcards still working', () => {
    expect(detects(rule("CommandLine|cased|contains: 'IEX'"), { CommandLine: 'x IEX y' })).toBe(true);
    expect(detects(rule("CommandLine|cased|contains: 'IEX'"), { CommandLine: 'x iex y' })).toBe(false);
  });

  it('time modifiers read a part of a date', () => {
    expect(detects(rule('UtcTime|hour: 3'), { UtcTime: '2024-05-01 03:59:59.000' })).toBe(true);
    expect(detects(rule('UtcTime|hour|gte: 22'), { UtcTime: '2024-05-01T23:00:00Z' })).toBe(true);
    expect(detects(rule('UtcTime|week: 1'), { UtcTime: '2024-01-01T00:00:00Z' })).toBe(true);
    expect(detects(rule('UtcTime|month: 5'), { UtcTime: 'not a date' })).toBe(false);
  });
});

describe('expand', () => {
  const placeholders = new Map([['Admins', ['alice', 'bob*']]]);

  it('replaces a placeholder by every configured value', () => {
    expect(detects(rule("User|expand: '%Admins%'"), { User: 'bobby' }, placeholders)).toBe(true);
    // `\\` before the placeholder is a literal backslash; a lone `\%` would be a literal percent.
    expect(detects(rule("User|expand: 'CORP\\\\%Admins%'"), { User: 'corp\\alice' }, placeholders)).toBe(true);
    expect(detects(rule("User|expand: '100\\%'"), { User: '100%' }, placeholders)).toBe(true);
    expect(detects(rule("User|expand: '%Admins%'"), { User: 'mallory' }, placeholders)).toBe(false);
  });

  it('is unsupported without a value for the placeholder', () => {
    expect(blockingIssues(ruleYaml(rule("User|expand: '%Admins%'")))[0]).toMatchObject({
      code: 'UNSUPPORTED_PLACEHOLDER',
      severity: 'unsupported',
    });
  });
});

describe('keywords', () => {
  it('find a value anywhere in the event, case-insensitively', () => {
    const detection = "keywords:\n  - 'sekurlsa::'\n  - 'lsadump'\ncondition: keywords";
    expect(detects(detection, { CommandLine: 'mimikatz SEKURLSA::logonpasswords' })).toBe(true);
    expect(detects(detection, { Message: 'nothing here' })).toBe(false);
  });

  it('need every keyword with |all', () => {
    const detection = "keywords:\n  '|all':\n    - 'vssadmin'\n    - 'shadows'\ncondition: keywords";
    expect(detects(detection, { a: 'vssadmin delete', b: 'shadows /all' })).toBe(true);
    expect(detects(detection, { a: 'vssadmin list' })).toBe(false);
  });

  it('keep wildcards inside one field', () => {
    const detection = "keywords:\n  - 'net * user'\ncondition: keywords";
    expect(detects(detection, { CommandLine: 'net localgroup user x' })).toBe(true);
    expect(detects(detection, { a: 'net', b: 'user' })).toBe(false);
  });
});

describe('modifier checks', () => {
  it('name the unknown modifier', () => {
    expect(blockingIssues(ruleYaml(rule("Image|endswithh: 'x'")))[0]).toMatchObject({
      code: 'UNKNOWN_MODIFIER',
      severity: 'invalid',
    });
  });

  it('reject impossible combinations', () => {
    expect(blockingIssues(ruleYaml(rule("Image|contains|re: 'x'")))[0]?.code).toBe('BAD_MODIFIER_COMBINATION');
    expect(blockingIssues(ruleYaml(rule("Image|i: 'x'")))[0]?.code).toBe('BAD_MODIFIER_COMBINATION');
    expect(blockingIssues(ruleYaml(rule('Image|exists|all: true')))[0]?.code).toBe('BAD_MODIFIER_COMBINATION');
  });
});

describe('conditions over several identifiers', () => {
  const detection = `selection_img:
  - Image|endswith: '\\sc.exe'
  - OriginalFileName: sc.exe
selection_cli:
  CommandLine|contains: ' create '
filter_main_legit:
  CommandLine|contains: 'TrustedInstaller'
filter_optional_x:
  User: admin
condition: all of selection_* and not 1 of filter_*`;

  it('all of / not 1 of work together', () => {
    expect(detects(detection, { Image: 'C:\\sc.exe', CommandLine: 'sc create evil' })).toBe(true);
    expect(detects(detection, { Image: 'C:\\sc.exe', CommandLine: 'sc create TrustedInstaller' })).toBe(false);
    expect(detects(detection, { OriginalFileName: 'sc.exe', CommandLine: 'sc create evil', User: 'admin' })).toBe(
      false,
    );
    expect(detects(detection, { Image: 'C:\\cmd.exe', CommandLine: 'sc create evil' })).toBe(false);
  });
});
