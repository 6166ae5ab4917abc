// A recording stand-in for vscode-languageclient's LanguageClient, used by
// the extension tests: no server process, the test decides what start() and
// sendRequest() do.
/* eslint-disable @typescript-eslint/no-explicit-any */

export const enabled = { value: false };

export enum ErrorAction {
  Continue = 1,
  Shutdown = 2,
}
export enum CloseAction {
  DoNotRestart = 1,
  Restart = 2,
}
export enum TransportKind {
  stdio = 0,
}
export const ExecuteCommandRequest = { type: { method: 'workspace/executeCommand' } };
export const DidChangeConfigurationNotification = { type: { method: 'workspace/didChangeConfiguration' } };

/** Every client created, in order. */
export const clients: LanguageClient[] = [];

/** behaviour scripts the next clients. */
export const behaviour = {
  start: async (): Promise<void> => {},
  request: async (_method: string, _params: any): Promise<any> => null,
};

export class LanguageClient {
  running = false;
  stopped = false;
  requests: { method: string; params: any }[] = [];
  notifications: { method: string; params: any }[] = [];
  handlers = new Map<string, (params: any) => void>();

  constructor(
    readonly id: string,
    readonly name: string,
    readonly serverOptions: any,
    readonly clientOptions: any,
  ) {
    clients.push(this);
  }
  onNotification(method: string, handler: (params: any) => void) {
    this.handlers.set(method, handler);
    return { dispose() {} };
  }
  async start(): Promise<void> {
    await behaviour.start();
    this.running = true;
  }
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
  }
  isRunning(): boolean {
    return this.running;
  }
  async sendRequest(type: { method: string }, params: any): Promise<any> {
    this.requests.push({ method: type.method, params });
    return behaviour.request(type.method, params);
  }
  async sendNotification(type: { method: string }, params: any): Promise<void> {
    this.notifications.push({ method: type.method, params });
  }
  /** notify delivers a server notification to the extension. */
  notify(method: string, params: any): void {
    this.handlers.get(method)?.(params);
  }
}

export function reset(): void {
  clients.length = 0;
  behaviour.start = async () => {};
  behaviour.request = async () => null;
}
