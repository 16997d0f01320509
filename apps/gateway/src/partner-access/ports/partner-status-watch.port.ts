import type { PartnerStatusCheck } from '@beacon/auth';

/**
 * What the gateway knows of its partners' standing: asked per request (the
 * auth guard, the inbox stream's credential check), and watched, so that
 * what a request opened (an inbox stream) ends when its partner may no
 * longer act.
 */
export interface PartnerStatusWatch extends PartnerStatusCheck {
  /** Calls `onChange` with a partner's id whenever its standing may have changed; returns the unsubscribe function. */
  onChange(onChange: (partnerId: string) => void): () => void;
}
