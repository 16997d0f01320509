import type { StoredHistoryEntry, StoredReferral } from './ports/referral-queries.port';
import { referralView, subjectIdsHeader, transitionView } from './referral-view';

const STORED: StoredReferral = {
  referralId: 'a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95',
  subjectId: '0e7d6a3c-9f12-4b8e-8c55-3a9d2e6f1b04',
  originator: { partnerId: 'metro-police', sector: 'law-enforcement' },
  receiver: { partnerId: 'safe-harbour', sector: 'ngo' },
  status: 'delivered',
  urgency: 'urgent',
  possibleDuplicate: false,
  possibleDuplicateOf: [],
  createdAt: new Date('2025-03-15T10:00:00Z'),
  receivedAt: new Date('2025-03-15T10:00:05Z'),
  updatedAt: new Date('2025-03-15T10:00:05Z'),
  position: { receivedAt: '2025-03-15T10:00:05.000000Z', referralId: 'a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95' },
};

describe('referral views', () => {
  it('given a delivered urgent referral, when the receiver reads it, then it is incoming and due four hours after it arrived', () => {
    // when
    const view = referralView(STORED, 'safe-harbour', { urgent: 14_400 });

    // then
    expect(view).toMatchObject({ direction: 'incoming', acceptBy: '2025-03-15T14:00:05.000Z' });
    expect(view).not.toHaveProperty('position');
  });

  it('given an accepted referral, when the originator reads it, then it is outgoing and has no accept deadline', () => {
    // when
    const view = referralView({ ...STORED, status: 'accepted' }, 'metro-police', { urgent: 14_400 });

    // then
    expect(view.direction).toBe('outgoing');
    expect(view).not.toHaveProperty('acceptBy');
  });

  it('given a closed referral, then its outcome shows the result and services, never the summary', () => {
    // when
    const view = referralView(
      {
        ...STORED,
        status: 'closed',
        reasonCode: 'services-completed',
        closeResult: 'successful',
        outcome: { servicesProvided: ['shelter'] },
      },
      'metro-police',
      {},
    );

    // then
    expect(view.outcome).toEqual({ result: 'successful', servicesProvided: ['shelter'] });
  });

  it('given history rows with notes and a closing summary, then each transition shows who, when and why, and no free text', () => {
    // given
    const at = new Date('2025-03-15T11:00:00Z');
    const rows: StoredHistoryEntry[] = [
      {
        eventType: 'ReferralDeclined',
        fromStatus: 'delivered',
        toStatus: 'declined',
        actorPartnerId: 'safe-harbour',
        event: {
          type: 'ReferralDeclined',
          actor: { partnerId: 'safe-harbour', caseWorker: { workerId: 'sh-1', name: 'Kwame' } },
          reasonCode: 'lack-of-capacity',
          note: 'Florin cannot come before Monday',
        },
        occurredAt: at,
      },
      {
        eventType: 'ReferralClosed',
        fromStatus: 'in-progress',
        toStatus: 'closed',
        event: {
          type: 'ReferralClosed',
          actor: { partnerId: 'safe-harbour' },
          outcome: {
            result: 'successful',
            reasonCode: 'services-completed',
            summary: 'Florin housed at 12 Elm St',
          },
        },
        occurredAt: at,
      },
      {
        eventType: 'ReferralEscalated',
        fromStatus: 'delivered',
        event: { type: 'ReferralEscalated', dueAt: '2025-03-15T10:30:00.000Z' },
        occurredAt: at,
      },
    ];

    // when
    const views = rows.map(transitionView);

    // then
    expect(views).toEqual([
      {
        type: 'declined',
        from: 'delivered',
        to: 'declined',
        by: { partnerId: 'safe-harbour', caseWorker: { workerId: 'sh-1', name: 'Kwame' } },
        at: '2025-03-15T11:00:00.000Z',
        reasonCode: 'lack-of-capacity',
      },
      {
        type: 'closed',
        from: 'in-progress',
        to: 'closed',
        by: { partnerId: 'safe-harbour' },
        at: '2025-03-15T11:00:00.000Z',
        reasonCode: 'services-completed',
        outcome: { result: 'successful' },
      },
      {
        type: 'escalated',
        from: 'delivered',
        at: '2025-03-15T11:00:00.000Z',
        dueAt: '2025-03-15T10:30:00.000Z',
      },
    ]);
    expect(JSON.stringify(views)).not.toContain('Florin');
  });

  it('given referrals of two subjects, one twice, then the header names each subject once', () => {
    // then
    expect(subjectIdsHeader(['a', 'b', 'a'])).toBe('a,b');
    expect(subjectIdsHeader([])).toBe('');
  });
});
