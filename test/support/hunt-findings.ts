/** Test helper: runs `hunt` in-process as the CLI does (built-in rules, one thread) and keeps the findings. */
import { runHunt, type HuntSummary } from '../../src/pipeline/index.js';
import type { Finding, FindingSink } from '../../src/report/index.js';

export async function huntFindings(path: string): Promise<{ findings: Finding[]; summary: HuntSummary }> {
  const findings: Finding[] = [];
  const sink: FindingSink = {
    write: async (finding) => {
      findings.push(finding);
    },
    end: async () => undefined,
  };
  const summary = await runHunt(
    { inputs: [path], rules: { builtin: true, rulePaths: [] }, detect: {}, threads: 1 },
    sink,
  );
  return { findings, summary };
}
