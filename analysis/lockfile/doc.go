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
// Field presence is reported uniformly through Opt: every scalar field records
// whether its key was present and whether its value was null; every nested
// object struct has a Present flag. A null where an object is expected counts
// as absent.
package lockfile
