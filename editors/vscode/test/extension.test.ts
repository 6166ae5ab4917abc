import { fake, mock } from './setup';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

fake.enabled.value = true;
// Loaded after the hooks so that it gets the mock and the fake client.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ext = require('../src/extension') as typeof import('../src/extension');

const tmp = mkdtempSync(path.join(tmpdir(), 'sb-ext-'));
const server = path.join(tmp, 'snakebridge-lsp');
writeFileSync(server, '#!/bin/sh\n');
chmodSync(server, 0o755);

let context: { subscriptions: { dispose(): unknown }[]; extensionPath: string };
const tick = () => new Promise((r) => setTimeout(r, 10));
const item = () => mock.state.items[0];
const status = (state: string, extra = {}) => ({ project: 'file:///w/demo', state, message: `demo is ${state}`, python: null, generation: 1, warnings: [], ...extra });

beforeEach(() => {
  mock.state.reset();
  fake.reset();
  mock.state.settings['snakebridge.serverPath'] = server;
  context = { subscriptions: [], extensionPath: path.join(tmp, 'ext') };
});

afterEach(async () => {
  await ext.deactivate();
  for (const d of context.subscriptions) d.dispose();
});

const activate = () => ext.activate(context as never);

test('the palette commands are registered under ids that do not collide with the server\'s', async () => {
  await activate();
  const ids: string[] = [...mock.state.registered.keys()].sort();
  assert.deepEqual(ids, (Object.values(ext.commands) as string[]).sort());
  for (const serverCommand of ['snakebridge.regenerate', 'snakebridge.check', 'snakebridge.cancel', 'snakebridge.restartPython', 'snakebridge.showStatus']) {
    assert.ok(!ids.includes(serverCommand), serverCommand);
  }
});

test('a trusted workspace starts the server with trusted: true and the settings', async () => {
  mock.state.settings['snakebridge.pythonPath'] = '/usr/bin/python3';
  mock.state.settings['snakebridge.autoRegenerate'] = 'onSave';
  await activate();
  const [client] = fake.clients;
  assert.equal(client.serverOptions.command, server);
  assert.deepEqual(client.clientOptions.initializationOptions, {
    trusted: true,
    snakebridge: { autoRegenerate: 'onSave', telemetry: false, pythonPath: '/usr/bin/python3' },
  });
  assert.equal(client.clientOptions.synchronize.configurationSection, 'snakebridge');
  // workspace/configuration answers with the server's view of the section.
  const answer = await client.clientOptions.middleware.workspace.configuration(
    { items: [{ section: 'snakebridge' }, { section: 'other' }] },
    undefined,
    async () => [{ serverPath: server, pythonPath: '/usr/bin/python3' }, { x: 1 }],
  );
  assert.deepEqual(answer, [{ autoRegenerate: 'onSave', telemetry: false, pythonPath: '/usr/bin/python3' }, { x: 1 }]);
});

test('an untrusted workspace starts untrusted, says so, and restarts trusted when trust is granted', async () => {
  mock.workspace.isTrusted = false;
  await activate();
  assert.equal(fake.clients.length, 1);
  assert.equal(fake.clients[0].clientOptions.initializationOptions.trusted, false);
  fake.clients[0].notify('snakebridge/status', status('stale'));
  assert.equal(item().text, '$(shield) SnakeBridge: untrusted');
  assert.equal(item().command, 'workbench.trust.manage');

  mock.workspace.isTrusted = true;
  mock.state.trust.fire();
  for (let i = 0; i < 50 && fake.clients.length < 2; i++) await tick();
  assert.equal(fake.clients.length, 2, 'granting trust starts a new client');
  assert.equal(fake.clients[0].stopped, true);
  assert.equal(fake.clients[1].clientOptions.initializationOptions.trusted, true);
  fake.clients[1].notify('snakebridge/status', status('stale'));
  assert.equal(item().text, '$(warning) SnakeBridge: stale');
});

