/**
 * The Sigma logsources an event belongs to, decided once per kind of event (for Windows: per
 * Channel and EventID) and shared by every event of that kind. The rule index keys its buckets by
 * `key`, so two events with the same class always see the same candidate rules.
 */
export interface LogsourceClass {
  /** Unique and stable within a run: the rule index caches candidate rules under it. */
  readonly key: string;
  readonly product: string;
  /** Sigma `service` names this event belongs to (`security`, `sysmon`, `auditd` …). */
  readonly services: readonly string[];
  /** Sigma `category` memberships, each with the field renames a rule of that category needs. */
  readonly categories: readonly CategoryMembership[];
  /** The event's EventID (Windows) or its numeric kind, when the source has one. */
  readonly eventId: number | undefined;
}

/** One way an event is a member of a Sigma category. */
export interface CategoryMembership {
  readonly category: string;
  /** Stable name of this mapping (the row of the logsource table), used to share compiled rules. */
  readonly mappingId: string;
  /** Sigma field name → the field as this event carries it (4688: `Image` → `NewProcessName`). */
  readonly fieldMap: Readonly<Record<string, string>>;
  /** Extra field equalities the event must also satisfy (registry_add: `EventType` is `CreateKey`). */
  readonly conditions: readonly FieldCondition[];
}

export interface FieldCondition {
  readonly field: string;
  readonly values: readonly string[];
}
