// Bundles the web client with esbuild: <outRoot>/index.html, <outRoot>/dist/app.js(.map), <outRoot>/dist/app.css.
// `node web/build.mjs` writes into src/VibezLive.Server/wwwroot (run by the Server build, see Web.targets).
// Tests import buildWeb() to make a second bundle against an older mediasoup-client (an npm alias).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const webDir = path.dirname(fileURLToPath(import.meta.url));
export const defaultOutRoot = path.resolve(webDir, '../src/VibezLive.Server/wwwroot');

/**
 * @param {{ outRoot?: string, mediasoupClient?: string, minify?: boolean }} options
 *   mediasoupClient: the npm package to bundle as 'mediasoup-client' (e.g. the alias 'mediasoup-client-3.7').
 * @returns {Promise<{ outRoot: string, files: string[], bytes: number }>}
 */
export async function buildWeb({ outRoot = defaultOutRoot, mediasoupClient = 'mediasoup-client', minify = true } = {}) {
  const dist = path.join(outRoot, 'dist');
  await mkdir(dist, { recursive: true });
  const common = { bundle: true, minify, sourcemap: true, logLevel: 'warning', legalComments: 'linked' };
  const js = await build({
    ...common,
    entryPoints: [path.join(webDir, 'src/main.js')],
    outfile: path.join(dist, 'app.js'),
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: mediasoupClient === 'mediasoup-client' ? {} : { 'mediasoup-client': mediasoupClient },
    metafile: true,
  });
  const css = await build({ ...common, entryPoints: [path.join(webDir, 'src/app.css')], outfile: path.join(dist, 'app.css'), metafile: true });
  // Cache-busting query from the bundle contents, so a new build is never mixed with a cached one.
  const hash = createHash('sha256');
  for (const f of ['app.js', 'app.css']) hash.update(await readFile(path.join(dist, f)));
  const html = (await readFile(path.join(webDir, 'index.html'), 'utf8')).replaceAll('__VERSION__', hash.digest('hex').slice(0, 12));
  await writeFile(path.join(outRoot, 'index.html'), html);
  const outputs = { ...js.metafile.outputs, ...css.metafile.outputs };
  const files = [path.join(outRoot, 'index.html'), ...Object.keys(outputs).map((f) => path.resolve(f))];
  const bytes = Object.values(outputs).reduce((n, o) => n + o.bytes, 0);
  return { outRoot, files, bytes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const { outRoot, bytes } = await buildWeb({ outRoot: process.argv[2] ? path.resolve(process.argv[2]) : undefined });
  console.log(`web client built into ${path.relative(process.cwd(), outRoot) || '.'} (${Math.round(bytes / 1024)} KiB incl. maps) in ${Date.now() - started} ms`);
}
