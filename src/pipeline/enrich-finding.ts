/**
 * The enrich stage: a raw finding becomes a full finding with the rule's metadata (author always
 * kept) and the ATT&CK context of its techniques — computed once per rule and shared.
 */
import { attackContextForTags } from '../attack/index.js';
import type { Finding, FindingAttack, FindingRule } from '../report/index.js';
import type { SigmaRule } from '../sigma/index.js';
import type { RawFinding } from './raw-finding.js';

export class FindingEnricher {
  private readonly rules = new Map<string, { rule: FindingRule; attack: FindingAttack }>();

  constructor(rules: readonly SigmaRule[], builtinKeys: ReadonlySet<string>) {
    for (const rule of rules) {
      const context = attackContextForTags(rule.meta.tags);
      this.rules.set(rule.key, {
        rule: {
          id: rule.meta.id ?? null,
          title: rule.meta.title,
          level: rule.meta.level ?? null,
          status: rule.meta.status ?? null,
          author: rule.meta.author ?? null,
          tags: rule.meta.tags,
          origin: builtinKeys.has(rule.key) ? 'builtin' : 'user',
          path: rule.location.file,
        },
        attack: {
          techniques: context.techniques,
          tactics: context.tactics,
          mitigations: context.mitigations,
          dataComponents: context.dataComponents,
          controls: context.controls,
        },
      });
    }
  }

  enrich(raw: RawFinding): Finding {
    const entry = this.rules.get(raw.ruleKey);
    if (entry === undefined) throw new Error(`finding for unknown rule ${raw.ruleKey}`);
    return {
      time: raw.time,
      host: raw.host,
      rule: entry.rule,
      attack: entry.attack,
      event: raw.event,
      source: raw.source,
    };
  }
}
