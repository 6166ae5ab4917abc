// Package protocol holds the types, constants and JSON methods of the
// Language Server Protocol 3.16.
//
// It is a copy of the package protocol_3_16 of github.com/tliron/glsp
// v0.2.2, kept verbatim (same names, JSON tags, MarshalJSON and
// UnmarshalJSON methods and constants) except that what refers to the
// glsp root package was dropped: the handler types (…Func), Handler and
// Trace. The server has its own JSON-RPC and method table and used only
// these types; linking glsp pulled in its dependency tree (commonlog,
// kutil, x/crypto/ssh, net/http, ksuid, go-deadlock), which cost every
// start of the binary about 9 ms.
//
// NOTICE: this package contains code from GLSP by Tal Liron
// (https://github.com/tliron/glsp), licensed under the Apache License,
// Version 2.0; see LICENSE-glsp in this directory. The files were
// modified only by removing declarations, as described above (and
// gofmt removing the blank lines they left).
package protocol
