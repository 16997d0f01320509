import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './record-cursor';
import { InvalidParameterError } from './invalid-parameter.error';

describe('the records cursor', () => {
  it('given any position, then it survives the round trip as an opaque URL-safe string', () => {
    fc.assert(
      fc.property(
        fc.option(
          fc
            .date({
              min: new Date('0001-01-01T00:00:00Z'),
              max: new Date('9999-12-31T23:59:59Z'),
              noInvalidDate: true,
            })
            .map((d) => d.toISOString()),
        ),
        fc.integer({ min: 0, max: 2_147_483_647 }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (time, partition, sequence) => {
          const text = encodeCursor({ time, partition, sequence });
          expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(decodeCursor(text)).toEqual({ time, partition, sequence });
        },
      ),
    );
  });

  it('given any other string, then it is refused, never thrown at as something else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          decodeCursor(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidParameterError);
        }
      }),
    );
    for (const forged of [
      [2, null, 0, 1],
      [1, 'yesterday', 0, 1],
      [1, null, 0, 0],
      [1, null, 1.5, 1],
      { time: null },
    ])
      expect(() => decodeCursor(Buffer.from(JSON.stringify(forged)).toString('base64url'))).toThrow(
        InvalidParameterError,
      );
  });
});
