package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// pythonFlag makes a relative --python path absolute against the current
// directory: a user typing `--python .venv/bin/python3` means the file
// their shell would open, not one inside the project directory that the
// resolver takes relative paths from. A bare command name (no separator)
// is left to the resolver's PATH lookup, and "~" to its home expansion.
func pythonFlag(v string) (string, error) {
	if v == "" || filepath.IsAbs(v) || !strings.ContainsAny(v, `/\`) || v == "~" || strings.HasPrefix(v, "~/") {
		return v, nil
	}
	abs, err := filepath.Abs(v)
	if err != nil {
		return "", fmt.Errorf("--python %s: %w", v, err)
	}
	return abs, nil
}
