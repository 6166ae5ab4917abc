// What happens when the server fails: a few restarts, then a clear message
// with a button to the output, never a silent stop.
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult } from 'vscode-languageclient/node';

/** How many crashes within the window are restarted before giving up. */
export const maxRestarts = 4;
export const restartWindowMs = 3 * 60 * 1000;

/**
 * RestartingErrorHandler restarts a server that exits, up to maxRestarts
 * times within restartWindowMs, then calls giveUp (which tells the user).
 */
export class RestartingErrorHandler implements ErrorHandler {
  private crashes: number[] = [];

  constructor(
    private readonly giveUp: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A few write/read errors are transient; many mean the stream is broken.
    if (count !== undefined && count <= 3) return { action: ErrorAction.Continue, handled: true };
    return { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.crashes = this.crashes.filter((t) => now - t < restartWindowMs);
    this.crashes.push(now);
    if (this.crashes.length <= maxRestarts) {
      return { action: CloseAction.Restart, handled: true };
    }
    const minutes = restartWindowMs / 60000;
    this.giveUp(
      `The SnakeBridge server stopped ${this.crashes.length} times in ${minutes} minutes and is not restarted again. ` +
        'Its output may say why; run "SnakeBridge: Restart Server" once it is fixed.',
    );
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  /** reset forgets past crashes (after an explicit restart). */
  reset(): void {
    this.crashes = [];
  }
}
