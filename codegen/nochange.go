package codegen

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/snakebridge-lsp/snakebridge-lsp/analysis"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/lockfile"
	"github.com/snakebridge-lsp/snakebridge-lsp/analysis/term"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/privdir"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
	"github.com/snakebridge-lsp/snakebridge-lsp/internal/version"
	"github.com/snakebridge-lsp/snakebridge-lsp/pyhelper"
)

// Nothing changed ⇒ almost nothing done. A run that left a project's
// bindings complete records, outside the project (Environment.StateDir),
// what it was made from and what it left on disk: a digest of its inputs
// (inputsDigest), the cache token of every introspection result it used
// (pyhelper.Client.CacheToken) and the identity and SHA-256 of every file
// it is answerable for (manifest, registry, lock, generated files). A later
// run whose inputs digest to the same value, whose introspection results
// are the same cache entries, and whose files are still those files, would
// do exactly what that run did and change nothing: it reports every file
// unchanged and stops, without introspecting, rendering or reading the
// manifest. Anything else runs the whole pipeline.
//
// A file is the same when its size, modification and change times, device
// and inode are: any write changes the change time, which nobody can set
// back. A file changed during the run that recorded it (or within
// trustAfter of it: timestamps are coarse) is not trusted on its identity:
// its content is hashed and compared with what was written, and the record
// is updated once it can be trusted.

// stateFormat versions the record; another format is no record.
const stateFormat = "snakebridge-lsp-generated-v1"

// How long after a file last changed its identity is trusted: longer than
// the granularity of its file system's timestamps. A change time with a
// sub-second part comes from a file system that keeps fine timestamps,
// moved by a clock of a few milliseconds (a jiffy on Linux); one without
// may have a granularity of a second or two (ext3, HFS+, FAT, some NFS).
const (
	fineTrustAfter   = 100 * time.Millisecond
	coarseTrustAfter = 2 * time.Second
)

// generatedState is the record of a run that left the bindings complete.
type generatedState struct {
	Format string `json:"format"`
	Root   string `json:"root"`
	// Inputs is inputsDigest at the time of the record.
	Inputs        string             `json:"inputs"`
	Introspection []recordedRequest  `json:"introspection"`
	Libraries     []stateLibrary     `json:"libraries"`
	Files         map[string]fileRec `json:"files"` // by project-relative path
}

// recordedRequest is an introspection request and the token of the result
// the run used.
type recordedRequest struct {
	Request pyhelper.Request `json:"request"`
	Token   string           `json:"token"`
}

// stateLibrary is a library's files, relative to generated_dir.
type stateLibrary struct {
	Name  string   `json:"name"`
	Files []string `json:"files"`
}

// fileRec identifies one version of a file.
type fileRec struct {
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime_ns"`
	Change  int64  `json:"ctime_ns"`
	ID      string `json:"id"`
	SHA256  string `json:"sha256"`
	// Trusted says the file had not changed for trustAfter when it was
	// recorded: the same identity is then the same content.
	Trusted bool `json:"trusted"`
}

// statePath is where the record of the project at root lives; "" when
// runs record nothing.
func (e *Environment) statePath(root string) string {
	if e.StateDir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(root))
	return filepath.Join(e.StateDir, hex.EncodeToString(sum[:16])+".json")
}

func (e *Environment) trustAfter(change int64) time.Duration {
	switch {
	case e.TrustAfter > 0:
		return e.TrustAfter
	case change%int64(time.Second) != 0:
		return fineTrustAfter
	}
	return coarseTrustAfter
}

// readState reads the record of the project, nil when there is none (or
// one of another format or project: a hash collision is no record).
func (r *run) readState() *generatedState {
	path := r.env.statePath(r.p.Root)
	// A record in a directory someone else controls could make a run
	// skip work it must do.
	if path == "" || privdir.Ensure(filepath.Dir(path)) != nil {
		return nil
	}
	data, err := safefile.ReadFile(path, safefile.MaxData)
	if err != nil {
		return nil
	}
	var st generatedState
	if json.Unmarshal(data, &st) != nil || st.Format != stateFormat || st.Root != r.p.Root {
		return nil
	}
	return &st
}

// writeState replaces the record atomically; a failure only costs the
// next run its fast path.
func (r *run) writeState(st *generatedState) {
	path := r.env.statePath(r.p.Root)
	if path == "" {
		return
	}
	data, err := json.Marshal(st)
	if err != nil || privdir.Ensure(filepath.Dir(path)) != nil {
		return
	}
	pruneStates(filepath.Dir(path), time.Now())
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
	}
}

// statePruneAge is how long the record of a project no run has touched
// is kept (projects are deleted, test projects are temporary).
const statePruneAge = 30 * 24 * time.Hour

// pruneStates removes records untouched for statePruneAge, at most once a
// day (a marker file's mtime says when it last did).
func pruneStates(dir string, now time.Time) {
	marker := filepath.Join(dir, ".pruned")
	if info, err := os.Stat(marker); err == nil && now.Sub(info.ModTime()) < 24*time.Hour {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), ".json") && now.Sub(info.ModTime()) > statePruneAge {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	if os.WriteFile(marker, nil, 0o600) == nil {
		_ = os.Chtimes(marker, now, now)
	}
}

