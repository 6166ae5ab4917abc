// The extension's settings: read and checked here, so that a malformed value
// is reported once with the name of the setting instead of reaching the
// server silently.

/** Where settings are read from: vscode.WorkspaceConfiguration or a test double. */
export interface ConfigSource {
  get<T>(key: string): T | undefined;
}

export type AutoRegenerate = 'off' | 'onSave';
export type Trace = 'off' | 'messages' | 'verbose';

/** The "snakebridge" settings after checking. */
export interface ExtensionSettings {
  serverPath: string;
  pythonPath: string;
  autoRegenerate: AutoRegenerate;
  /** Seconds; null keeps the generator's default. */
  introspectionTimeout: number | null;
  telemetry: boolean;
  trace: Trace;
}

/** A setting whose value cannot be used; the default is used instead. */
export interface SettingProblem {
  setting: string;
  message: string;
}

export const defaults: ExtensionSettings = {
  serverPath: '',
  pythonPath: '',
  autoRegenerate: 'off',
  introspectionTimeout: null,
  telemetry: false,
  trace: 'off',
};

/** readSettings reads the "snakebridge" section; a bad value falls back to its default and is reported. */
export function readSettings(config: ConfigSource): { settings: ExtensionSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const bad = (key: string, value: unknown, expected: string) =>
    problems.push({ setting: `snakebridge.${key}`, message: `${JSON.stringify(value)} is not ${expected}; using the default` });

  const str = (key: string): string => {
    const v = config.get<unknown>(key);
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') {
      bad(key, v, 'a string');
      return '';
    }
    return v.trim();
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = config.get<unknown>(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    bad(key, v, allowed.map((a) => `"${a}"`).join(' or '));
    return fallback;
  };

  const settings: ExtensionSettings = {
    serverPath: str('serverPath'),
    pythonPath: str('pythonPath'),
    autoRegenerate: oneOf('autoRegenerate', ['off', 'onSave'] as const, defaults.autoRegenerate),
    introspectionTimeout: null,
    telemetry: defaults.telemetry,
    trace: oneOf('trace.server', ['off', 'messages', 'verbose'] as const, defaults.trace),
  };

  const timeout = config.get<unknown>('introspectionTimeout');
  if (timeout !== undefined && timeout !== null && timeout !== '') {
    if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0) {
      settings.introspectionTimeout = timeout;
    } else {
      bad('introspectionTimeout', timeout, 'a positive number of seconds');
    }
  }
  const telemetry = config.get<unknown>('telemetry');
  if (typeof telemetry === 'boolean') {
    settings.telemetry = telemetry;
  } else if (telemetry !== undefined && telemetry !== null) {
    bad('telemetry', telemetry, 'true or false');
  }
  return { settings, problems };
}

/** The settings object the server reads (docs/protocol.md, "Settings"). */
export interface ServerSettings {
  pythonPath?: string;
  autoRegenerate: AutoRegenerate;
  introspectionTimeout?: number;
  telemetry: boolean;
}

/**
 * serverSettings maps the extension's settings to the server's. pythonPath
 * wins; else the interpreter selected in the Python extension; else nothing,
 * and the server resolves one as Snakepit does.
 */
export function serverSettings(s: ExtensionSettings, pythonFromExtension?: string): ServerSettings {
  const out: ServerSettings = { autoRegenerate: s.autoRegenerate, telemetry: s.telemetry };
  const python = s.pythonPath || pythonFromExtension;
  if (python) out.pythonPath = python;
  if (s.introspectionTimeout !== null) out.introspectionTimeout = s.introspectionTimeout;
  return out;
}

/** The settings whose change needs a new server process rather than a didChangeConfiguration. */
export const restartSettings = ['snakebridge.serverPath'];
