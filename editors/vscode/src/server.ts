// Finding the server binary: the snakebridge.serverPath setting, else the
// binary bundled in a platform package, else snakebridge-lsp on PATH.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** What resolveServer needs to know about the machine; tests pass their own. */
export interface ServerEnv {
  extensionPath: string;
  platform: NodeJS.Platform;
  /** The PATH environment variable. */
  pathVar: string;
  home: string;
  /** The first workspace folder, against which a relative serverPath is taken. */
  workspaceFolder?: string;
}

export type ServerSource = 'setting' | 'bundled' | 'PATH';

export type Resolution =
  | { ok: true; command: string; source: ServerSource }
  | { ok: false; message: string; /** whether the setting is the one to fix */ fromSetting: boolean };

export function binaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'snakebridge-lsp.exe' : 'snakebridge-lsp';
}

/** bundledPath is where `make vsix` puts the server inside a platform package. */
export function bundledPath(extensionPath: string, platform: NodeJS.Platform): string {
  return path.join(extensionPath, 'server', binaryName(platform));
}

/** unusable says why a path cannot be run as the server, or returns undefined when it can. */
export function unusable(file: string, platform: NodeJS.Platform): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return 'does not exist';
  }
  if (!st.isFile()) return 'is not a file';
  if (platform !== 'win32') {
    try {
      fs.accessSync(file, fs.constants.X_OK);
    } catch {
      return 'is not executable (chmod +x it)';
    }
  }
  return undefined;
}

function expand(p: string, env: ServerEnv): string {
  if (p === '~') return env.home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(env.home, p.slice(2));
  if (!path.isAbsolute(p) && env.workspaceFolder) return path.join(env.workspaceFolder, p);
  return p;
}

/** resolveServer picks the binary to start, or explains why there is none. */
export function resolveServer(serverPath: string, env: ServerEnv): Resolution {
  if (serverPath) {
    const file = expand(serverPath, env);
    const why = unusable(file, env.platform);
    if (why) {
      return { ok: false, fromSetting: true, message: `snakebridge.serverPath is set to ${file}, which ${why}.` };
    }
    return { ok: true, command: file, source: 'setting' };
  }
  const bundled = bundledPath(env.extensionPath, env.platform);
  if (!unusable(bundled, env.platform)) {
    return { ok: true, command: bundled, source: 'bundled' };
  }
  const name = binaryName(env.platform);
  const sep = env.platform === 'win32' ? ';' : ':';
  for (const dir of env.pathVar.split(sep)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (!unusable(candidate, env.platform)) {
      return { ok: true, command: candidate, source: 'PATH' };
    }
  }
  return {
    ok: false,
    fromSetting: false,
    message:
      `${name} was not found: this package bundles no server for ${env.platform}-${os.arch()} and none is on PATH. ` +
      'Install it (see the extension README) or set snakebridge.serverPath.',
  };
}

/** defaultEnv is the real machine's ServerEnv. */
export function defaultEnv(extensionPath: string, workspaceFolder?: string): ServerEnv {
  return {
    extensionPath,
    platform: process.platform,
    pathVar: process.env.PATH ?? '',
    home: os.homedir(),
    workspaceFolder,
  };
}
