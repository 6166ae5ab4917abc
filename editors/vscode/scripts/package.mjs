// Builds per-platform .vsix packages: for each VS Code target it builds the
// server for that platform into server/, keeps its executable bit, and runs
// vsce package --target. Usage: node scripts/package.mjs [OUTDIR] [TARGET...]
// (default: ../../bin linux-x64).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.resolve(here, '..', '..');

// VS Code target -> Go's GOOS/GOARCH.
const goTargets = {
  'linux-x64': ['linux', 'amd64'],
  'linux-arm64': ['linux', 'arm64'],
  'darwin-x64': ['darwin', 'amd64'],
  'darwin-arm64': ['darwin', 'arm64'],
  'win32-x64': ['windows', 'amd64'],
  'win32-arm64': ['windows', 'arm64'],
};

const repoUrl = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8')).repository.url.replace(/\.git$/, '');
const [outArg, ...targetArgs] = process.argv.slice(2);
const outDir = path.resolve(outArg ?? path.join(repo, 'bin'));
const targets = targetArgs.length ? targetArgs : ['linux-x64'];
mkdirSync(outDir, { recursive: true });

for (const target of targets) {
  const go = goTargets[target];
  if (!go) throw new Error(`unknown target ${target}; known: ${Object.keys(goTargets).join(', ')}`);
  const [goos, goarch] = go;
  const serverDir = path.join(here, 'server');
  rmSync(serverDir, { recursive: true, force: true });
  mkdirSync(serverDir);
  const binary = path.join(serverDir, goos === 'windows' ? 'snakebridge-lsp.exe' : 'snakebridge-lsp');
  execFileSync(process.env.GO ?? 'go', ['build', '-trimpath', '-o', binary, './cmd/snakebridge-lsp'], {
    cwd: repo,
    stdio: 'inherit',
    env: { ...process.env, GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0' },
  });
  chmodSync(binary, 0o755);
  const vsix = path.join(outDir, `snakebridge-${target}.vsix`);
  const args = ['package', '--target', target, '--skip-license', '--no-dependencies', '-o', vsix];
  // The README's relative links point into the repository's subfolder.
  args.push('--baseContentUrl', `${repoUrl}/blob/HEAD/editors/vscode`, '--baseImagesUrl', `${repoUrl}/raw/HEAD/editors/vscode`);
  execFileSync(path.join(here, 'node_modules', '.bin', 'vsce'), args, {
    cwd: here,
    stdio: 'inherit',
  });
  console.log(`built ${path.relative(process.cwd(), vsix) || vsix}`);
}
rmSync(path.join(here, 'server'), { recursive: true, force: true });
