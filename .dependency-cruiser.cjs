// Architecture rules checked by `npm run lint` (see README, "Map of the code").
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports make load order matter and hide which part owns what.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-imports-no-io',
      severity: 'error',
      comment:
        'Inside a part, files without the -io suffix are pure (parse, judge, render, rules): they import no effect file ' +
        'and no I/O module, so they are testable with data alone. Types may still be imported.',
      from: { path: '^src/(?!commands/|cli\\.ts|context\\.ts)[^/]+/.*(?<!-io)\\.ts$' },
      to: {
        dependencyTypesNot: ['type-only'],
        path: [
          '-io\\.ts$',
          '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dns|tls|dgram|readline)$',
          '^(undici|execa|clipboardy|ora|@inquirer/prompts)',
        ],
      },
    },
    {
      name: 'parts-do-not-import-commands',
      severity: 'error',
      comment: 'Commands compose the parts; a part that imports a command inverts the flow config → command → part.',
      from: { path: '^src/(?!commands/|cli\\.ts)' },
      to: { path: '^src/commands/' },
    },
    {
      name: 'api-stays-inert',
      severity: 'error',
      comment:
        'The package API (src/index.ts) must start nothing, read no .env and print nothing: it never reaches the CLI, ' +
        'the commands, config loading or terminal output.',
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/(cli\\.ts|commands/|config/env-file-io|ui/|state/)', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
