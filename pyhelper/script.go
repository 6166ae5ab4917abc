package pyhelper

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
)

//go:embed introspect.py
var script []byte

// Script returns a copy of the embedded introspection script, for hashing
// (the generator fingerprint covers it) or writing out.
func Script() []byte { return bytes.Clone(script) }

// ScriptReader reads the embedded introspection script without copying
// it first.
func ScriptReader() *bytes.Reader { return bytes.NewReader(script) }

// ScriptHash is the hex SHA-256 of the embedded introspection script.
func ScriptHash() string {
	sum := sha256.Sum256(script)
	return hex.EncodeToString(sum[:])
}
