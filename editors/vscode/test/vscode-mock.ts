// A small stand-in for the `vscode` module, enough for the extension's
// logic: it records what the extension shows and registers, and lets a test
// script the user's answers, settings and workspace trust.
/* eslint-disable @typescript-eslint/no-explicit-any */

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Disposable {
  constructor(private readonly fn: () => void = () => {}) {}
  dispose(): void {
    this.fn();
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  constructor(
    readonly value: string = '',
    readonly supportThemeIcons = false,
  ) {}
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static parse(s: string): Uri {
    return s.startsWith('file://') ? new Uri('file', decodeURIComponent(s.slice('file://'.length))) : new Uri(s.split(':')[0], s);
  }
  toString(): string {
    return this.scheme === 'file' ? 'file://' + this.fsPath.split('/').map(encodeURIComponent).join('/') : this.fsPath;
  }
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

/** A shown message: its kind, text and buttons. */
export interface Shown {
  kind: 'error' | 'warning' | 'info';
  message: string;
  items: string[];
}

/** state is what tests read and script; reset() starts afresh. */
export const state = {
  settings: {} as Record<string, unknown>,
  shown: [] as Shown[],
  /** answer(shown) picks the button the user clicks (undefined: dismissed). */
  answer: (_s: Shown): string | undefined => undefined,
  quickPick: (items: any[]): any => items[0],
  executed: [] as { command: string; args: unknown[] }[],
  registered: new Map<string, (...args: unknown[]) => unknown>(),
  items: [] as any[],
  logs: [] as string[],
  /** Installed extensions by id (the Python extension's stand-in). */
  extensions: new Map<string, any>(),
  trust: new EventEmitter<void>(),
  config: new EventEmitter<any>(),
  reset(): void {
    this.settings = {};
    this.shown = [];
    this.answer = () => undefined;
    this.quickPick = (items) => items[0];
    this.executed = [];
    this.registered = new Map();
    this.items = [];
    this.logs = [];
    this.extensions = new Map();
    this.trust = new EventEmitter<void>();
    this.config = new EventEmitter<any>();
    workspace.isTrusted = true;
    workspace.workspaceFolders = undefined;
  },
};

function show(kind: Shown['kind']) {
  return (message: string, ...items: any[]) => {
    const s: Shown = { kind, message, items: items.filter((i) => typeof i === 'string') };
    state.shown.push(s);
    return Promise.resolve(state.answer(s));
  };
}

function channel(name: string) {
  const log = (level: string) => (msg: string) => state.logs.push(`[${level}] ${msg}`);
  return {
    name,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    debug: log('debug'),
    trace: log('trace'),
    appendLine: log('line'),
    append: log('append'),
    show: () => state.executed.push({ command: '<output.show>', args: [name] }),
    clear: () => {},
    hide: () => {},
    dispose: () => {},
    onDidChangeLogLevel: new EventEmitter<number>().event,
    logLevel: 2,
  };
}

export const window = {
  showErrorMessage: show('error'),
  showWarningMessage: show('warning'),
  showInformationMessage: show('info'),
  showQuickPick: (items: any[]) => Promise.resolve(state.quickPick(items)),
  createOutputChannel: (name: string) => channel(name),
  createStatusBarItem: (id: string) => {
    const item = { id, text: '', tooltip: undefined as any, command: undefined as any, backgroundColor: undefined as any, name: '', visible: false, show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} };
    state.items.push(item);
    return item;
  },
};

export const commands = {
  registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
    if (state.registered.has(id)) throw new Error(`command '${id}' already exists`);
    state.registered.set(id, fn);
    return new Disposable(() => state.registered.delete(id));
  },
  executeCommand: (command: string, ...args: unknown[]) => {
    state.executed.push({ command, args });
    return Promise.resolve(undefined);
  },
};

export const workspace = {
  isTrusted: true,
  workspaceFolders: undefined as { uri: Uri; name: string; index: number }[] | undefined,
  getConfiguration: (section?: string) => ({
    get: <T>(key: string, fallback?: T): T | undefined => {
      const full = section ? `${section}.${key}` : key;
      return (full in state.settings ? state.settings[full] : fallback) as T | undefined;
    },
  }),
  onDidGrantWorkspaceTrust: (l: Listener<void>) => state.trust.event(l),
  onDidChangeConfiguration: (l: Listener<any>) => state.config.event(l),
};

export const extensions = {
  getExtension: (id: string) => state.extensions.get(id),
};

export const env = { appName: 'mock' };