test('the status item follows snakebridge/status', async () => {
  await activate();
  assert.equal(item().visible, false, 'hidden until a project reports');
  const client = fake.clients[0];
  for (const [state, text] of [
    ['stale', '$(warning) SnakeBridge: stale'],
    ['regenerating', '$(sync~spin) SnakeBridge: regenerating'],
    ['fresh', '$(check) SnakeBridge: fresh'],
    ['error', '$(error) SnakeBridge: error'],
  ]) {
    client.notify('snakebridge/status', status(state));
    assert.equal(item().text, text);
    assert.equal(item().visible, true);
    assert.match(item().tooltip.value, new RegExp(`demo is ${state}`));
  }
});

test('a missing server path is an error with a button that opens the setting', async () => {
  mock.state.settings['snakebridge.serverPath'] = path.join(tmp, 'nope');
  mock.state.answer = (s) => (s.kind === 'error' ? 'Open Setting' : undefined);
  await activate();
  await tick();
  assert.equal(fake.clients.length, 0, 'no client without a server');
  const errors = mock.state.shown.filter((s) => s.kind === 'error');
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /snakebridge\.serverPath is set to .*nope, which does not exist/);
  assert.deepEqual(errors[0].items, ['Open Setting', 'Show Output']);
  assert.deepEqual(mock.state.executed.at(-1), { command: 'workbench.action.openSettings', args: ['snakebridge.serverPath'] });
  assert.equal(item().text, '$(error) SnakeBridge: stopped');
});

test('a non-executable server path is an error too', async () => {
  const noexec = path.join(tmp, 'noexec');
  writeFileSync(noexec, '');
  chmodSync(noexec, 0o644);
  mock.state.settings['snakebridge.serverPath'] = noexec;
  await activate();
  assert.match(mock.state.shown[0].message, /is not executable/);
});

test('a server that fails to start is reported with a button to the output', async () => {
  fake.behaviour.start = async () => {
    throw new Error('exited with code 2');
  };
  mock.state.answer = (s) => (s.kind === 'error' ? 'Show Output' : undefined);
  await activate();
  await tick();
  const errors = mock.state.shown.filter((s) => s.kind === 'error');
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /did not start: exited with code 2/);
  assert.deepEqual(errors[0].items, ['Show Output']);
  assert.equal(mock.state.executed.at(-1)?.command, '<output.show>');
  assert.equal(item().text, '$(error) SnakeBridge: stopped');
});

test('a server that keeps crashing is given up with a message and the output button', async () => {
  await activate();
  const handler = fake.clients[0].clientOptions.errorHandler;
  let action;
  for (let i = 0; i < 10 && action !== fake.CloseAction.DoNotRestart; i++) action = handler.closed().action;
  assert.equal(action, fake.CloseAction.DoNotRestart);
  const errors = mock.state.shown.filter((s) => s.kind === 'error');
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /stopped 5 times/);
  assert.deepEqual(errors[0].items, ['Show Output']);
});

test('a malformed setting is a warning naming it, and the rest still starts', async () => {
  mock.state.settings['snakebridge.introspectionTimeout'] = -3;
  await activate();
  const warnings = mock.state.shown.filter((s) => s.kind === 'warning');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0].message, /snakebridge\.introspectionTimeout: -3 is not a positive number of seconds/);
  assert.deepEqual(warnings[0].items, ['Open Settings']);
  assert.equal(fake.clients.length, 1);
  assert.equal(fake.clients[0].clientOptions.initializationOptions.snakebridge.introspectionTimeout, undefined);
});

test('Regenerate Bindings for Library… picks from the configured libraries', async () => {
  await activate();
  const client = fake.clients[0];
  client.notify('snakebridge/status', status('stale'));
  fake.behaviour.request = async (_m, params) =>
    params.command === 'snakebridge.check'
      ? [{ project: '/w/demo', fresh: false, libraries: [{ name: 'math', module: 'Math' }, { name: 'json', module: 'Json' }], findings: [] }]
      : { scheduled: true };
  mock.state.quickPick = (items) => items.find((i: { label: string }) => i.label === 'json');
  await mock.state.registered.get(ext.commands.regenerateLibrary)!();
  assert.deepEqual(
    client.requests.map((r) => r.params),
    [
      { command: 'snakebridge.check', arguments: ['file:///w/demo'] },
      { command: 'snakebridge.regenerate', arguments: ['file:///w/demo', ['json']] },
    ],
  );
  await mock.state.registered.get(ext.commands.regenerate)!();
  assert.deepEqual(client.requests.at(-1)!.params, { command: 'snakebridge.regenerate', arguments: ['file:///w/demo'] });
});