// checkFiles reads the record and compares every file it names with the
// disk. It sets r.state only when all are the same, hashing the files not
// yet trusted, and notes when the record should be rewritten to trust them.
func (r *run) checkFiles() {
	st := r.readState()
	if st == nil {
		return
	}
	if !r.sameListing(st) {
		return
	}
	for rel, rec := range st.Files {
		now, same := r.sameFile(rel, rec)
		if !same {
			return
		}
		if now != rec {
			st.Files[rel] = now
			r.stateDirty = true
		}
	}
	r.state = st
}

// sameFile compares a recorded file with the disk; when it is the same, it
// returns the record to keep (trusted once its change is old enough).
func (r *run) sameFile(rel string, rec fileRec) (fileRec, bool) {
	info, err := os.Lstat(r.abs(rel))
	if err != nil || !info.Mode().IsRegular() {
		return rec, false
	}
	now := stamp(info)
	now.SHA256, now.Trusted = rec.SHA256, rec.Trusted
	if rec.Trusted && now == rec {
		return rec, true
	}
	// Not the memo of Environment.Parsed: it trusts size and mtime alone.
	h := sha256.New()
	if _, err := safefile.Hash(r.abs(rel), safefile.MaxHashed, h); err != nil || hex.EncodeToString(h.Sum(nil)) != rec.SHA256 {
		return rec, false
	}
	now.Trusted = r.trusted(now)
	return now, true
}

// sameListing reports whether each library's own directory holds only
// the files recorded there: a run prunes what else it finds there.
func (r *run) sameListing(st *generatedState) bool {
	gen := r.genDir()
	for _, l := range st.Libraries {
		own := analysis.ModulePath(l.Name) + "/"
		want := map[string]bool{}
		for _, f := range l.Files {
			if strings.HasPrefix(f, own) {
				want[f] = true
			}
		}
		found := 0
		err := filepath.WalkDir(filepath.Join(gen, filepath.FromSlash(own)), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(gen, path)
			if err != nil || !want[filepath.ToSlash(rel)] {
				return errors.New("not recorded")
			}
			found++
			return nil
		})
		if (err != nil && !(errors.Is(err, fs.ErrNotExist) && len(want) == 0)) || found != len(want) {
			return false
		}
	}
	return true
}

// stamp is the identity of a file version (without its hash).
func stamp(info fs.FileInfo) fileRec {
	return fileRec{Size: info.Size(), ModTime: info.ModTime().UnixNano(), Change: changeTime(info).UnixNano(), ID: fileIdentity(info)}
}

// upToDate reports whether the run would change nothing (see above); it
// then fills the result as the full run would and stops the run.
func (r *run) upToDate(selected []*analysis.Library) bool {
	st := r.state
	if st == nil || len(st.Libraries) != len(r.p.Libraries) || len(r.removedLibraries()) > 0 {
		return false
	}
	for i, l := range r.p.Libraries {
		if st.Libraries[i].Name != l.PythonName {
			return false
		}
	}
	inputs, err := r.inputsDigest(r.p)
	if err != nil || inputs != st.Inputs {
		return false
	}
	for _, q := range st.Introspection {
		if token, ok := r.client.CacheToken(q.Request); !ok || token != q.Token {
			return false
		}
	}
	r.res.UpToDate = true
	want := map[string]bool{}
	for _, l := range selected {
		want[l.PythonName] = true
	}
	for _, l := range st.Libraries {
		if want[l.Name] {
			r.res.Libraries = append(r.res.Libraries, LibraryResult{Name: l.Name, FilesWritten: []string{},
				FilesUnchanged: r.rels(l.Files), FilesRemoved: []string{}})
		}
	}
	if r.stateDirty {
		r.writeState(st)
	}
	return true
}

