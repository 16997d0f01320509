import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadApiView } from './api-views';
import { defaultSchemasDir } from './schema-registry';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A copy of schemas/ with one more API view, for views that must be refused. */
function schemasWith(name: string, view: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'api-views-'));
  made.push(root);
  const dir = join(root, 'schemas');
  cpSync(defaultSchemasDir(), dir, { recursive: true });
  mkdirSync(join(dir, 'api'), { recursive: true });
  writeFileSync(join(dir, 'api', `${name}.json`), JSON.stringify(view));
  return dir;
}

describe('API view schemas', () => {
  it('given the referral view, then every leaf has a category, shared schemas included, and the subject id is identity', () => {
    // when
    const view = loadApiView('referral-view.v1');

    // then
    expect(view.categories.get('/subjectId')).toBe('identity');
    expect(view.categories.get('/assignedWorker/name')).toBe('operational');
    expect(view.categories.get('/history/*/by/caseWorker/workPhone')).toBe('operational');
  });

  it('given a view with a leaf without a category, or an open object, then loading it fails naming the path', () => {
    // given
    const dir = schemasWith('leaky-view.v1', {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://schemas.beacon.example/api/leaky-view.v1.json',
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { type: 'string', maxLength: 36, 'x-beacon-category': 'operational' },
        name: { type: 'string', maxLength: 100 },
        extra: { type: 'object', properties: {} },
      },
    });

    // then
    expect(() => loadApiView('leaky-view.v1', dir)).toThrow(/\/name/);
    expect(() => loadApiView('leaky-view.v1', dir)).toThrow(/\/extra/);
  });

  it('given a name with no file, then loading fails', () => {
    expect(() => loadApiView('no-such-view.v1')).toThrow(/no API view schema api\/no-such-view.v1.json/);
  });
});
