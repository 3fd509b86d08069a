/** An `IssueSink` that keeps issues (up to a limit) and counts every one by code. */
import type { DataIssue, IssueSink } from './data-issue.js';

/** Issues kept in memory beyond this are only counted: a hostile file must not exhaust memory. */
const DEFAULT_MAX_KEPT = 10_000;

export class IssueCollector implements IssueSink {
  readonly issues: DataIssue[] = [];
  readonly countsByCode = new Map<string, number>();
  total = 0;
  private readonly maxKept: number;

  constructor(maxKept = DEFAULT_MAX_KEPT) {
    this.maxKept = maxKept;
  }

  report(issue: DataIssue): void {
    this.total++;
    this.countsByCode.set(issue.code, (this.countsByCode.get(issue.code) ?? 0) + 1);
    if (this.issues.length < this.maxKept) this.issues.push(issue);
  }
}