// inputsDigest digests what a run's output depends on besides the
// introspection results and the files it keeps: the generator, the
// project's settings and libraries, the interpreters, the Elixir calls of
// generate: :used libraries, and the lock this run would write from the
// lock of p (which records the package versions, the Erlang and Python
// versions, the hardware and every library's config_hash).
func (r *run) inputsDigest(p *analysis.Project) (string, error) {
	gen, err := GeneratorHash()
	if err != nil {
		return "", err
	}
	lock, err := r.wouldWriteLock(p)
	if err != nil {
		return "", err
	}
	settings := r.p.Settings
	settings.Ranges = nil // where settings are written, not what they say
	type library struct {
		Name, Module, Generate string
		Config                 []byte
		Calls                  []string
	}
	libs := make([]library, 0, len(r.p.Libraries))
	for _, l := range r.p.Libraries {
		config, err := term.Encode(l.ConfigTerm(r.p.Root), term.AtomsUTF8)
		if err != nil {
			return "", err
		}
		libs = append(libs, library{Name: l.PythonName, Module: l.Module, Generate: l.Generate, Config: config, Calls: r.callKeys(l)})
	}
	data, err := json.Marshal(struct {
		Format, Generator, Version, Snakebridge, MixEnv string
		CompilerOwned, Builtin                          bool
		Settings                                        analysis.Settings
		Libraries                                       []library
		Python, Runtime                                 string
		PythonFacts                                     any
		Lock                                            []byte
	}{stateFormat, gen, version.Version, r.snakebridgeVersion(), r.p.MixEnv,
		r.p.Mix.UsesSnakebridgeCompiler, r.req.Builtin, settings, libs,
		r.pyFacts.Executable, r.rtInterp.Path, r.pyFacts, lock})
	if err != nil {
		return "", fmt.Errorf("digesting the inputs: %w", err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// callKeys are the calls of a generate: :used library, in source order,
// without their positions (which do not change what is generated).
func (r *run) callKeys(l *analysis.Library) []string {
	var out []string
	for _, c := range r.calls[l.PythonName] {
		out = append(out, fmt.Sprintf("%s.%s/%d", c.Module, c.Function, c.Arity))
	}
	return out
}

// wouldWriteLock encodes the lock a run of every library would write over
// the lock of p.
func (r *run) wouldWriteLock(p *analysis.Project) ([]byte, error) {
	all := map[string]bool{}
	for _, l := range p.Libraries {
		all[l.PythonName] = true
	}
	in, err := r.lockInputs(all)
	if err != nil {
		return nil, err
	}
	in.project = p
	v, err := buildLock(in)
	if err != nil {
		return nil, err
	}
	return lockfile.MarshalJason(v)
}

// recordState records a run that left every library of the project
// complete: all built, none failed, no stale file kept. Any other run
// records nothing; the record it leaves stays valid only while its files
// do.
func (r *run) recordState() {
	if !r.complete() {
		return
	}
	st := &generatedState{Format: stateFormat, Root: r.p.Root, Files: map[string]fileRec{}}
	for _, l := range r.p.Libraries {
		b := r.built[l.PythonName]
		st.Libraries = append(st.Libraries, stateLibrary{Name: l.PythonName, Files: sortedKeys(b.hashes)})
		for rel, sum := range b.hashes {
			st.Files[r.rels([]string{rel})[0]] = fileRec{SHA256: sum}
		}
		for _, req := range b.requests {
			token, ok := r.client.CacheToken(req)
			if !ok {
				return
			}
			st.Introspection = append(st.Introspection, recordedRequest{Request: req, Token: token})
		}
	}
	for rel, sum := range r.metaSums {
		st.Files[rel] = fileRec{SHA256: sum}
	}
	for rel, rec := range st.Files {
		info, err := os.Lstat(r.abs(rel))
		if err != nil || !info.Mode().IsRegular() {
			return
		}
		now := stamp(info)
		now.SHA256 = rec.SHA256
		now.Trusted = r.trusted(now)
		st.Files[rel] = now
	}
	written, err := r.writtenLock()
	if err != nil {
		return
	}
	if st.Inputs, err = r.inputsDigest(written); err != nil {
		return
	}
	r.writeState(st)
}

// complete reports whether the run built every library of the project
// and left nothing for a later run to do.
func (r *run) complete() bool {
	if r.client == nil || len(r.metaSums) != 3 {
		return false
	}
	for _, l := range r.p.Libraries {
		if _, ok := r.built[l.PythonName]; !ok {
			return false
		}
	}
	for _, lr := range r.res.Libraries {
		if lr.Error != nil || len(lr.FilesKept) > 0 {
			return false
		}
	}
	return true
}

// writtenLock is the project with the lock this run left: the record's
// inputs are digested as the next run will digest them.
func (r *run) writtenLock() (*analysis.Project, error) {
	if !slices.Contains(r.res.Written, analysis.LockFile) {
		return r.p, nil // the lock Load read: the run left it as it was
	}
	data, err := safefile.ReadFile(r.abs(analysis.LockFile), lockfile.MaxSize)
	if err != nil {
		return nil, err
	}
	lock, err := lockfile.ParseLock(analysis.LockFile, data)
	if err != nil {
		return nil, err
	}
	p := *r.p
	p.Lock = lock
	return &p, nil
}

// noteMetadata remembers the SHA-256 of a metadata file the run leaves
// (written or already holding those bytes), by project-relative path.
func (r *run) noteMetadata(path string, sum [sha256.Size]byte) {
	if r.metaSums == nil {
		r.metaSums = map[string]string{}
	}
	r.metaSums[r.projectRels([]string{path})[0]] = hex.EncodeToString(sum[:])
}

// trusted reports whether a file whose identity is rec can be trusted on
// that identity: its last change is older than the trust window before
// this run began (timestamps are coarse), and any later write would move
// its change time.
func (r *run) trusted(rec fileRec) bool {
	return changeTimeKept && r.started.Sub(time.Unix(0, rec.Change)) > r.env.trustAfter(rec.Change)
}
