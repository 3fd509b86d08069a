export { buildEvtx, writeEvtx } from './write-evtx.js';
export type { WriteOptions, WrittenEvtx } from './write-evtx.js';
export type { Corruption, EvtxLayout, RecordPlacement } from './corruptions.js';
export type {
  EvtxDescription,
  RecordDescription,
  ScalarInput,
  SystemDescription,
  TypedValue,
  UserDataDescription,
  ValueInput,
  ValueTypeName,
} from './evtx-description.js';
export { typedValue } from './value-encoding.js';
export { sampleRecords } from './sample-records.js';
export { writeChunkCrcs } from './chunk-layout.js';
