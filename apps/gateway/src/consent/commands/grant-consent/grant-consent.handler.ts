import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry, type ConsentGrantedV1Data } from '@beacon/contracts';
import { PinoLogger } from 'nestjs-pino';
import { CONSENT_SETTINGS, CONSENT_STORE, SUBJECT_RELATIONSHIPS } from '../../consent.di-tokens';
import { consentGrantedMessage } from '../../consent-events';
import type { ConsentSettings } from '../../consent-settings';
import { consentView } from '../../consent-view';
import {
  canonicalUuid,
  CONSENT_GRANTED_TYPE,
  grantConsent,
  recordedByMismatches,
} from '../../domain/consent';
import {
  consentVolumeFlag,
  decideGrant,
  missingEvidence,
  type RelationshipKind,
} from '../../domain/consent-trust';
import type { ConsentStore } from '../../ports/consent-store.port';
import type { SubjectRelationships } from '../../ports/subject-relationships.port';
import { GrantConsentCommand, type GrantConsentResult } from './grant-consent.command';

/**
 * Validates the consent against its schema, its evidence and the caller's
 * token; refuses it when the caller's organisation holds no relationship
 * with the subject; stores it — pending when it widens what the caller's
 * own organisation receives, with its `org.beacon.consent.granted.v1`
 * event otherwise — in one transaction; the outbox relay publishes the
 * event. A consent by someone who recorded unusually many is flagged.
 */
@CommandHandler(GrantConsentCommand)
export class GrantConsentHandler implements ICommandHandler<GrantConsentCommand, GrantConsentResult> {
  constructor(
    @Inject(CONSENT_STORE) private readonly store: ConsentStore,
    @Inject(SUBJECT_RELATIONSHIPS) private readonly relationships: SubjectRelationships,
    @Inject(CONSENT_SETTINGS) private readonly settings: ConsentSettings,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('consent');
  }

  async execute({ caller, body, correlationId }: GrantConsentCommand): Promise<GrantConsentResult> {
    const evidence = missingEvidence(body);
    const validation = this.registry.validate(CONSENT_GRANTED_TYPE, body);
    if (!validation.ok || evidence.length > 0)
      return { kind: 'invalid', errors: [...evidence, ...(validation.ok ? [] : validation.errors)] };
    const data = body as ConsentGrantedV1Data;
    const mismatches = recordedByMismatches(data, caller);
    if (data.confirmedBy !== undefined)
      mismatches.push({
        pointer: '/confirmedBy',
        message: 'is set by Beacon when a supervisor confirms the consent (POST /v1/consents/:id/confirm)',
      });
    if (mismatches.length > 0) return { kind: 'invalid', errors: mismatches };

    let kinds: RelationshipKind[];
    try {
      kinds = await this.relationships.kindsOf(canonicalUuid(data.subjectId), caller.partnerId);
    } catch (error) {
      this.logger.error({ err: error }, 'could not read subject relationships; refusing the consent');
      return {
        kind: 'unavailable',
        message:
          'relationship_unknown: Beacon cannot check now whether your organisation holds a relationship with the subject; try again shortly',
      };
    }
    const decision = decideGrant(data, caller, kinds);
    if (!decision.ok) return { kind: 'refused', refusal: decision.refusal };

    const now = new Date();
    const since = new Date(now.getTime() - this.settings.volume.windowMs);
    // Counting this one too: the flag is on the consent that crossed the line and on every one after.
    const recent = (await this.store.countRecordedBy(caller.partnerId, caller.subject, since)) + 1;
    const flag = consentVolumeFlag(recent, this.settings.volume);
    const consent = grantConsent(data, caller, now.toISOString(), {
      needsConfirmation: decision.needsConfirmation,
      ...(flag === undefined ? {} : { flag }),
    });
    const eventId = decision.needsConfirmation ? undefined : randomUUID();
    const event =
      eventId === undefined
        ? undefined
        : consentGrantedMessage(consent, {
            eventId,
            time: consent.recordedAt,
            dataschema: this.registry.dataschemaFor(CONSENT_GRANTED_TYPE),
            correlationId,
          });
    const recorded = await this.store.recordGrant(consent, event);
    if (!recorded) return { kind: 'duplicate', consentId: consent.consentId };
    if (flag !== undefined)
      this.logger.warn(
        { consentId: consent.consentId, partnerId: caller.partnerId, worker: caller.subject, flag },
        'consent flagged for auditors',
      );
    return { kind: 'recorded', consent: consentView(consent), ...(eventId === undefined ? {} : { eventId }) };
  }
}
