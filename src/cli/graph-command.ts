/**
 * `svchunt graph [ID]`: browse the ATT&CK graph around T1569. Without an id, the T1569 family as a
 * tree with tactics; with one, the node and its neighbours by relation. `--json` and `--dot` for
 * machines and Graphviz.
 */
import { Option, type Command } from 'commander';
import type { RegisterCommand } from './main.js';

const EXAMPLES = `
Examples:
  svchunt graph                          the T1569 family as a tree, with tactics and platforms
  svchunt graph T1569.002                a technique: tactics, mitigations, detections, controls, users
  svchunt graph CM-7 --json              a NIST SP 800-53 control and the techniques it mitigates
  svchunt graph DC0060                   a data component and the analytics reading it (log source, EventCodes)
  svchunt graph S0029                    software (PsExec) and the techniques it uses
  svchunt graph T1569 --dot | dot -Tsvg > t1569.svg

IDs: techniques (T1569.002), tactics (TA0002), mitigations (M1026), detection strategies (DET0421),
analytics (AN1185), data components (DC0060), controls (CM-7), groups, software and campaigns.
An id the graph does not hold exits with 2.`;

export const registerGraphCommand: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command('graph')
    .description('browse the ATT&CK graph around T1569: techniques, tactics, mitigations, detections, controls')
    .argument('[id]', 'a node id (T1569.002, M1026, DC0060, CM-7, S0029, …); without it, the T1569 family')
    .addOption(new Option('--json', 'print JSON for machines').conflicts('dot'))
    .addOption(new Option('--dot', 'print a Graphviz DOT drawing'))
    .addHelpText('after', EXAMPLES)
    .action(async (id: string | undefined, options: { json?: boolean; dot?: boolean }) => {
      // Loaded when the command runs, not when the CLI starts (see main.ts).
      const { printGraph } = await import('./graph-output.js');
      setExitCode(printGraph(id, options));
    });
};
