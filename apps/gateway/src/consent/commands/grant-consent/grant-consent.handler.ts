import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry, type ConsentGrantedV1Data } from '@beacon/contracts';
import { CONSENT_STORE } from '../../consent.di-tokens';
import { consentGrantedMessage } from '../../consent-events';
import { consentView } from '../../consent-view';
import { CONSENT_GRANTED_TYPE, grantConsent, recordedByMismatches } from '../../domain/consent';
import type { ConsentStore } from '../../ports/consent-store.port';
import { GrantConsentCommand, type GrantConsentResult } from './grant-consent.command';

/**
 * Validates the consent against its schema and the caller's token, then
 * stores it with its `org.beacon.consent.granted.v1` event in one
 * transaction; the outbox relay publishes the event.
 */
@CommandHandler(GrantConsentCommand)
export class GrantConsentHandler implements ICommandHandler<GrantConsentCommand, GrantConsentResult> {
  constructor(
    @Inject(CONSENT_STORE) private readonly store: ConsentStore,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  async execute({ caller, body, correlationId }: GrantConsentCommand): Promise<GrantConsentResult> {
    const validation = this.registry.validate(CONSENT_GRANTED_TYPE, body);
    if (!validation.ok) return { kind: 'invalid', errors: validation.errors };
    const data = body as ConsentGrantedV1Data;
    const mismatches = recordedByMismatches(data, caller);
    if (mismatches.length > 0) return { kind: 'invalid', errors: mismatches };

    const now = new Date().toISOString();
    const consent = grantConsent(data, caller, now);
    const eventId = randomUUID();
    const event = consentGrantedMessage(consent, {
      eventId,
      time: now,
      dataschema: this.registry.dataschemaFor(CONSENT_GRANTED_TYPE),
      correlationId,
    });
    const recorded = await this.store.recordGrant(consent, event);
    if (!recorded) return { kind: 'duplicate', consentId: consent.consentId };
    return { kind: 'recorded', consent: consentView(consent), eventId };
  }
}
