// Import direction from DESIGN.md: ui → state/jobs/render; cli, jobs → pipeline → align → recon → gpu/core/io.
const layer = (name) => `^src/${name}/`;
const forbid = (name, from, to, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    forbid(
      'core-is-pure',
      layer('core'),
      '^src/(io|gpu|recon|align|pipeline|jobs|state|render|ui|cli)/',
      'core depends on nothing else in src',
    ),
    forbid(
      'io-is-pure',
      layer('io'),
      '^src/(gpu|recon|align|pipeline|jobs|state|render|ui|cli)/',
      'io may use core only',
    ),
    forbid(
      'gpu-below-recon',
      layer('gpu'),
      '^src/(io|recon|align|pipeline|jobs|state|render|ui|cli)/',
      'gpu may use core only',
    ),
    forbid(
      'recon-align-no-app',
      '^src/(recon|align)/',
      '^src/(pipeline|jobs|state|render|ui|cli)/',
      'algorithms never reach up to the pipeline or the app',
    ),
    forbid(
      'pipeline-host-independent',
      layer('pipeline'),
      '^(src/(jobs|state|render|ui|cli)/|workers/|node_modules/comlink/)',
      'the pipeline is host-independent: hosts (cli, jobs) call it, never the reverse; no comlink',
    ),
    forbid('jobs-state-render-no-ui', '^src/(jobs|state|render)/', '^src/(ui|cli)/', 'ui sits on top'),
    forbid('cli-no-browser', layer('cli'), '^src/(state|render|ui)/', 'the CLI is headless'),
    forbid(
      'no-workers-from-src',
      '^src/',
      '^workers/',
      'workers are entry points; src starts them by URL only (src/jobs clients; src/render for the render worker)',
    ),
    forbid('no-circular', '^src/', '^src/', 'no cycles'),
    {
      name: 'pipeline-no-node',
      severity: 'error',
      comment: 'src/pipeline runs in the browser too: no node:* built-ins (the CLI host supplies files)',
      from: { path: layer('pipeline'), pathNot: '\\.testutil\\.ts$|/testing/' },
      to: { dependencyTypes: ['core'] },
    },
  ].map((r) =>
    r.name === 'no-circular' ? { name: r.name, severity: 'error', from: {}, to: { circular: true } } : r,
  ),
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
