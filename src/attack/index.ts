/** The ATT&CK knowledge around T1569: the generated graph, finding enrichment, browsing queries. */
export { attackContextForTags, type AttackContext } from './attack-context.js';
export { compareIds } from './compare-ids.js';
export { attackNode, canonicalAttackId, neighbours, techniqueNode, type Neighbour } from './attack-graph.js';
export {
  DC_COMMAND_EXECUTION,
  DC_FILE_MODIFICATION,
  DC_PROCESS_CREATION,
  DC_REGISTRY_KEY_MODIFICATION,
  DC_SERVICE_CREATION,
  SVCHUNT_DATA_COMPONENTS,
} from './data-components.js';
export { ATTACK_GRAPH_SOURCE } from './generated/attack-graph.js';
export { graphToDot } from './graph-dot.js';
export {
  EDGE_TYPES,
  NODE_TYPES,
  type AttackEdge,
  type AttackNode,
  type EdgeProvenance,
  type EdgeType,
  type NodeType,
} from './graph-schema.js';
export { nodeRelations, nodeSubgraph, type RelationGroup, type RelationMember } from './node-relations.js';
export { parseAttackTag, type AttackTag } from './sigma-attack-tag.js';
export { t1569Family, t1569FamilySubgraph, type FamilyTechnique } from './t1569-family.js';
export { techniqueProfile, type AttackRef, type TechniqueProfile } from './technique-profile.js';
