// Package fsx is the generator's crash-safe file layer: every file it writes
// lands whole or not at all, nothing half-written is left behind, and two
// writers of one project never interleave.
//
// Upstream SnakeBridge (compat §2.1, §4.1, §5, §6.1) writes generated .ex
// files through "<path>.tmp.<n>" and a rename guarded by a "<path>.lock"
// file, but writes snakebridge.lock, the manifest and the registry with plain
// non-atomic writes, never fsyncs, leaves its lock and temp files inside lib/
// after a crash (and then blocks the next writer for 5 s and raises), and
// rewrites the lock on every compile. This package instead:
//
//   - writes only when the bytes differ, through a temp file in the target's
//     directory that is fsynced, renamed over the target, and followed by an
//     fsync of the directory (Writer.WriteFile);
//   - names its temp files with TempPrefix, a dot-name that never ends in
//     ".ex" (so neither mix nor a watcher mistakes it for a source), and
//     sweeps leftovers of a killed run at the start of the next (SweepTemps);
//   - refuses paths that leave the project through symlinks (Guard), and
//     makes a Commit's writes relative to directories opened through the
//     project root (os.Root), so that a symlink swapped into the tree
//     after the check cannot redirect them;
//   - serialises the writers of one project with flock(2) on a file outside
//     the project tree, which the kernel releases when its holder dies (Lock);
//   - waits for upstream's own `mix compile` to finish with its *.ex.lock
//     files, and reports an abandoned one instead of hanging (WaitUpstream);
//   - prunes stale generated files by upstream's header rule (Prune);
//   - applies a whole set of changes in a fixed order (Commit), staging the
//     new contents in unnamed temp files (O_TMPFILE on Linux) that are
//     synced together before the renames, so that a commit of many files
//     costs a few syncs rather than two per file, and a killed process
//     leaves at most one named temp file behind; a file too large to
//     hold (the manifest) is written ahead into its own temp file in its
//     directory (NewSpoolFor) and lands by a rename.
package fsx
