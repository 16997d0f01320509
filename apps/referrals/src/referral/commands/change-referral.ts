import { randomUUID } from 'node:crypto';
import type { SchemaRegistry } from '@beacon/contracts';
import type { NewOutboxMessage } from '@beacon/persistence';
import {
  decide,
  evolve,
  type ReferralCommand,
  type ReferralState,
  type ReferralStateStatus,
} from '../domain/referral.decider';
import type { RecordedEvent, ReferralStore } from '../ports/referral-store.port';
import {
  partiesOf,
  REFERRAL_STATUS_CHANGED_TYPE,
  statusChangedData,
  statusChangedMessage,
} from '../referral-events';

/** What a case worker's command came to when the decider allowed it. */
export interface ReferralChanged {
  readonly referralId: string;
  readonly status: ReferralStateStatus;
  /** The ids of the `referral.status-changed` events it will publish (none for a reassignment). */
  readonly eventIds: readonly string[];
}

/** No referral with this id (HTTP 404). */
export class ReferralNotFoundError extends Error {
  constructor(readonly referralId: string) {
    super(`no referral ${referralId}`);
    this.name = 'ReferralNotFoundError';
  }
}

/**
 * The one path every case-worker command takes: load and lock the referral,
 * decide, evolve, and store the new state with its history and its
 * status-changed events in one transaction. A refusal from the decider
 * (a `ReferralRefusal`) passes through unchanged and nothing is written.
 */
export async function changeReferral(
  store: ReferralStore,
  registry: SchemaRegistry,
  referralId: string,
  command: ReferralCommand,
  context: { correlationId?: string } = {},
): Promise<ReferralChanged> {
  const changed = await store.change(referralId, (current) => {
    // A partner that is no party to the referral must not learn it exists, not even from a refusal.
    if ('actor' in command && !isParty(current, command.actor.partnerId)) {
      throw new ReferralNotFoundError(referralId);
    }
    let state: ReferralState = current;
    const history: RecordedEvent[] = [];
    const outbox: NewOutboxMessage[] = [];
    for (const event of decide(command, current)) {
      const data = statusChangedData(state, event);
      const eventId = data === undefined ? undefined : randomUUID();
      if (data !== undefined && eventId !== undefined) {
        outbox.push(
          statusChangedMessage(data, {
            eventId,
            dataschema: registry.dataschemaFor(REFERRAL_STATUS_CHANGED_TYPE),
            parties: partiesOf(current),
            ...(context.correlationId === undefined ? {} : { correlationId: context.correlationId }),
          }),
        );
      }
      history.push({
        event,
        ...(state.status === 'absent' ? {} : { fromStatus: state.status }),
        ...(eventId === undefined ? {} : { publishedEventId: eventId }),
      });
      state = evolve(state, event);
    }
    if (state.status === 'absent') throw new Error('a referral command cannot un-create a referral');
    return {
      change: { next: state, history, outbox },
      result: { referralId, status: state.status, eventIds: outbox.map((m) => m.eventId) },
    };
  });
  if (changed === undefined) throw new ReferralNotFoundError(referralId);
  return changed;
}

function isParty(referral: Exclude<ReferralState, { status: 'absent' }>, partnerId: string): boolean {
  return referral.originator.partnerId === partnerId || referral.receiver.partnerId === partnerId;
}
