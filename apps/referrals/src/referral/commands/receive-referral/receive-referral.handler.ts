import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry, type ReferralCreatedV1Data } from '@beacon/contracts';
import {
  decide,
  evolve,
  INITIAL_REFERRAL_STATE,
  type ReferralCommand,
  type ReferralState,
} from '../../domain/referral.decider';
import { REFERRAL_STORE } from '../../referral.di-tokens';
import {
  derivedEventId,
  factsFromCreated,
  partiesOf,
  REFERRAL_CREATED_TYPE,
  REFERRAL_STATUS_CHANGED_TYPE,
  statusChangedData,
  statusChangedMessage,
} from '../../referral-events';
import type { RecordedEvent, ReferralStore } from '../../ports/referral-store.port';
import type { NewOutboxMessage } from '@beacon/persistence';
import { ReceiveReferralCommand, type ReceiveReferralResult } from './receive-referral.command';

/**
 * Runs a new referral through the decider (create, then deliver: routing to
 * the receiver is Beacon's own step and needs nobody's action), and stores
 * the referral, its history and the `referral.status-changed` (delivered)
 * event in one transaction. The delivered event's id is derived from the
 * created event's id, so even a replay that slipped past the unique key
 * could not announce the delivery under a second id.
 */
@CommandHandler(ReceiveReferralCommand)
export class ReceiveReferralHandler implements ICommandHandler<
  ReceiveReferralCommand,
  ReceiveReferralResult
> {
  constructor(
    @Inject(REFERRAL_STORE) private readonly store: ReferralStore,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  async execute({ event }: ReceiveReferralCommand): Promise<ReceiveReferralResult> {
    // Intake validated it already; checked again because the lifecycle trusts these fields.
    const validation = this.registry.validate(REFERRAL_CREATED_TYPE, event.data);
    if (!validation.ok) {
      return { kind: 'invalid', reasons: validation.errors.map((e) => `${e.pointer} ${e.message}`) };
    }
    const facts = factsFromCreated(event.data as ReferralCreatedV1Data);
    const receivedAt = new Date().toISOString();
    const commands: ReferralCommand[] = [
      { type: 'CreateReferral', facts, at: facts.createdAt },
      { type: 'DeliverReferral', at: receivedAt },
    ];

    let state: ReferralState = INITIAL_REFERRAL_STATE;
    const history: RecordedEvent[] = [];
    const outbox: NewOutboxMessage[] = [];
    for (const command of commands) {
      for (const lifecycleEvent of decide(command, state)) {
        const data = statusChangedData(state, lifecycleEvent);
        const publishedEventId =
          data === undefined ? undefined : derivedEventId(event.id, lifecycleEvent.type);
        if (data !== undefined && publishedEventId !== undefined) {
          outbox.push(
            statusChangedMessage(data, {
              eventId: publishedEventId,
              dataschema: this.registry.dataschemaFor(REFERRAL_STATUS_CHANGED_TYPE),
              parties: partiesOf(facts),
              causationId: event.id,
              correlationId: event.correlationid ?? event.id,
            }),
          );
        }
        history.push({
          event: lifecycleEvent,
          ...(state.status === 'absent' ? {} : { fromStatus: state.status }),
          ...(publishedEventId === undefined ? {} : { publishedEventId }),
        });
        state = evolve(state, lifecycleEvent);
      }
    }
    if (state.status === 'absent') throw new Error('the decider created no referral');

    const outcome = await this.store.recordReceived({ sourceEventId: event.id, state, history, outbox });
    if (outcome.kind === 'already-recorded')
      return { kind: 'already-received', referralId: facts.referralId };
    return {
      kind: 'delivered',
      referralId: facts.referralId,
      possibleDuplicateOf: outcome.possibleDuplicateOf,
      statusChangedEventId: outbox[0]?.eventId ?? '',
    };
  }
}