test('Check summarises the reports; Cancel says what it cancelled', async () => {
  await activate();
  fake.behaviour.request = async (_m, params) =>
    params.command === 'snakebridge.check'
      ? [{ project: '/w/demo', fresh: false, findings: [{ code: 'lock_missing', message: 'x' }] }]
      : { cancelled: 0 };
  await mock.state.registered.get(ext.commands.check)!();
  await mock.state.registered.get(ext.commands.cancel)!();
  assert.deepEqual(
    mock.state.shown.map((s) => s.message),
    ['SnakeBridge: demo: 1 finding, bindings are stale (see the Problems panel)', 'SnakeBridge: no regeneration was running.'],
  );
});

test('a command while the server is not running says so', async () => {
  mock.state.settings['snakebridge.serverPath'] = path.join(tmp, 'nope');
  await activate();
  await mock.state.registered.get(ext.commands.check)!();
  assert.match(mock.state.shown.at(-1)!.message, /the server is not running/);
});

test('changing serverPath restarts the server', async () => {
  await activate();
  mock.state.config.fire({ affectsConfiguration: (s: string) => 'snakebridge.serverPath'.startsWith(s) });
  for (let i = 0; i < 50 && fake.clients.length < 2; i++) await tick();
  assert.equal(fake.clients.length, 2);
  assert.equal(fake.clients[0].stopped, true);
});

/** pythonExtension installs a stand-in for ms-python.python selecting interpreter. */
function pythonExtension(interpreter: string) {
  const changed = new mock.EventEmitter<unknown>();
  const api = {
    environments: {
      getActiveEnvironmentPath: () => ({ path: api.selected }),
      resolveEnvironment: async (env: { path: string }) => ({ executable: { uri: mock.Uri.file(env.path) } }),
      onDidChangeActiveEnvironmentPath: changed.event,
    },
    selected: interpreter,
  };
  mock.state.extensions.set('ms-python.python', { isActive: true, exports: api });
  return { api, changed };
}

test('without pythonPath the Python extension\'s interpreter is used, and re-read when it changes', async () => {
  const py = pythonExtension('/envs/a/bin/python3');
  await activate();
  const client = fake.clients[0];
  assert.equal(client.clientOptions.initializationOptions.snakebridge.pythonPath, '/envs/a/bin/python3');
  py.api.selected = '/envs/b/bin/python3';
  py.changed.fire(undefined);
  for (let i = 0; i < 50 && client.notifications.length === 0; i++) await tick();
  assert.deepEqual(client.notifications, [{ method: 'workspace/didChangeConfiguration', params: { settings: null } }]);
  const answer = await client.clientOptions.middleware.workspace.configuration({ items: [{ section: 'snakebridge' }] }, undefined, async () => [{}]);
  assert.equal(answer[0].pythonPath, '/envs/b/bin/python3');
});

test('pythonPath wins over the Python extension; untrusted, the Python extension is not asked', async () => {
  pythonExtension('/envs/a/bin/python3');
  mock.state.settings['snakebridge.pythonPath'] = '/usr/bin/python3';
  await activate();
  assert.equal(fake.clients[0].clientOptions.initializationOptions.snakebridge.pythonPath, '/usr/bin/python3');
  await ext.deactivate();
  for (const d of context.subscriptions) d.dispose();
  mock.state.reset();
  fake.reset();
  mock.state.settings['snakebridge.serverPath'] = server;
  pythonExtension('/project/.venv/bin/python3');
  mock.workspace.isTrusted = false;
  context = { subscriptions: [], extensionPath: path.join(tmp, 'ext') };
  await activate();
  assert.equal(fake.clients[0].clientOptions.initializationOptions.snakebridge.pythonPath, undefined);
});
