module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // The real-tier tests: jest files (*.realtest.ts) and their helpers,
      // run only by scripts/test-real.mjs, so their imports are dev
      // dependencies and expectations may sit in shared helpers and hooks.
      files: ['src/realtests/**'],
      rules: {
        '@backstage/no-undeclared-imports': 'off',
        'jest/no-standalone-expect': 'off',
        // They read the repository's files (docs/, scripts/) next to them.
        'no-restricted-syntax': 'off',
      },
    },
  ],
});
