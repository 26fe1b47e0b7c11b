// The architecture, checked on every `npm test` (docs/architecture.md explains the layers). Type-only imports
// count: a layer may not even name what lies above it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules form layers: no module may depend on itself through others.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'finetuning-is-the-core',
      severity: 'error',
      comment: 'The domain and the contract import nothing of ours.',
      from: { path: '^src/finetuning/' },
      to: { path: '^src/', pathNot: '^src/finetuning/' },
    },
    {
      name: 'upstream-knows-no-graphql',
      severity: 'error',
      comment: 'The REST adapter speaks domain shapes and errors; GraphQL is the layers above.',
      from: { path: '^src/upstream/' },
      to: { path: '(^|/)node_modules/(graphql|graphql-yoga|graphql-ws|@pothos|@envelop|@graphql-[^/]+|@apollo)/' },
    },
    {
      name: 'upstream-is-below-the-app',
      severity: 'error',
      comment: 'The REST adapter depends only on the domain, the error table and its libraries.',
      from: { path: '^src/upstream/' },
      to: { path: '^src/', pathNot: ['^src/upstream/', '^src/finetuning/', '^src/errors\\.ts$'] },
    },
    {
      name: 'schema-never-sees-the-wire',
      severity: 'error',
      comment: 'Wire shapes become domain shapes in upstream/convert.ts; the schema works with the domain.',
      from: { path: '^src/(schema|loaders|pagination|writes|subscriptions|sharing|auth|http|observability)/' },
      to: { path: '^src/upstream/(wire|convert)\\.ts$' },
    },
    {
      name: 'core-knows-no-transport',
      severity: 'error',
      comment: 'Loaders, pagination, writes, subscriptions and the scale-out are plain TypeScript: no GraphQL, no HTTP.',
      from: { path: '^src/(loaders|pagination|writes|subscriptions|scale-out)/' },
      to: { path: ['^src/(schema|http|sharing|auth)/', '^src/(app|main|config|context)\\.ts$'] },
    },
    {
      name: 'core-knows-no-graphql',
      severity: 'error',
      from: { path: '^src/(loaders|pagination|writes|subscriptions|scale-out|finetuning|upstream)/' },
      to: { path: '(^|/)node_modules/(graphql|graphql-yoga|@pothos|@envelop)/' },
    },
    {
      name: 'sandbox-stands-alone',
      severity: 'error',
      comment: 'The sandbox is another service: it shares only the contract and the wire shapes (its main.ts reads the configuration).',
      from: { path: '^src/sandbox/', pathNot: '^src/sandbox/main\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/sandbox/', '^src/finetuning/', '^src/upstream/wire\\.ts$'] },
    },
    {
      name: 'only-the-sandbox-uses-the-sandbox',
      severity: 'error',
      comment: 'The gateway meets the sandbox over HTTP like any upstream; main.ts starts it, config.ts reads its settings.',
      from: { path: '^src/', pathNot: ['^src/sandbox/', '^src/main\\.ts$', '^src/config\\.ts$'] },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'http-is-composed-by-app-only',
      severity: 'error',
      comment: 'The transport is the outermost layer: nothing but app.ts (and http/ itself) imports it.',
      from: { path: '^src/', pathNot: ['^src/http/', '^src/app\\.ts$', '^src/config\\.ts$'] },
      to: { path: '^src/http/' },
    },
    {
      name: 'the-top-is-the-top',
      severity: 'error',
      comment: 'main.ts starts app.ts; nothing in src/ imports either, and only the entry points read the configuration.',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^src/(main|app)\\.ts$' },
    },
    {
      name: 'configuration-is-read-at-the-top',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(main|app)\\.ts$', '^src/sandbox/main\\.ts$'] },
      to: { path: '^src/config\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
