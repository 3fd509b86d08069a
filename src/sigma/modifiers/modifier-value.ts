/** A value on its way through the modifier chain: Sigma text with wildcards, or encoded bytes. */
import type { SigmaString } from './sigma-string.js';

export type ModifierValue =
  { readonly kind: 'string'; readonly value: SigmaString } | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

/** A modifier that cannot apply to this value (wildcards before base64, say). */
export class ModifierError extends Error {
  override readonly name = 'ModifierError';
  readonly code:
    'BAD_VALUE' | 'UNKNOWN_MODIFIER' | 'BAD_MODIFIER_COMBINATION' | 'UNSUPPORTED_PLACEHOLDER' | 'TOO_MANY_VARIANTS';

  constructor(code: ModifierError['code'], message: string) {
    super(message);
    this.code = code;
  }
}
