import { benchPolicy } from './policy';
import { benchValidation } from './validation';

// Not a timing test: it only proves that each benchmark part runs on the
// current code and measures what it says (a part whose input no longer
// passes would throw), so `npm run bench` cannot rot unnoticed.
describe('benchmark parts', () => {
  it.each([
    ['contracts', benchValidation],
    ['policy', benchPolicy],
  ] as const)(
    'given the %s part, when it runs briefly, then every metric has a positive rate',
    async (_name, part) => {
      const rows = await part({ seconds: 0.05, runs: 1 });
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows)
        expect({ metric: row.metric, positive: row.median > 0 }).toEqual({
          metric: row.metric,
          positive: true,
        });
    },
  );
});
