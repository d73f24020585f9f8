/**
 * Second half of `npm run build` (after tsc): bundles the CLI from tsc's output in dist/src into dist/cli, so a
 * short command reads a few files instead of ~100 (module resolution and loading were a third of `teach status`).
 *
 *   dist/cli/teach.js      the installed `teach`: picks a fast path or the full CLI (src/teach.ts)
 *   dist/cli/status.js     `teach status` in one file, without commander (src/cli/fast-status.ts)
 *   dist/cli/lifecycle.js  `teach start|stop|restart` in one file, without commander (src/cli/fast-lifecycle.ts)
 *   dist/cli/full.js       the whole CLI, split at its lazy imports into dist/cli/chunks/ (src/cli.ts)
 *   dist/cli/daemon.js     the daemon (`teach run`, `npm start`, the systemd unit; src/main.ts), split into
 *                          dist/cli/daemon-chunks/; no commander
 *
 * One process runs one of them (a fast bundle hands over before doing anything when the config is not cached), so
 * no module state (the redactor's known secrets) lives in two copies that are both used. The big packages stay
 * external in full.js (Slack, zod, yaml load only when needed, from node_modules); the fast bundles carry the small
 * ones they need and the build fails if anything heavy would get in.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '.');
const src = join(root, 'dist', 'src');
const out = join(root, 'dist', 'cli');

/** Packages the fast bundles may load at run time from node_modules: none (better-sqlite3's binding aside). */
const FAST_EXTERNAL: string[] = [];
/** Packages whose code must not even be inside a fast bundle (test/cli/light.test.ts checks what loads at run time). */
const HEAVY = ['yaml', 'zod', 'commander', '@slack/', 'systeminformation', 'tar', 'pidusage', 'node-cron', 'execa', 'prom-client'].map((p) => `node_modules/${p}${p.endsWith('/') ? '' : '/'}`);

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  // One id per build: the config cache keeps an entry only for the build that wrote it (src/config/cache.ts).
  define: { TEACHOPS_BUILD_ID: JSON.stringify(`${Date.now()}-${process.pid}`) },
} as const;

/** Bundled CommonJS packages (dotenv) call require() for node's own modules: give the ES module one. */
const requireBanner = { js: "import { createRequire as __teachopsRequire } from 'node:module';\nconst require = __teachopsRequire(import.meta.url);" };

/**
 * better-sqlite3 finds its compiled binding through the `bindings` package, which searches from the folder of the
 * code that calls it: from a bundle in dist/cli that is the wrong place. In the bundles, `bindings` is this shim,
 * which loads the binding from the installed better-sqlite3 package (found the way Node finds packages).
 */
const sqliteBinding: Plugin = {
  name: 'sqlite-binding',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, () => ({ path: 'bindings', namespace: 'sqlite-binding' }));
    b.onLoad({ filter: /.*/, namespace: 'sqlite-binding' }, () => ({
      loader: 'js',
      contents: `const { dirname, join } = require('node:path');
module.exports = function bindings(name) {
  const dir = dirname(require.resolve('better-sqlite3/package.json'));
  try {
    return require(join(dir, 'build', 'Release', name));
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') return require(join(dir, 'build', 'Debug', name));
    throw e;
  }
};`,
    }));
  },
};

/** The dispatcher's two lazy imports point at the bundles next to it, not at tsc's files. */
const dispatcherTargets: Plugin = {
  name: 'dispatcher-targets',
  setup(b) {
    b.onResolve({ filter: /^\.\/cli\/fast-status\.js$/ }, () => ({ path: './status.js', external: true }));
    b.onResolve({ filter: /^\.\/cli\/fast-lifecycle\.js$/ }, () => ({ path: './lifecycle.js', external: true }));
    b.onResolve({ filter: /^\.\/cli\.js$/ }, () => ({ path: './full.js', external: true }));
    b.onResolve({ filter: /^\.\/main\.js$/ }, () => ({ path: './daemon.js', external: true }));
  },
};

