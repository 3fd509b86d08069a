import { describe, expect, it } from 'vitest';
import { NO_DEPENDENCY, type XmlElement, type XmlNode } from './binxml/nodes.js';
import { renderXmlText } from './render-xml.js';

function element(name: string, children: readonly XmlNode[]): XmlElement {
  return { kind: 'element', name, dependency: NO_DEPENDENCY, attributes: [], children };
}

describe('renderXmlText', () => {
  it('writes characters XML 1.0 forbids, raw or as references, as \\xNN text and keeps the allowed ones', () => {
    const data = element('Data', [
      { kind: 'value', type: 1, value: 'a\x01b\x00<\t' },
      { kind: 'charref', code: 0x1b },
      { kind: 'charref', code: 0xe9 },
      { kind: 'text', text: '\uffff', isCData: false },
    ]);
    expect(renderXmlText([data])).toBe('<Data>a\\x01b\\x00&lt;\t\\x1b&#233;\\uffff</Data>');
  });
});
