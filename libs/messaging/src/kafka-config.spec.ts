import { parseBrokerList } from './kafka-config';

describe('broker list', () => {
  it('given hosts with ports, then they are returned trimmed', () => {
    expect(parseBrokerList(' 127.0.0.1:9092, kafka-2.internal:19092 ,[::1]:9093')).toEqual([
      '127.0.0.1:9092',
      'kafka-2.internal:19092',
      '[::1]:9093',
    ]);
  });

  it('given an entry without a port or with a bad one, then the entry is named', () => {
    expect(() => parseBrokerList('localhost')).toThrow('"localhost" is not host:port');
    expect(() => parseBrokerList('a:1,b:70000')).toThrow('"b:70000" is not host:port');
    expect(() => parseBrokerList(' , ')).toThrow('expected at least one host:port');
  });
});
