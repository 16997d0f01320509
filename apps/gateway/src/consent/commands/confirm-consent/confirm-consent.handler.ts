import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry } from '@beacon/contracts';
import { CONSENT_STORE } from '../../consent.di-tokens';
import { consentGrantedMessage } from '../../consent-events';
import { consentView } from '../../consent-view';
import { applyConfirmation, canonicalUuid, CONSENT_GRANTED_TYPE } from '../../domain/consent';
import { decideConfirmation } from '../../domain/consent-trust';
import type { ConsentStore } from '../../ports/consent-store.port';
import { ConfirmConsentCommand, type ConfirmConsentResult } from './confirm-consent.command';

/**
 * Decides the confirmation against the consent as it stands under a row
 * lock, and stores it with the consent's `org.beacon.consent.granted.v1`
 * event (now naming who confirmed it) in that same transaction: the
 * redaction service applies the consent from the commit on.
 */
@CommandHandler(ConfirmConsentCommand)
export class ConfirmConsentHandler implements ICommandHandler<ConfirmConsentCommand, ConfirmConsentResult> {
  constructor(
    @Inject(CONSENT_STORE) private readonly store: ConsentStore,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  async execute({ caller, consentId, correlationId }: ConfirmConsentCommand): Promise<ConfirmConsentResult> {
    const id = canonicalUuid(consentId);
    const now = new Date().toISOString();
    const eventId = randomUUID();
    const result = await this.store.confirm<ConfirmConsentResult>(id, caller.partnerId, (consent) => {
      const decision = decideConfirmation(consent, caller);
      if (!decision.ok) return { write: false, result: { kind: 'refused', refusal: decision.refusal } };
      const next = applyConfirmation(consent, caller, now);
      const event = consentGrantedMessage(next, {
        eventId,
        time: now,
        dataschema: this.registry.dataschemaFor(CONSENT_GRANTED_TYPE),
        correlationId,
      });
      return { write: true, next, event, result: { kind: 'confirmed', consent: consentView(next), eventId } };
    });
    return result ?? { kind: 'not-found', consentId: id };
  }
}
