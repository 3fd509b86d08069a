import { describe, expect, it } from 'vitest';
import { element as rawElement, rawChunk, rawEvtx, text as rawText } from '../../test/evtx-writer/raw-binxml.js';
import { NO_DEPENDENCY, type XmlElement, type XmlNode } from './binxml/nodes.js';
import { parseEvtxBytes } from './parse-evtx-bytes.js';
import { renderJson } from './render-json.js';

const text = (value: string): XmlNode => ({ kind: 'text', text: value, isCData: false });
const element = (name: string, children: readonly XmlNode[] = []): XmlElement => ({
  kind: 'element',
  name,
  dependency: NO_DEPENDENCY,
  attributes: [],
  children,
});

describe('renderJson', () => {
  it('names repeated sibling elements Name, Name_1, Name_2 … in document order', () => {
    const tree = element('Event', [
      element('UserData', [
        element('Item', [text('a')]),
        element('Other', [text('x')]),
        element('Item', [text('b')]),
        element('Item', [text('c')]),
        element('Other', [text('y')]),
      ]),
    ]);
    expect(renderJson([tree])).toEqual({
      Event: { UserData: { Item: 'a', Other: 'x', Item_1: 'b', Item_2: 'c', Other_1: 'y' } },
    });
  });

  it('renders thousands of same-named siblings (a hostile record) with every one kept', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => element('Item', [text(String(i))]));
    const rendered = renderJson([element('Event', [element('UserData', items)])]) as {
      Event: { UserData: Record<string, unknown> };
    };
    const names = Object.keys(rendered.Event.UserData);
    expect(names).toHaveLength(20_000);
    expect(names[19_999]).toBe('Item_19999');
    expect(rendered.Event.UserData.Item_19999).toBe('19999'); // literal text stays text
  });

  it('shows a character reference to a lone surrogate as U+FFFD in dumps and in events alike', () => {
    const system = rawElement('System', [
      rawElement('EventID', [rawText('1')]),
      rawElement('Computer', [rawText('a'), { kind: 'charref', code: 0xd800 }]),
    ]);
    const bytes = rawEvtx([
      rawChunk([{ id: 1n, instance: { template: { content: [rawElement('Event', [system])] }, values: [] } }]),
    ]);
    const line = parseEvtxBytes(bytes, 'made.evtx', { output: 'jsonl' })[0]!.text;
    const dumped = (JSON.parse(line) as { Event: { System: { Computer: string } } }).Event.System.Computer;
    const [event] = parseEvtxBytes(bytes, 'made.evtx', { output: 'events' })[0]!.events;
    expect(dumped).toBe('a\ufffd');
    expect(event?.get('Computer')).toBe(dumped);
  });
});
