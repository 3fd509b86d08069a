/**
 * The values an event field can hold once a reader has parsed it. Nested objects are flattened by
 * the readers into dotted or Sigma-style names, so only scalars and lists of scalars remain.
 */
export type ScalarValue = string | number | boolean | null;
export type FieldValue = ScalarValue | readonly ScalarValue[];
