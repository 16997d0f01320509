import { auditRecordView, type JsonObject } from '../../chain';
import { chainOf, newSigner } from '../../chain/testing/chain-fixtures';
import { explainEventForPartner } from './explain-delivery';

describe('explaining a delivery', () => {
  const signer = newSigner();
  const [row] = chainOf(signer, { count: 1 }).rows;

  /** The police delivery's explanation of the row's record with `data` changed as given. */
  function explainedWith(change: (data: JsonObject) => void) {
    const record = structuredClone(row.record);
    change(record.data as JsonObject);
    const view = auditRecordView({ ...row, record });
    const [delivery] =
      explainEventForPartner(view.resource.id as string, 'metro-police', [view])?.deliveries ?? [];
    return delivery;
  }

  it('given the disclosure record of a delivery, then every path with what was done to it and what decided it', () => {
    const view = auditRecordView(row);
    const answer = explainEventForPartner(view.resource.id as string, 'metro-police', [view]);
    expect(answer).toMatchObject({
      eventId: view.resource.id,
      partnerId: 'metro-police',
      subjectId: view.resource.subjectId,
    });
    expect(answer?.deliveries).toHaveLength(1);
    expect(
      answer?.deliveries[0].paths.map(({ path, outcome, transformation, reason, decidedBy }) => [
        path,
        outcome,
        transformation,
        reason,
        decidedBy.kind,
      ]),
    ).toEqual([
      ['/urgency', 'disclosed', 'none', null, 'sector-policy-or-consent'],
      ['/category', 'disclosed', 'none', null, 'sector-policy-or-consent'],
      ['/subject/name', 'withheld', 'drop', 'sector-policy', 'sector-policy'],
      ['/location', 'transformed', 'generalize', 'sector-policy', 'sector-policy'],
    ]);
    expect(answer?.deliveries[0]).toMatchObject({
      policy: { id: 'beacon-default', version: 'sha256:abc' },
      breakGlass: { used: false },
    });
  });

  it('given a record that names the rule of each path, then a disclosed path says whether a consent or the policy let it through', () => {
    const delivery = explainedWith((data) => {
      data.decidedBy = [
        { path: '/urgency', by: 'consent c-17 (permit)' },
        { path: '/category', by: 'ngo policy, operational rule' },
        { path: '/subject/name', by: 'ngo policy, identity rule' },
      ];
    });
    expect(delivery.paths.map((p) => [p.path, p.decidedBy.kind, p.decidedBy.rule])).toEqual([
      ['/urgency', 'consent-permit', 'consent c-17 (permit)'],
      ['/category', 'sector-policy', 'ngo policy, operational rule'],
      ['/subject/name', 'sector-policy', 'ngo policy, identity rule'],
      ['/location', 'sector-policy', null],
    ]);
    expect(delivery.paths[0].decidedBy.explanation).toMatch(/decided by consent c-17 \(permit\)$/);
  });

  it('given a record that groups the paths by the rule that decided them (rules), then each path is named with its rule as with decidedBy', () => {
    const delivery = explainedWith((data) => {
      data.rules = [
        { by: 'consent c-17 (permit)', paths: ['/urgency'] },
        { by: 'ngo policy, operational rule', paths: ['/category'] },
        { by: 'ngo policy, identity rule', paths: ['/subject/name', '/location'] },
      ];
    });
    expect(delivery.paths.map((p) => [p.path, p.decidedBy.kind, p.decidedBy.rule])).toEqual([
      ['/urgency', 'consent-permit', 'consent c-17 (permit)'],
      ['/category', 'sector-policy', 'ngo policy, operational rule'],
      ['/subject/name', 'sector-policy', 'ngo policy, identity rule'],
      ['/location', 'sector-policy', 'ngo policy, identity rule'],
    ]);
  });

  it('given each reason a record can give, then the deciding rule is named', () => {
    const record = structuredClone(row.record);
    const data = record.data as JsonObject;
    data.consentIds = [];
    data.breakGlass = { used: true, reason: 'child at immediate risk' };
    data.withheld = [
      'sector-policy',
      'default-deny',
      'uncategorised',
      'consent-denied',
      'consent-required',
      'narrative-scrubbed',
      'hash-key-unavailable',
      'not-generalizable',
    ].map((reason, i) => ({
      path: `/p${i}`,
      reason,
      transformation: reason === 'narrative-scrubbed' ? 'scrub' : 'drop',
    }));
    const view = auditRecordView({ ...row, record });
    const [delivery] =
      explainEventForPartner(view.resource.id as string, 'metro-police', [view])?.deliveries ?? [];
    expect(delivery.paths.map((p) => p.decidedBy.kind)).toEqual([
      'break-glass',
      'break-glass',
      'sector-policy',
      'default-deny',
      'default-deny',
      'consent-denied',
      'consent-required',
      'narrative-scrub',
      'fail-closed',
      'fail-closed',
    ]);
    expect(delivery.breakGlass).toEqual({ used: true, reason: 'child at immediate risk' });
  });

  it('given no delivery to that partner, then there is no explanation', () => {
    const view = auditRecordView(row);
    expect(explainEventForPartner(view.resource.id as string, 'safe-harbour', [view])).toBeUndefined();
    expect(explainEventForPartner('another-event', 'metro-police', [view])).toBeUndefined();
  });
});
