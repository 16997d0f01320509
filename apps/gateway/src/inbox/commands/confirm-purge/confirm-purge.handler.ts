import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decidePurgeConfirmation } from '../../domain/retraction';
import { RETRACTION_STORE } from '../../inbox.di-tokens';
import type { RetractionStore } from '../../ports/retraction-store.port';
import { ConfirmPurgeCommand, type ConfirmPurgeResult } from './confirm-purge.command';

@CommandHandler(ConfirmPurgeCommand)
export class ConfirmPurgeHandler implements ICommandHandler<ConfirmPurgeCommand, ConfirmPurgeResult> {
  constructor(@Inject(RETRACTION_STORE) private readonly store: RetractionStore) {}

  async execute({ caller, retractionId }: ConfirmPurgeCommand): Promise<ConfirmPurgeResult> {
    const outcome = await this.store.confirmPurge(
      retractionId,
      {
        partnerId: caller.partnerId,
        subject: caller.subject,
        ...(caller.tokenId === undefined ? {} : { tokenId: caller.tokenId }),
      },
      new Date(),
      decidePurgeConfirmation,
    );
    if (outcome === undefined) return { kind: 'not-found', retractionId };
    return outcome.ok
      ? { kind: 'confirmed', retraction: outcome.retraction }
      : { kind: 'refused', refusal: outcome.refusal };
  }
}
