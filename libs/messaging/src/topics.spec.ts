import { allTopics, topicsFor } from './topics';

describe('topic registry', () => {
  it('given the default namespace, then the names are the ones in the design', () => {
    const topics = topicsFor();
    expect(topics.events).toBe('beacon.events');
    expect(topics.audit).toBe('beacon.audit');
    expect(topics.inbound('metro-police')).toBe('beacon.inbound.metro-police');
    expect(topics.deliver('safe-harbour')).toBe('beacon.deliver.safe-harbour');
    expect(topics.rejections('metro-police')).toBe('beacon.rejections.metro-police');
  });

  it('given a test namespace, then every name and group lives under it', () => {
    const topics = topicsFor('t1a2b');
    expect(allTopics(topics, ['a1'])).toEqual([
      't1a2b.events',
      't1a2b.audit',
      't1a2b.partners',
      't1a2b.intake.dedupe',
      't1a2b.inbound.a1',
      't1a2b.deliver.a1',
      't1a2b.rejections.a1',
    ]);
    expect(topics.consumerGroup('intake')).toBe('t1a2b.intake');
  });

  it('given a partner id that could escape its topic, then it is refused', () => {
    const topics = topicsFor();
    expect(() => topics.inbound('../x')).toThrow('partner id "../x" is not valid');
    expect(() => topics.deliver('Metro.Police')).toThrow(/not valid/);
    expect(() => topicsFor('Beacon')).toThrow('topic namespace "Beacon" is not valid');
  });
});
