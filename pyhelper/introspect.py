#!/usr/bin/env python3
"""Python introspection for snakebridge-lsp: the single implementation.

Standard library only, Python 3.9+. Embedded in the Go binary (package
pyhelper) and runnable by hand:

    python3 introspect.py numpy                       # schema 3 module document
    python3 introspect.py numpy --v21                 # upstream SnakeBridge v2.1 shape
    python3 introspect.py numpy --symbols sum,mean    # symbols batch
    python3 introspect.py json --module-docs json,json.decoder
    python3 introspect.py numpy --attribute ndarray
    python3 introspect.py --serve --rpc-in 3 --rpc-out 4   # worker (JSON-RPC on fds)

The output formats and the worker protocol are documented in
docs/introspection.md. Whatever imported code prints goes to stderr (one-shot)
or into response warnings (worker); stdout carries only the JSON document.
"""

import sys

if sys.version_info < (3, 9):
    sys.stderr.write("introspect.py needs Python 3.9 or newer, not %s\n" % sys.version.split()[0])
    sys.exit(3)

# Libraries that parse argv at import time must not see our flags.
_ARGV = list(sys.argv)
sys.argv = sys.argv[:1]

import ast  # noqa: E402
import bisect  # noqa: E402
import codecs  # noqa: E402
import collections  # noqa: E402
import contextlib  # noqa: E402
import enum  # noqa: E402
import fnmatch  # noqa: E402
import gc  # noqa: E402
import importlib  # noqa: E402
import importlib.util  # noqa: E402
import inspect  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
from keyword import iskeyword as _iskeyword  # noqa: E402
import operator  # noqa: E402
import os  # noqa: E402
import queue  # noqa: E402
import re  # noqa: E402
import threading  # noqa: E402
import types  # noqa: E402

# argparse, typing, pkgutil, traceback, sysconfig and faulthandler are imported where needed:
# start-up time counts (numpy's one-shot introspection target is 0.35 s).

SCHEMA = 3
PROTOCOL = 3
EXIT_CHANNEL_BROKEN = 75  # worker: the response pipe cannot be written any more
DOC_LIMIT = 8000
REPR_LIMIT = 10000
DEFAULT_SIGNATURE_SOURCES = ["runtime", "text_signature", "runtime_hints", "stub", "stubgen", "variadic"]
DEFAULT_CLASS_METHOD_SCOPE = "all"
DEFAULT_MAX_CLASS_METHODS = 1000
PROTOCOL_DUNDERS = frozenset([
    "__str__", "__repr__", "__len__", "__getitem__", "__setitem__",
    "__contains__", "__iter__", "__next__", "__enter__", "__exit__",
    "__call__", "__hash__", "__eq__", "__ne__", "__lt__", "__le__",
    "__gt__", "__ge__", "__add__", "__sub__", "__mul__", "__truediv__",
])
ANY = {"type": "any"}
NONE = {"type": "none"}

# Removing the script's own directory keeps sys.path what the interpreter
# would give any program: our directory holds nothing importable.
if sys.path and __file__ and os.path.abspath(sys.path[0] or ".") == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]


# ---------------------------------------------------------------------------
# Configuration (--config)
# ---------------------------------------------------------------------------

def parse_config(raw):
    """Normalise a --config value (JSON text, dict or None) with upstream defaults."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except ValueError:
            raw = {}
    if not isinstance(raw, dict):
        raw = {}
    sources = raw.get("signature_sources")
    if not isinstance(sources, list) or not sources:
        sources = list(DEFAULT_SIGNATURE_SOURCES)
    paths = raw.get("stub_search_paths")
    if not isinstance(paths, list):
        paths = []
    stubgen = raw.get("stubgen")
    if not isinstance(stubgen, dict):
        stubgen = {}
    scope = raw.get("class_method_scope")
    scope = str(scope).lower() if scope is not None else DEFAULT_CLASS_METHOD_SCOPE
    if scope not in ("all", "defined"):
        scope = DEFAULT_CLASS_METHOD_SCOPE
    max_methods = raw.get("max_class_methods")
    try:
        max_methods = DEFAULT_MAX_CLASS_METHODS if max_methods is None else int(max_methods)
    except (TypeError, ValueError):
        max_methods = DEFAULT_MAX_CLASS_METHODS
    if max_methods <= 0:
        max_methods = None
    typeshed = raw.get("typeshed_path")
    return {
        "signature_sources": [str(s) for s in sources],
        "stub_search_paths": [str(p) for p in paths if p],
        "use_typeshed": bool(raw.get("use_typeshed", False)),
        "typeshed_path": str(typeshed) if typeshed else None,
        "stubgen": stubgen,
        "class_method_scope": scope,
        "max_class_methods": max_methods,
    }


def parse_list_arg(value):
    """A list argument: JSON when it starts with '[', else comma-separated."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    value = str(value).strip()
    if value.startswith("["):
        try:
            return [str(item) for item in json.loads(value)]
        except ValueError:
            pass
    return [item.strip() for item in value.split(",") if item.strip()]


# ---------------------------------------------------------------------------
# Imports: one import per module even under concurrent requests
# ---------------------------------------------------------------------------

def infrastructure_failure(exc):
    """Why exc means the worker itself is broken, or None.

    "memory_limit": an allocation failed (the worker's memory cap);
    "resources": the process ran out of file descriptors or kernel memory.
    Such a worker fails every later request too, whatever the module, so
    the Go side retires it and retries the request once on a fresh one.
    """
    import errno
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, MemoryError):
            return "memory_limit"
        if isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOMEM):
            return "resources"
        exc = exc.__cause__ or exc.__context__
    return None


class ImportFailure(Exception):
    """A module could not be imported; kind is package_not_installed or import_failed."""

    def __init__(self, module, exc):
        self.module = module
        self.exception = type(exc).__name__
        self.detail = str(exc)
        self.kind = "import_failed"
        self.infrastructure = infrastructure_failure(exc)
        if isinstance(exc, ModuleNotFoundError):
            missing = getattr(exc, "name", None) or ""
            if missing and (module == missing or module.startswith(missing + ".")):
                self.kind = "package_not_installed"
        import traceback
        lines = traceback.format_exception_only(type(exc), exc)
        self.last_line = lines[-1].strip() if lines else self.exception
        self.traceback = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-8000:]
        super().__init__("Failed to import module '%s': %s" % (module, self.detail))

    def as_json(self, with_type=True):
        message = "Failed to import module '%s': %s" % (
            self.module, ("%s: %s" % (self.exception, self.detail)) if with_type else self.detail)
        return {
            "error": message,
            "error_kind": self.kind,
            "exception": self.exception,
            "traceback_last_line": self.last_line,
            "traceback": self.traceback,
            "module": self.module,
        }


class ImportCollector:
    """Makes the cyclic garbage collector run rarely while a library is
    imported, without switching it off.

    With the default thresholds (700, 10, 10) the collector runs every 700
    container allocations and, as the library's objects pile up, its older
    generations are walked again and again: 40-45 ms of sympy's 400-450 ms
    import (10 %, measured with the process bound to one CPU), 5 ms of
    numpy's 160, for nothing to free. At (100000, 50, 100) the young
    generation is still collected, every 100,000 allocations, so cyclic
    garbage an import makes and drops is still freed and memory stays
    bounded (unlike gc.disable()); the library still sees the collector
    on. Imports nest and concurrent requests' imports overlap: the
    thresholds are raised when the first begins and restored when the last
    ends, unless imported code set its own meanwhile (then they are its).
    A first threshold of 0 (automatic collection off) is left as it is.
    """

    RAISED = (100000, 50, 100)

    def __init__(self):
        self._lock = threading.Lock()
        self._depth = 0
        self._saved = None
        self._set = None

    def __enter__(self):
        with self._lock:
            if self._depth == 0:
                self._saved = gc.get_threshold()
                if self._saved[0] == 0:  # automatic collection switched off: leave it so
                    self._set = self._saved
                else:
                    self._set = tuple(max(a, b) for a, b in zip(self._saved, self.RAISED))
                    gc.set_threshold(*self._set)
            self._depth += 1
        return self

    def __exit__(self, *exc_info):
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and gc.get_threshold() == self._set:
                gc.set_threshold(*self._saved)
        return False


IMPORT_COLLECTOR = ImportCollector()


class Importer:
    """Serialises imports per module name; different modules do not wait for
    each other. Imports run with the collector made rare (ImportCollector)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._locks = {}

    def load(self, name):
        with self._lock:
            lock = self._locks.get(name)
            if lock is None:
                lock = self._locks[name] = threading.Lock()
        with lock:
            if name not in sys.modules:
                # A long-lived worker must see packages installed since it started.
                importlib.invalidate_caches()
            try:
                with IMPORT_COLLECTOR:
                    return importlib.import_module(name)
            except (Exception, SystemExit) as exc:
                raise ImportFailure(name, exc) from None


IMPORTER = Importer()


class CollectorPause:
    """Keeps the cyclic garbage collector off while a library is described.

    Describing allocates hundreds of thousands of small containers (the
    document, signatures, stub ASTs) that are freed by reference counting;
    with a large library imported, each collection they trigger walks all
    of the library's objects too. Measured on sympy's root: 15-20 % of the
    description time, without anything to collect. Imports run with the
    collector on, only rarer (ImportCollector; in a worker, an import that
    runs beside another request's description shares its pause); pauses of
    concurrent requests nest, and the collector is restarted when the last
    one ends (if it was running before the first began).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._depth = 0
        self._restart = False
        self._hold = False
        self._local = threading.local()  # .owed: pauses whose end waits for deferred()

    def hold(self):
        """Once the first pause begins, keep the collector off for good.

        For the one-shot script, which ends with os._exit: restarting the
        collector after the description makes its first collection walk
        every object the description allocated (sympy: 12-20 ms of CPU),
        and nothing it could free matters to a process about to exit.
        """
        with self._lock:
            self._hold = True

    def __enter__(self):
        with self._lock:
            if self._depth == 0:
                self._restart = gc.isenabled()
                gc.disable()
            self._depth += 1
        return self

    def __exit__(self, *exc_info):
        owed = getattr(self._local, "owed", None)
        if owed is not None:
            self._local.owed = owed + 1
            return False
        self._release()
        return False

    def _release(self):
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._restart and not self._hold:
                gc.enable()

    @contextlib.contextmanager
    def deferred(self):
        """Pauses that end inside this block, on this thread, end when it
        ends instead. A worker encodes the document, sends it and frees it
        before the collector resumes: resumed with the description's
        objects alive, its first collection walks all of them for nothing
        (sympy: 8 ms), while freed objects are no longer counted. Imports
        still run before the pause begins, with the collector on
        (ImportCollector)."""
        self._local.owed = 0
        try:
            yield
        finally:
            owed, self._local.owed = self._local.owed, None
            for _ in range(owed):
                self._release()


COLLECTOR_PAUSE = CollectorPause()


def with_stack_room(function, *args):
    """function(*args), with room on CPython's frame stack for every call
    it makes.

    CPython 3.11 and later keep a thread's frames in chunks of 16 KiB,
    mapped when a call does not fit in the current chunk and unmapped as
    soon as that call returns (Python/pystate.c: push_chunk,
    _PyThreadState_PopFrame). Code whose calls keep crossing the end of a
    chunk maps and unmaps one each time: importing sympy did it 1,034
    times in a worker, 74 times in a bare `import sympy`, whose calls start
    at another depth; ~20 us each on the development VM (two system calls
    and a page fault), 20-25 ms of the import. This function's frame is
    made larger than a chunk (its code's stack size is raised once, below):
    it gets a chunk of its own, 256 KiB, and the 128 KiB its frame leaves
    free hold the calls made under it, which then map no chunk.
    """
    return function(*args)


_STACK_ROOM_SLOTS = 16384  # a frame of 128 KiB: push_chunk makes its chunk 256 KiB


def _give_stack_room(function):
    if sys.implementation.name != "cpython" or sys.version_info < (3, 11):
        return  # frames are separate objects there
    code = function.__code__
    try:
        function.__code__ = code.replace(co_stacksize=code.co_stacksize + _STACK_ROOM_SLOTS)
    except (AttributeError, TypeError, ValueError):
        pass


_give_stack_room(with_stack_room)


# ---------------------------------------------------------------------------
# Types: runtime annotations and annotation source text -> TypeDict
# ---------------------------------------------------------------------------

_SIMPLE_TYPES = {
    int: "int", float: "float", str: "string", bool: "boolean", bytes: "bytes",
    bytearray: "bytearray", list: "list", dict: "dict", tuple: "tuple", set: "set",
    frozenset: "frozenset",
}
_UNION_TYPES = (types.UnionType,) if hasattr(types, "UnionType") else ()
_BUILTIN_ALIASES = (types.GenericAlias,) + _UNION_TYPES  # list[int], int | None


def _typing():
    """The typing module, imported when an annotation first needs it: numpy
    does not import it (5 ms of CPU)."""
    import typing
    return typing


def _get_origin(t):
    """typing.get_origin(t). Before typing is imported, only the builtin
    alias types can have an origin (every other answer of get_origin is
    one of typing's own objects): anything else is None without importing it."""
    if "typing" not in sys.modules and not isinstance(t, _BUILTIN_ALIASES):
        return None
    return _typing().get_origin(t)


def type_to_dict(t, depth=0):
    """Convert a runtime annotation to a TypeDict."""
    # The two commonest answers are shared objects (nothing modifies a
    # TypeDict once made): sympy's document has 21,000 of them.
    if t is None or t is type(None):
        return NONE
    if t is inspect.Parameter.empty or depth > 12:
        return ANY
    loaded = sys.modules.get("typing")
    if loaded is not None and t is loaded.Any:
        return ANY
    if isinstance(t, str):
        return annotation_to_type_dict(t, None)
    try:
        simple = _SIMPLE_TYPES.get(t)
    except TypeError:  # unhashable annotation objects
        simple = None
    if simple is not None:
        return {"type": simple}
    origin = _get_origin(t)
    if origin is not None:
        typing = _typing()
        args = typing.get_args(t)
        sub = [type_to_dict(a, depth + 1) for a in args if a is not Ellipsis]
        if origin is list:
            return {"type": "list", "element_type": sub[0]} if sub else {"type": "list"}
        if origin is dict:
            return {"type": "dict", "key_type": sub[0], "value_type": sub[1]} if len(sub) == 2 else {"type": "dict"}
        if origin is tuple:
            return {"type": "tuple", "element_types": sub} if sub else {"type": "tuple"}
        if origin in (set, frozenset):
            name = "set" if origin is set else "frozenset"
            return {"type": name, "element_type": sub[0]} if sub else {"type": name}
        if origin in (typing.Union,) + _UNION_TYPES:
            return _union(sub)
        return {"type": "generic", "origin": str(origin), "args": sub}
    if isinstance(t, type):
        return {"type": "class", "name": t.__name__, "module": t.__module__}
    return {"type": "any", "raw": _short(str(t), 500)}


def _union(members):
    nones = [m for m in members if m.get("type") == "none"]
    if len(members) == 2 and len(nones) == 1:
        return {"type": "optional", "inner_type": next(m for m in members if m.get("type") != "none")}
    return {"type": "union", "types": members}


_NAME_TYPES = {
    "int": "int", "float": "float", "str": "string", "bool": "boolean", "bytes": "bytes",
    "bytearray": "bytearray", "list": "list", "dict": "dict", "tuple": "tuple", "set": "set",
    "frozenset": "frozenset", "Any": "any", "None": "none", "NoneType": "none",
}


def annotation_to_type_dict(text, module):
    """Convert annotation source text (stubs, postponed annotations) to a TypeDict."""
    if not text:
        return {"type": "any"}
    try:
        node = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError):
        return {"type": "any", "raw": text}
    return _ast_type(node, module, 0)


def _ast_type(node, module, depth):
    if depth > 12:
        return {"type": "any"}
    if isinstance(node, ast.Name):
        return _named_type(node.id, module)
    if isinstance(node, ast.Attribute):
        owner = _dotted(node.value)
        if owner in ("typing", "typing_extensions", "builtins", "t"):
            return _named_type(node.attr, module)
        return {"type": "class", "name": node.attr, "module": owner}
    if isinstance(node, ast.Constant):
        if node.value is None:
            return {"type": "none"}
        if isinstance(node.value, str):
            return annotation_to_type_dict(node.value, module) if depth < 4 else {"type": "any", "raw": node.value}
        return {"type": "any", "raw": repr(node.value)}
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        members = []
        _flatten_union(node, members)
        return _union([_ast_type(m, module, depth + 1) for m in members])
    if isinstance(node, ast.Subscript):
        base = _dotted(node.value)
        short = base.rsplit(".", 1)[-1]
        inner = node.slice
        if hasattr(ast, "Index") and isinstance(inner, getattr(ast, "Index")):  # Python 3.8 AST
            inner = inner.value
        args = list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]
        if short == "Optional":
            return {"type": "optional", "inner_type": _ast_type(args[0], module, depth + 1)}
        if short == "Union":
            return _union([_ast_type(a, module, depth + 1) for a in args])
        if short in ("List", "list"):
            return {"type": "list", "element_type": _ast_type(args[0], module, depth + 1)}
        if short in ("Dict", "dict"):
            key = _ast_type(args[0], module, depth + 1) if args else {"type": "any"}
            value = _ast_type(args[1], module, depth + 1) if len(args) > 1 else {"type": "any"}
            return {"type": "dict", "key_type": key, "value_type": value}
        if short in ("Tuple", "tuple"):
            elems = [_ast_type(a, module, depth + 1) for a in args
                     if not (isinstance(a, ast.Constant) and a.value is Ellipsis)]
            return {"type": "tuple", "element_types": elems} if elems else {"type": "tuple"}
        if short in ("Set", "set", "FrozenSet", "frozenset"):
            return {"type": "set", "element_type": _ast_type(args[0], module, depth + 1)}
        return {"type": "generic", "origin": base, "args": [_ast_type(a, module, depth + 1) for a in args]}
    return {"type": "any", "raw": _unparse(node) or ""}  # rare: only odd annotation syntax


def _flatten_union(node, out):
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        _flatten_union(node.left, out)
        _flatten_union(node.right, out)
    else:
        out.append(node)