/**
 * Each fast bundle holds only what its commands run: the lazy imports they use are bundled, every other lazy import
 * of the code they share becomes a stub that fails loudly if ever called. Never bundled: the config loader (yaml +
 * zod; on a cache miss src/teach.ts hands over to the full CLI instead) and pidusage (long-lived processes only).
 * status.js also leaves out the supervisor's start/stop machinery.
 */
const NEVER_FAST = ['config/load.js', 'probes/process.js'];
function onlyLazy(allowed: (target: string) => boolean): Plugin {
  return {
    name: 'only-listed-lazy-imports',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (a) => {
        if (a.kind !== 'dynamic-import') return undefined;
        const rel = resolve(a.resolveDir, a.path).slice(src.length + 1);
        return !NEVER_FAST.includes(rel) && allowed(rel) ? undefined : { path: rel, namespace: 'not-on-fast-path' };
      });
      b.onLoad({ filter: /.*/, namespace: 'not-on-fast-path' }, (a) => ({
        contents: `throw new Error(${JSON.stringify(`internal: ${a.path} is not part of this fast path (dist/cli); src/teach.ts should have handed over to the full CLI`)});`,
        loader: 'js',
      }));
    },
  };
}

/** One fast bundle, checked: nothing heavy inside, nothing but the allowed packages loaded at run time. */
async function fastBundle(name: string, entry: string, allowedLazy: (target: string) => boolean): Promise<void> {
  const r = await build({ ...common, entryPoints: { [name]: join(src, entry) }, outdir: out, external: FAST_EXTERNAL, banner: requireBanner, plugins: [onlyLazy(allowedLazy), sqliteBinding] });
  const loaded = externalPackages(r.metafile).filter((p) => !FAST_EXTERNAL.includes(p));
  if (loaded.length > 0) throw new Error(`dist/cli/${name}.js would import ${loaded.join(', ')}: keep them off its path or list them in FAST_EXTERNAL`);
  const inputs = Object.keys(r.metafile.inputs);
  for (const bad of HEAVY) if (inputs.some((i) => i.includes(bad))) throw new Error(`dist/cli/${name}.js would contain ${bad}: keep it off its path`);
}

/**
 * full.js bundles the small packages every command loads (commander: 8 files, better-sqlite3's JavaScript: 15,
 * dotenv) and leaves the others in node_modules: they load only for the commands that use them, and some (Bolt,
 * systeminformation) find files of their own at run time.
 */
const FULL_BUNDLED = ['commander', 'better-sqlite3', 'dotenv'];
function fullExternal(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return Object.keys(pkg.dependencies).filter((d) => !FULL_BUNDLED.includes(d));
}

/** The packages a bundle imports at run time (node's own modules aside). */
function externalPackages(meta: Metafile): string[] {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const found = new Set<string>();
  for (const o of Object.values(meta.outputs)) for (const i of o.imports) if (i.external && !builtins.has(i.path) && !i.path.startsWith('.')) found.add(i.path);
  return [...found].sort();
}

async function main(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  await build({ ...common, entryPoints: { teach: join(src, 'teach.js') }, outdir: out, plugins: [dispatcherTargets] });
  await fastBundle('status', join('cli', 'fast-status.js'), (rel) => rel.startsWith('cli/render/'));
  await fastBundle('lifecycle', join('cli', 'fast-lifecycle.js'), () => true);
  await build({
    ...common,
    entryPoints: { full: join(src, 'cli.js') },
    outdir: out,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    external: fullExternal(),
    banner: requireBanner,
    plugins: [sqliteBinding],
  });
  // The daemon (`teach run`, `npm start`, the systemd unit): src/main.ts and what it loads, without commander.
  await build({
    ...common,
    entryPoints: { daemon: join(src, 'main.js') },
    outdir: out,
    splitting: true,
    chunkNames: 'daemon-chunks/[name]-[hash]',
    external: fullExternal(),
    banner: requireBanner,
    plugins: [sqliteBinding],
  });
}

await main();
