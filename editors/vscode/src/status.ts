// Rendering the snakebridge/status notifications (docs/protocol.md) into one
// status bar item: the worst state of all projects wins.

/** The params of the server's snakebridge/status notification. */
export interface ServerStatus {
  project: string;
  state: string;
  message?: string;
  python?: { executable?: string; source?: string; version?: string } | null;
  generation?: number;
  warnings?: string[] | null;
  /** Sent by servers that know about workspace trust; false when the workspace is untrusted. */
  trusted?: boolean;
}

/** What the status bar item shows. */
export interface StatusView {
  text: string;
  /** Markdown. */
  tooltip: string;
  command: string;
  /** 'error' and 'warning' colour the item's background. */
  tone: 'normal' | 'warning' | 'error';
}

// Worst first: the item shows the first state any project is in.
const order = ['error', 'untrusted', 'regenerating', 'stale', 'fresh'];

const looks: Record<string, { icon: string; label: string; command: string; tone: StatusView['tone'] }> = {
  fresh: { icon: '$(check)', label: 'fresh', command: 'snakebridge.runCheck', tone: 'normal' },
  stale: { icon: '$(warning)', label: 'stale', command: 'snakebridge.runCheck', tone: 'warning' },
  regenerating: { icon: '$(sync~spin)', label: 'regenerating', command: 'snakebridge.showOutput', tone: 'normal' },
  error: { icon: '$(error)', label: 'error', command: 'snakebridge.showOutput', tone: 'error' },
  untrusted: { icon: '$(shield)', label: 'untrusted', command: 'workbench.trust.manage', tone: 'normal' },
};

/** stateOf folds trust into a status: an untrusted project shows "untrusted" unless it is in error. */
export function stateOf(s: ServerStatus, workspaceTrusted: boolean): string {
  const state = order.includes(s.state) ? s.state : 'error';
  if (state !== 'error' && (s.trusted === false || !workspaceTrusted)) return 'untrusted';
  return state;
}

/** projectName is the last segment of a project URI, for short labels. */
export function projectName(uri: string): string {
  const trimmed = uri.replace(/\/+$/, '');
  try {
    return decodeURIComponent(trimmed.slice(trimmed.lastIndexOf('/') + 1)) || uri;
  } catch {
    return trimmed.slice(trimmed.lastIndexOf('/') + 1) || uri;
  }
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<>|]/g, (c) => '\\' + c);
}

function pythonLine(s: ServerStatus): string {
  if (!s.python) return 'Python: none found';
  const parts = [s.python.version ? `Python ${s.python.version}` : 'Python (version not read)', s.python.executable ?? '?'];
  if (s.python.source) parts.push(`(from ${s.python.source})`);
  return parts.join(' ');
}

/** untrustedNote explains the untrusted state in the tooltip. */
export const untrustedNote =
  'This workspace is not trusted: SnakeBridge only reads the project. No interpreter chosen by the project runs ' +
  'and bindings are not regenerated. Click to manage workspace trust.';

/** render builds the item for the known projects; undefined hides it (no SnakeBridge project). */
export function render(statuses: Iterable<ServerStatus>, workspaceTrusted: boolean): StatusView | undefined {
  const all = [...statuses].sort((a, b) => a.project.localeCompare(b.project));
  if (all.length === 0) return undefined;
  const states = all.map((s) => stateOf(s, workspaceTrusted));
  const worst = order.find((o) => states.includes(o)) ?? 'error';
  const look = looks[worst];
  const count = states.filter((s) => s === worst).length;
  const suffix = all.length > 1 ? ` (${count}/${all.length})` : '';
  const lines: string[] = [];
  if (worst === 'untrusted') lines.push(untrustedNote, '');
  for (const [i, s] of all.entries()) {
    const head = `**${escapeMarkdown(projectName(s.project))}**: ${states[i]}`;
    lines.push(s.message ? `${head}: ${escapeMarkdown(s.message)}` : head);
    lines.push('', escapeMarkdown(pythonLine(s)));
    for (const w of s.warnings ?? []) lines.push('', `$(warning) ${escapeMarkdown(w)}`);
    lines.push('');
  }
  lines.push(worst === 'untrusted' ? '' : look.command === 'snakebridge.runCheck' ? 'Click to check again.' : 'Click to show the output.');
  return {
    text: `${look.icon} SnakeBridge: ${look.label}${suffix}`,
    tooltip: lines.join('\n').trim(),
    command: look.command,
    tone: look.tone,
  };
}

/** failed is the item once the server has stopped for good. */
export function failed(message: string): StatusView {
  return { text: '$(error) SnakeBridge: stopped', tooltip: escapeMarkdown(message) + '\n\nClick to show the output.', command: 'snakebridge.showOutput', tone: 'error' };
}
