/**
 * The ATT&CK data components svchunt's readers produce, as named constants looked up by name in the
 * generated graph: a renamed or missing component fails type checking, and the ids are checked
 * again when this module loads.
 */
import { ATTACK_NODES } from './generated/attack-graph.js';

type DataComponentNode = Extract<(typeof ATTACK_NODES)[number], { readonly type: 'data-component' }>;
type DataComponentName = DataComponentNode['name'];
type DataComponentIdOf<N extends DataComponentName> = Extract<DataComponentNode, { readonly name: N }>['id'];

function dataComponentId<N extends DataComponentName>(name: N): DataComponentIdOf<N> {
  const node = ATTACK_NODES.find((n) => n.type === 'data-component' && n.name === name);
  if (node === undefined) throw new Error(`attack graph: no data component named ${name}`);
  return node.id as DataComponentIdOf<N>;
}

/** Process Creation (`DC0032`): Sysmon 1, Security 4688, auditd execve. */
export const DC_PROCESS_CREATION = dataComponentId('Process Creation');
/** Command Execution (`DC0064`): command lines and shell history. */
export const DC_COMMAND_EXECUTION = dataComponentId('Command Execution');
/** Service Creation (`DC0060`): System 7045, Security 4697, new systemd units and launchd jobs. */
export const DC_SERVICE_CREATION = dataComponentId('Service Creation');
/** Windows Registry Key Modification (`DC0063`): Sysmon 13 and 14 under the Services key. */
export const DC_REGISTRY_KEY_MODIFICATION = dataComponentId('Windows Registry Key Modification');
/** File Modification (`DC0061`): unit files, plists and service binaries written. */
export const DC_FILE_MODIFICATION = dataComponentId('File Modification');

/** The five data components svchunt reads, by id order. */
export const SVCHUNT_DATA_COMPONENTS = [
  DC_PROCESS_CREATION,
  DC_SERVICE_CREATION,
  DC_FILE_MODIFICATION,
  DC_REGISTRY_KEY_MODIFICATION,
  DC_COMMAND_EXECUTION,
] as const;
