import type { InboxItem } from '../../domain/inbox-item';
import { ListInboxHandler } from './list-inbox.handler';
import { ListInboxQuery } from './list-inbox.query';

/** One partner's items; every third an escalation for supervisors only. */
function storeOf(count: number) {
  const items: InboxItem[] = Array.from({ length: count }, (_, i) => {
    const seq = i + 1;
    const type = seq % 3 === 0 ? 'org.beacon.referral.escalated.v1' : 'org.beacon.referral.created.v1';
    return {
      seq,
      partnerId: 'b',
      eventId: `e-${seq}`,
      type,
      subject: 's',
      time: '2026-11-25T09:00:00.000Z',
      receivedAt: '2026-11-25T09:00:00.000Z',
      event: JSON.stringify({ id: `e-${seq}`, type, data: { notifyRoles: ['supervisor'] } }),
    };
  });
  const reads: number[] = [];
  return {
    reads,
    listAfter: async (partnerId: string, after: number, limit: number) => {
      reads.push(after);
      return items.filter((i) => i.partnerId === partnerId && i.seq > after).slice(0, limit);
    },
  };
}

describe('ListInboxHandler', () => {
  it('given escalations for supervisors, when a case worker pages, then it is not shown them and the pages still cover every item once', async () => {
    // given
    const store = storeOf(7);
    const handler = new ListInboxHandler(store);

    // when
    const first = await handler.execute(new ListInboxQuery('b', 0, 3, ['case-worker']));
    const second = await handler.execute(new ListInboxQuery('b', first.next, 3, ['case-worker']));
    const third = await handler.execute(new ListInboxQuery('b', second.next, 3, ['case-worker']));

    // then
    expect(first.items.map((i) => i.seq)).toEqual([1, 2, 4]);
    expect(first.next).toBe(4);
    expect(second.items.map((i) => i.seq)).toEqual([5, 7]);
    expect(second.next).toBe(7);
    expect(third).toEqual({ items: [], next: 7 });
  });

  it('given escalations for supervisors, when a supervisor pages, then it is shown every item', async () => {
    // given
    const handler = new ListInboxHandler(storeOf(7));

    // when
    const page = await handler.execute(new ListInboxQuery('b', 0, 100, ['supervisor']));

    // then
    expect(page.items.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(page.next).toBe(7);
  });
});
