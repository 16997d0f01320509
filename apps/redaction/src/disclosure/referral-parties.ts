import type { CloudEvent } from '@beacon/messaging';
import type { RoutingContext } from '@beacon/policy';

/** The CloudEvents source of the referrals service, the one writer trusted to name a referral's parties. */
const REFERRALS_SOURCE = 'urn:beacon:service:referrals';
const PARTNER_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * The routing facts a referral status change cannot state in its v1 data:
 * its parties, from the `referraloriginator` and `referralreceiver`
 * extensions the referrals service puts on it. Taken only from events the
 * referrals service wrote, so no one else can steer a delivery with them.
 */
export function referralPartiesOf(event: CloudEvent): RoutingContext {
  if (event.source !== REFERRALS_SOURCE) return {};
  const knownParties: Record<string, string> = {};
  const originator = event.extensions?.referraloriginator;
  const receiver = event.extensions?.referralreceiver;
  if (originator !== undefined && PARTNER_ID.test(originator)) knownParties.originator = originator;
  if (receiver !== undefined && PARTNER_ID.test(receiver)) knownParties.receiver = receiver;
  return Object.keys(knownParties).length === 0 ? {} : { knownParties };
}
