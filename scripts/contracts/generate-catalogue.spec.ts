import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { defaultSchemasDir } from '@beacon/contracts/schema-registry';
import { CATALOGUE_MD, renderCatalogue } from './generate-catalogue';

describe('docs/event-catalogue.md', () => {
  const committed = readFileSync(join(dirname(defaultSchemasDir()), CATALOGUE_MD), 'utf8');

  it('is up to date (run npx tsx scripts/contracts/generate-catalogue.ts if not)', () => {
    expect(committed).toBe(renderCatalogue());
  });

  it('names a category for every leaf row', () => {
    expect(committed).not.toContain('**none**');
  });
});
