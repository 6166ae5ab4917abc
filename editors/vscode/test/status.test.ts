import './setup';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectName, render, type ServerStatus } from '../src/status';

const py = { executable: '/app/.venv/bin/python3', source: '.venv', version: '3.12.3' };
const st = (state: string, extra: Partial<ServerStatus> = {}): ServerStatus => ({ project: 'file:///home/me/app', state, message: '', python: py, generation: 1, warnings: [], ...extra });

test('no project hides the item', () => {
  assert.equal(render([], true), undefined);
});

test('each state has its icon, label, colour and click', () => {
  const cases: [string, string, string, string][] = [
    ['fresh', '$(check) SnakeBridge: fresh', 'snakebridge.runCheck', 'normal'],
    ['stale', '$(warning) SnakeBridge: stale', 'snakebridge.runCheck', 'warning'],
    ['regenerating', '$(sync~spin) SnakeBridge: regenerating', 'snakebridge.showOutput', 'normal'],
    ['error', '$(error) SnakeBridge: error', 'snakebridge.showOutput', 'error'],
    ['something-new', '$(error) SnakeBridge: error', 'snakebridge.showOutput', 'error'],
  ];
  for (const [state, text, command, tone] of cases) {
    const v = render([st(state)], true);
    assert.deepEqual([v?.text, v?.command, v?.tone], [text, command, tone], state);
  }
});

test('the tooltip gives the message and the interpreter', () => {
  const v = render([st('stale', { message: 'the options of library numpy changed' })], true)!;
  assert.match(v.tooltip, /\*\*app\*\*: stale: the options of library numpy changed/);
  assert.match(v.tooltip, /Python 3\.12\.3 \/app\/\.venv\/bin\/python3 \(from \.venv\)/);
  assert.match(render([st('fresh', { python: null })], true)!.tooltip, /Python: none found/);
  assert.match(render([st('fresh', { python: { executable: '/p/python3', source: 'config', version: '' } })], true)!.tooltip, /Python \(version not read\) \/p\/python3 \(from config\)/);
  assert.match(render([st('fresh', { warnings: ['inotify watch limit reached'] })], true)!.tooltip, /inotify watch limit reached/);
});

test('an untrusted workspace shows untrusted, unless the project is in error', () => {
  for (const s of [st('fresh'), st('stale'), st('regenerating')]) {
    const v = render([s], false)!;
    assert.equal(v.text, '$(shield) SnakeBridge: untrusted');
    assert.equal(v.command, 'workbench.trust.manage');
    assert.match(v.tooltip, /not trusted/);
  }
  assert.equal(render([st('stale', { trusted: false })], true)!.text, '$(shield) SnakeBridge: untrusted');
  assert.equal(render([st('error')], false)!.text, '$(error) SnakeBridge: error');
});

test('several projects: the worst state wins and the count says how many', () => {
  const v = render([st('fresh', { project: 'file:///a' }), st('stale', { project: 'file:///b' }), st('stale', { project: 'file:///c' })], true)!;
  assert.equal(v.text, '$(warning) SnakeBridge: stale (2/3)');
  assert.match(v.tooltip, /\*\*a\*\*: fresh[\s\S]*\*\*b\*\*: stale[\s\S]*\*\*c\*\*: stale/);
});

test('project names are the last path segment', () => {
  assert.equal(projectName('file:///home/me/my%20app/'), 'my app');
  assert.equal(projectName('/srv/demo'), 'demo');
});
