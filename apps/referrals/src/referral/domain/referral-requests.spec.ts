import {
  checkCloseBody,
  checkListQuery,
  checkNoteBody,
  checkReasonBody,
  checkReassignBody,
  decodeCursor,
  encodeCursor,
} from './referral-requests';

const fieldsOf = (result: { ok: boolean; problems?: readonly { field: string }[] }): string[] =>
  result.ok ? [] : (result.problems ?? []).map((p) => p.field);

describe('referral requests', () => {
  describe('list query', () => {
    it('given no parameters, then the first 50 referrals in both directions are asked for', () => {
      // when / then
      expect(checkListQuery({})).toEqual({ ok: true, value: { limit: 50 } });
    });

    it('given every filter, then each is read', () => {
      // given
      const cursor = encodeCursor({
        receivedAt: '2025-03-15T10:00:00.123456Z',
        referralId: 'a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95',
      });

      // when
      const result = checkListQuery({
        status: 'delivered,accepted',
        urgency: 'urgent',
        assignedWorker: 'sh-nav-12',
        direction: 'incoming',
        limit: '200',
        cursor,
      });

      // then
      expect(result).toEqual({
        ok: true,
        value: {
          statuses: ['delivered', 'accepted'],
          urgencies: ['urgent'],
          assignedWorker: 'sh-nav-12',
          direction: 'incoming',
          limit: 200,
          after: {
            receivedAt: '2025-03-15T10:00:00.123456Z',
            referralId: 'a7c2e9f4-5b1d-4e83-9c60-2d8f1a3b7e95',
          },
        },
      });
    });

    it.each([
      [{ status: 'open' }, ['status']],
      [{ urgency: 'high' }, ['urgency']],
      [{ direction: 'sideways' }, ['direction']],
      [{ direction: 'incoming,outgoing' }, ['direction']],
      [{ limit: '201' }, ['limit']],
      [{ limit: '0' }, ['limit']],
      [{ limit: '1e2' }, ['limit']],
      [{ cursor: 'bm90LWEtY3Vyc29y' }, ['cursor']],
      [{ status: ['delivered', 'accepted'] }, ['status']],
      [{ receiver: 'safe-harbour' }, ['receiver']],
      [{ assignedWorker: 'x'.repeat(101), limit: 'many' }, ['assignedWorker', 'limit']],
    ])('given %j, then it is refused naming %j', (query, fields) => {
      // when / then
      expect(fieldsOf(checkListQuery(query)).sort()).toEqual([...fields].sort());
    });

    it('given a cursor, when decoded, then it gives back the position it was made from, and tampering is refused', () => {
      // given
      const position = {
        receivedAt: '2025-03-15T10:00:00.000001Z',
        referralId: '3f1b7c2d-8e4a-4d6f-a912-5c0e8b7d4a21',
      };

      // when / then
      expect(decodeCursor(encodeCursor(position))).toEqual(position);
      expect(
        decodeCursor(Buffer.from('["2025-03-15T10:00:00Z","x\\u0027; DROP"]').toString('base64url')),
      ).toBeUndefined();
      expect(decodeCursor('%%%')).toBeUndefined();
    });
  });

  describe('action bodies', () => {
    it('given an empty accept body or only a note, then it is accepted', () => {
      // when / then
      expect(checkNoteBody(undefined)).toEqual({ ok: true, value: {} });
      expect(checkNoteBody({ note: 'Bed free from 17:00' })).toEqual({
        ok: true,
        value: { note: 'Bed free from 17:00' },
      });
    });

    it.each([
      [[1, 2], ['(body)']],
      [{ note: '' }, ['note']],
      [{ note: 'x'.repeat(2001) }, ['note']],
      [{ status: 'accepted' }, ['status']],
    ])('given the note body %j, then it is refused naming %j', (body, fields) => {
      expect(fieldsOf(checkNoteBody(body))).toEqual(fields);
    });

    it('given a decline without a reason or with an unknown one, then `reason` is named', () => {
      // when / then
      expect(fieldsOf(checkReasonBody({}))).toEqual(['reason']);
      expect(fieldsOf(checkReasonBody({ reason: 'busy' }))).toEqual(['reason']);
      expect(checkReasonBody({ reason: 'lack-of-capacity' })).toEqual({
        ok: true,
        value: { reasonCode: 'lack-of-capacity' },
      });
    });

    it('given a close, then the outcome needs a reason that fits it', () => {
      // when / then
      expect(fieldsOf(checkCloseBody({ reason: 'services-completed' }))).toEqual(['outcome']);
      expect(fieldsOf(checkCloseBody({ outcome: 'successful', reason: 'lack-of-capacity' }))).toEqual([
        'reason',
      ]);
      expect(
        fieldsOf(
          checkCloseBody({ outcome: 'successful', reason: 'services-completed', servicesProvided: ['spa'] }),
        ),
      ).toEqual(['servicesProvided']);
      expect(
        checkCloseBody({
          outcome: 'successful',
          reason: 'services-completed',
          servicesProvided: ['shelter', 'legal'],
          onwardReferral: 'st-mary-hospital',
        }),
      ).toEqual({
        ok: true,
        value: {
          outcome: {
            result: 'successful',
            reasonCode: 'services-completed',
            servicesProvided: ['shelter', 'legal'],
            onwardReferral: 'st-mary-hospital',
          },
        },
      });
    });

    it('given a reassignment, then the target worker id and name are required', () => {
      // when / then
      expect(fieldsOf(checkReassignBody({})).sort()).toEqual(['workerId', 'workerName']);
      expect(checkReassignBody({ workerId: 'sh-nav-07', workerName: 'Amira Haddad' })).toEqual({
        ok: true,
        value: { worker: { workerId: 'sh-nav-07', name: 'Amira Haddad' } },
      });
    });
  });
});
