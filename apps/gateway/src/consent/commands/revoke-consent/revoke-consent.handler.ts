import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry, type ConsentRevokedV1Data } from '@beacon/contracts';
import { CONSENT_STORE } from '../../consent.di-tokens';
import { consentRevokedMessage } from '../../consent-events';
import { consentView } from '../../consent-view';
import {
  applyRevocation,
  canonicalUuid,
  CONSENT_REVOKED_TYPE,
  decideRevocation,
  granteeKey,
  readRevokeRequest,
  revokedData,
} from '../../domain/consent';
import type { ConsentStore } from '../../ports/consent-store.port';
import { RevokeConsentCommand, type RevokeConsentResult } from './revoke-consent.command';

/**
 * Builds the `org.beacon.consent.revoked.v1` data from the request, the
 * stored consent and the token, validates it, decides against the consent
 * as it stands under a row lock, and stores the revocation with its event
 * in that same transaction.
 */
@CommandHandler(RevokeConsentCommand)
export class RevokeConsentHandler implements ICommandHandler<RevokeConsentCommand, RevokeConsentResult> {
  constructor(
    @Inject(CONSENT_STORE) private readonly store: ConsentStore,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  async execute({
    caller,
    consentId,
    body,
    correlationId,
  }: RevokeConsentCommand): Promise<RevokeConsentResult> {
    const read = readRevokeRequest(body);
    if (!read.ok) return { kind: 'invalid', errors: read.errors };
    const id = canonicalUuid(consentId);
    const now = new Date().toISOString();
    const eventId = randomUUID();

    const result = await this.store.revoke<RevokeConsentResult>(id, caller.partnerId, (consent) => {
      const data = revokedData(consent, read.request, caller, now);
      const validation = this.registry.validate(CONSENT_REVOKED_TYPE, data);
      if (!validation.ok) return { write: false, result: { kind: 'invalid', errors: validation.errors } };
      const decision = decideRevocation(consent, data as unknown as ConsentRevokedV1Data, caller);
      if (!decision.ok) {
        const refusal = decision.refusal;
        if (refusal.kind !== 'unknown-grantee') return { write: false, result: { kind: 'refused', refusal } };
        const known = refusal.known.map(granteeKey).join(', ');
        return {
          write: false,
          result: {
            kind: 'invalid',
            errors: [
              {
                pointer: '/grantee',
                message: `the consent has no provision for this grantee; it names ${known}`,
              },
            ],
          },
        };
      }
      const next = applyRevocation(consent, decision.revocation);
      const event = consentRevokedMessage(next, decision.revocation, {
        eventId,
        time: now,
        dataschema: this.registry.dataschemaFor(CONSENT_REVOKED_TYPE),
        correlationId,
      });
      return {
        write: true,
        revocation: decision.revocation,
        next,
        event,
        result: { kind: 'revoked', consent: consentView(next), eventId },
      };
    });
    return result ?? { kind: 'not-found', consentId: id };
  }
}