def _named_type(name, module):
    simple = _NAME_TYPES.get(name)
    if simple is not None:
        return {"type": simple}
    return {"type": "class", "name": name, "module": module or ""}


def _dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        owner = _dotted(node.value)
        return owner + "." + node.attr if owner else node.attr
    return ""


def _unparse(node):
    if node is None:
        return None
    try:
        return ast.unparse(node)
    except Exception:
        return None


def _type_is_specific(t):
    return bool(t) and t.get("type") not in (None, "any")


def _has_type_info(sig):
    if _type_is_specific(sig.get("return_type")):
        return True
    return any(_type_is_specific(p.get("type")) for p in sig.get("parameters", ()))


# ---------------------------------------------------------------------------
# Stubs: .pyi beside the module, stub_search_paths, types-* distributions,
# typeshed; and "stubgen" (the module's own source read as a stub)
# ---------------------------------------------------------------------------

class StubFile:
    """One parsed .pyi (or .py read as a stub). Definitions are converted on
    first lookup: a large stub (numpy/__init__.pyi) is mostly never consulted."""

    def __init__(self, path, origin, module):
        self.path = path
        self.origin = origin
        self.module = module
        self.docstring = None
        self._lock = threading.Lock()
        self.functions = _DefTable(self._lock)  # name -> _StubDef
        self.classes = _ClassTable(self._lock)  # name -> {"node": ClassDef, "methods": _DefTable}
        self.error = None
        self.distribution = None
        self.source = None

    def function(self, name):
        return self._choose(self.functions.get(name), False)

    def method(self, class_name, name):
        return self._choose(self._method_entry(class_name, name), True)

    def function_doc(self, name):
        return _entry_doc(self.functions.get(name))

    def method_doc(self, class_name, name):
        return _entry_doc(self._method_entry(class_name, name))

    def _method_entry(self, class_name, name):
        # Stub classes inherit from other stub classes (numpy's ndarray from
        # _ArrayOrScalarCommon): follow bases defined in the same stub.
        pending, seen = [class_name], set()
        while pending:
            current = pending.pop(0)
            if current in seen:
                continue
            seen.add(current)
            cls = self.classes.get(current)
            if cls is None:
                continue
            entry = cls["methods"].get(name)
            if entry is not None:
                return entry
            for base in cls["node"].bases:
                base_name = _dotted(base.value if isinstance(base, ast.Subscript) else base).rsplit(".", 1)[-1]
                if base_name:
                    pending.append(base_name)
        return None

    def class_doc(self, name):
        cls = self.classes.get(name)
        return ast.get_docstring(cls["node"]) if cls else None

    def class_line(self, name):
        cls = self.classes.get(name)
        return _stub_line(cls["node"]) if cls else None

    def _choose(self, entry, drop_first):
        """(the converted definition a signature comes from, the number of
        overloads) of an entry; (None, 0) when it defines nothing."""
        if entry is None or not entry.defined:
            return None, 0
        with self._lock:
            done, node = entry.converted, entry.node
        if done is None:
            done = self._convert(node, drop_first)
            with self._lock:
                # Converted once (an entry belongs to one table: its drop_first
                # never changes); the node is not needed any more.
                if entry.converted is None:
                    entry.converted, entry.node = done, None
                done = entry.converted
        return done, entry.overloads

    def _convert(self, node, drop_first):
        return {
            "parameters": _stub_params(node.args, self.module, drop_first, getattr(node, "_stub_source", self.source)),
            "return_type": _ast_type(node.returns, self.module, 0) if node.returns is not None else {"type": "any"},
            "line": _stub_line(node),
        }


def _arg_count(node):
    args = node.args
    return (len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)
            + (1 if args.vararg else 0) + (1 if args.kwarg else 0))


class SourceText:
    """Exact source text of AST nodes (what libcst's code_for_node gives upstream)."""

    def __init__(self, data):
        self.data = data
        self._starts = None  # line start offsets, on first use: most stubs' nodes are never converted

    @property
    def starts(self):
        starts = self._starts
        if starts is None:
            # [0] and the offset after each b"\n", without a Python-level loop.
            lines = self.data.split(b"\n")
            lines.pop()
            starts = self._starts = list(itertools.accumulate(
                map(operator.add, map(len, lines), itertools.repeat(1)), initial=0))
        return starts

    def segment(self, node):
        if node is None:
            return None
        try:
            starts = self.starts
            start = starts[node.lineno - 1] + node.col_offset
            end = starts[node.end_lineno - 1] + node.end_col_offset
            return self.data[start:end].decode("utf-8", "replace")
        except (AttributeError, IndexError, TypeError):
            return _unparse(node)


def _entry_doc(entry):
    return entry.doc if entry is not None else None


