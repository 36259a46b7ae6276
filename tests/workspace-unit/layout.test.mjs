// The workspace's layout rules (gateway/KaPlatform.Workspace/README.md), read from the import statements: a page
// imports nothing from another page's folder, shared code never imports a page, and every relative import resolves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '../../gateway/KaPlatform.Workspace/wwwroot/app');
const pages = join(app, 'pages');

function modules(dir) {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (name === 'vendor') return [];
    return statSync(path).isDirectory() ? modules(path) : name.endsWith('.js') ? [path] : [];
  });
}

const importPattern = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const imports = modules(app).flatMap(file => [...readFileSync(file, 'utf8').matchAll(importPattern)]
  .map(m => ({ file, target: resolve(dirname(file), m[1]) })));
const pageOf = path => (path.startsWith(pages + sep) ? relative(pages, path).split(sep)[0] : null);
const show = list => list.map(i => `${relative(app, i.file)} → ${relative(app, i.target)}`);

test('every relative import resolves to a file', () => {
  assert.ok(imports.length > 100, `only ${imports.length} imports found: is the path right?`);
  assert.deepEqual(show(imports.filter(i => !existsSync(i.target))), []);
});

test('a page imports nothing from another page\'s folder', () => {
  assert.deepEqual(show(imports.filter(i => pageOf(i.file) && pageOf(i.target) && pageOf(i.file) !== pageOf(i.target))), []);
});

test('shared code imports no page (main.js routes to them by dynamic import only)', () => {
  const main = join(app, 'main.js');
  const mainSource = readFileSync(main, 'utf8');
  const staticPageImports = [...mainSource.matchAll(/^import\s[^;]*['"](\.\/pages\/[^'"]+)['"]/gm)].map(m => m[1]);
  assert.deepEqual(staticPageImports.filter(p => !p.endsWith('/strings.js')), []);
  assert.deepEqual(show(imports.filter(i => !pageOf(i.file) && i.file !== main && pageOf(i.target))), []);
});

test('every page folder has its page.js', () => {
  const folders = readdirSync(pages).filter(name => statSync(join(pages, name)).isDirectory());
  assert.ok(folders.length >= 10);
  assert.deepEqual(folders.filter(name => !existsSync(join(pages, name, 'page.js'))), []);
  assert.deepEqual(readdirSync(pages).filter(name => !statSync(join(pages, name)).isDirectory()), []);
});
