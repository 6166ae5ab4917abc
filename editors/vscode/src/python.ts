// The interpreter selected in the Python extension (ms-python.python), used
// when snakebridge.pythonPath is empty. Its API is read without a
// dependency on its npm package: only the two calls below are used.
import * as vscode from 'vscode';

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
  resolveEnvironment(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
}

interface PythonApi {
  environments?: PythonEnvironmentsApi;
}

export const pythonExtensionId = 'ms-python.python';

async function api(): Promise<PythonEnvironmentsApi | undefined> {
  const ext = vscode.extensions.getExtension<PythonApi>(pythonExtensionId);
  if (!ext) return undefined;
  try {
    const exported = ext.isActive ? ext.exports : await ext.activate();
    return exported?.environments;
  } catch {
    return undefined;
  }
}

/** selectedInterpreter is the Python extension's interpreter for folder, or undefined. */
export async function selectedInterpreter(folder: vscode.Uri | undefined, log: (msg: string) => void): Promise<string | undefined> {
  const envs = await api();
  if (!envs) return undefined;
  try {
    const active = envs.getActiveEnvironmentPath(folder);
    if (!active?.path) return undefined;
    const resolved = await envs.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch (err) {
    log(`reading the Python extension's interpreter: ${err}`);
    return undefined;
  }
}

/** onInterpreterChange calls listener when the selected interpreter changes. */
export async function onInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
  const envs = await api();
  return envs?.onDidChangeActiveEnvironmentPath(() => listener());
}
