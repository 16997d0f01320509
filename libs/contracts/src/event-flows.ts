/**
 * Which event travels where, and who writes it. The AsyncAPI document and
 * the event catalogue are built from this table, so a new event type must
 * be placed here before its contract can be published.
 */

/** The kinds of topic an event can travel on (names come from the topic registry in libs/messaging). */
export type ChannelKind = 'inbound' | 'events' | 'deliver' | 'rejections' | 'audit';

/** How an event name moves through Beacon. */
export interface EventFlow {
  /** Who writes it, in a phrase. */
  readonly producedBy: string;
  /** The topics it appears on. */
  readonly channels: readonly ChannelKind[];
  /** What the Kafka record key (= CloudEvents `subject`) holds. */
  readonly key: 'subject-id' | 'partner-id' | 'subject-id-or-partner-id';
  /**
   * For events partners publish: the JSON pointer of the partner the data
   * says it comes from. Intake refuses an event whose data names another
   * partner than the one that wrote it, since routing trusts that field.
   */
  readonly originatorPath?: string;
}

/** The flow of every event name (`alert.raised`, without version). */
export const EVENT_FLOWS: Readonly<Record<string, EventFlow>> = {
  'alert.raised': {
    producedBy:
      'a partner system (police RMS, hospital EHR, NGO case tool), on its inbound topic or through the gateway',
    channels: ['inbound', 'events', 'deliver'],
    key: 'subject-id',
    originatorPath: '/raisedBy/organisation/partnerId',
  },
  'referral.created': {
    producedBy: 'a partner system or a case worker through the gateway',
    channels: ['inbound', 'events', 'deliver'],
    key: 'subject-id',
    originatorPath: '/from/organisation/partnerId',
  },
  'referral.status-changed': {
    producedBy:
      'the referrals service (through its outbox), when a case worker acts or a referral is delivered',
    channels: ['events', 'deliver'],
    key: 'subject-id',
  },
  'referral.escalated': {
    producedBy:
      'the referrals service (through its outbox), when a delivered referral is not accepted within the time its urgency allows',
    channels: ['events', 'deliver'],
    key: 'subject-id',
  },
  'tip.submitted': {
    producedBy: 'a partner that runs a hotline or tip form',
    channels: ['inbound', 'events', 'deliver'],
    key: 'subject-id',
    originatorPath: '/receivedBy/partnerId',
  },
  'consent.granted': {
    producedBy: "the gateway's consent API (through its outbox)",
    channels: ['events'],
    key: 'subject-id',
  },
  'consent.revoked': {
    producedBy: "the gateway's consent API (through its outbox)",
    channels: ['events'],
    key: 'subject-id',
  },
  'disclosure.recorded': {
    producedBy: 'the redaction service, in the same Kafka transaction as the delivery it records',
    channels: ['audit'],
    key: 'subject-id',
  },
  'disclosure.retracted': {
    producedBy:
      'the redaction service, when it processes a consent revocation, to each partner that received data under that consent',
    channels: ['deliver'],
    key: 'subject-id',
  },
  'break-glass.granted': {
    producedBy: "the gateway's break-glass API (through its outbox)",
    channels: ['events'],
    key: 'subject-id',
  },
  'access.recorded': {
    producedBy: 'the gateway, for every request that reads or changes personal data or the audit log',
    channels: ['audit'],
    key: 'subject-id-or-partner-id',
  },
  'event.rejected': {
    producedBy: 'the intake service, for each inbound event it refuses',
    channels: ['rejections'],
    key: 'partner-id',
  },
};
