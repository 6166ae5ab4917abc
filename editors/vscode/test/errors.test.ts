import './setup';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CloseAction, ErrorAction } from 'vscode-languageclient/node';
import { maxRestarts, RestartingErrorHandler, restartWindowMs } from '../src/errors';

test('a crashing server is restarted a few times, then the user is told', () => {
  let now = 0;
  const told: string[] = [];
  const h = new RestartingErrorHandler((m) => told.push(m), () => now);
  for (let i = 0; i < maxRestarts; i++) {
    now += 1000;
    assert.equal(h.closed().action, CloseAction.Restart, `crash ${i + 1}`);
  }
  assert.deepEqual(told, []);
  now += 1000;
  assert.equal(h.closed().action, CloseAction.DoNotRestart);
  assert.equal(told.length, 1);
  assert.match(told[0], /stopped 5 times/);
  assert.match(told[0], /Restart Server/);
});

test('crashes far apart are each restarted, and reset forgets', () => {
  let now = 0;
  const told: string[] = [];
  const h = new RestartingErrorHandler((m) => told.push(m), () => now);
  for (let i = 0; i < 3 * maxRestarts; i++) {
    now += restartWindowMs / 2;
    assert.equal(h.closed().action, CloseAction.Restart);
  }
  assert.deepEqual(told, []);
  while (h.closed().action === CloseAction.Restart);
  assert.equal(told.length, 1, 'a burst gives up');
  h.reset();
  assert.equal(h.closed().action, CloseAction.Restart);
  assert.equal(told.length, 1);
});

test('stream errors: continue a few times, then shut down', () => {
  const h = new RestartingErrorHandler(() => {});
  assert.equal(h.error(new Error('x'), undefined, 1).action, ErrorAction.Continue);
  assert.equal(h.error(new Error('x'), undefined, 3).action, ErrorAction.Continue);
  assert.equal(h.error(new Error('x'), undefined, 4).action, ErrorAction.Shutdown);
});
