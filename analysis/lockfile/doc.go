// Package lockfile reads SnakeBridge's JSON artifacts — snakebridge.lock,
// .snakebridge/manifest.json and priv/snakebridge/registry.json — and writes
// JSON byte-for-byte like Jason.encode!(v, pretty: true) does.
//
// Reading goes through a small strict RFC 8259 parser (ParseJSON) that keeps,
// for every value, its LSP range (0-based line, 0-based UTF-16 character), so
// that diagnostics can be placed on individual fields of the files. The typed
// readers (ParseLock, ParseManifest, ParseRegistry) are order-insensitive,
// tolerate missing fields and reject wrong JSON types of the fields they use
// with an *Error naming the field path and its position.
//
// ReadManifest reads a manifest from an io.Reader without holding the file
// or its tree: it walks the top-level object and the "symbols", "classes"
// and "modules" objects itself (tracking LSP positions through a bounded
// bufio.Reader), and hands each entry's bytes, in one reused buffer, to
// the same parser as a document starting at that entry's position. Each
// entry is converted, told to a visitor while complete, and kept lean
// unless asked otherwise. Its results and errors (message and position)
// are ParseManifest's, which FuzzReadManifest checks on any input.
//
// Field presence is reported uniformly through Opt: every scalar field records
// whether its key was present and whether its value was null; every nested
// object struct has a Present flag. A null where an object is expected counts
// as absent.
package lockfile
