import './setup';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { bundledPath, resolveServer, type ServerEnv } from '../src/server';

function layout() {
  const root = mkdtempSync(path.join(tmpdir(), 'sb-server-'));
  const dirs = ['ext', 'bin1', 'bin2', 'home', 'ws'].map((d) => path.join(root, d));
  dirs.forEach((d) => mkdirSync(d));
  const [ext, bin1, bin2, home, ws] = dirs;
  const env: ServerEnv = { extensionPath: ext, platform: 'linux', pathVar: `${bin1}:${bin2}`, home, workspaceFolder: ws };
  return { root, ext, bin1, bin2, home, ws, env };
}

function exe(file: string, mode = 0o755) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, mode);
  return file;
}

test('the setting wins over the bundled binary and PATH', () => {
  const l = layout();
  exe(bundledPath(l.ext, 'linux'));
  exe(path.join(l.bin1, 'snakebridge-lsp'));
  const mine = exe(path.join(l.root, 'mine'));
  assert.deepEqual(resolveServer(mine, l.env), { ok: true, command: mine, source: 'setting' });
});

test('a setting with ~ or a relative path is expanded', () => {
  const l = layout();
  const inHome = exe(path.join(l.home, 'bin', 'sb'));
  assert.deepEqual(resolveServer('~/bin/sb', l.env), { ok: true, command: inHome, source: 'setting' });
  const inWs = exe(path.join(l.ws, 'tools', 'sb'));
  assert.deepEqual(resolveServer('tools/sb', l.env), { ok: true, command: inWs, source: 'setting' });
});

test('a bad setting is an error naming the path and the problem, with no fallback', () => {
  const l = layout();
  exe(bundledPath(l.ext, 'linux'));
  const cases: [string, RegExp][] = [
    [path.join(l.root, 'missing'), /does not exist/],
    [exe(path.join(l.root, 'noexec'), 0o644), /is not executable/],
    [l.bin1, /is not a file/],
  ];
  for (const [p, why] of cases) {
    const r = resolveServer(p, l.env);
    assert.equal(r.ok, false, p);
    if (r.ok) continue;
    assert.equal(r.fromSetting, true);
    assert.match(r.message, /snakebridge\.serverPath/);
    assert.ok(r.message.includes(p), r.message);
    assert.match(r.message, why);
  }
});

test('without the setting: the bundled binary, else the first on PATH', () => {
  const l = layout();
  const second = exe(path.join(l.bin2, 'snakebridge-lsp'));
  assert.deepEqual(resolveServer('', l.env), { ok: true, command: second, source: 'PATH' });
  exe(path.join(l.bin1, 'snakebridge-lsp'), 0o644); // not executable: skipped
  assert.deepEqual(resolveServer('', l.env), { ok: true, command: second, source: 'PATH' });
  const bundled = exe(bundledPath(l.ext, 'linux'));
  assert.deepEqual(resolveServer('', l.env), { ok: true, command: bundled, source: 'bundled' });
});

test('a bundled binary without its executable bit is not used', () => {
  const l = layout();
  exe(bundledPath(l.ext, 'linux'), 0o644);
  const r = resolveServer('', l.env);
  assert.equal(r.ok, false);
});

test('no server anywhere says what to do', () => {
  const l = layout();
  const r = resolveServer('', l.env);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.fromSetting, false);
  assert.match(r.message, /snakebridge-lsp was not found/);
  assert.match(r.message, /snakebridge\.serverPath/);
});
