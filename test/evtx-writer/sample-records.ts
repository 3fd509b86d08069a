/**
 * Small, regular records for parser tests: `count` System-log records (EventID 7045, computer
 * `host-a`) whose one EventData field `Msg` is `service 0`, `service 1` … — easy to assert on.
 */
import type { RecordDescription } from './evtx-description.js';

export function sampleRecords(count: number): RecordDescription[] {
  return Array.from({ length: count }, (_, i) => ({
    timeCreated: `2024-05-01T10:00:0${i % 10}.000Z`,
    system: {
      providerName: 'Service Control Manager',
      eventId: 7045,
      level: 4,
      task: 0,
      opcode: 0,
      keywords: '0x8080000000000000',
      channel: 'System',
      computer: 'host-a',
      processId: 600,
      threadId: 700,
    },
    eventData: { Msg: `service ${i}` },
  }));
}
