// The SnakeBridge extension: starts snakebridge-lsp, shows its status, and
// offers its commands in the palette.
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { RestartingErrorHandler } from './errors';
import { onInterpreterChange, selectedInterpreter } from './python';
import { defaultEnv, resolveServer } from './server';
import { readSettings, restartSettings, serverSettings, type ServerSettings } from './settings';
import { failed, projectName, render, type ServerStatus } from './status';

/** Commands of the palette (package.json). The server's own ids (snakebridge.regenerate, …) are registered by the client. */
export const commands = {
  regenerate: 'snakebridge.regenerateBindings',
  regenerateLibrary: 'snakebridge.regenerateLibrary',
  check: 'snakebridge.runCheck',
  cancel: 'snakebridge.cancelRegeneration',
  restart: 'snakebridge.restartServer',
  showOutput: 'snakebridge.showOutput',
} as const;

let controller: Controller | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Controller> {
  controller = new Controller(context);
  await controller.start();
  return controller;
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}

/** Controller owns the client, the status item and the output channel. */
export class Controller implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  private readonly item: vscode.StatusBarItem;
  private client: LanguageClient | undefined;
  private readonly statuses = new Map<string, ServerStatus>();
  private readonly errors: RestartingErrorHandler;
  private pythonFromExtension: string | undefined;
  private problemsShown = '';

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('SnakeBridge', { log: true });
    this.item = vscode.window.createStatusBarItem('snakebridge.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'SnakeBridge';
    this.errors = new RestartingErrorHandler((message) => this.gaveUp(message));
    context.subscriptions.push(
      this,
      this.output,
      this.item,
      vscode.commands.registerCommand(commands.regenerate, () => this.regenerate(false)),
      vscode.commands.registerCommand(commands.regenerateLibrary, () => this.regenerate(true)),
      vscode.commands.registerCommand(commands.check, () => this.check()),
      vscode.commands.registerCommand(commands.cancel, () => this.cancel()),
      vscode.commands.registerCommand(commands.restart, () => this.restart()),
      vscode.commands.registerCommand(commands.showOutput, () => this.output.show(true)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.output.info('workspace trust granted: restarting the server as trusted');
        void this.restart();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
    );
    void onInterpreterChange(() => void this.interpreterChanged()).then((d) => d && context.subscriptions.push(d));
  }

  dispose(): void {
    void this.stop();
  }

  /** start resolves the server and starts the client; failures are shown, never thrown. */
  async start(): Promise<void> {
    const { settings, problems } = readSettings(vscode.workspace.getConfiguration('snakebridge'));
    this.reportProblems(problems.map((p) => `${p.setting}: ${p.message}`));
    const folder = vscode.workspace.workspaceFolders?.[0];
    const resolution = resolveServer(settings.serverPath, defaultEnv(this.context.extensionPath, folder?.uri.fsPath));
    if (!resolution.ok) {
      this.output.error(resolution.message);
      this.showView(failed(resolution.message));
      const open = 'Open Setting';
      void vscode.window.showErrorMessage(`SnakeBridge: ${resolution.message}`, open, 'Show Output').then((choice) => {
        if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'snakebridge.serverPath');
        else if (choice) this.output.show(true);
      });
      return;
    }
    const trusted = vscode.workspace.isTrusted;
    // Untrusted, the Python extension's choice may be the project's own
    // .venv: only an interpreter from the user's settings is passed on.
    this.pythonFromExtension =
      settings.pythonPath || !trusted ? undefined : await selectedInterpreter(folder?.uri, (m) => this.output.warn(m));
    this.output.info(`starting ${resolution.command} (${resolution.source}), workspace ${trusted ? 'trusted' : 'untrusted'}`);

    const serverOptions: ServerOptions = { command: resolution.command, args: [], transport: TransportKind.stdio };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'elixir' },
        // Without an Elixir extension, .ex/.exs files have no language id.
        { scheme: 'file', pattern: '**/*.{ex,exs}' },
        { scheme: 'file', pattern: '**/snakebridge.lock' },
      ],
      initializationOptions: { trusted, snakebridge: this.serverSettings() },
      synchronize: { configurationSection: 'snakebridge' },
      outputChannel: this.output,
      traceOutputChannel: this.output,
      errorHandler: this.errors,
      middleware: {
        workspace: {
          // The server pulls the "snakebridge" section; answer with the
          // server's view of it (pythonPath filled from the Python extension).
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) return answers;
            return params.items.map((item, i) => (item.section === 'snakebridge' ? this.serverSettings() : answers[i]));
          },
        },
      },
    };
    const client = new LanguageClient('snakebridge', 'SnakeBridge', serverOptions, clientOptions);
    this.client = client;
    client.onNotification('snakebridge/status', (status: ServerStatus) => this.statusArrived(status));
    try {
      await client.start();
    } catch (err) {
      const message = `the server ${resolution.command} did not start: ${err instanceof Error ? err.message : String(err)}`;
      this.output.error(message);
      this.gaveUp(message);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.statuses.clear();
    if (client) {
      try {
        await client.stop(5000);
      } catch (err) {
        this.output.warn(`stopping the server: ${err}`);
      }
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    this.errors.reset();
    this.refresh();
    await this.start();
  }

  /** serverSettings is what the server is told: the settings and the Python extension's interpreter. */
  serverSettings(): ServerSettings {
    const { settings } = readSettings(vscode.workspace.getConfiguration('snakebridge'));
    return serverSettings(settings, this.pythonFromExtension);
  }

  private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('snakebridge')) return;
    const { problems } = readSettings(vscode.workspace.getConfiguration('snakebridge'));
    this.reportProblems(problems.map((p) => `${p.setting}: ${p.message}`));
    if (restartSettings.some((s) => e.affectsConfiguration(s))) {
      this.output.info('snakebridge.serverPath changed: restarting the server');
      void this.restart();
    }
    // Other settings reach the server through synchronize.configurationSection.
  }

  private async interpreterChanged(): Promise<void> {
    const { settings } = readSettings(vscode.workspace.getConfiguration('snakebridge'));
    if (settings.pythonPath || !vscode.workspace.isTrusted || !this.client?.isRunning()) return;
    this.pythonFromExtension = await selectedInterpreter(vscode.workspace.workspaceFolders?.[0]?.uri, (m) => this.output.warn(m));
    this.output.info(`the Python extension's interpreter is now ${this.pythonFromExtension ?? 'unset'}`);
    await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  private reportProblems(problems: string[]): void {
    const key = problems.join('\n');
    if (key === this.problemsShown) return;
    this.problemsShown = key;
    if (!problems.length) return;
    for (const p of problems) this.output.warn(p);
    const open = 'Open Settings';
    void vscode.window.showWarningMessage(`SnakeBridge: ${problems.join('; ')}`, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'snakebridge');
    });
  }

  private gaveUp(message: string): void {
    this.showView(failed(message));
    const show = 'Show Output';
    void vscode.window.showErrorMessage(`SnakeBridge: ${message}`, show).then((choice) => {
      if (choice === show) this.output.show(true);
    });
  }

  private statusArrived(status: ServerStatus): void {
    if (!status || typeof status.project !== 'string') return;
    this.statuses.set(status.project, status);
    this.output.info(`status ${projectName(status.project)}: ${status.state}${status.message ? ' — ' + status.message : ''}`);
    this.refresh();
  }

  private refresh(): void {
    const view = render(this.statuses.values(), vscode.workspace.isTrusted);
    if (!view) {
      this.item.hide();
      return;
    }
    this.showView(view);
  }

  private showView(view: NonNullable<ReturnType<typeof render>>): void {
    this.item.text = view.text;
    const tip = new vscode.MarkdownString(view.tooltip, true);
    this.item.tooltip = tip;
    this.item.command = view.command;
    this.item.backgroundColor =
      view.tone === 'normal' ? undefined : new vscode.ThemeColor(view.tone === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    this.item.show();
  }

  /** execute runs one of the server's commands; errors are shown and give undefined. */
  private async execute<T>(command: string, args: unknown[]): Promise<T | undefined> {
    if (!this.client?.isRunning()) {
      void vscode.window.showErrorMessage('SnakeBridge: the server is not running.', 'Show Output', 'Restart Server').then((c) => {
        if (c === 'Show Output') this.output.show(true);
        else if (c) void this.restart();
      });
      return undefined;
    }
    try {
      return (await this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.output.error(`${command}: ${message}`);
      void vscode.window.showErrorMessage(`SnakeBridge: ${message}`);
      return undefined;
    }
  }

  /** pickProject chooses the project a command is for: the only one, or one the user picks. */
  private async pickProject(): Promise<string | undefined | null> {
    const projects = [...this.statuses.keys()].sort();
    if (projects.length <= 1) return projects[0];
    const picked = await vscode.window.showQuickPick(
      projects.map((p) => ({ label: projectName(p), description: vscode.Uri.parse(p).fsPath, project: p })),
      { placeHolder: 'Which project?' },
    );
    return picked ? picked.project : null;
  }

  private async regenerate(pickLibrary: boolean): Promise<void> {
    const project = await this.pickProject();
    if (project === null) return;
    const args: unknown[] = project ? [project] : [];
    if (!pickLibrary) {
      await this.execute('snakebridge.regenerate', args);
      return;
    }
    const reports = await this.execute<CheckReport[]>('snakebridge.check', args);
    if (!reports) return;
    const libraries = reports.flatMap((r) => r.libraries ?? []);
    if (!libraries.length) {
      void vscode.window.showInformationMessage('SnakeBridge: no library is configured in python_deps.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      libraries.map((l) => ({ label: l.name, description: l.module })),
      { placeHolder: 'Regenerate the bindings of which library?' },
    );
    if (!picked) return;
    await this.execute('snakebridge.regenerate', [project ?? projectUri(reports[0].project), [picked.label]]);
  }

  private async check(): Promise<void> {
    const reports = await this.execute<CheckReport[]>('snakebridge.check', []);
    if (!reports) return;
    void vscode.window.showInformationMessage(`SnakeBridge: ${summarize(reports)}`);
  }

  private async cancel(): Promise<void> {
    const result = await this.execute<{ cancelled: number }>('snakebridge.cancel', []);
    if (!result) return;
    void vscode.window.showInformationMessage(
      result.cancelled ? `SnakeBridge: cancelled ${result.cancelled} regeneration(s).` : 'SnakeBridge: no regeneration was running.',
    );
  }
}

/** The part of a check report (snakebridge-lsp check --json) the extension reads. */
export interface CheckReport {
  project: string;
  fresh: boolean;
  libraries?: { name: string; module?: string }[];
  findings?: { code: string; message: string }[];
}

/** projectUri turns a report's project (a path, as the CLI prints it) into the URI the server's commands take. */
export function projectUri(project: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(project) && !/^[a-z]:[\\/]/i.test(project) ? project : vscode.Uri.file(project).toString();
}

/** summarize says in one line what a check found. */
export function summarize(reports: CheckReport[]): string {
  if (!reports.length) return 'no SnakeBridge project in this workspace.';
  return reports
    .map((r) => {
      const name = projectName(r.project);
      const n = r.findings?.length ?? 0;
      if (r.fresh && n === 0) return `${name}: bindings are fresh`;
      return `${name}: ${n} finding${n === 1 ? '' : 's'}${r.fresh ? '' : ', bindings are stale'} (see the Problems panel)`;
    })
    .join('; ');
}
