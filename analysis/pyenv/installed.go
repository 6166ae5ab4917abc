package pyenv

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/snakebridge-lsp/snakebridge-lsp/internal/safefile"
)

// Distribution is one installed distribution, read from its metadata.
type Distribution struct {
	Name       string // the Name: header as written
	Version    string // the Version: header as written
	Normalized string // Normalize(Name)
	// Dir is the .dist-info or .egg-info directory (or, for distutils-era
	// installs such as Debian's, the .egg-info file itself).
	Dir string
	// DirectURL is the url of direct_url.json (PEP 610): the distribution
	// was installed from a URL or a local path rather than an index, so
	// `uv pip freeze` prints it as "name @ url" or "-e url" instead of
	// "name==version". Empty for index installs.
	DirectURL string
	Editable  bool // direct_url.json says dir_info.editable
}

// Installed reads every distribution on sysPath, as importlib.metadata
// finds them: *.dist-info and *.egg-info entries of each directory on the
// path, and the EGG-INFO of .egg directories on it. The first occurrence of
// a (normalised) name wins, as in Python; within one directory a .dist-info
// beats an .egg-info. Zip files on the path are not searched. The result is
// sorted by Normalized; each error is a per-distribution warning (that
// distribution is skipped), never a reason to give up.
func Installed(sysPath []string) ([]Distribution, []error) {
	var (
		out  []Distribution
		errs []error
		seen = map[string]bool{}
	)
	for _, entry := range uniqueEntries(sysPath) {
		cands, err := distCandidates(entry)
		if err != nil {
			errs = append(errs, err)
		}
		for _, c := range cands {
			d, err := readDistribution(c)
			if err != nil {
				errs = append(errs, err)
			}
			if d.Normalized == "" || seen[d.Normalized] {
				continue
			}
			seen[d.Normalized] = true
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Normalized != out[j].Normalized {
			return out[i].Normalized < out[j].Normalized
		}
		return out[i].Dir < out[j].Dir
	})
	return out, errs
}

// DistDirs returns the sys.path directories a watcher should watch for
// installs and removals: those holding distributions, plus site-packages /
// dist-packages directories that are still empty (a fresh uv venv).
func DistDirs(sysPath []string) []string {
	var out []string
	for _, entry := range uniqueEntries(sysPath) {
		st, err := os.Stat(entry)
		if err != nil || !st.IsDir() {
			continue
		}
		base := filepath.Base(entry)
		if base == "site-packages" || base == "dist-packages" {
			out = append(out, entry)
			continue
		}
		if cands, _ := distCandidates(entry); len(cands) > 0 {
			out = append(out, entry)
		}
	}
	return out
}

// uniqueEntries cleans sys.path entries ("" is the current directory, as
// for Python) and drops repeats.
func uniqueEntries(sysPath []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range sysPath {
		if e == "" {
			e = "."
		}
		e = filepath.Clean(e)
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// distCandidates lists the metadata locations in one sys.path entry, in
// the order they take precedence.
func distCandidates(entry string) ([]string, error) {
	st, err := os.Stat(entry)
	if err != nil || !st.IsDir() {
		return nil, nil // missing entries and zip files hold nothing we read
	}
	ents, err := os.ReadDir(entry)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", entry, err)
	}
	var dist, egg []string
	for _, e := range ents {
		low := strings.ToLower(e.Name())
		switch {
		case strings.HasSuffix(low, ".dist-info"):
			dist = append(dist, filepath.Join(entry, e.Name()))
		case strings.HasSuffix(low, ".egg-info"):
			egg = append(egg, filepath.Join(entry, e.Name()))
		case low == "egg-info" && strings.HasSuffix(strings.ToLower(entry), ".egg"):
			egg = append(egg, filepath.Join(entry, e.Name()))
		}
	}
	return append(dist, egg...), nil
}

// readDistribution reads one .dist-info/.egg-info directory or file the way
// importlib.metadata does: METADATA, else PKG-INFO, else the file itself.
// A bad direct_url.json yields the distribution together with a warning.
func readDistribution(path string) (Distribution, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Distribution{}, fmt.Errorf("reading %s: %w", path, err)
	}
	metaFile := path
	if st.IsDir() {
		metaFile = ""
		for _, name := range []string{"METADATA", "PKG-INFO"} {
			p := filepath.Join(path, name)
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
				metaFile = p
				break
			}
		}
		if metaFile == "" {
			return Distribution{}, fmt.Errorf("%s: no METADATA or PKG-INFO file", path)
		}
	}
	md, err := readCoreMetadataFile(metaFile)
	if err != nil {
		return Distribution{}, err
	}
	d := Distribution{Name: md.name, Version: md.version, Normalized: Normalize(md.name), Dir: path}
	var warn error
	if st.IsDir() {
		warn = readDirectURL(&d)
	}
	return d, warn
}

// readDirectURL fills DirectURL/Editable from direct_url.json, if present.
func readDirectURL(d *Distribution) error {
	p := filepath.Join(d.Dir, "direct_url.json")
	data, err := safefile.ReadFile(p, safefile.MaxSmall)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", p, err)
	}
	var du struct {
		URL     string `json:"url"`
		DirInfo *struct {
			Editable bool `json:"editable"`
		} `json:"dir_info"`
	}
	if err := json.Unmarshal(data, &du); err != nil {
		return fmt.Errorf("%s: not valid JSON: %w", p, err)
	}
	if du.URL == "" {
		return fmt.Errorf("%s: no \"url\" field", p)
	}
	d.DirectURL = du.URL
	d.Editable = du.DirInfo != nil && du.DirInfo.Editable
	return nil
}
