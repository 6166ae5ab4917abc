// The test of a packaged .vsix (run by `make test-vscode` after `make vsix`,
// not by `npm test`): SNAKEBRIDGE_VSIX names the package.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readZip, type ZipEntry } from './zip';

const vsix = process.env.SNAKEBRIDGE_VSIX;
if (!vsix) throw new Error('SNAKEBRIDGE_VSIX must name the .vsix to test (make test-vscode sets it)');
const entries = readZip(vsix);
const byName = new Map(entries.map((e) => [e.name, e]));
const entry = (name: string): ZipEntry => {
  const e = byName.get(name);
  assert.ok(e, `${name} is in the package (it holds ${[...byName.keys()].join(', ')})`);
  return e;
};
const manifest = JSON.parse(entry('extension/package.json').data().toString('utf8'));

test('the package targets linux-x64', () => {
  const xml = entry('extension.vsixmanifest').data().toString('utf8');
  assert.match(xml, /TargetPlatform="linux-x64"/);
  assert.match(xml, /<Identity [^>]*Id="snakebridge"[^>]*Publisher="snakebridge-lsp"/);
});

test('the manifest declares what the extension needs', () => {
  assert.equal(manifest.engines.vscode, '^1.91.0');
  assert.equal(manifest.main, './dist/extension.js');
  assert.deepEqual(manifest.extensionKind, ['workspace']);
  assert.deepEqual(manifest.activationEvents.sort(), ['onLanguage:elixir', 'workspaceContains:mix.exs']);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['snakebridge.serverPath', 'snakebridge.pythonPath']);
  assert.equal(manifest.dependencies, undefined, 'runtime dependencies are bundled');
  const titles = manifest.contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`);
  assert.deepEqual(titles, [
    'SnakeBridge: Regenerate Bindings',
    'SnakeBridge: Regenerate Bindings for Library…',
    'SnakeBridge: Check',
    'SnakeBridge: Cancel Regeneration',
    'SnakeBridge: Restart Server',
    'SnakeBridge: Show Output',
  ]);
  const props = manifest.contributes.configuration.properties;
  assert.deepEqual(Object.keys(props).sort(), [
    'snakebridge.autoRegenerate',
    'snakebridge.introspectionTimeout',
    'snakebridge.pythonPath',
    'snakebridge.serverPath',
    'snakebridge.telemetry',
    'snakebridge.trace.server',
  ]);
  for (const [key, p] of Object.entries<{ markdownDescription?: string; description?: string }>(props)) {
    assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, `${key} has a description`);
    assert.ok('default' in p, `${key} has a default`);
  }
  entry(`extension/${manifest.icon}`);
});

test('the bundle is there and carries its dependencies', () => {
  const js = entry('extension/dist/extension.js').data().toString('utf8');
  assert.ok(js.length > 10_000);
  assert.doesNotMatch(js, /require\(["']vscode-languageclient/);
  assert.match(js, /require\(["']vscode["']\)/);
  for (const doc of ['extension/readme.md', 'extension/changelog.md']) entry(doc);
});

test('the server binary is a linux x86-64 executable with its executable bit, and runs', () => {
  const bin = entry('extension/server/snakebridge-lsp');
  assert.equal(bin.mode & 0o111, 0o111, `mode ${bin.mode.toString(8)}`);
  const data = bin.data();
  assert.deepEqual([...data.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], 'ELF');
  assert.equal(data.readUInt16LE(18), 0x3e, 'x86-64');
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-vsix-'));
  const file = path.join(dir, 'snakebridge-lsp');
  writeFileSync(file, data);
  chmodSync(file, bin.mode & 0o777);
  const help = execFileSync(file, ['-h'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(help, /serve/);
});

test('no sources, tests, dev files or node_modules are packaged', () => {
  const allowed = [
    /^\[Content_Types\]\.xml$/,
    /^extension\.vsixmanifest$/,
    /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
    /^extension\/dist\/extension\.js$/,
    /^extension\/server\/snakebridge-lsp$/,
    /^extension\/assets\/icon\.png$/,
  ];
  const extra = entries.map((e) => e.name).filter((n) => !allowed.some((re) => re.test(n)));
  assert.deepEqual(extra, []);
});
