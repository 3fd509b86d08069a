import { describe, expect, it } from 'vitest';
import { attackNode } from './attack-graph.js';
import {
  DC_COMMAND_EXECUTION,
  DC_FILE_MODIFICATION,
  DC_PROCESS_CREATION,
  DC_REGISTRY_KEY_MODIFICATION,
  DC_SERVICE_CREATION,
  SVCHUNT_DATA_COMPONENTS,
} from './data-components.js';

describe('data components svchunt reads', () => {
  it('have the ids of the graph, typed as literals', () => {
    const processCreation: 'DC0032' = DC_PROCESS_CREATION;
    const serviceCreation: 'DC0060' = DC_SERVICE_CREATION;
    expect([processCreation, DC_COMMAND_EXECUTION, serviceCreation, DC_REGISTRY_KEY_MODIFICATION]).toEqual([
      'DC0032',
      'DC0064',
      'DC0060',
      'DC0063',
    ]);
    expect(DC_FILE_MODIFICATION).toBe('DC0061');
  });

  it('are all data-component nodes, listed in id order', () => {
    for (const id of SVCHUNT_DATA_COMPONENTS) expect(attackNode(id)?.type).toBe('data-component');
    expect([...SVCHUNT_DATA_COMPONENTS]).toEqual([...SVCHUNT_DATA_COMPONENTS].sort());
  });
});
