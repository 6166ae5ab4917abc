// Loaded first by every test: routes require('vscode') to the mock, and
// require('vscode-languageclient/node') to a recording fake when a test asks
// for it (fakeClient), so the extension's logic runs without an editor.
import Module from 'node:module';
import * as mock from './vscode-mock';
import * as fake from './fake-client';

// vscode-languageclient extends a few vscode classes at load time (e.g.
// CompletionItem); any class the mock lacks is an empty stand-in.
const stubs = new Map<string, unknown>();
const vscode = new Proxy(mock as Record<string, unknown>, {
  get(target, name) {
    if (typeof name !== 'string' || name in target) return target[name as string];
    if (!/^[A-Z]/.test(name)) return undefined;
    if (!stubs.has(name)) stubs.set(name, class {});
    return stubs.get(name);
  },
});

const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
(Module as unknown as { _load: unknown })._load = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node' && fake.enabled.value) return fake;
  return load.call(this, request, ...rest);
};

export { mock, fake };
