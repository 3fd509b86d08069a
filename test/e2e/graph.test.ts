/**
 * `svchunt graph` as a user runs it: the built command (`npm run build` first), its output and exit
 * codes.
 */
import { describe, expect, it } from 'vitest';
import { runSvchunt } from './run-svchunt.js';

const graph = (args: string[]): ReturnType<typeof runSvchunt> => runSvchunt(['graph', ...args]);

describe('svchunt graph', () => {
  it('prints T1569.002 and its neighbours as JSON and exits 0', async () => {
    const result = await graph(['T1569.002', '--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      node: { id: string; name: string };
      relations: { label: string; members: { id: string; name: string }[] }[];
    };
    expect(parsed.node).toMatchObject({ id: 'T1569.002', name: 'Service Execution', type: 'subtechnique' });
    const members = (label: string): string[] =>
      parsed.relations.find((r) => r.label === label)?.members.map((m) => `${m.id} ${m.name}`) ?? [];
    expect(members('tactics')).toEqual(['TA0002 Execution']);
    expect(members('mitigations')).toContain('M1026 Privileged Account Management');
    expect(members('NIST SP 800-53 rev5 controls')).toContain('CM-7 Least Functionality');
  });

  it('says when ATT&CK deprecated a node (v18 data sources)', async () => {
    const result = await graph(['DS0019']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[1]).toMatch(/^ {2}data-source · deprecated in ATT&CK · /);
    expect((await graph(['T1569.002'])).stdout).not.toContain('deprecated');
  });

  it('exits 2 with a message on stderr for an id the graph does not hold', async () => {
    const result = await graph(['T9999']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('svchunt graph: no node "T9999" in the ATT&CK graph around T1569');
  });

  it('prints the T1569 family as a tree with tactics when no id is given', async () => {
    const result = await graph([]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('ATT&CK 18.1 (enterprise-attack), the techniques around T1569');
    expect(lines).toContain(' ├─ T1569.002 Service Execution        Execution                          Windows');
    expect(result.stdout).toMatch(/^T1543 Create or Modify System Process +Persistence, Privilege Escalation/m);
    expect(result.stdout).toContain('T1569.002 → T1570  (curated by the corpus author, not ATT&CK data)');
  });

  it('prints a Graphviz drawing with --dot', async () => {
    const result = await graph(['CM-7', '--dot']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('digraph "CM-7" {\n')).toBe(true);
    expect(result.stdout).toContain('"CM-7" -> "T1569.002" [label="mapped-control"];');
  });

  it('refuses --json with --dot as a usage error', async () => {
    const result = await graph(['T1569', '--json', '--dot']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--json' cannot be used with option '--dot'");
  });

  it('shows worked examples under --help', async () => {
    const result = await graph(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('svchunt graph T1569.002');
    expect(result.stdout).toContain('An id the graph does not hold exits with 2.');
  });
});
