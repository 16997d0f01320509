import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { parse } from 'yaml';
import { defaultSchemasDir } from '@beacon/contracts/schema-registry';
import { ASYNCAPI_YAML, renderAsyncApi } from './generate-asyncapi';

describe('docs/asyncapi.yaml', () => {
  const committed = readFileSync(join(dirname(defaultSchemasDir()), ASYNCAPI_YAML), 'utf8');

  it('is up to date (run npx tsx scripts/contracts/generate-asyncapi.ts if not)', () => {
    expect(committed).toBe(renderAsyncApi());
  });

  it('uses the topic names of the topic registry', () => {
    const doc = parse(committed);
    expect(doc.channels.inbound.address).toBe('beacon.inbound.{partnerId}');
    expect(doc.channels.events.address).toBe('beacon.events');
    expect(doc.channels.audit.address).toBe('beacon.audit');
  });
});
