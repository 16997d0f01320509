/**
 * The repository itself keeps its layer rules: the same cruise as
 * `npm run deps:check` (apps libs test scripts, .dependency-cruiser.cjs),
 * through dependency-cruiser's API, must find no error-level violation.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, describeViolation, runDepcruise } from './depcruise';

const CRUISED_FOLDERS = ['apps', 'libs', 'test', 'scripts'];

describe('the repository', () => {
  it('has no error-level dependency violation', () => {
    const folders = CRUISED_FOLDERS.filter((folder) => existsSync(join(REPO_ROOT, folder)));
    const report = runDepcruise(REPO_ROOT, folders);

    const errors = report.violations.filter((v) => v.severity === 'error').map(describeViolation);
    expect(errors).toEqual([]);
    expect(report.counts.error).toBe(0);
  }, 120_000);
});
