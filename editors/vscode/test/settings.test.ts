import './setup';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaults, readSettings, serverSettings } from '../src/settings';

const source = (values: Record<string, unknown>) => ({ get: <T>(key: string) => values[key] as T | undefined });

test('unset settings give the documented defaults and no problem', () => {
  const { settings, problems } = readSettings(source({}));
  assert.deepEqual(settings, defaults);
  assert.deepEqual(problems, []);
});

test('valid settings are read as given', () => {
  const { settings, problems } = readSettings(
    source({ serverPath: ' /opt/sb ', pythonPath: '.venv/bin/python3', autoRegenerate: 'onSave', introspectionTimeout: 90, telemetry: true, 'trace.server': 'verbose' }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    serverPath: '/opt/sb',
    pythonPath: '.venv/bin/python3',
    autoRegenerate: 'onSave',
    introspectionTimeout: 90,
    telemetry: true,
    trace: 'verbose',
  });
});

test('malformed values fall back to their default and each is named', () => {
  const cases: [string, unknown, string][] = [
    ['serverPath', 42, 'snakebridge.serverPath'],
    ['pythonPath', ['python3'], 'snakebridge.pythonPath'],
    ['autoRegenerate', 'always', 'snakebridge.autoRegenerate'],
    ['introspectionTimeout', -5, 'snakebridge.introspectionTimeout'],
    ['introspectionTimeout', 0, 'snakebridge.introspectionTimeout'],
    ['introspectionTimeout', '90 seconds', 'snakebridge.introspectionTimeout'],
    ['telemetry', 'yes', 'snakebridge.telemetry'],
    ['trace.server', 'loud', 'snakebridge.trace.server'],
  ];
  for (const [key, value, name] of cases) {
    const { settings, problems } = readSettings(source({ [key]: value }));
    assert.equal(problems.length, 1, `${key}=${JSON.stringify(value)}`);
    assert.equal(problems[0].setting, name);
    assert.match(problems[0].message, new RegExp(JSON.stringify(value).replace(/[[\]]/g, '\\$&')));
    assert.deepEqual(settings, defaults, `${key} falls back to its default`);
  }
});

test('the server gets pythonPath from the setting first, then from the Python extension, else none', () => {
  const base = readSettings(source({ introspectionTimeout: 30 })).settings;
  assert.deepEqual(serverSettings(base), { autoRegenerate: 'off', telemetry: false, introspectionTimeout: 30 });
  assert.deepEqual(serverSettings(base, '/ext/python').pythonPath, '/ext/python');
  const explicit = readSettings(source({ pythonPath: '/usr/bin/python3' })).settings;
  assert.deepEqual(serverSettings(explicit, '/ext/python'), { autoRegenerate: 'off', telemetry: false, pythonPath: '/usr/bin/python3' });
});