def parse_stub(path, origin, module, whole=False):
    """The StubFile of path. A stub whose text _StubOutline can take apart
    is read a definition at a time, when a lookup first needs it (unless
    whole: the checks' reference); any other is parsed whole."""
    stub = StubFile(path, origin, module)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        stub.error = "stub_parse_failed: %s" % exc
        return stub
    outline = None
    if not whole:
        outline = _StubOutline.of(data)
    stub.source = SourceText(data)
    if outline is not None:
        outline.fill(stub)
        return stub
    try:
        tree = ast.parse(data, filename=path)
    except (SyntaxError, ValueError) as exc:
        stub.source = None
        stub.error = "stub_parse_failed: %s" % exc
        return stub
    stub.docstring = ast.get_docstring(tree)
    for node in _stub_statements(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            stub.functions.add_node(node)
        elif isinstance(node, ast.ClassDef):
            stub.classes.add_node(node)
    return stub


def _stub_statements(body):
    # Stubs guard definitions with `if sys.version_info >= ...`; both branches count.
    for node in body:
        if isinstance(node, ast.If):
            yield from _stub_statements(node.body)
            yield from _stub_statements(node.orelse)
        elif isinstance(node, ast.Try):
            yield from _stub_statements(node.body)
        else:
            yield node


def _is_overload(node):
    return any(_dotted(d.func if isinstance(d, ast.Call) else d).rsplit(".", 1)[-1] == "overload"
               for d in node.decorator_list)


class _StubDef:
    """What lookups read of a name's definitions in a stub: whether it has
    one that parses, its number of @overload definitions, its docstring
    (the implementation's, else the first overload's that has one), and
    the definition a signature comes from (the first of the longest
    overloads, as upstream, else the first implementation), converted on
    first use (StubFile._choose).

    The parsed nodes are not kept: numpy's root parses 632 definitions
    (102 KB of stub text), and keeping their trees was ~1,170 page faults
    of fresh memory (describe 40 ms instead of 17 for the same parses);
    only the chosen node is held until it is converted.
    """

    __slots__ = ("defined", "overloads", "doc", "node", "converted")

    def __init__(self, nodes):
        overloads, impl = [], None
        for node in nodes:
            if _is_overload(node):
                overloads.append(node)
            elif impl is None:
                impl = node
        self.overloads = len(overloads)
        self.node = max(overloads, key=_arg_count) if overloads else impl
        self.defined = self.node is not None
        self.doc = None
        for node in ([impl] if impl is not None else []) + overloads:
            doc = ast.get_docstring(node)
            if doc:
                self.doc = doc
                break
        self.converted = None


class _DefTable:
    """Definitions by name, as _StubDef entries, in the order names are
    first defined. A source is a parsed FunctionDef or a _StubSegment,
    parsed when its name is first looked up; a segment that does not parse
    as one definition contributes nothing."""

    def __init__(self, lock):
        self._lock = lock
        self._sources = {}
        self._entries = {}

    def add_node(self, node):
        self._sources.setdefault(node.name, []).append(node)

    def add_segment(self, name, segment):
        self._sources.setdefault(name, []).append(segment)

    def __contains__(self, name):
        return name in self._sources

    def __iter__(self):
        return iter(self._sources)

    def __len__(self):
        return len(self._sources)

    def defines(self, name):
        """Whether name has a definition that parses (of an outlined stub,
        a definition that does not parse is filed but defines nothing)."""
        entry = self.get(name)
        return entry is not None and entry.defined

    def get(self, name, default=None):
        entry = self._entries.get(name)
        if entry is not None:
            return entry
        sources = self._sources.get(name)
        if sources is None:
            return default
        with self._lock:
            entry = self._entries.get(name)
            if entry is None:
                nodes = [source.definition() if type(source) is _StubSegment else source for source in sources]
                entry = self._entries[name] = _StubDef([node for node in nodes if node is not None])
        return entry


class _ClassTable:
    """Classes by name (the first definition of each), as {"node":
    ClassDef, "methods": _DefTable}; a _StubSegment becomes one on first
    lookup (its node then holds the header and the docstring only)."""

    def __init__(self, lock):
        self._lock = lock
        self._sources = {}
        self._records = {}

    def add_node(self, node):
        self._sources.setdefault(node.name, node)

    def add_segment(self, name, segment):
        self._sources.setdefault(name, segment)

    def __contains__(self, name):
        return name in self._sources

    def __iter__(self):
        return iter(self._sources)

    def __len__(self):
        return len(self._sources)

    def defines(self, name):
        """Whether name has a class statement that parses."""
        record = self.get(name)
        return record is not None and record["node"].name == name

    def get(self, name, default=None):
        record = self._records.get(name)
        if record is not None:
            return record
        source = self._sources.get(name)
        if source is None:
            return default
        with self._lock:
            record = self._records.get(name)
            if record is None:
                record = self._records[name] = (source.class_record(self._lock) if type(source) is _StubSegment
                                                 else _class_record(source, self._lock))
        return record


def _class_record(node, lock):
    methods = _DefTable(lock)
    for item in _stub_statements(node.body):
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            _place_like(item, node)
            methods.add_node(item)
    return {"node": node, "methods": methods}


def _stub_line(node):
    """The line of a stub node in its file (see _StubSegment.parse)."""
    return node.lineno + getattr(node, "_stub_delta", 0)


def _place_like(node, parsed_with):
    """Gives node the text and line offset of the parse it came from."""
    source = getattr(parsed_with, "_stub_source", None)
    if source is not None:
        node._stub_source, node._stub_delta = source, parsed_with._stub_delta


def _unusable_class(lock):
    return {"node": ast.ClassDef(name="", bases=[], keywords=[], body=[], decorator_list=[]), "methods": _DefTable(lock)}


# Every stub the outline can take apart is read a definition at a time:
# numpy's root introspection reads 18 % of the class-member lines of
# numpy/__init__.pyi (151 KB), whose whole parse took 65-85 ms and 4,100
# page faults in a fresh process. Stubs under 8 KiB were parsed whole
# until lookups stopped keeping parsed definitions (_StubDef): numpy's 20
# small stubs (63 KB) then kept 2.1 MB of trees, ~580 page faults; read
# a definition at a time, describe 106-107 -> 98-101 ms.

# What the outline must see past: strings (their text may hold anything)
# and comments. A quote that opens no string on its line means the outline
# cannot be trusted: the file is parsed whole.
_STUB_STRING_OR_COMMENT = re.compile(
    rb'"""(?:[^"\\]|\\.|"(?!""))*"""'
    rb"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    rb'|"(?:[^"\\\n]|\\.)*"'
    rb"|'(?:[^'\\\n]|\\.)*'"
    rb"|#[^\n]*"
    rb"|[\"']",
    re.S)
# Text the outline leaves to the parser: other line ends, tabs and form
# feeds (indentation), NUL; a byte-order mark (the encoding).
_STUB_UNOUTLINED = (b"\r", b"\t", b"\f", b"\x00")
# A string prefix with f (3.12 nests quotes in f-strings), ending where a
# string begins.
_STUB_FSTRING_PREFIX = re.compile(rb"(?<![A-Za-z0-9_])(?:[fF][rR]?|[rR][fF])\Z")
_STUB_CODING = re.compile(rb"[ \t\f]*#[^\n]*coding[:=]")
_STUB_BRACKETS = bytes.maketrans(b"[{]}", b"(())")
_STUB_STRING_BLANK = bytes(0 if byte == ord("\n") else ord("x") for byte in range(256))
_STUB_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_STUB_DEF = re.compile(rb"(?:async[ \t]+)?def[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*[(\[]")
_STUB_CLASS = re.compile(rb"class[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*[(:\[]")
_STUB_CLAUSES = (b"else", b"elif", b"except", b"finally")
_STUB_STRING_START = re.compile(rb"[rRuUbB]{0,2}[\"']")
_PARSE_ERRORS = (SyntaxError, ValueError, MemoryError, RecursionError)


class _StubOutline:
    """Where a stub's statements begin, found without parsing it.

    A statement begins on a line outside brackets, strings and backslash
    continuations: at the top level a line without indentation, in a
    class body one at the body's. The lines are read on a copy of the text
    with strings and comments blanked, brackets counted per line. A
    decorator line belongs to the definition below it, an else/elif/
    except/finally line to the statement above. A definition is parsed
    alone when it is looked up, at its own lines (its text is preceded by
    as many newlines) and columns, so its nodes are those of a parse of
    the whole file. What differs: a syntax error in one definition no
    longer discards the rest of the stub, nor is it seen unless that
    definition is looked up.
    """

    def __init__(self, data, lines):
        self.data = data
        self.lines = lines  # [(offset, indentation, line number)] of the lines a statement may begin on

    @classmethod
    def of(cls, data):
        """The outline of data, or None when it cannot be trusted."""
        if any(byte in data for byte in _STUB_UNOUTLINED) or data.startswith(codecs.BOM_UTF8) \
                or _STUB_CODING.match(data):
            return None
        second = data.find(b"\n") + 1
        if second and _STUB_CODING.match(data, second):
            return None
        untrusted = []

        def blank(match):
            text = match.group()
            start = match.start()
            if text[:1] != b"#" and (len(text) == 1 or _STUB_FSTRING_PREFIX.search(data, max(start - 3, 0), start)):
                untrusted.append(start)
            # Comments become spaces (their lines are blank), strings
            # non-blank text whose newlines are NUL (their lines are not
            # lines, but still counted).
            return b" " * len(text) if text[:1] == b"#" else text.translate(_STUB_STRING_BLANK)

        text = _STUB_STRING_OR_COMMENT.sub(blank, data).translate(_STUB_BRACKETS)
        if untrusted:
            return None
        lines = []
        depth, offset, continued, number = 0, 0, False, 0
        for line in text.split(b"\n"):
            number += 1
            if depth == 0 and not continued:
                indent = len(line) - len(line.lstrip(b" "))
                if indent < len(line):
                    lines.append((offset, indent, number))
            if b"\x00" in line:
                number += line.count(b"\x00")
            if b"(" in line or b")" in line:
                depth += line.count(b"(") - line.count(b")")
                if depth < 0:
                    return None
            continued = line.endswith(b"\\")
            offset += len(line) + 1
        if depth or continued:
            return None
        return cls(data, lines)

    def line_of(self, offset):
        """The line number of a statement's first line, offset."""
        index = bisect.bisect_left(self.lines, (offset,))
        if index < len(self.lines) and self.lines[index][0] == offset:
            return self.lines[index][2]
        return self.data.count(b"\n", 0, offset) + 1

    def statements(self, first, last, indent):
        """(start, head, end) of the statements beginning on
        self.lines[first:last] at indent (end None: where the enclosing
        text ends); head is the line after the decorators. None when one
        of the lines is indented less."""
        data, out = self.data, []
        start = head = None
        for offset, width, _ in self.lines[first:last]:
            if width != indent:
                if width < indent:
                    return None
                continue
            at = offset + width
            if data.startswith(b"@", at):
                if head is not None:
                    out.append((start, head, offset))
                    start, head = None, None
                if start is None:
                    start = offset
                continue
            word = _STUB_WORD.match(data, at)
            if head is not None and word is not None and word.group() in _STUB_CLAUSES:
                continue
            if head is not None:
                out.append((start, head, offset))
                start = None
            if start is None:
                start = offset
            head = offset
        if start is not None:
            out.append((start, head if head is not None else start, None))
        return out

    def fill(self, stub):
        """Files the stub's top-level statements in its tables."""
        statements = self.statements(0, len(self.lines), 0)
        end_of_file = len(self.data)
        for index, (start, head, end) in enumerate(statements):
            segment = _StubSegment(self, start, head, end if end is not None else end_of_file, 0)
            if index == 0 and _STUB_STRING_START.match(self.data, head):
                nodes = segment.parse()
                if nodes:
                    stub.docstring = ast.get_docstring(ast.Module(body=nodes, type_ignores=[]))
            segment.file(stub.functions, stub.classes)


class _StubSegment:
    """One statement of a stub, data[start:end] (head: the offset of its
    line after the decorators), at the top level (indent 0) or indented
    by indent in a class body."""

    __slots__ = ("outline", "start", "head", "end", "indent")

    def __init__(self, outline, start, head, end, indent):
        self.outline, self.start, self.head, self.end, self.indent = outline, start, head, end, indent

    def parse(self, end=None, suffix=b""):
        """The statement's nodes (of the text up to end, followed by
        suffix); None when it does not parse. Its definitions and classes
        (as _stub_statements finds them) carry the parsed text
        (_stub_source, for SourceText.segment) and the number of lines
        before it in the file (_stub_delta): numbering the nodes' lines by
        parsing the text after as many newlines cost 11 us per 1,000 lines
        skipped, 17 ms for numpy's root."""
        text = self.outline.data[self.start:self.end if end is None else end] + suffix
        delta = self.outline.line_of(self.start) - 1
        try:
            if self.indent == 0:
                nodes = ast.parse(text).body
            else:
                # A class body's statement, parsed in a class on the line above.
                text = b"class _:\n" + text
                nodes = ast.parse(text).body[0].body
                delta -= 1
        except _PARSE_ERRORS:
            return None
        source = SourceText(text)
        for node in _stub_statements(nodes):
            node._stub_source, node._stub_delta = source, delta
        return nodes

    def file(self, functions, classes):
        """Files the statement by name when it is a definition (parsed on
        lookup), parses an if/try statement now; other statements define
        nothing a stub lookup reads (classes None: a class body's)."""
        data, head = self.outline.data, self.head + self.indent
        word = _STUB_WORD.match(data, head)
        word = word.group() if word is not None else b""
        if word in (b"def", b"async"):
            match = _STUB_DEF.match(data, head)
            if match is not None:
                functions.add_segment(match.group(1).decode("ascii"), self)
                return
        elif word == b"class":
            if classes is None:
                return
            match = _STUB_CLASS.match(data, head)
            if match is not None:
                classes.add_segment(match.group(1).decode("ascii"), self)
                return
        elif word not in (b"if", b"try"):
            return
        for node in _stub_statements(self.parse() or ()):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.add_node(node)
            elif isinstance(node, ast.ClassDef) and classes is not None:
                classes.add_node(node)

    def definition(self):
        """The FunctionDef this segment was filed as, or None."""
        nodes = self.parse()
        if nodes is None or len(nodes) != 1 or not isinstance(nodes[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        return nodes[0]

    def class_record(self, lock):
        """{"node": ClassDef, "methods": _DefTable} of a class statement
        with its members outlined; without methods when it does not parse
        as a class."""
        outline, data = self.outline, self.outline.data
        first = bisect.bisect_right(outline.lines, (self.head, len(data)))
        last = bisect.bisect_left(outline.lines, (self.end, -1))
        members = None
        if first < last and outline.lines[first][1] > self.indent:
            indent = outline.lines[first][1]
            members = outline.statements(first, last, indent)
        if not members:
            # A one-line class, or a body the outline cannot take apart.
            nodes = self.parse()
            if nodes and len(nodes) == 1 and isinstance(nodes[0], ast.ClassDef):
                return _class_record(nodes[0], lock)
            return _unusable_class(lock)
        # The class node: its header and, when the body begins with a
        # string, that statement (the docstring); members are parsed as
        # they are looked up.
        body_start, body_head, body_end = members[0]
        if _STUB_STRING_START.match(data, body_head + indent):
            nodes = self.parse(body_end if body_end is not None else self.end)
        else:
            nodes = self.parse(body_start, b" " * indent + b"...\n")
        if not nodes or len(nodes) != 1 or not isinstance(nodes[0], ast.ClassDef):
            return _unusable_class(lock)
        methods = _DefTable(lock)
        for start, head, end in members:
            _StubSegment(outline, start, head, end if end is not None else self.end, indent).file(methods, None)
        return {"node": nodes[0], "methods": methods}


def _stub_params(args, module, drop_first, source):
    out = []
    positional = list(args.posonlyargs) + list(args.args)
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for index, (arg, default) in enumerate(zip(positional, defaults)):
        kind = "POSITIONAL_ONLY" if index < len(args.posonlyargs) else "POSITIONAL_OR_KEYWORD"
        out.append(_stub_param(arg, kind, module, default, source))
    if args.vararg:
        out.append(_stub_param(args.vararg, "VAR_POSITIONAL", module, None, source))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        out.append(_stub_param(arg, "KEYWORD_ONLY", module, default, source))
    if args.kwarg:
        out.append(_stub_param(args.kwarg, "VAR_KEYWORD", module, None, source))
    if drop_first and out and out[0]["name"] in ("self", "cls"):
        out = out[1:]
    return out


def _stub_param(arg, kind, module, default, source):
    annotation = source.segment(arg.annotation) if arg.annotation is not None else None
    entry = {
        "name": arg.arg,
        "kind": kind,
        "annotation": annotation,
        "type": _ast_type(arg.annotation, module, 0) if arg.annotation is not None else {"type": "any"},
    }
    if default is not None:
        entry["default"] = source.segment(default)
    return entry


class StubCache:
    """Finds and parses stubs once per (module, stub configuration)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._stubs = {}
        self._sources = {}
        self._types_dists = {}
        self._stubs_dirs = {}

    def for_module(self, module_name, module, config):
        key = (module_name, tuple(config["stub_search_paths"]), config["use_typeshed"], config["typeshed_path"])
        with self._lock:
            if key in self._stubs:
                return self._stubs[key]
        path, origin, dist = self._discover(module_name, module, config)
        stub = parse_stub(path, origin, module_name) if path else None
        if stub is not None:
            stub.distribution = dist
        with self._lock:
            self._stubs.setdefault(key, stub)
            return self._stubs[key]

    def source_as_stub(self, module_name, module):
        """The stubgen tier: the module's own source read as a stub (no mypy run)."""
        with self._lock:
            if module_name in self._sources:
                return self._sources[module_name]
        path = getattr(module, "__file__", None) if module is not None else None
        stub = None
        if path and path.endswith(".py") and os.path.isfile(path):
            stub = parse_stub(path, "stubgen", module_name)
        with self._lock:
            self._sources.setdefault(module_name, stub)
            return self._sources[module_name]

    def _discover(self, module_name, module, config):
        rel = module_name.replace(".", os.sep)
        candidates = []
        origin = getattr(module, "__file__", None) if module is not None else None
        if origin and origin.endswith((".py", ".pyc")):
            candidates.append(origin.rsplit(".", 1)[0] + ".pyi")
        for location in (getattr(module, "__path__", None) or []) if module is not None else []:
            candidates.append(os.path.join(location, "__init__.pyi"))
        for base in config["stub_search_paths"]:
            candidates.append(os.path.join(base, rel + ".pyi"))
            candidates.append(os.path.join(base, rel, "__init__.pyi"))
        for path in candidates:
            if os.path.isfile(path):
                return path, "local", None
        found = self._types_package_stub(module_name)
        if found:
            return found[0], "types-package", found[1]
        if config["use_typeshed"] and config["typeshed_path"]:
            root = module_name.split(".")[0]
            base = config["typeshed_path"]
            for path in (os.path.join(base, "stdlib", rel + ".pyi"),
                         os.path.join(base, "stdlib", rel, "__init__.pyi"),
                         os.path.join(base, "stubs", root, rel + ".pyi"),
                         os.path.join(base, "stubs", root, rel, "__init__.pyi")):
                if os.path.isfile(path):
                    return path, "typeshed", None
        return None, None, None

    def _types_package_stub(self, module_name):
        parts = module_name.split(".")
        root = parts[0]
        stubs_dir = self._stub_package_dir(root)
        if not stubs_dir:
            return None
        base = os.path.join(stubs_dir, *parts[1:])
        for path in (base + ".pyi", os.path.join(base, "__init__.pyi")):
            if os.path.isfile(path):
                return path, self._types_dist(root, stubs_dir)
        return None

    def _stub_package_dir(self, root):
        # PEP 561 stub-only packages (what types-* distributions install).
        with self._lock:
            if root in self._stubs_dirs:
                return self._stubs_dirs[root]
        found = None
        for entry in sys.path:
            candidate = os.path.join(entry or ".", root + "-stubs")
            if os.path.isdir(candidate):
                found = candidate
                break
        with self._lock:
            self._stubs_dirs[root] = found
        return found

    def _types_dist(self, root, stubs_dir):
        with self._lock:
            if root in self._types_dists:
                return self._types_dists[root]
        found = DISTS.for_stub_package(stubs_dir, root)
        with self._lock:
            self._types_dists[root] = found
        return found


STUBS = StubCache()


# ---------------------------------------------------------------------------
# Source locations (go-to-definition)
# ---------------------------------------------------------------------------

_CLASS_RE = re.compile(r"^[ \t]*class[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.M)
_CLASS_WORD_RE = re.compile(rb"class[ \t]+([A-Za-z_][A-Za-z0-9_]*)")


class SourceIndex:
    """First line of each class name per source file, found by a cheap scan."""

    def __init__(self):
        self._lock = threading.Lock()
        self._files = {}
        self._buffer = bytearray()

    def class_line(self, path, name):
        with self._lock:
            table = self._files.get(path)
            if table is None:
                try:
                    table = self._scan(path)
                except OSError:
                    table = {}
                self._files[path] = table
        return table.get(name)

    def _scan(self, path):
        """_class_lines of the file at path, read (under the lock) into
        one buffer reused for every file up to _SCAN_BUFFER_BYTES: a fresh
        bytes object per file was fresh memory each time, ~450 page faults
        for sympy's 117 files (12 ms to read them, 2.7 ms when the memory
        was reused)."""
        with open(path, "rb", buffering=0) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size >= _SCAN_BUFFER_BYTES:
                return _class_lines(handle.read())
            if len(self._buffer) <= size:
                self._buffer = bytearray(size + 1)
            with memoryview(self._buffer) as view:
                length = 0
                while length < len(view):
                    got = handle.readinto(view[length:])
                    if not got:
                        return _class_lines(self._buffer, length)
                    length += got
                head = bytes(view)  # the file grew past its size
            return _class_lines(head + handle.read())


# Files at least this large are read into a bytes object of their own.
_SCAN_BUFFER_BYTES = 4 << 20


def _class_lines(data, end=None):
    """{class name: first line} of lines that start with `class <name>`
    (after spaces and tabs), as _CLASS_RE finds them in the text.

    The bytes are searched for the word "class" (a literal the regular
    expression engine skips to) instead of trying the pattern at every line
    start of the decoded text: sympy's class files are 10 MB. Only ASCII
    can match and UTF-8 (with "replace") maps ASCII bytes to the same
    characters, so the matches are the same; a file with carriage returns
    (which text mode turns into newlines) is scanned as text. end: where
    the text ends in data (a reused buffer), else its length.
    """
    if end is None:
        end = len(data)
    table = {}
    if data.find(b"\r", 0, end) >= 0:
        text = bytes(data[:end]).decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
        line, last = 1, 0
        for match in _CLASS_RE.finditer(text):
            line += text.count("\n", last, match.start())
            last = match.start()
            table.setdefault(match.group(1), line)
        return table
    line, last = 1, 0
    for match in _CLASS_WORD_RE.finditer(data, 0, end):
        start = match.start()
        line_start = data.rfind(b"\n", 0, start) + 1
        if line_start != start and data[line_start:start].strip(b" \t"):
            continue  # not at the start of its line
        line += data.count(b"\n", last, start)
        last = start
        name = match.group(1).decode("ascii")
        if name not in table:
            table[name] = line
    return table


SOURCES = SourceIndex()


def function_location(obj):
    if type(obj) is types.FunctionType:
        attrs = obj.__dict__
        if not attrs or ("__wrapped__" not in attrs and "__func__" not in attrs):
            # Nothing to unwrap (the common case, 8,000 times on sympy):
            # inspect.unwrap would return the function itself.
            code = obj.__code__
            return code.co_filename, code.co_firstlineno
    try:
        target = inspect.unwrap(obj) if callable(obj) else obj
    except Exception:
        target = obj
    target = getattr(target, "__func__", target)
    code = getattr(target, "__code__", None)
    if isinstance(code, types.CodeType):
        return code.co_filename, code.co_firstlineno
    return None, None


def class_location(cls):
    """(file, first line) of a class: its module's file, or (for classes whose
    __module__ was re-homed, numpy.AxisError) the file its methods live in."""
    module = sys.modules.get(getattr(cls, "__module__", None) or "")
    path = getattr(module, "__file__", None) if module is not None else None
    line = getattr(cls, "__firstlineno__", None)
    if isinstance(line, int) and path:
        return path, line
    candidates = [path] if path and path.endswith(".py") else []
    if candidates:
        line = SOURCES.class_line(path, cls.__name__)
        if line:
            return path, line
    # Only a class not found in its module's file needs its members' file.
    try:
        members = list(vars(cls).values())
    except TypeError:
        members = []
    for member in members:
        code_file = function_location(member)[0] if callable(member) or hasattr(member, "__func__") else None
        if code_file and code_file.endswith(".py") and code_file not in candidates:
            line = SOURCES.class_line(code_file, cls.__name__)
            if line:
                return code_file, line
            break
    return path, None


# ---------------------------------------------------------------------------
# Distributions and provenance
# ---------------------------------------------------------------------------

def _norm(name):
    return re.sub(r"[-_.]+", "_", name).lower()


def _read_headers(path):
    """Name and Version from core metadata (METADATA, PKG-INFO)."""
    name = version = None
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                line = line.rstrip("\r\n")
                if not line:
                    break
                key, _, value = line.partition(":")
                key = key.strip().lower()
                if key == "name" and name is None:
                    name = value.strip()
                elif key == "version" and version is None:
                    version = value.strip()
    except OSError:
        pass
    return name, version


class Distributions:
    """Which installed distribution provides a top-level module, read from
    the metadata directories beside it. (importlib.metadata would cost 15 ms
    to import: a quarter of numpy's own import time.)"""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_top = {}
        self._listings = {}
        self._tops = {}
        self._stdlib = None

    def for_module(self, top, module):
        with self._lock:
            if top in self._by_top:
                return self._by_top[top]
        record = self._find(top, module)
        with self._lock:
            self._by_top[top] = record
        return record

    def for_stub_package(self, stubs_dir, root):
        """The types-* distribution that installed <root>-stubs."""
        site = os.path.dirname(stubs_dir)
        entries = self._listing(site)
        wanted = {_norm("types-" + root), _norm(root + "-stubs")}
        for entry in entries:
            if _norm(_entry_name(entry)) in wanted:
                return self._record(os.path.join(site, entry))
        for entry in entries:
            if os.path.basename(stubs_dir) in self._top_levels(os.path.join(site, entry)):
                return self._record(os.path.join(site, entry))
        return None

    def _find(self, top, module):
        site = _site_of(module)
        if site is None or self._in_stdlib(site):
            return None
        entries = self._listing(site)
        norm = _norm(top)
        for entry in entries:
            if _norm(_entry_name(entry)) == norm:
                meta = os.path.join(site, entry)
                tops = self._top_levels(meta)
                if not tops or top in tops:
                    return self._record(meta)
        for entry in entries:
            meta = os.path.join(site, entry)
            if top in self._top_levels(meta):
                return self._record(meta)
        return None

    def _in_stdlib(self, site):
        # The standard library is never a site-packages or dist-packages
        # directory, where nearly every library a project binds lives:
        # asking sysconfig costs 7-8 ms in a fresh process (it builds all
        # configuration variables), for each one-shot introspection.
        if os.path.basename(site) in ("site-packages", "dist-packages"):
            return False
        if self._stdlib is None:
            import sysconfig
            paths = sysconfig.get_paths()
            self._stdlib = {os.path.realpath(paths[k]) for k in ("stdlib", "platstdlib") if paths.get(k)}
        return os.path.realpath(site) in self._stdlib

    def _listing(self, site):
        with self._lock:
            if site in self._listings:
                return self._listings[site]
        try:
            entries = sorted(e for e in os.listdir(site) if e.endswith((".dist-info", ".egg-info")))
        except OSError:
            entries = []
        with self._lock:
            self._listings[site] = entries
        return entries

    def _top_levels(self, meta):
        with self._lock:
            if meta in self._tops:
                return self._tops[meta]
        names = set()
        if os.path.isdir(meta):
            try:
                with open(os.path.join(meta, "top_level.txt"), encoding="utf-8") as handle:
                    names = {line.strip() for line in handle if line.strip()}
            except OSError:
                names = _record_top_levels(os.path.join(meta, "RECORD"))
        with self._lock:
            self._tops[meta] = names
        return names

    @staticmethod
    def _record(meta):
        if os.path.isdir(meta):
            headers = os.path.join(meta, "METADATA")
            if not os.path.isfile(headers):
                headers = os.path.join(meta, "PKG-INFO")
        else:
            headers = meta
        name, version = _read_headers(headers)
        if not name or not version:
            return None
        editable = False
        try:
            with open(os.path.join(meta, "direct_url.json"), encoding="utf-8") as handle:
                editable = bool(json.load(handle).get("dir_info", {}).get("editable"))
        except (OSError, ValueError, AttributeError):
            pass
        return {"name": name, "version": version, "metadata": meta, "editable": editable}


def _entry_name(entry):
    stem = entry.rsplit(".", 1)[0]
    return stem.split("-", 1)[0]


def _record_top_levels(path):
    names = set()
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                first = line.split(",", 1)[0].replace("\\", "/").split("/", 1)
                head = first[0]
                if not head or head.endswith((".dist-info", ".egg-info", ".data")) or head == "..":
                    continue
                if len(first) == 1:
                    if not head.endswith((".py", ".so", ".pyd")):
                        continue
                    head = head.split(".", 1)[0]
                names.add(head)
    except OSError:
        pass
    return names


def _site_of(module):
    """The sys.path directory a top-level module was imported from."""
    path = getattr(module, "__file__", None)
    if path:
        path = os.path.dirname(os.path.abspath(path))
        return os.path.dirname(path) if getattr(module, "__path__", None) else path
    for location in getattr(module, "__path__", None) or ():
        return os.path.dirname(os.path.abspath(location))
    return None


DISTS = Distributions()


def _module_location(module):
    path = getattr(module, "__file__", None)
    if path:
        return path
    locations = getattr(module, "__path__", None)
    if locations:
        for location in locations:
            return location
    return None


def _module_origin(name, origin):
    """A provenance module entry; a module built into the interpreter changes
    only with the interpreter, which the Go side's cache key identifies."""
    entry = {"name": name, "origin": origin}
    if origin is None and name in sys.builtin_module_names:
        entry["builtin"] = True
    return entry


class Provenance:
    """What a result depends on, so that the Go side can tell when it is stale."""

    def __init__(self):
        self.distributions = {}
        self.paths = set()
        self.modules = {}
        self.incomplete = False  # an import failed: a later fix changes no provenance

    def add_module(self, name, module):
        top = name.split(".")[0]
        if top in self.modules:
            return
        top_module = sys.modules.get(top, module)
        origin = _module_location(top_module)
        self.modules[top] = origin
        if origin is None:
            return
        dist = DISTS.for_module(top, top_module)
        if dist is not None:
            self.distributions[dist["name"]] = dist
            if not dist.get("editable"):
                return
        if getattr(top_module, "__path__", None):
            for location in top_module.__path__:
                self.paths.add(os.path.abspath(location))
        else:
            self.paths.add(os.path.abspath(origin))

    def add_stub(self, stub):
        if stub is None:
            return
        dist = getattr(stub, "distribution", None)
        if dist:
            self.distributions[dist["name"]] = dist
        self.paths.add(os.path.abspath(stub.path))

    def as_json(self):
        return {
            "distributions": [self.distributions[k] for k in sorted(self.distributions)],
            "paths": sorted(self.paths),
            "modules": [_module_origin(k, self.modules[k]) for k in sorted(self.modules)],
            "incomplete": self.incomplete,
        }

    def packages(self):
        return {d["name"]: d["version"] for d in self.distributions.values()}


def python_info():
    return {
        "executable": sys.executable,
        "version": sys.version.split()[0],
        "implementation": sys.implementation.name,
        "platform": sys.platform,
    }


# ---------------------------------------------------------------------------
# Signatures: the tier walk
# ---------------------------------------------------------------------------

def _safe_repr(value):
    try:
        text = repr(value)
    except Exception as exc:
        text = "<unrepresentable %s: %s>" % (type(value).__name__, type(exc).__name__)
    if not isinstance(text, str):
        text = "<unrepresentable %s>" % type(value).__name__
    return _short(text, REPR_LIMIT)


def _short(text, limit):
    return text if len(text) <= limit else text[:limit] + "..."


def _format_annotation(annotation):
    if annotation is inspect.Parameter.empty:
        return None
    if isinstance(annotation, str):
        return annotation
    if _get_origin(annotation) is None and hasattr(annotation, "__name__"):
        return str(annotation.__name__)
    return _short(str(annotation), 500)


def _type_hints(obj):
    annotations = getattr(obj, "__annotations__", None)
    if not annotations:
        return {}
    try:
        return _typing().get_type_hints(obj)
    except Exception:
        return None  # annotations present but unresolvable


def _runtime_signature(obj, hints, texts=None, shared=None):
    """The runtime tier's signature of obj. With shared (a request's
    dict), a parameter without annotation, type hint or default that an
    earlier signature had is that earlier dict (sympy: 5,000 of 6,500)."""
    parts = _plain_signature(obj)
    if parts is None:
        try:
            if texts is not None and type(obj) in _TEXT_SIGNATURE_TYPES:
                # inspect.signature takes these to _signature_from_builtin
                # (Python 3.9-3.13): their text signature, or ValueError.
                text = obj.__text_signature__
                if not text:
                    return None
                sig = _signature_from_text(obj, text, True, texts)
            else:
                sig = inspect.signature(obj)
        except Exception:
            return None
        parts = ([(p.name, p.kind.name, p.default, p.annotation) for p in sig.parameters.values()],
                 sig.return_annotation)
    hints = hints or {}
    empty = inspect.Parameter.empty
    params = []
    for name, kind, default, annotation in parts[0]:
        if shared is not None and default is empty and annotation is empty and hints.get(name) is None:
            # Nothing modifies a parameter's dict once made (legacy formats
            # copy what they take); the document is a tree only when encoded.
            key = (_PARAMETER, name, kind)
            info = shared.get(key)
            if info is None:
                info = shared[key] = {"name": name, "kind": kind, "type": ANY}
            params.append(info)
            continue
        info = {"name": name, "kind": kind}
        if default is not empty:
            info["default"] = _safe_repr(default)
        if annotation is not empty:
            info["annotation"] = _format_annotation(annotation)
        hint = hints.get(name)
        info["type"] = type_to_dict(hint if hint is not None else annotation)
        params.append(info)
    ret = hints.get("return", parts[1])
    return {"parameters": params, "return_type": type_to_dict(ret), "signature_available": True}


# Attributes through which inspect.signature would not read a plain
# function's code object: a wrapper chain, an explicit signature, a
# partialmethod (3.9-3.12 and 3.13 spelling), a text signature.
_SIGNATURE_OVERRIDES = ("__wrapped__", "__signature__", "_partialmethod", "__partialmethod__", "__text_signature__")


def _plain_signature(obj):
    """inspect.signature of a plain Python function (or a method bound to
    one) read straight from its code object, as ([(name, kind name, default,
    annotation)], return annotation); None when inspect.signature must
    decide. inspect builds and validates a Parameter per argument: on
    sympy that was two thirds of the time spent on signatures.
    TestPlainSignatureMatchesInspect compares both on the standard library.
    """
    bound = type(obj) is types.MethodType
    func = obj.__func__ if bound else obj
    if type(func) is not types.FunctionType:
        return None
    try:
        attrs = func.__dict__
        if attrs and any(key in attrs for key in _SIGNATURE_OVERRIDES):
            return None
        code = func.__code__
        annotations = func.__annotations__
        defaults = func.__defaults__
        kwdefaults = func.__kwdefaults__
    except Exception:
        return None
    if type(annotations) is not dict:
        return None
    empty = inspect.Parameter.empty
    pos_count = code.co_argcount
    if defaults and len(defaults) > pos_count:
        return None  # inspect pairs such defaults differently
    kw_count = code.co_kwonlyargcount
    posonly = code.co_posonlyargcount
    names = code.co_varnames
    params = []
    first_default = pos_count - (len(defaults) if defaults else 0)
    for index in range(pos_count):
        name = names[index]
        params.append((name, "POSITIONAL_ONLY" if index < posonly else "POSITIONAL_OR_KEYWORD",
                       defaults[index - first_default] if index >= first_default else empty,
                       annotations.get(name, empty)))
    flags = code.co_flags
    index = pos_count + kw_count
    if flags & inspect.CO_VARARGS:
        name = names[index]
        params.append((name, "VAR_POSITIONAL", empty, annotations.get(name, empty)))
        index += 1
    for name in names[pos_count:pos_count + kw_count]:
        default = kwdefaults.get(name, empty) if kwdefaults is not None else empty
        params.append((name, "KEYWORD_ONLY", default, annotations.get(name, empty)))
    if flags & inspect.CO_VARKEYWORDS:
        name = names[index]
        params.append((name, "VAR_KEYWORD", empty, annotations.get(name, empty)))
    seen = set()
    for name, kind, _, _ in params:
        # Names inspect renames (".0" of comprehensions) or rejects.
        if name in seen or not name.isidentifier() or _iskeyword(name):
            return None
        seen.add(name)
    if bound:
        # inspect drops the bound first argument, unless it is *args; a
        # method without a positional first parameter is an error there.
        if not params or params[0][1] in ("KEYWORD_ONLY", "VAR_KEYWORD"):
            return None
        if params[0][1] != "VAR_POSITIONAL":
            params = params[1:]
    return params, annotations.get("return", empty)


# Builtin callables whose signature inspect.signature reads from
# __text_signature__ alone: none of the attributes it looks at first
# (a wrapper chain, an explicit signature, a partialmethod) can exist on
# them, as their type has none and their instances have no __dict__.
_TEXT_SIGNATURE_TYPES = frozenset(
    t for t in (types.BuiltinFunctionType, types.MethodDescriptorType, types.WrapperDescriptorType,
                types.MethodWrapperType, types.ClassMethodDescriptorType)
    if not any(hasattr(t, name) for name in _SIGNATURE_OVERRIDES[:4]) and t.__dictoffset__ == 0)

# A default that is not a literal (a name, an attribute, an expression):
# inspect evaluates it in the object's module, so its answer may depend
# on more than the text.
_NON_LITERAL_DEFAULT = re.compile(
    r"""=\s*(?!(?:None|True|False|-?[0-9][0-9a-zA-Z_.]*|b?'[^'\\]*'|b?"[^"\\]*")\s*[,)])""")


def _signature_from_text(obj, text, skip_bound_arg, texts):
    """inspect._signature_fromstr(inspect.Signature, obj, text,
    skip_bound_arg), remembered in texts (a request's dict) when the text's
    defaults are all literals: the answer then depends on the text and on
    whether the first ("$") parameter is dropped, nothing else about obj.
    numpy's root asks 138 times for 23 distinct texts (str and bytes
    methods of its scalar types), each parsed with tokenize and ast.
    TestFastPathsMatchReferences compares it with inspect on every object.
    """
    if type(text) is not str or not text or _NON_LITERAL_DEFAULT.search(text) is not None:
        return inspect._signature_fromstr(inspect.Signature, obj, text, skip_bound_arg)
    bound = getattr(obj, "__self__", None)
    # _signature_fromstr drops a "$" parameter when this holds, and makes
    # it positional-only otherwise.
    key = (text, bound is not None and (skip_bound_arg or inspect.ismodule(bound)))
    sig = texts.get(key)
    if sig is None:
        sig = texts[key] = inspect._signature_fromstr(inspect.Signature, obj, text, skip_bound_arg)
    return sig


def _text_signature(obj, texts=None):
    text = getattr(obj, "__text_signature__", None)
    if not text or not isinstance(text, str):
        return None
    try:
        if texts is not None and type(obj) in _TEXT_SIGNATURE_TYPES:
            sig = _signature_from_text(obj, text, False, texts)
        else:
            sig = inspect._signature_fromstr(inspect.Signature, obj, text, False)
    except Exception:
        return None
    params = []
    for p in sig.parameters.values():
        entry = {"name": p.name, "kind": p.kind.name, "annotation": None, "type": {"type": "any"}}
        if p.default is not inspect.Parameter.empty:
            entry["default"] = _safe_repr(p.default)
        params.append(entry)
    return {"parameters": params, "return_type": {"type": "any"}, "signature_available": True}


def _hints_signature(obj, hints):
    if hints is None:
        hints = getattr(obj, "__annotations__", None) or {}
    if not hints:
        return None
    params = [{"name": name, "kind": "POSITIONAL_OR_KEYWORD", "annotation": _format_annotation(hint),
               "type": type_to_dict(hint)}
              for name, hint in hints.items() if name != "return"]
    if not params:
        return None
    return {"parameters": params, "return_type": type_to_dict(hints.get("return")), "signature_available": True}


def _stub_signature(chosen, count, path):
    if chosen is None:
        return None
    return {"parameters": [dict(p) for p in chosen["parameters"]], "return_type": chosen["return_type"],
            "signature_available": True, "signature_detail": path, "overload_count": count}


_PARAMETER = object()  # the first member of a shared parameter's key


def resolve_signature(obj, sources, stub_lookup, stubgen_lookup, texts=None, shared=None):
    """Walk the configured tiers; stub_lookup/stubgen_lookup return (entry,
    count, path); texts is the request's memo of parsed text signatures.
    With shared (a request's dict), equal lists of missing reasons are one
    list (sympy: 4,000 lists, 17 distinct), and parameters are shared as
    _runtime_signature shares them."""
    result = _walk_tiers(obj, sources, stub_lookup, stubgen_lookup, texts, shared)
    if shared is not None:
        reasons = result["signature_missing_reason"]
        result["signature_missing_reason"] = shared.setdefault(tuple(reasons), reasons)
    return result


def _walk_tiers(obj, sources, stub_lookup, stubgen_lookup, texts, shared):
    failures = []
    fallback = None
    hints = _type_hints(obj) if obj is not None else {}
    for source in sources:
        if source == "runtime":
            if obj is None:
                failures.append("runtime: missing object")
                continue
            result = _runtime_signature(obj, hints, texts, shared)
            if result is None:
                failures.append("runtime: signature unavailable")
                continue
            result.update(signature_source="runtime", signature_detail="inspect.signature",
                          signature_missing_reason=failures)
            if _has_type_info(result):
                return result
            fallback = fallback or result
            failures.append("runtime: no type info")
        elif source == "text_signature":
            if obj is None:
                failures.append("text_signature: missing object")
                continue
            result = _text_signature(obj, texts)
            if result is None:
                failures.append("text_signature: unavailable")
                continue
            result.update(signature_source="text_signature", signature_detail=obj.__text_signature__,
                          signature_missing_reason=failures)
            fallback = fallback or result
            failures.append("text_signature: no type info")
        elif source == "runtime_hints":
            if obj is None:
                failures.append("runtime_hints: missing object")
                continue
            result = _hints_signature(obj, hints)
            if result is None:
                failures.append("runtime_hints: unavailable")
                continue
            result.update(signature_source="runtime_hints", signature_detail="annotations",
                          signature_missing_reason=failures)
            return result
        elif source == "stub":
            result = _stub_signature(*stub_lookup())
            if result is None:
                failures.append("stub: not found")
                continue
            result.update(signature_source="stub", signature_missing_reason=failures)
            if fallback is None or _has_type_info(result):
                return result
            failures.append("stub: no type info")
        elif source == "stubgen":
            if fallback is not None:
                failures.append("stubgen: skipped (signature already found)")
                continue
            result = _stub_signature(*stubgen_lookup())
            if result is None:
                failures.append("stubgen: not found")
                continue
            result.update(signature_source="stubgen", signature_missing_reason=failures)
            return result
        elif source == "variadic":
            break
    if fallback is not None:
        return fallback
    return {"parameters": [], "return_type": {"type": "any"}, "signature_available": False,
            "signature_source": "variadic", "signature_detail": None,
            "signature_missing_reason": failures or ["no signature sources succeeded"]}


# ---------------------------------------------------------------------------
# Docstrings
# ---------------------------------------------------------------------------

def _clean_doc(text):
    if not isinstance(text, str) or not text:
        return ""
    return inspect.cleandoc(text)[:DOC_LIMIT]


def runtime_doc(obj, cleaned=None):
    """(inspect.getdoc(obj) or "")[:DOC_LIMIT], "" when getdoc raises.

    With cleaned (a request's dict, raw docstring -> answer), getdoc's
    steps (its body is the same in Python 3.9-3.13) are taken here so that
    cleandoc runs once per distinct text: sympy's 4,045 callables have
    1,564 distinct docstrings, inherited ones being the base's text.
    TestFastPathsMatchReferences compares both on every object.
    """
    if cleaned is None:
        try:
            return (inspect.getdoc(obj) or "")[:DOC_LIMIT]
        except Exception:
            return ""
    try:
        try:
            doc = obj.__doc__
        except AttributeError:
            return ""
        if doc is None:
            try:
                doc = _finddoc(obj)
            except (AttributeError, TypeError):
                return ""
        if type(doc) is not str:  # a subclass's hash and equality are its own
            return (inspect.cleandoc(doc) or "")[:DOC_LIMIT] if isinstance(doc, str) else ""
        text = cleaned.get(doc)
        if text is None:
            text = cleaned[doc] = (inspect.cleandoc(doc) or "")[:DOC_LIMIT]
        return text
    except Exception:
        return ""


def _finddoc(obj):
    """inspect._finddoc(obj) (the inherited docstring of an undocumented
    method). For a plain function, its steps (the same in Python 3.9-3.13)
    are taken here with one change: the walk along the class's MRO reads
    each base with getattr's default instead of catching the AttributeError
    of every base that lacks the name (sympy: 2,256 undocumented methods,
    most of their bases without them; 22 -> 11 ms).
    TestFastPathsMatchReferences compares it with inspect on every object.
    """
    if type(obj) is not types.FunctionType:
        return inspect._finddoc(obj)
    name = obj.__name__
    cls = inspect._findclass(obj)
    if cls is None or getattr(cls, name) is not obj:
        return None
    for base in cls.__mro__:
        found = getattr(base, name, _MISSING)
        if found is _MISSING:
            continue
        try:
            doc = found.__doc__
        except AttributeError:
            continue
        if doc is not None:
            return doc
    return None


def class_doc(cls):
    """A class docstring; docs inherited from another package's base are not the class's doc."""
    try:
        own = cls.__dict__.get("__doc__")
    except Exception:
        own = None
    if isinstance(own, str) and own.strip():
        return _clean_doc(own)
    top = (getattr(cls, "__module__", "") or "").split(".")[0]
    for base in getattr(cls, "__mro__", ())[1:]:
        if base is object:
            break
        doc = base.__dict__.get("__doc__")
        if isinstance(doc, str) and doc.strip():
            if (getattr(base, "__module__", "") or "").split(".")[0] == top:
                return _clean_doc(doc)
            break
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        members = list(getattr(cls, "__members__", {}))
        if members:
            return "Enumeration with members: %s." % ", ".join(members)
    return ""


def _doc_fields(doc, stub_doc_fn):
    if doc:
        return doc, "runtime", None
    stub_doc = stub_doc_fn() if stub_doc_fn is not None else None
    if stub_doc:
        return _clean_doc(stub_doc), "stub", None
    return "", "module", "runtime docstring missing"


def _finish_doc(info, module_doc):
    """Schema 3 never repeats the module docstring: doc_source "module" (docstring "")
    says the namespace docstring applies; without one the source is "empty"."""
    if info.get("doc_source") == "module" and not module_doc:
        info["doc_source"] = "empty"
        info["doc_missing_reason"] = "docstring missing"


# ---------------------------------------------------------------------------
# Per-request context: method table, issues, provenance
# ---------------------------------------------------------------------------

class Context:
    def __init__(self, config):
        self.config = config
        self.sources = config["signature_sources"]
        self.methods = {}
        self._method_keys = {}
        self._refs_by_object = {}
        self._keep_alive = []
        self._class_cache = {}
        self._ref_items = {}
        self._member_items = {}  # (name, id(value)) -> _ref_items's item, for values in _refs_by_object
        self._docs = {}
        self._texts = {}  # (text signature, drops "$" parameter) -> inspect.Signature
        self._shared = {}  # equal parts of signatures, one object each (resolve_signature)
        self._file_modules = None
        self._file_modules_size = 0
        self._stubs_seen = {}
        self.provenance = Provenance()

    # -- stubs ---------------------------------------------------------------
    def stub_for(self, module_name):
        # Asked for every method's defining module (4,500 times on sympy);
        # STUBS keeps the first answer for the process, this request's
        # provenance has it after the first call.
        if module_name in self._stubs_seen:
            return self._stubs_seen[module_name]
        module = sys.modules.get(module_name)
        stub = STUBS.for_module(module_name, module, self.config)
        if stub is not None:
            self.provenance.add_stub(stub)
        self._stubs_seen[module_name] = stub
        return stub

    def stubgen_for(self, module_name):
        if self.config["stubgen"].get("enabled", True) is False:
            return None
        return STUBS.source_as_stub(module_name, sys.modules.get(module_name))

    # -- functions -----------------------------------------------------------
    def function_info(self, name, obj, module_name, stub):
        def stub_lookup():
            entry, count = stub.function(name) if stub and not stub.error else (None, 0)
            if entry is not None:
                return entry, count, stub.path
            if obj is not None:
                own_name = getattr(obj, "__name__", name)
                own_name = own_name if isinstance(own_name, str) else name
                for other in self._defining_stubs(obj, module_name):
                    entry, count = other.function(own_name)
                    if entry is not None:
                        return entry, count, other.path
            return None, 0, None

        def stubgen_lookup():
            source = self.stubgen_for(module_name)
            entry, count = source.function(name) if source else (None, 0)
            return entry, count, source.path if entry else None

        sig = resolve_signature(obj, self.sources, stub_lookup, stubgen_lookup, self._texts, self._shared)
        doc, doc_source, missing = _doc_fields(runtime_doc(obj, self._docs) if obj is not None else "",
                                               (lambda: stub.function_doc(name)) if stub else None)
        info = {
            "name": name,
            "type": "function",
            "callable": obj is not None and callable(obj),
            "module": module_name,
            "python_module": module_name,
            "parameters": sig["parameters"],
            "return_type": sig["return_type"],
            "signature_available": sig["signature_available"],
            "signature_source": sig["signature_source"],
            "signature_detail": sig.get("signature_detail"),
            "signature_missing_reason": sig["signature_missing_reason"],
            "overload_count": sig.get("overload_count"),
            "docstring": doc,
            "doc_source": doc_source,
            "doc_missing_reason": missing,
        }
        if obj is not None:
            info["qualname"] = _qualname(obj)
            info["defined_in"] = _object_module(obj)
            info["source_file"], info["source_line"] = function_location(obj)
        else:
            chosen, _ = stub.function(name) if stub else (None, 0)
            info["source_file"], info["source_line"] = (stub.path, chosen["line"]) if chosen else (None, None)
        return info

    def _defining_stubs(self, obj, module_name):
        """Stubs of the modules that define obj: its __module__, and the module
        whose file holds its code (numpy re-homes functions with __module__)."""
        names = [_object_module(obj), self.module_for_file(function_location(obj)[0])]
        out = []
        for defined in names:
            if not defined or defined == module_name or defined not in sys.modules:
                continue
            stub = self.stub_for(defined)
            if stub is not None and not stub.error and stub not in out:
                out.append(stub)
        return out

    def module_for_file(self, path):
        if not path:
            return None
        if self._file_modules is None or self._file_modules_size != len(sys.modules):
            table = {}
            for name, module in list(sys.modules.items()):
                origin = getattr(module, "__file__", None)
                if isinstance(origin, str):
                    table.setdefault(origin, name)
            self._file_modules, self._file_modules_size = table, len(sys.modules)
        return self._file_modules.get(path)

    # -- attributes ----------------------------------------------------------
    @staticmethod
    def attribute_info(name, obj, module_name):
        return {
            "name": name,
            "type": "attribute",
            "module": module_name,
            "python_module": module_name,
            "signature_available": True,
            "signature_source": "runtime",
            "signature_detail": "attribute",
            "parameters": [],
            "return_type": type_to_dict(type(obj)),
            "docstring": "",
            "doc_source": "empty",
            "doc_missing_reason": "attribute docstring not supported",
        }

    # -- classes -------------------------------------------------------------
    def class_info(self, name, cls, module_name, stub):
        core = self._class_core(cls, module_name, stub) if cls is not None else self._stub_class_core(name, module_name, stub)
        doc, doc_source, missing = _doc_fields(class_doc(cls) if cls is not None else "",
                                               (lambda: stub.class_doc(name)) if stub else None)
        info = {
            "name": name,
            "type": "class",
            "python_module": module_name,
            "docstring": doc,
            "doc_source": doc_source,
            "doc_missing_reason": missing,
            "methods": core["methods"],
            "attributes": core["attributes"],
            "dunder_methods": core["dunder_methods"],
            "methods_truncated": core["methods_truncated"],
            "method_scope": core["method_scope"],
        }
        if cls is not None:
            info["qualname"] = getattr(cls, "__qualname__", name)
            info["defined_in"] = getattr(cls, "__module__", None)
            info["bases"] = [_type_name(b) for b in getattr(cls, "__bases__", ()) if b is not object]
            info["source_file"], info["source_line"] = class_location(cls)
        else:
            line = stub.class_line(name) if stub else None
            info["source_file"], info["source_line"] = (stub.path, line) if line else (None, None)
        return info

    def _class_core(self, cls, module_name, stub):
        cached = self._class_cache.get(id(cls))
        if cached is not None and cached[0] is cls:
            return cached[1]
        pairs, dunders, truncated, scope, attributes = _class_members(
            cls, self.config["class_method_scope"], self.config["max_class_methods"])
        # Classes list the methods they inherit: sympy's 386 classes make
        # 42,262 references to 3,571 entries. Equal {"name", "ref"} items
        # are one object (the document is a tree only when encoded): 4,600
        # dicts instead of 42,000, 6.5 MiB less memory to fault in.
        # Most pairs were met in an earlier class: their items are found by
        # (name, id(value)) in one C loop; the others, in order, below.
        methods = list(map(self._member_items.get, zip(map(_FIRST, pairs), map(id, map(_SECOND, pairs)))))
        missing = methods.count(None)
        index = -1
        for _ in range(missing):
            index = methods.index(None, index + 1)
            mname, value = pairs[index]
            methods[index] = self._method_item(mname, value, cls, module_name, stub)
        core = {"methods": methods, "attributes": attributes, "dunder_methods": dunders,
                "methods_truncated": truncated, "method_scope": scope}
        self._class_cache[id(cls)] = (cls, core)
        return core

    def _method_item(self, mname, value, cls, module_name, stub):
        seen = self._refs_by_object
        known = seen.get(id(value))  # method_ref's first answer, without the call
        if known is not None and known[0] is value:
            key = known[1]
        else:
            key = self.method_ref(mname, value, cls, module_name, stub)
        items = self._ref_items
        item = items.get((mname, key))
        if item is None:
            item = items[(mname, key)] = {"name": mname, "ref": key}
        if id(value) in seen:
            # _refs_by_object keeps value alive: its id stays its own for
            # the request (bound methods, new objects, are never there).
            self._member_items[(mname, id(value))] = item
        return item

    def _stub_class_core(self, class_name, module_name, stub):
        methods = []
        entry = stub.classes.get(class_name) if stub else None
        for mname in (entry["methods"] if entry else {}):
            chosen, count = stub.method(class_name, mname)
            if chosen is None:
                continue
            key = self._new_key()
            doc, doc_source, missing = _doc_fields("", lambda: stub.method_doc(class_name, mname))
            sig = _stub_signature(chosen, count, stub.path)
            self.methods[key] = {
                "name": mname, "qualname": "%s.%s" % (class_name, mname), "module": module_name,
                "parameters": sig["parameters"], "return_type": sig["return_type"],
                "signature_available": True, "signature_source": "stub",
                "signature_detail": stub.path, "signature_missing_reason": [],
                "overload_count": count, "docstring": doc, "doc_source": doc_source,
                "doc_missing_reason": missing, "source_file": stub.path, "source_line": chosen["line"],
            }
            methods.append({"name": mname, "ref": key})
        return {"methods": methods, "attributes": [], "dunder_methods": [],
                "methods_truncated": False, "method_scope": self.config["class_method_scope"]}

    def method_ref(self, name, value, owner, module_name, stub):
        # Most references (42,000 on sympy) are an inherited function met
        # again: the object itself answers before its identity is computed.
        seen = self._refs_by_object.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        identity = _method_identity(value)
        known = self._method_keys.get(identity)
        if known is not None:
            self._remember_ref(value, known)
            return known
        self._keep_alive.append(value)  # ids must stay unique for the whole request
        owner_name, defined = _method_owner(value, owner)
        key = self._new_key()
        self._method_keys[identity] = key
        try:
            self.methods[key] = self._method_entry(name, value, owner_name, defined, module_name, stub)
        except Exception as exc:  # a hostile descriptor must not sink the whole class
            self.methods[key] = _failed_method(name, defined, exc)
        self._remember_ref(value, key)
        return key

    def _remember_ref(self, value, key):
        # The entry keeps value alive, so its id cannot be reused. Bound
        # methods are new objects on every attribute access: not worth it.
        if not isinstance(value, types.MethodType):
            self._refs_by_object[id(value)] = (value, key)

    def _new_key(self):
        # Opaque and short: sympy has 45,000 references into the table.
        return str(len(self.methods))

    def _method_entry(self, name, value, owner_name, defined, module_name, stub):
        method_name = getattr(value, "__name__", name)
        if not isinstance(method_name, str):
            method_name = name
        found = []

        def stubs():
            # Only methods that reach the stub tier (or lack a docstring) pay
            # for finding and parsing stubs.
            if not found:
                if defined and defined in sys.modules:
                    own = self.stub_for(defined)
                    if own is not None and not own.error:
                        found.append(own)
                if stub is not None and not stub.error and stub not in found:
                    found.append(stub)
                found.append(None)
            return found[:-1]

        def stub_lookup():
            for candidate in stubs():
                entry, count = candidate.method(owner_name, method_name)
                if entry is not None:
                    return entry, count, candidate.path
            return None, 0, None

        def stubgen_lookup():
            source = self.stubgen_for(defined) if defined else None
            entry, count = source.method(owner_name, method_name) if source else (None, 0)
            return entry, count, source.path if entry else None

        sig = resolve_signature(value, self.sources, stub_lookup, stubgen_lookup, self._texts, self._shared)
        params = sig["parameters"]
        if params and params[0].get("name") in ("self", "cls"):
            params = params[1:]
        def stub_doc():
            for candidate in stubs():
                found = candidate.method_doc(owner_name, method_name)
                if found:
                    return found
            return None

        doc, doc_source, missing = _doc_fields(runtime_doc(value, self._docs), stub_doc)
        source_file, source_line = function_location(value)
        return {
            "name": method_name,
            "qualname": _method_qualname(value, None, name),
            "module": defined,
            "parameters": params,
            "return_type": sig["return_type"],
            "signature_available": sig["signature_available"],
            "signature_source": sig["signature_source"],
            "signature_detail": sig.get("signature_detail"),
            "signature_missing_reason": sig["signature_missing_reason"],
            "overload_count": sig.get("overload_count"),
            "docstring": doc,
            "doc_source": doc_source,
            "doc_missing_reason": missing,
            "source_file": source_file,
            "source_line": source_line,
        }


def _failed_method(name, defined, exc):
    reason = "introspection failed: %s: %s" % (type(exc).__name__, exc)
    return {"name": name, "qualname": name, "module": defined, "parameters": [], "return_type": {"type": "any"},
            "signature_available": False, "signature_source": "variadic", "signature_detail": None,
            "signature_missing_reason": [reason], "overload_count": None, "docstring": "",
            "doc_source": "empty", "doc_missing_reason": "docstring missing",
            "source_file": None, "source_line": None}


def _type_name(t):
    return "%s.%s" % (getattr(t, "__module__", "?"), getattr(t, "__qualname__", getattr(t, "__name__", "?")))


def _object_module(obj):
    try:
        module = getattr(obj, "__module__", None)
    except Exception:
        return None
    return module if isinstance(module, str) else None


def _qualname(obj):
    try:
        name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    except Exception:
        return None
    return name if isinstance(name, str) else None


def _method_identity(value):
    """A hashable identity of the function behind a class attribute.

    Bound classmethods are new objects on every attribute access (and bound to
    each subclass); their function is the stable identity. Builtin classmethods
    (dict.fromkeys) bind per class too: their qualified name identifies them.
    The objects behind these keys are kept alive for the request.
    """
    if isinstance(value, types.MethodType):
        value = value.__func__
    if isinstance(value, types.FunctionType) and value.__defaults__ is None and value.__kwdefaults__ is None:
        # Closures made per attribute access (sympy's FunctionClass.xreplace)
        # share their code; without defaults their descriptions are equal.
        doc = value.__doc__ if isinstance(value.__doc__, str) else None
        return ("code", id(value.__code__), value.__qualname__, doc)
    if isinstance(value, types.BuiltinMethodType) and isinstance(getattr(value, "__self__", None), type):
        qualname = _qualname(value)
        if qualname and "." in qualname:
            return ("builtin-classmethod", _object_module(value), qualname)
    return id(value)


def _method_owner(value, owner):
    """(class name used for stub lookup, module that defines the method)."""
    target = getattr(value, "__func__", value)
    objclass = getattr(target, "__objclass__", None)
    if isinstance(objclass, type):
        return objclass.__name__, objclass.__module__
    qualname = _qualname(target) or ""
    module = _object_module(target)
    if "." in qualname and module:
        return qualname.split(".")[-2], module
    return owner.__name__, getattr(owner, "__module__", None) or module


def _method_qualname(value, owner, name):
    target = getattr(value, "__func__", value)
    qualname = _qualname(target)
    if qualname and "." in qualname and not isinstance(target, type):
        return qualname
    if owner is not None:
        return "%s.%s" % (owner.__qualname__, name)
    return qualname or name


def _class_members(cls, scope, limit):
    """Callable members (methods), protocol dunders and non-callable attributes of a class.

    One pass over dir(cls) reads each attribute once: the callable ones are
    the methods (in scope "all"), the others the attributes; names starting
    with "__" are neither, except __init__ (a method) and the protocol
    dunders (listed by name only).
    """
    try:
        all_names = _class_dir(cls)
    except Exception:
        all_names = sorted(cls.__dict__.keys())
    if scope != "defined" and set(map(type, all_names)) <= _STR_TYPE:
        members = _all_members(cls, all_names, limit)
        if members is not None:
            return members
    dunders = []
    attributes = []
    pairs = []
    exceeded = False
    collect = scope != "defined"
    for name in all_names:
        if name.startswith("__"):
            if name != "__init__":
                if collect and name in PROTOCOL_DUNDERS:
                    dunders.append(name)
                continue
            if not collect or exceeded:
                continue
        try:
            value = getattr(cls, name)
        except Exception:
            continue
        if callable(value):
            if collect and not exceeded:
                pairs.append((name, value))
                exceeded = limit is not None and len(pairs) > limit
        elif name[:2] != "__":
            attributes.append(name)
    if not collect or exceeded:
        del dunders[:]
        pairs = _defined_members(cls, dunders)
        return pairs, dunders, exceeded, "defined", attributes
    return pairs, dunders, False, "all", attributes


_FIRST = operator.itemgetter(0)
_SECOND = operator.itemgetter(1)
_STR_TYPE = frozenset([str])
_MISSING = object()  # a sentinel (not callable)


def _all_members(cls, names, limit):
    """_class_members(cls, "all", limit) for names, dir(cls)'s sorted str
    names, with the per-name steps taken by C loops (map, filter,
    itertools.compress) instead of a Python loop: sympy's 386 classes have
    45,000 names. The names that start with "__" are one slice of the
    sorted list; of them only __init__ is read. getattr is called once per
    read name, in order, as the loop calls it; one that raises is skipped.
    None (the caller's loop decides) when the limit could be exceeded.
    TestFastPathsMatchReferences compares it with the former loop.
    """
    low = bisect.bisect_left(names, "__")
    high = bisect.bisect_left(names, "_`", low)  # "`" follows "_"
    block = names[low:high]
    inits = list(filter("__init__".__eq__, block))
    read = names[:low] + inits + names[high:]
    if limit is not None and len(read) > limit:
        return None
    values = []
    missed = False
    fetch = map(getattr, itertools.repeat(cls), read)
    while True:
        # list.extend keeps what it appended before an exception, and map
        # goes on with the next name.
        try:
            values.extend(fetch)
            break
        except Exception:
            values.append(_MISSING)
            missed = True
    flags = list(map(callable, values))
    pairs = list(itertools.compress(zip(read, values), flags))
    if missed:
        attributes = [name for name, value, flag in zip(read, values, flags)
                      if not flag and value is not _MISSING and name[:2] != "__"]
    else:
        attributes = list(itertools.compress(read, map(operator.not_, flags)))
        if inits and "__init__" in attributes:  # not callable: neither a method nor an attribute
            attributes = [name for name in attributes if name != "__init__"]
    return pairs, list(filter(PROTOCOL_DUNDERS.__contains__, block)), False, "all", attributes


def _class_dir(cls):
    """dir(cls): type.__dir__ merges the __dict__ of the class and of its
    bases, recursively along __bases__ (shared bases again each time: on
    sympy's mixin hierarchies that is a third of the cost); the ancestors
    are the classes of the MRO, each merged once here. A metaclass with its
    own __dir__ or mro() is asked as dir() would."""
    meta = type(cls)
    if getattr(meta, "__dir__", None) is not type.__dir__ or getattr(meta, "mro", None) is not type.mro:
        return dir(cls)
    names = set()
    for klass in cls.__mro__:
        names.update(klass.__dict__)
    return sorted(names)


def _defined_members(cls, dunders):
    """The class's own callable members plus __init__, in name order."""
    names = set(cls.__dict__.keys())
    if "__init__" not in cls.__dict__ and hasattr(cls, "__init__"):
        names.add("__init__")
    pairs = []
    for name in sorted(names):
        if name.startswith("__") and name != "__init__":
            if name in PROTOCOL_DUNDERS:
                dunders.append(name)
            continue
        try:
            value = getattr(cls, name)
        except Exception:
            continue
        if callable(value):
            pairs.append((name, value))
    return pairs


# ---------------------------------------------------------------------------
# Namespaces (module mode)
# ---------------------------------------------------------------------------

def module_doc_fields(module, stub):
    doc = runtime_doc(module)
    if doc:
        return doc, "runtime", None
    if stub is not None and stub.docstring:
        return _clean_doc(stub.docstring), "stub", None
    return "", "empty", "docstring missing"


def introspect_namespace(ctx, module_name, namespace):
    try:
        module = IMPORTER.load(module_name)
    except ImportFailure as failure:
        ctx.provenance.incomplete = True
        return {"error": "Failed to import module '%s': %s: %s" % (module_name, failure.exception, failure.detail)}
    ctx.provenance.add_module(module_name, module)
    stub = ctx.stub_for(module_name)
    doc, doc_source, missing = module_doc_fields(module, stub)
    ns = {"functions": [], "classes": [], "attributes": []}
    if doc:
        ns["docstring"] = doc
    ns["doc_source"] = doc_source
    ns["doc_missing_reason"] = missing
    ns["file"] = getattr(module, "__file__", None)
    issues = []
    try:
        exported = getattr(module, "__all__", None)
    except Exception:
        exported = None
    if exported is not None:
        try:
            exported = [str(n) for n in exported]
        except Exception:
            exported = None
    exported_set = set(exported) if exported is not None else None
    seen = set()

    def add(name, obj):
        seen.add(name)
        if inspect.isclass(obj):
            ns["classes"].append(ctx.class_info(name, obj, module_name, stub))
        elif inspect.isfunction(obj) or inspect.isbuiltin(obj) or callable(obj):
            ns["functions"].append(ctx.function_info(name, obj, module_name, stub))
        elif not inspect.ismodule(obj):
            ns["attributes"].append(ctx.attribute_info(name, obj, module_name))

    try:
        names = sorted(dir(module))
    except Exception:
        names = sorted(vars(module))
    for name in names:
        if name.startswith("_") or (exported_set is not None and name not in exported_set):
            continue
        try:
            obj = getattr(module, name)
        except Exception:
            continue
        if exported_set is None and not _belongs(obj, module_name, namespace):
            continue
        try:
            add(name, obj)
        except Exception as exc:
            issues.append({"type": "introspect_member_failed", "member": name, "reason": str(exc)})
    for name in exported or ():
        if name in seen or name.startswith("_"):
            continue
        try:
            obj = getattr(module, name, None)
            if obj is None:
                continue
            add(name, obj)
        except Exception as exc:
            issues.append({"type": "lazy_import_failed", "member": name, "reason": str(exc)})
    if stub is not None and not stub.error:
        for name in stub.functions:
            if name not in seen and (exported_set is None or name in exported_set) and not name.startswith("_") \
                    and stub.functions.defines(name):
                seen.add(name)
                ns["functions"].append(ctx.function_info(name, None, module_name, stub))
        for name in stub.classes:
            if name not in seen and (exported_set is None or name in exported_set) and not name.startswith("_") \
                    and stub.classes.defines(name):
                seen.add(name)
                ns["classes"].append(ctx.class_info(name, None, module_name, stub))
    if issues:
        ns["issues"] = issues
    return ns


def _belongs(obj, module_name, namespace):
    try:
        owner = getattr(obj, "__module__", None)
    except Exception:
        return not namespace
    if isinstance(owner, str) and owner:
        return owner == module_name or owner.startswith(module_name + ".")
    return not namespace


def discover_submodules(module_name, module):
    issues = []
    paths = getattr(module, "__path__", None)
    if not paths:
        return [], issues
    found, seen = [], set()

    def onerror(name):
        exc = sys.exc_info()[1]
        issues.append({"type": "submodule_spec_failed", "module": name, "reason": "%s: %s" % (type(exc).__name__, exc)})

    import pkgutil
    try:
        walker = list(pkgutil.walk_packages(paths, prefix=module_name + ".", onerror=onerror))
    except Exception as exc:
        issues.append({"type": "submodule_spec_failed", "module": module_name, "reason": str(exc)})
        walker = []
    for _finder, name, _ispkg in walker:
        try:
            spec = importlib.util.find_spec(name)
        except Exception as exc:
            issues.append({"type": "submodule_spec_failed", "module": name, "reason": str(exc)})
            continue
        if spec is None:
            issues.append({"type": "submodule_spec_missing", "module": name})
            continue
        relative = name[len(module_name) + 1:]
        if relative and relative not in seen:
            seen.add(relative)
            found.append(relative)
    return found, issues


def _has_public_api(full_name, explicit_all):
    try:
        spec = importlib.util.find_spec(full_name)
    except Exception:
        return False
    if spec is None:
        return False
    origin = getattr(spec, "origin", None)
    if spec.submodule_search_locations:
        init = origin if origin and origin.endswith("__init__.py") else None
        return _defines_all(init) if explicit_all else True
    if origin and os.path.exists(origin):
        if origin.endswith((".py", ".pyi")):
            if explicit_all:
                return _defines_all(origin)
            has_all, public = _source_flags(origin)
            return has_all or public
        return not explicit_all
    return False


def _defines_all(path):
    """Whether the module source at path assigns __all__ at top level.

    Exactly _source_flags(path)[0], but without parsing a source that cannot
    name __all__: parsing every walked file of sympy took 24 of the 29 s of
    an explicit-mode run, and about one file in ten mentions __all__.
    """
    if not path:
        return False
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return False
    if not _may_name_all(data):
        return False
    return _source_flags(path, data)[0]


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _may_name_all(data):
    """False only when no identifier in the source bytes can be __all__.

    ast.Name.id is the NFKC form of the identifier as written, so non-ASCII
    spellings (e.g. fullwidth letters) can name __all__, and so can ASCII
    bytes under an encoding declaration such as utf-7. An NFKC result that
    is pure ASCII is the concatenation of the NFKC forms of its characters
    (no combining marks, nothing to compose), so normalising each non-ASCII
    character on its own finds every such spelling. Anything undecidable
    (unknown encoding, undecodable bytes) answers True: the parser decides.
    """
    if b"__all__" in data:
        return True
    first = data.find(b"\n")
    second = data.find(b"\n", first + 1) if first >= 0 else -1
    if data.isascii() and b"coding" not in (data if second < 0 else data[:second]):
        return False  # no encoding declaration: UTF-8, the bytes are the text
    import io
    import tokenize
    import unicodedata
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeError, ValueError):
        return True
    if "__all__" in text:
        return True
    mapped = _NON_ASCII.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return "__all__" in mapped


def _source_flags(path, data=None):
    """(defines __all__, defines public top-level functions/classes) by static parsing."""
    if not path:
        return False, False
    try:
        if data is None:
            with open(path, "rb") as handle:
                data = handle.read()
        tree = ast.parse(data)
    except (OSError, SyntaxError, ValueError):
        return False, False
    has_all = public = False
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            has_all = True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            public = True
    return has_all, public


def _expand(patterns, candidates):
    out = []
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            out.extend(c for c in candidates if fnmatch.fnmatchcase(c, pattern))
        else:
            out.append(pattern)
    return out


def select_submodules(module_name, module, opts, issues):
    chosen = [s for s in opts.get("submodules") or [] if s]
    if opts.get("exports_mode"):
        exported = getattr(module, "__all__", None)
        if exported is None:
            issues.append({"type": "exports_mode_no_all", "module": module_name,
                           "message": "exports_mode enabled but %s has no __all__; no submodules were auto-selected" % module_name})
        else:
            modules = set()
            for name in exported:
                if not isinstance(name, str) or not name or name.startswith("_"):
                    continue
                try:
                    obj = getattr(module, name, None)
                except Exception:
                    continue
                full = getattr(obj, "__name__", None) if inspect.ismodule(obj) else None
                if full and full.startswith(module_name + "."):
                    modules.add(full[len(module_name) + 1:])
            if modules:
                for name in sorted(modules):
                    if name not in chosen:
                        chosen.append(name)
                issues.append({"type": "exports_mode_modules", "module": module_name, "count": len(modules),
                               "message": "exports_mode selected %d exported submodule(s) from %s.__all__" % (len(modules), module_name)})
    elif opts.get("discover_submodules"):
        found, found_issues = discover_submodules(module_name, module)
        issues.extend(found_issues)
        for name in found:
            if name not in chosen:
                chosen.append(name)
    candidates = list(chosen)
    if opts.get("public_api") and chosen:
        explicit = opts.get("public_api_mode") in ("explicit_all", "explicit")
        before = len(chosen)
        chosen = [s for s in chosen if not any(p.startswith("_") for p in s.split("."))
                  and _has_public_api("%s.%s" % (module_name, s), explicit)]
        if before - len(chosen) > 0:
            issues.append({"type": "public_api_filter", "filtered_count": before - len(chosen),
                           "remaining_count": len(chosen),
                           "message": "Filtered %d internal modules, %d public API modules remaining" % (before - len(chosen), len(chosen))})
    depth = opts.get("module_depth")
    if depth and depth > 0:
        chosen = [s for s in chosen if len(s.split(".")) <= depth]
    excluded = set(_expand(opts.get("module_exclude") or [], candidates))
    chosen = [s for s in chosen if s not in excluded]
    for name in sorted(set(_expand(opts.get("module_include") or [], candidates))):
        if name not in chosen:
            chosen.append(name)
    return chosen


def introspect_module(ctx, module_name, opts):
    module = IMPORTER.load(module_name)  # ImportFailure propagates to the caller
    with COLLECTOR_PAUSE:
        return _describe_module(ctx, module_name, module, opts)


def _describe_module(ctx, module_name, module, opts):
    ctx.provenance.add_module(module_name, module)
    issues = []
    submodules = select_submodules(module_name, module, opts, issues)
    stub = ctx.stub_for(module_name)
    doc, doc_source, missing = module_doc_fields(module, stub)
    result = {"schema": SCHEMA, "module": module_name, "version": str(SCHEMA), "namespaces": {}, "methods": {},
              "issues": issues}
    if doc:
        result["docstring"] = doc
    result["doc_source"] = doc_source
    result["doc_missing_reason"] = missing
    version = _module_version(module)
    if version:
        result["module_version"] = version
    if getattr(module, "__file__", None):
        result["file"] = module.__file__
    dist = DISTS.for_module(module_name.split(".")[0], sys.modules.get(module_name.split(".")[0], module))
    result["distribution"] = {"name": dist["name"], "version": dist["version"]} if dist else None
    for namespace in [""] + submodules:
        full = module_name + "." + namespace if namespace else module_name
        ns = introspect_namespace(ctx, full, namespace)
        result["namespaces"][namespace] = ns
        if ns.get("error"):
            issues.append({"type": "import_error", "module": full, "reason": ns["error"]})
    for ns in result["namespaces"].values():
        mdoc = ns.get("docstring", "")
        for item in ns.get("functions", ()):
            _finish_doc(item, mdoc)
        for item in ns.get("classes", ()):
            _finish_doc(item, mdoc)
    result["methods"] = ctx.methods
    return result


def _module_version(module):
    try:
        version = getattr(module, "__version__", None)
    except Exception:
        return None
    if version is None or version == "":
        return None
    return version if isinstance(version, str) else str(version)


# ---------------------------------------------------------------------------
# Symbols, module docs, attribute probe
# ---------------------------------------------------------------------------

def introspect_symbols(ctx, module_name, symbols):
    module = IMPORTER.load(module_name)
    with COLLECTOR_PAUSE:
        return _describe_symbols(ctx, module_name, module, symbols)


def _describe_symbols(ctx, module_name, module, symbols):
    ctx.provenance.add_module(module_name, module)
    stub = ctx.stub_for(module_name)
    mdoc, _, _ = module_doc_fields(module, stub)
    out = []
    for name in symbols:
        try:
            obj = getattr(module, name, None)
        except Exception:
            obj = None
        try:
            if obj is None:
                if stub is not None and stub.classes.defines(name):
                    out.append(ctx.class_info(name, None, module_name, stub))
                elif stub is not None and stub.functions.defines(name):
                    out.append(ctx.function_info(name, None, module_name, stub))
                else:
                    out.append({"name": name, "error": "not_found"})
            elif inspect.isclass(obj):
                out.append(ctx.class_info(name, obj, module_name, stub))
            elif callable(obj):
                out.append(ctx.function_info(name, obj, module_name, stub))
            else:
                out.append(ctx.attribute_info(name, obj, module_name))
        except Exception as exc:
            out.append({"name": name, "error": "introspection_failed", "reason": "%s: %s" % (type(exc).__name__, exc)})
    for item in out:
        if "doc_source" in item:
            _finish_doc(item, mdoc)
    dist = DISTS.for_module(module_name.split(".")[0], sys.modules.get(module_name.split(".")[0], module))
    return {"schema": SCHEMA, "module": module_name, "module_docstring": mdoc, "symbols": out,
            "methods": ctx.methods,
            "distribution": {"name": dist["name"], "version": dist["version"]} if dist else None}


def introspect_module_docs(ctx, modules):
    out = []
    for name in modules:
        if not name:
            continue
        try:
            module = IMPORTER.load(name)
        except ImportFailure as failure:
            ctx.provenance.incomplete = True
            out.append({"module": name, "docstring": "", "doc_source": "error",
                        "doc_missing_reason": "Failed to import module '%s': %s" % (name, failure.detail)})
            continue
        ctx.provenance.add_module(name, module)
        doc, source, missing = module_doc_fields(module, ctx.stub_for(name))
        info = {"module": name, "docstring": doc, "doc_source": source, "doc_missing_reason": missing}
        version = _module_version(module)
        if version:
            info["module_version"] = version
        out.append(info)
    return {"schema": SCHEMA, "modules": out}


def introspect_attribute(ctx, module_name, attribute):
    module = IMPORTER.load(module_name)  # ImportFailure propagates to the caller
    ctx.provenance.add_module(module_name, module)
    try:
        value = getattr(module, attribute, None)
        if value is None:
            return {"schema": SCHEMA, "exists": False}
        return {
            "schema": SCHEMA,
            "exists": True,
            "is_class": inspect.isclass(value),
            "is_module": inspect.ismodule(value),
            "is_function": inspect.isfunction(value) or inspect.isbuiltin(value),
            "type_name": type(value).__name__,
        }
    except Exception as exc:
        ctx.provenance.incomplete = True
        return {"schema": SCHEMA, "error": str(exc)}


# ---------------------------------------------------------------------------
# Upstream shapes: --v21 (and --flat, v2.0) repeat full entries
# ---------------------------------------------------------------------------

_V21_FUNCTION_KEYS = ("name", "type", "callable", "module", "python_module", "parameters", "return_type",
                      "signature_available", "signature_source", "signature_detail", "signature_missing_reason",
                      "overload_count", "docstring", "doc_source", "doc_missing_reason")
_V21_CLASS_KEYS = ("name", "type", "python_module", "docstring", "doc_source", "doc_missing_reason", "methods",
                   "attributes", "dunder_methods", "methods_truncated", "method_scope")
_V21_METHOD_KEYS = ("name", "parameters", "docstring", "return_type", "signature_available", "signature_source",
                    "signature_detail", "signature_missing_reason", "doc_source", "doc_missing_reason",
                    "overload_count")


def _legacy_doc(item, module_doc):
    """Upstream repeats the module docstring on every object without its own."""
    if item["doc_source"] in ("module", "empty") and not item["docstring"]:
        if module_doc:
            return module_doc, "module", "runtime docstring missing"
        return "", "empty", "docstring missing"
    return item["docstring"], item["doc_source"], item["doc_missing_reason"]


def legacy_function(item, module_doc):
    out = {k: item.get(k) for k in _V21_FUNCTION_KEYS if k in item}
    if item.get("type") == "function":
        out["docstring"], out["doc_source"], out["doc_missing_reason"] = _legacy_doc(item, module_doc)
    return out


def legacy_class(item, methods, module_doc):
    out = {k: item[k] for k in _V21_CLASS_KEYS}
    out["docstring"], out["doc_source"], out["doc_missing_reason"] = _legacy_doc(item, module_doc)
    expanded = []
    for ref in item["methods"]:
        entry = methods[ref["ref"]]
        method = {k: entry.get(k) for k in _V21_METHOD_KEYS}
        method["name"] = ref["name"]
        method["docstring"], method["doc_source"], method["doc_missing_reason"] = _legacy_doc(entry, module_doc)
        expanded.append(method)
    out["methods"] = expanded
    return out


def legacy_namespace(ns, methods):
    if "error" in ns:
        return {"error": ns["error"]}
    mdoc = ns.get("docstring", "")
    out = {
        "functions": [legacy_function(f, mdoc) for f in ns["functions"]],
        "classes": [legacy_class(c, methods, mdoc) for c in ns["classes"]],
        "attributes": [legacy_function(a, mdoc) for a in ns["attributes"]],
    }
    for key in ("docstring", "doc_source", "doc_missing_reason", "issues"):
        if key in ns:
            out[key] = ns[key]
    return out


def to_v21(result):
    out = {"module": result["module"], "version": "2.1", "namespaces": {}, "issues": result["issues"]}
    for key in ("docstring", "doc_source", "doc_missing_reason", "module_version", "file"):
        if key in result:
            out[key] = result[key]
    for name, ns in result["namespaces"].items():
        out["namespaces"][name] = legacy_namespace(ns, result["methods"])
    return out


def to_v20(result):
    base = legacy_namespace(result["namespaces"][""], result["methods"])
    out = {"module": result["module"], "version": "2.0", "functions": base.get("functions", []),
           "classes": base.get("classes", []), "attributes": base.get("attributes", []),
           "issues": list(result["issues"]) + list(base.get("issues", []))}
    for key in ("docstring", "doc_source", "doc_missing_reason", "module_version", "file"):
        if key in result:
            out[key] = result[key]
    if "error" in base:
        out["error"] = base["error"]
    return out


def symbols_to_legacy(result):
    mdoc = result.get("module_docstring", "")
    out = []
    for item in result["symbols"]:
        if "error" in item:
            out.append(item)
        elif item["type"] == "class":
            out.append(legacy_class(item, result["methods"], mdoc))
        else:
            out.append(legacy_function(item, mdoc))
    return out


# ---------------------------------------------------------------------------
# Request execution (shared by the CLI and the worker)
# ---------------------------------------------------------------------------

class RequestError(Exception):
    """A request that cannot be served; kind names the Go-side error type."""

    def __init__(self, kind, message, data=None):
        super().__init__(message)
        self.kind = kind
        self.data = data or {}


def module_options(params):
    opts = params.get("options") or {}
    depth = opts.get("module_depth")
    return {
        "submodules": parse_list_arg(opts.get("submodules")),
        "discover_submodules": bool(opts.get("discover_submodules")),
        "public_api": bool(opts.get("public_api")),
        "public_api_mode": opts.get("public_api_mode") or "heuristic",
        "exports_mode": bool(opts.get("exports_mode")),
        "module_include": parse_list_arg(opts.get("module_include")),
        "module_exclude": parse_list_arg(opts.get("module_exclude")),
        "module_depth": int(depth) if depth else None,
    }


def execute(params):
    """Run one request; returns (result, context). ImportFailure propagates for module/symbols."""
    mode = params.get("mode") or "module"
    module_name = params.get("module") or ""
    fmt = params.get("format") or "schema3"
    ctx = Context(parse_config(params.get("config")))
    if mode == "attribute":
        result = introspect_attribute(ctx, module_name, str(params.get("attribute") or ""))
        if fmt != "schema3":
            result.pop("schema", None)
        return result, ctx
    if mode == "module_docs":
        result = introspect_module_docs(ctx, parse_list_arg(params.get("modules")))
        return (result["modules"] if fmt != "schema3" else result), ctx
    if not module_name:
        raise RequestError("protocol", "module name is required")
    if mode == "symbols":
        result = introspect_symbols(ctx, module_name, parse_list_arg(params.get("symbols")))
        return (symbols_to_legacy(result) if fmt != "schema3" else result), ctx
    if mode != "module":
        raise RequestError("protocol", "unknown mode %r" % mode)
    result = introspect_module(ctx, module_name, module_options(params))
    if fmt == "v21":
        return to_v21(result), ctx
    if fmt == "v20":
        return to_v20(result), ctx
    return result, ctx


def encode(value, indent=None):
    # ensure_ascii keeps lone surrogates (invalid UTF-8 in docstrings) encodable.
    # Documents are trees built here (shared parts, never cycles): the
    # encoder's cycle bookkeeping was 15 % of encoding sympy's document.
    if indent:
        return json.dumps(value, indent=indent, default=_json_default, check_circular=False)
    return json.dumps(value, separators=(",", ":"), default=_json_default, check_circular=False)


def encode_chunks(value):
    """The compact encoding of value as a list of pieces: "".join of them
    is encode(value).

    The one-shot script writes them in batches instead of joining them and
    copying the result to bytes. Fresh memory is what encoding costs in a
    new process (a page fault is 7-14 us on the development machine): in
    one call the C encoder keeps up to 100,000 small strings before joining
    them, and on sympy's 6.6 MiB document that took ~6,500 faults (25 MiB;
    90-120 ms, against 40 ms warm). Encoded a record at a time (a class, a
    method entry: _encode_into), each record's small strings reuse the
    memory the previous one freed: ~2,000 faults, the pieces themselves.
    TestFastPathsMatchReferences compares the pieces with json.dumps.
    """
    encoder = _c_encoder()
    if encoder is None:  # an interpreter without json's C accelerator
        return [encode(value)]
    out = []
    _encode_into(out, value, 0, encoder, {})
    return out


def _c_encoder():
    """json's C encoder configured as encode() configures it, or None."""
    make = getattr(json.encoder, "c_make_encoder", None)
    escape = getattr(json.encoder, "c_encode_basestring_ascii", None)
    if make is None or escape is None:
        return None
    # JSONEncoder.iterencode's call for (separators=(",", ":"), check_circular=False).
    return make(None, _json_default, escape, None, ":", ",", False, False, True)


def _encode_into(out, value, depth, encoder, shared):
    """Appends encode(value) to out in pieces: the document's top two levels
    (its namespaces, the methods table), namespaces (dicts with "classes" or
    "functions": a symbols document's methods table and other records are
    not asked for more than that), below them long lists (a namespace's
    classes and functions) and, in those, records with a long "methods"
    list (classes) are taken apart; everything else is one call of the C
    encoder. Only exact dicts with str keys and exact lists are taken
    apart (the encoder writes them "{" key ":" value "," ... "}" and
    "[" value "," ... "]"); where the pieces end changes nothing else.
    shared: id -> encoding of the method items met so far (_encode_items)."""
    kind = type(value)
    if kind is dict and value and (depth < 2 or (depth == 2 and ("classes" in value or "functions" in value))) \
            and all(type(k) is str for k in value):
        escape = json.encoder.c_encode_basestring_ascii
        sep = "{"
        for key, item in value.items():
            out.append(sep + escape(key) + ":")
            sep = ","
            _encode_into(out, item, depth + 1, encoder, shared)
        out.append("}")
    elif kind is list and value and depth < 4 and (depth < 2 or len(value) >= 32):
        sep = "["
        for item in value:
            out.append(sep)
            sep = ","
            _encode_into(out, item, depth + 1, encoder, shared)
        out.append("]")
    elif kind is dict and depth == 4 and type(value.get("methods")) is list and len(value["methods"]) >= 32 \
            and all(type(k) is str for k in value):
        escape = json.encoder.c_encode_basestring_ascii
        pieces = []
        for key, item in value.items():
            pieces.append(escape(key))
            pieces.append(":")
            if key == "methods":  # a list: the branch's condition
                pieces.append(_encode_items(item, encoder, shared))
            else:
                pieces.extend(encoder(item, 0))
            pieces.append(",")
        pieces[-1] = "}"
        out.append("{" + "".join(pieces))
    else:
        out.append("".join(encoder(value, 0)))


def _encode_items(items, encoder, shared):
    """The encoding of a list whose items are mostly objects met before:
    a class's {"name", "ref"} items are shared between the classes that
    inherit a method (sympy: 45,000 items, 3,600 distinct). Each distinct
    item is encoded once (by id: the document keeps it alive) and the list
    is joined by C loops: the classes' method lists took 12.5 ms of the
    encoder's time, 3 ms so."""
    encoded = list(map(shared.get, map(id, items)))
    index = -1
    for _ in range(encoded.count(None)):
        index = encoded.index(None, index + 1)
        item = items[index]
        text = shared.get(id(item))
        if text is None:
            text = shared[id(item)] = "".join(encoder(item, 0))
        encoded[index] = text
    return "[" + ",".join(encoded) + "]"


def _json_default(value):
    return _safe_repr(value)


# ---------------------------------------------------------------------------
# Command line (one-shot)
# ---------------------------------------------------------------------------

def build_parser():
    import argparse
    parser = argparse.ArgumentParser(prog="introspect.py", description="Introspect Python modules for snakebridge-lsp")
    parser.add_argument("module", nargs="?", help="module to introspect")
    parser.add_argument("--module", dest="module_flag", help="module to introspect")
    parser.add_argument("--submodules", default=None, help="comma-separated submodules to introspect")
    parser.add_argument("--symbols", default=None, help="JSON array or comma-separated symbols")
    parser.add_argument("--module-docs", default=None, help="JSON array or comma-separated modules")
    parser.add_argument("--attribute", default=None, help="probe one attribute of the module")
    parser.add_argument("--config", default=None, help="JSON signature/stub configuration")
    parser.add_argument("--discover-submodules", action="store_true")
    parser.add_argument("--flat", action="store_true", help="upstream v2.0 flat shape")
    parser.add_argument("--v21", action="store_true", help="upstream v2.1 shape (full method entries)")
    parser.add_argument("--public-api", action="store_true")
    parser.add_argument("--exports-mode", action="store_true")
    parser.add_argument("--public-api-mode", choices=["heuristic", "explicit_all"], default="heuristic")
    parser.add_argument("--module-include", default=None)
    parser.add_argument("--module-exclude", default=None)
    parser.add_argument("--module-depth", type=int, default=None)
    parser.add_argument("--serve", action="store_true", help="run as a JSON-RPC worker")
    parser.add_argument("--rpc-in", type=int, default=None, help="worker: request pipe fd")
    parser.add_argument("--rpc-out", type=int, default=None, help="worker: response pipe fd")
    parser.add_argument("--threads", type=int, default=4, help="worker: request threads")
    parser.add_argument("--max-result-bytes", type=int, default=None,
                        help="default 64 MiB; 256 MiB for --v21/--flat, whose full repeated entries"
                             " make sympy's document 76 MiB")
    parser.add_argument("--max-capture-bytes", type=int, default=1 << 20)
    parser.add_argument("--max-memory-bytes", type=int, default=0,
                        help="cap the address space (RLIMIT_AS) before importing anything; 0: no cap")
    parser.add_argument("--drop-env", default=None,
                        help="comma-separated environment variables to remove before importing anything"
                             " (set by the caller for this process only)")
    return parser


# What build_parser's options leave in the namespace when absent, and how
# the few the Go client sends are read: _quick_args parses its argument
# lists without argparse, whose import and first parser cost numpy's
# introspection ~15 ms (argparse, gettext, shutil with bz2 and lzma: numpy
# imports none of them). TestFastPathsMatchReferences checks this table
# against build_parser and the answers against parse_args.
_CLI_DEFAULTS = {
    "module": None, "module_flag": None, "submodules": None, "symbols": None, "module_docs": None,
    "attribute": None, "config": None, "discover_submodules": False, "flat": False, "v21": False,
    "public_api": False, "exports_mode": False, "public_api_mode": "heuristic", "module_include": None,
    "module_exclude": None, "module_depth": None, "serve": False, "rpc_in": None, "rpc_out": None,
    "threads": 4, "max_result_bytes": None, "max_capture_bytes": 1 << 20, "max_memory_bytes": 0,
    "drop_env": None,
}
_CLI_SWITCHES = {"--discover-submodules": "discover_submodules", "--flat": "flat", "--v21": "v21",
                 "--public-api": "public_api", "--exports-mode": "exports_mode", "--serve": "serve"}
_CLI_VALUES = {"--module": "module_flag", "--submodules": "submodules", "--symbols": "symbols",
               "--module-docs": "module_docs", "--attribute": "attribute", "--config": "config",
               "--public-api-mode": "public_api_mode", "--module-include": "module_include",
               "--module-exclude": "module_exclude", "--module-depth": "module_depth", "--rpc-in": "rpc_in",
               "--rpc-out": "rpc_out", "--threads": "threads", "--max-result-bytes": "max_result_bytes",
               "--max-capture-bytes": "max_capture_bytes", "--max-memory-bytes": "max_memory_bytes",
               "--drop-env": "drop_env"}
_CLI_INTS = frozenset(["module_depth", "rpc_in", "rpc_out", "threads", "max_result_bytes",
                       "max_capture_bytes", "max_memory_bytes"])
_CLI_CHOICES = {"public_api_mode": ("heuristic", "explicit_all")}


def _quick_args(argv):
    """build_parser().parse_args(argv) for argument lists made only of exact
    option names, each value a separate word not starting with "-" (what the
    Go client sends); None for anything else (a positional module, --help,
    abbreviations, --x=y, a bad value), which argparse then answers."""
    values = dict(_CLI_DEFAULTS)
    index = 0
    while index < len(argv):
        word = argv[index]
        dest = _CLI_SWITCHES.get(word)
        if dest is not None:
            values[dest] = True
            index += 1
            continue
        dest = _CLI_VALUES.get(word)
        if dest is None or index + 1 >= len(argv) or argv[index + 1].startswith("-"):
            return None
        value = argv[index + 1]
        if dest in _CLI_INTS:
            try:
                value = int(value)  # what type=int does
            except ValueError:
                return None
        elif dest in _CLI_CHOICES and value not in _CLI_CHOICES[dest]:
            return None
        values[dest] = value
        index += 2
    return types.SimpleNamespace(**values)


def _usage_error(message):
    build_parser().error(message)  # argparse's usage line and exit status 2


def _cli_params(args, module_name):
    if args.attribute:
        mode = "attribute"
    elif args.module_docs:
        mode = "module_docs"
    elif args.symbols:
        mode = "symbols"
    else:
        mode = "module"
    fmt = "v20" if args.flat else ("v21" if args.v21 else "schema3")
    return {
        "mode": mode,
        "module": module_name,
        "format": fmt,
        "symbols": parse_list_arg(args.symbols),
        "modules": parse_list_arg(args.module_docs),
        "attribute": args.attribute,
        "config": args.config,
        "options": {
            "submodules": parse_list_arg(args.submodules),
            "discover_submodules": args.discover_submodules,
            "public_api": args.public_api,
            "public_api_mode": args.public_api_mode,
            "exports_mode": args.exports_mode,
            "module_include": parse_list_arg(args.module_include),
            "module_exclude": parse_list_arg(args.module_exclude),
            "module_depth": args.module_depth,
        },
    }


def _default_result_bytes(legacy):
    """The document size limit when --max-result-bytes is not given.

    Upstream's shapes repeat every inherited method in full (sympy's v2.1
    document is 76 MiB, 6.6 MiB in schema 3); upstream sets no limit.
    """
    return (256 << 20) if legacy else (64 << 20)


def run_cli(args):
    module_name = args.module_flag or args.module
    if not module_name:
        _usage_error("module name is required")
    # Anything imported code writes to fd 1 lands on stderr; the document
    # goes to a private duplicate of the original stdout.
    out_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    import faulthandler
    faulthandler.enable()  # a crash in imported code leaves a readable dump
    become_subreaper()
    COLLECTOR_PAUSE.hold()
    params = _cli_params(args, module_name or "")
    legacy = params["format"] != "schema3"
    spool = None
    try:
        result, ctx = execute(params)
        if not legacy and isinstance(result, dict):
            result["producer"] = {"python": python_info(), "packages": ctx.provenance.packages()}
            result["provenance"] = ctx.provenance.as_json()
        indent = 2 if (legacy and params["mode"] == "module") else None
        spool = None if indent else _spool_encode(result)
        if spool is not None:
            chunks = None
            size = spool.chars
        else:
            chunks = [encode(result, indent)] if indent else encode_chunks(result)
            size = sum(map(len, chunks))  # characters, bytes too: the encoding is ASCII (ensure_ascii)
        limit = args.max_result_bytes if args.max_result_bytes is not None else _default_result_bytes(legacy)
        if size > limit:
            if spool is not None:
                spool.close()
                spool = None
            chunks = [encode({"schema": SCHEMA, "error": "result of %d bytes exceeds the %d-byte limit" % (
                size, limit), "error_kind": "protocol", "module": module_name})]
    except ImportFailure as failure:
        error = failure.as_json(with_type=params["mode"] != "symbols" and not legacy)
        if legacy:
            if params["mode"] == "module":
                error = {"error": error["error"], "module": module_name}
            elif params["mode"] == "attribute":
                error = {"error": failure.detail}
            else:
                error = {"error": error["error"]}
        else:
            error["schema"] = SCHEMA
        chunks = [encode(error)]
    except Exception as exc:
        sys.stderr.write("%s: %s\n" % (type(exc).__name__, exc))
        sys.stderr.flush()
        return 1
    if spool is not None:
        spool.send(out_fd)
        chunks = ()
    # In batches of ~64 KiB: each batch's bytes reuse the previous one's memory.
    batch, batch_size = [], 0
    for chunk in chunks:
        batch.append(chunk)
        batch_size += len(chunk)
        if batch_size >= 1 << 16:
            _write_all(out_fd, "".join(batch).encode("utf-8", "surrogatepass"))
            batch, batch_size = [], 0
    batch.append("\n")
    _write_all(out_fd, "".join(batch).encode("utf-8", "surrogatepass"))
    os.close(out_fd)
    # Tearing down large imported libraries (sympy) costs tens of
    # milliseconds and can only run more of their code; nothing is pending.
    sys.stderr.flush()
    reap_descendants()
    os._exit(0)


def _spool_encode(value):
    """encode(value) written to an anonymous in-memory file (a
    memfd), a ~64 KiB batch at a time as _encode_into makes the pieces;
    None where there is no memfd. The one-shot script must know the
    document's size before it writes a byte of it (an oversized result is
    replaced by an error), so the pieces were all kept until the end: on
    sympy's 6.9 MB document, 1,800 page faults of fresh memory (~25 ms on
    this VM, against ~3 ms for the kernel to take the same bytes into a
    memfd), and the batches now reuse the memory of the previous ones.
    None too when the file cannot take the bytes.
    """
    create = getattr(os, "memfd_create", None)
    if create is None:
        return None
    try:
        fd = create("snakebridge-document", getattr(os, "MFD_CLOEXEC", 0))
    except OSError:
        return None
    spool = _Spool(fd)
    try:
        encoder = _c_encoder()
        if encoder is None:
            spool.append(encode(value))
        else:
            _encode_into(spool, value, 0, encoder, {})
        spool.flush()
    except OSError:
        # Only writing to the file raises it (the default hook catches
        # everything): a file size limit (ulimit -f), a full tmpfs quota.
        # The caller encodes again, in memory.
        spool.close()
        return None
    except BaseException:
        spool.close()
        raise
    return spool


class _Spool:
    """The sink of _spool_encode: pieces in, ~64 KiB batches out to fd.
    chars counts the characters written (bytes too: the encoding is ASCII)."""

    def __init__(self, fd):
        self.fd = fd
        self.chars = 0
        self._written = 0
        self._batch = []
        self._size = 0

    def append(self, piece):
        self._batch.append(piece)
        self._size += len(piece)
        if self._size >= 1 << 16:
            self.flush()

    def flush(self):
        if self._batch:
            text = "".join(self._batch)
            self._batch, self._size = [], 0
            data = text.encode("utf-8", "surrogatepass")
            _write_all(self.fd, data)
            self.chars += len(text)
            self._written += len(data)

    def __len__(self):
        return self._written

    def send(self, out_fd):
        """Copies what was written to out_fd (sendfile, else reads and writes), then closes."""
        try:
            self.copy_to(out_fd)
        finally:
            self.close()

    def copy_to(self, out_fd):
        """Copies what was written to out_fd (sendfile, else reads and
        writes). Reads at explicit offsets: threads may copy one spool
        at the same time (the worker's result cache)."""
        total, offset = self._written, 0
        try:
            while offset < total:
                sent = os.sendfile(out_fd, self.fd, offset, total - offset)
                if not sent:
                    break
                offset += sent
        except OSError:
            pass  # a kernel or an output sendfile refuses: the same bytes by read and write
        for data in self._chunks(offset):
            _write_all(out_fd, data)

    def hash_into(self, digest):
        """digest.update() with what was written, 64 KiB at a time."""
        for data in self._chunks(0):
            digest.update(data)

    def _chunks(self, offset):
        total = self._written
        while offset < total:
            data = os.pread(self.fd, min(1 << 16, total - offset), offset)
            if not data:
                raise OSError("the document's in-memory file ended early")
            yield data
            offset += len(data)

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    # A spool the worker's result cache evicted is closed when the last
    # response that sends it is written, not while it is being written.
    __del__ = close


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


# ---------------------------------------------------------------------------
# Worker: newline-delimited JSON-RPC on dedicated pipe fds
# ---------------------------------------------------------------------------

class OutputCapture:
    """Stray output of imported code, attributed to the requests running when it was written.

    At most `cap` characters are retained at a time; the excess is counted and
    reported as dropped.
    """

    def __init__(self, cap, idle_sink):
        self._lock = threading.Lock()
        self._chunks = collections.deque()  # (absolute offset, text)
        self._end = 0
        self._kept = 0
        self._dropped = 0
        self._active = {}
        self._cap = cap
        self._idle_sink = idle_sink

    def write(self, text):
        if not text:
            return
        with self._lock:
            if not self._active:
                idle = True
            else:
                idle = False
                room = self._cap - self._kept
                if len(text) > room:
                    self._dropped += len(text) - max(room, 0)
                    text = text[:max(room, 0)]
                if text:
                    self._chunks.append((self._end, text))
                    self._end += len(text)
                    self._kept += len(text)
        if idle:
            self._idle_sink(text)

    def begin(self, token):
        with self._lock:
            self._active[token] = (self._end, self._dropped)

    def finish(self, token):
        with self._lock:
            start, dropped_before = self._active.pop(token, (self._end, self._dropped))
            parts = []
            for offset, text in self._chunks:
                if offset + len(text) <= start:
                    continue
                parts.append(text[max(0, start - offset):])
            dropped = self._dropped - dropped_before
            keep_from = min((s for s, _ in self._active.values()), default=self._end)
            while self._chunks and self._chunks[0][0] + len(self._chunks[0][1]) <= keep_from:
                self._kept -= len(self._chunks.popleft()[1])
        text = "".join(parts)
        warnings = []
        if text.strip():
            warnings.append("output while importing/introspecting: " + text)
        if dropped:
            warnings.append("%d characters of further output dropped (capture limit %d)" % (dropped, self._cap))
        return warnings


class CaptureStream:
    """sys.stdout / sys.stderr replacement feeding an OutputCapture."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, capture, fd):
        self._capture = capture
        self._fd = fd
        self.buffer = _CaptureBuffer(capture)

    def write(self, text):
        if not isinstance(text, str):
            text = str(text)
        self._capture.write(text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        return self._fd

    def readable(self):
        return False

    def writable(self):
        return True

    @property
    def closed(self):
        return False


class _CaptureBuffer:
    def __init__(self, capture):
        self._capture = capture

    def write(self, data):
        self._capture.write(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def flush(self):
        pass


class FdCapture:
    """Output written to fds 1 and 2 directly (C code, os.write) via a pipe."""

    def __init__(self, capture):
        self._capture = capture
        self._lock = threading.Lock()
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        read_fd, write_fd = os.pipe()
        try:
            import fcntl
            fcntl.fcntl(read_fd, 1031, 1 << 20)  # F_SETPIPE_SZ: room for bursts while the GIL is busy
        except Exception:
            pass
        os.set_blocking(read_fd, False)
        os.dup2(write_fd, 1)
        os.dup2(write_fd, 2)
        os.close(write_fd)
        self._read_fd = read_fd
        thread = threading.Thread(target=self._loop, name="fd-capture", daemon=True)
        thread.start()

    def _loop(self):
        import select
        while True:
            try:
                select.select([self._read_fd], [], [])
            except (OSError, ValueError):
                return
            self.drain()

    def drain(self):
        with self._lock:
            while True:
                try:
                    data = os.read(self._read_fd, 65536)
                except BlockingIOError:
                    return
                except OSError:
                    return
                if not data:
                    return
                self._capture.write(self._decoder.decode(data))


class Worker:
    def __init__(self, args):
        self.max_result = args.max_result_bytes if args.max_result_bytes is not None else _default_result_bytes(False)
        self.threads = max(1, args.threads)
        # Protocol fds among 0-2 (a hand-run worker) move out of the way of
        # the standard streams redirected below; os.dup makes them
        # non-inheritable, so programs imported code spawns do not hold them.
        self.out_fd = os.dup(args.rpc_out)
        self.in_fd = os.dup(args.rpc_in)
        for fd in {args.rpc_out, args.rpc_in} - {0, 1, 2}:
            os.close(fd)
        # Imported code can write to any descriptor of this process,
        # including the response pipe: every message carries an HMAC under
        # a per-process key (the first line of the request pipe, read before
        # anything is imported). Only the keyed hash states are kept, not
        # the key (docs/security.md says what that does and does not stop).
        self._mac = _message_mac(_read_key(self.in_fd))
        self._write_lock = threading.Lock()
        self._results = ResultCache(limit=32, max_bytes=256 << 20)
        self._diag = os.fdopen(os.dup(2), "w", buffering=1, errors="replace")
        import faulthandler
        faulthandler.enable(file=self._diag)
        self.capture = OutputCapture(args.max_capture_bytes, self._diag.write)
        self.fd_capture = FdCapture(self.capture)
        sys.stdout = CaptureStream(self.capture, 1)
        sys.stderr = CaptureStream(self.capture, 2)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        self.python = python_info()
        become_subreaper()

    def send(self, message):
        payload = encode(message).encode("utf-8", "surrogatepass")
        self._frame(self._mac(payload), (payload, b"\n"))

    def send_result(self, body, envelope):
        """Frames a response whose result is body (the encoded document:
        a spool or bytes) as
        {"result_bytes":N,"result":<body>,<the envelope's members>}: the
        client sizes its buffer from N and takes the result without
        scanning for its end. The document is hashed and copied from where
        it lies, never joined with the envelope in memory (on sympy's 6.9
        MB document those copies cost 60-80 ms of page faults)."""
        head = b'{"result_bytes":%d,"result":' % len(body)
        tail = b"," + encode(envelope)[1:].encode("utf-8", "surrogatepass")
        digest = self._mac.start()
        digest.update(head)
        if isinstance(body, bytes):
            digest.update(body)
        else:
            body.hash_into(digest)
        digest.update(tail)
        self._frame(self._mac.finish(digest), (head, body, tail + b"\n"))

    def _frame(self, mac, parts):
        """Writes one message, "<hex HMAC-SHA256> <json>\\n", from its parts
        (bytes, or a spool copied by the kernel)."""
        with self._write_lock:
            try:
                _write_all(self.out_fd, mac + b" ")
                for part in parts:
                    if isinstance(part, bytes):
                        _write_all(self.out_fd, part)
                    else:
                        part.copy_to(self.out_fd)
            except OSError as exc:
                # Imported code closed or replaced the response pipe: no
                # request can be answered any more. Exiting at once tells
                # the client so (instead of every request timing out).
                try:
                    self._diag.write("introspect.py: the response channel broke: %s\n" % exc)
                    self._diag.flush()
                except Exception:
                    pass
                reap_descendants()
                os._exit(EXIT_CHANNEL_BROKEN)

    def serve(self):
        """Requests are read by a thread and run on the main thread first
        (_RequestPool.serve_here): an import runs on the thread where
        `python -c "import x"` runs it, so a library that installs a signal
        handler when imported (signal.signal works on the main thread only)
        can be introspected; concurrent requests run on further threads."""
        pool = _RequestPool(self.threads, self.handle, caller_serves=True)
        self.send({"jsonrpc": "2.0", "method": "ready",
                   "params": {"protocol": PROTOCOL, "schema": SCHEMA, "pid": os.getpid(), "python": self.python,
                              "threads": self.threads}})
        threading.Thread(target=self._read_requests, args=(pool,), name="requests", daemon=True).start()
        pool.serve_here()

    def _read_requests(self, pool):
        with os.fdopen(self.in_fd, "rb", buffering=0) as raw:
            reader = _LineReader(raw)
            for line in reader:
                if not line.strip():
                    continue
                try:
                    message = json.loads(line)
                    if not isinstance(message, dict):
                        raise ValueError("request is not a JSON object")
                except ValueError as exc:
                    self.send(self.error_message(None, "protocol", "invalid request: %s" % exc, {}, []))
                    continue
                pool.submit(message)
        # EOF: the client closed the pipe (idle exit) or died. Hung imports
        # must not keep the process alive, nor what imported code started.
        self._diag.flush()
        reap_descendants()
        os._exit(0)

    def handle(self, message):
        request_id = message.get("id")
        token = object()
        self.capture.begin(token)
        try:
            if message.get("method") == "ping":
                body = {"jsonrpc": "2.0", "id": request_id, "result": {"pong": True}}
                warnings = self.finish(token)
                body["warnings"] = warnings
                body["producer"] = {"python": self.python, "packages": {}}
                self.send(body)
                return
            if message.get("method") != "introspect":
                raise RequestError("protocol", "unknown method %r" % message.get("method"))
            params = message.get("params") or {}
            if not isinstance(params, dict):
                raise RequestError("protocol", "params must be an object")
            # The description's pause lasts until its objects are freed,
            # after the response is sent (CollectorPause.deferred).
            leftovers = []
            with COLLECTOR_PAUSE.deferred():
                body, provenance, packages = self._results.get_or_compute(
                    params, lambda params: self.compute(params, leftovers))
                warnings = self.finish(token)
                self.send_result(body, {"jsonrpc": "2.0", "id": request_id, "warnings": warnings,
                                        "producer": {"python": self.python, "packages": packages},
                                        "provenance": provenance})
                del leftovers[:]
        except ImportFailure as failure:
            info = failure.as_json()
            if failure.infrastructure:
                info["retire"] = failure.infrastructure
            self.send(self.error_message(request_id, failure.kind, info["error"], info, self.finish(token)))
        except RequestError as err:
            self.send(self.error_message(request_id, err.kind, str(err), err.data, self.finish(token)))
        except BaseException as exc:  # report, never kill the worker
            import traceback
            detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-8000:]
            data = {"traceback": detail}
            infrastructure = infrastructure_failure(exc)
            if infrastructure:
                data["retire"] = infrastructure
            self.send(self.error_message(request_id, "introspection", "%s: %s" % (type(exc).__name__, exc),
                                         data, self.finish(token)))

    def finish(self, token):
        self.fd_capture.drain()
        return self.capture.finish(token)

    def compute(self, params, leftovers):
        """The encoded document (a spool where there is a memfd, else
        bytes), its provenance and packages. The document and the
        request's context go to leftovers, for the caller to free once the
        response is sent: freeing sympy's took 6.6 ms."""
        result, ctx = execute(params)
        leftovers.append((result, ctx))
        body = _spool_encode(result)
        if body is None:
            body = encode(result).encode("utf-8", "surrogatepass")
        provenance, packages = ctx.provenance.as_json(), ctx.provenance.packages()
        size = len(body)  # bytes, characters too: the encoding is ASCII
        if size > self.max_result:
            del body  # a spool is closed with its last reference
            raise RequestError("protocol", "result of %d bytes exceeds the %d-byte limit" % (size, self.max_result),
                               {"size": size, "limit": self.max_result})
        return body, provenance, packages

    def error_message(self, request_id, kind, message, data, warnings):
        data = dict(data or {})
        data["kind"] = kind
        return {"jsonrpc": "2.0", "id": request_id, "warnings": warnings,
                "producer": {"python": self.python, "packages": {}},
                "error": {"code": -32000 if kind != "protocol" else -32600, "message": message, "data": data}}


def _read_key(fd):
    """The hex key line that precedes the requests (read exactly, so that
    nothing of the first request is consumed)."""
    want, data = 65, b""
    while len(data) < want:
        chunk = os.read(fd, want - len(data))
        if not chunk:
            break
        data += chunk
    try:
        key = bytes.fromhex(data.decode("ascii").strip())
    except ValueError:
        key = b""
    if len(key) != 32 or not data.endswith(b"\n"):
        sys.stderr.write("introspect.py --serve: the request pipe must start with a 64-digit hex key line\n")
        os._exit(2)
    return key


def _message_mac(key):
    """HMAC-SHA256 (RFC 2104) by hand from two keyed hash states, so that
    the key itself is not kept."""
    import hashlib
    block = key.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
    del key, block
    return _MessageMAC(inner, outer)


class _MessageMAC:
    """mac(payload) is the hex HMAC of payload; a payload that comes in
    pieces is hashed with start(), update() on what it returns, finish()."""

    def __init__(self, inner, outer):
        self._inner, self._outer = inner, outer

    def __call__(self, payload):
        digest = self.start()
        digest.update(payload)
        return self.finish(digest)

    def start(self):
        return self._inner.copy()

    def finish(self, digest):
        o = self._outer.copy()
        o.update(digest.digest())
        return o.hexdigest().encode("ascii")


def become_subreaper():
    """Linux: orphans of imported code (a daemon that forked twice and
    called setsid) become our children instead of init's, so that
    reap_descendants finds them."""
    if not sys.platform.startswith("linux"):
        return
    global _subreaper
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        _subreaper = libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except Exception:
        pass


# Whether become_subreaper succeeded.
_subreaper = False


def _children():
    """Our children (adopted orphans and zombies included, whichever of our
    threads forked them), or None where the kernel does not list them."""
    try:
        tasks = os.listdir("/proc/self/task")
        found = []
        for task in tasks:
            with open("/proc/self/task/%s/children" % task, "rb") as f:
                found.extend(f.read().split())
        return found
    except (OSError, ValueError):
        return None


def reap_descendants():
    """Kills what imported code left running: the members of our process
    group (only when we lead it: the Go side starts us in a new one; run by
    hand, the group is the caller's) and, on Linux, our children (adopted
    orphans included), with the group of each child that leads its own (a
    setsid daemon). Best effort: we are about to exit."""
    if not hasattr(os, "getpgrp"):
        return  # Windows: no process groups, no /proc
    if _subreaper and _children() == []:
        # A subreaper without a child has no descendant: an orphan becomes
        # our child, a child stays listed until reaped. Nothing to look
        # for in every process's /proc/<pid>/stat (4-10 ms with 73
        # processes, far more on a desktop).
        return
    import signal
    me, group = os.getpid(), os.getpgrp()
    if group != me:
        group = None
    try:
        entries = os.listdir("/proc")
    except OSError:
        entries = []
    for entry in entries:
        if not entry.isdigit() or int(entry) == me:
            continue
        pid = int(entry)
        try:
            with open("/proc/%s/stat" % entry, "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            ppid, pgid = int(fields[1]), int(fields[2])
        except (OSError, IndexError, ValueError):
            continue
        try:
            if ppid == me and pgid == pid:
                os.killpg(pgid, signal.SIGKILL)
            if ppid == me or (group is not None and pgid == group):
                os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def drop_environment(names):
    """Removes the variables the caller set for this process alone (the
    Go client's allocator setting, GLIBC_TUNABLES: read once, when the
    process started): imported code and the programs it starts see the
    environment the user gave."""
    for name in parse_list_arg(names):
        os.environ.pop(name, None)


def limit_memory(limit):
    """Caps the address space (RLIMIT_AS, soft and hard: imported code
    cannot raise it again unless privileged); 0 leaves it alone."""
    if limit <= 0:
        return
    try:
        import resource
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY and hard < limit:
            limit = hard
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


class _LineReader:
    """Unbuffered line iteration over a raw pipe."""

    def __init__(self, raw):
        self._raw = raw
        self._buffer = b""

    def __iter__(self):
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                line, self._buffer = self._buffer[:newline], self._buffer[newline + 1:]
                yield line
                continue
            chunk = self._raw.read(1 << 16)
            if not chunk:
                if self._buffer:
                    yield self._buffer
                return
            self._buffer += chunk


class _RequestPool:
    """Runs handle(message) on up to size threads, started as requests
    arrive while none is idle (as concurrent.futures.ThreadPoolExecutor
    would, whose import takes logging with it: ~10 ms of every worker's
    start, for libraries that never import it). With caller_serves, the
    thread that calls serve_here is the first of them."""

    def __init__(self, size, handle, caller_serves=False):
        self._size = size
        self._handle = handle
        self._queue = queue.SimpleQueue()
        # The caller's thread counts as started and idle from the outset,
        # even before it reaches serve_here.
        self._idle = threading.Semaphore(1 if caller_serves else 0)
        self._started = 1 if caller_serves else 0

    def serve_here(self):
        """Serves requests on the calling thread; never returns."""
        with_stack_room(self._run)

    def submit(self, message):
        """Called by one thread only (the worker's request reader)."""
        self._queue.put(message)
        if self._idle.acquire(blocking=False) or self._started >= self._size:
            return
        self._started += 1
        threading.Thread(target=with_stack_room, args=(self._run,), name="introspect_%d" % self._started,
                         daemon=True).start()

    def _run(self):
        while True:
            message = self._queue.get()
            try:
                self._handle(message)
            except BaseException:  # handle reports its own failures; the thread must outlive any
                pass
            self._idle.release()


class ResultCache:
    """Encoded results per request; concurrent identical requests compute once."""

    def __init__(self, limit, max_bytes):
        self._lock = threading.Lock()
        self._entries = collections.OrderedDict()
        self._pending = {}
        self._limit = limit
        self._max_bytes = max_bytes
        self._bytes = 0

    def get_or_compute(self, params, compute):
        if params.get("no_cache"):
            return compute(params)
        key = json.dumps(params, sort_keys=True, default=str)
        while True:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    return self._entries[key]
                waiter = self._pending.get(key)
                if waiter is None:
                    self._pending[key] = threading.Event()
                    break
            waiter.wait()
        try:
            value = compute(params)
        finally:
            with self._lock:
                self._pending.pop(key).set()
        with self._lock:
            self._entries[key] = value
            self._bytes += len(value[0])
            while self._entries and (len(self._entries) > self._limit or self._bytes > self._max_bytes):
                _, old = self._entries.popitem(last=False)
                self._bytes -= len(old[0])
        return value


def main():
    args = _quick_args(_ARGV[1:])
    if args is None:
        args = build_parser().parse_args(_ARGV[1:])
    drop_environment(args.drop_env)
    limit_memory(args.max_memory_bytes)
    if args.serve:
        if args.rpc_in is None or args.rpc_out is None:
            _usage_error("--serve needs --rpc-in and --rpc-out")
        Worker(args).serve()
        return 0
    return with_stack_room(run_cli, args)


if __name__ == "__main__":
    sys.exit(main())
