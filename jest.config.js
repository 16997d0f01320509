/**
 * Two projects: unit specs sit beside the code and need nothing running;
 * end-to-end suites under test/ need the broker and Postgres that
 * scripts/test.ts starts and describes in BEACON_STACK_FILE.
 */
const moduleNameMapper = {
  '^@beacon/(contracts|policy|messaging|auth|persistence|platform)$': '<rootDir>/libs/$1/src',
  '^@beacon/(contracts|policy|messaging|auth|persistence|platform)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // End-to-end tests start real processes; unit tests finish far below this.
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
        '<rootDir>/test/static/**/*.spec.ts',
      ],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], slowTestThreshold: 30 },
  ],
};
