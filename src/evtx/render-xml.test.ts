import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { NO_DEPENDENCY, type XmlAttribute, type XmlElement, type XmlNode } from './binxml/nodes.js';
import { renderXmlText } from './render-xml.js';

function element(name: string, children: readonly XmlNode[], attributes: readonly XmlAttribute[] = []): XmlElement {
  return { kind: 'element', name, dependency: NO_DEPENDENCY, attributes, children };
}

const text = (value: string): XmlNode => ({ kind: 'text', text: value, isCData: false });

/** Parses XML as svchunt's XML reader does (saxes, fragment mode); throws on the first error. */
function parseXml(xml: string): { names: string[]; attributes: Record<string, string>[]; text: string } {
  const parser = new SaxesParser({ fragment: true });
  const names: string[] = [];
  const attributes: Record<string, string>[] = [];
  let content = '';
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    names.push(tag.name);
    attributes.push(tag.attributes as Record<string, string>);
  });
  parser.on('text', (value) => (content += value.trim()));
  parser.write(xml).close();
  return { names, attributes, text: content };
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

  it('writes well-formed XML whatever names, entity references and processing instructions a chunk holds', () => {
    const attr = (name: string, value: string): XmlAttribute => ({ name, value: [text(value)] });
    const tree = element('Event', [
      element('a b', [text('spaced')]),
      element('', [text('empty')]),
      element('1st', [text('digit')], [attr('q"x', '1'), attr('n', '2'), attr('n', '3'), attr('n_1', '4')]),
      element('Entities', [
        { kind: 'entityref', name: 'amp' },
        { kind: 'entityref', name: 'nbsp' },
      ]),
      element('Pi', [element('Child', []), { kind: 'pi', target: 'xml', data: 'a?>b\u0001' }]),
    ]);
    const xml = renderXmlText([tree]);
    const parsed = parseXml(xml);
    expect(parsed.names).toEqual(['Event', 'a_x0020_b', '_', '_x0031_st', 'Entities', 'Pi', 'Child']);
    expect(parsed.attributes[3]).toEqual({ q_x0022_x: '1', n: '2', n_1: '3', n_1_1: '4' });
    expect(parsed.text).toBe('spacedemptydigit&&nbsp;');
    expect(xml).toContain('<?_x0078_ml a?\\x3eb\\x01?>');
  });
});
