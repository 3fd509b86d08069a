/** Reads `logsource` (rules specification, "Log Source"): product, category, service; `definition` is prose. */
import type { YamlNode } from '../load/yaml-tree.js';
import type { Logsource } from '../sigma-rule.js';
import { fail, optionalText, requireMap } from './yaml-access.js';

export function parseLogsource(node: YamlNode): Logsource {
  const map = requireMap(node, '"logsource"');
  const read = (key: string): string | undefined => optionalText(map, key)?.toLowerCase();
  const logsource = { product: read('product'), category: read('category'), service: read('service') };
  if (logsource.product === undefined && logsource.category === undefined && logsource.service === undefined) {
    fail('MISSING_FIELD', 'logsource names no product, category or service', map.location);
  }
  return logsource;
}
