"""Checks introspect.py's fast paths against what they replace.

    python fastpaths.py <introspect.py> <check,check,...> [modules...]

Each check compares a cheaper equivalent with the reference it replaced,
on every object reachable from the named modules, and prints one line
"<check> ok <count>"; after all of them, the first mismatches and exit
status 1 if there were any. Used by fastpaths_test.go under every
interpreter at hand.
"""

import ast
import functools
import gc
import importlib
import importlib.util
import inspect
import json
import os
import re
import sys
import types

SCRIPT, CHECK, MODULES = sys.argv[1], sys.argv[2], sys.argv[3:]
spec = importlib.util.spec_from_file_location("introspect_under_test", SCRIPT)
ix = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ix)
for name in MODULES:
    importlib.import_module(name)

mismatches = []


def mismatch(*what):
    mismatches.append(" ".join(str(w) for w in what))


def reference_signature(obj):
    """What _runtime_signature read from inspect.signature before."""
    try:
        sig = inspect.signature(obj)
    except Exception:
        return None
    return [(p.name, p.kind.name, p.default, p.annotation) for p in sig.parameters.values()], sig.return_annotation


def same_parts(a, b):
    return (len(a[0]) == len(b[0]) and a[1] is b[1]
            and all(x[0] == y[0] and x[1] == y[1] and x[2] is y[2] and x[3] is y[3] for x, y in zip(a[0], b[0])))


def check_signatures():
    """_plain_signature answers exactly as inspect.signature, or declines."""
    functions = [o for o in gc.get_objects() if type(o) is types.FunctionType]

    def odd(a, b=1, *args, c, d=2, **kw):
        pass

    weird = [odd]
    # Hand-made states inspect treats specially: too many defaults, a
    # wrapper chain, an explicit signature, a text signature, renamed
    # arguments, a bound method whose first argument is keyword-only.
    extra_defaults = types.FunctionType(odd.__code__, {}, "extra")
    extra_defaults.__defaults__ = (1, 2, 3, 4)
    wrapped = types.FunctionType(odd.__code__, {}, "wrapped")
    wrapped.__wrapped__ = len
    signed = types.FunctionType(odd.__code__, {}, "signed")
    signed.__signature__ = inspect.Signature()
    texted = types.FunctionType(odd.__code__, {}, "texted")
    texted.__text_signature__ = "(x, y)"
    renamed = types.FunctionType(odd.__code__.replace(co_varnames=(".0",) + odd.__code__.co_varnames[1:]), {}, "renamed")
    keyword_first = eval("lambda *, k: k")

    class Partial:
        method = functools.partialmethod(odd, 1)

    weird += [extra_defaults, wrapped, signed, texted, renamed, keyword_first, (lambda *a: a), (lambda: 0),
              Partial.method, Partial().method]
    checked = 0
    for func in functions + weird:
        for obj in (func, types.MethodType(func, object())):
            got = ix._plain_signature(obj)
            if got is None:
                continue
            checked += 1
            want = reference_signature(obj)
            if want is None or not same_parts(got, want):
                mismatch("signature", obj, got, want)
    return checked


def check_text_signatures():
    """Signatures of builtin callables, parsed once per distinct text and
    dropped "$" parameter in a request, are what inspect gives for each
    object (inspect.signature, _signature_fromstr unbound), from both tiers
    that read them; every object is met twice, the second time from the
    memo."""
    kinds = tuple(ix._TEXT_SIGNATURE_TYPES)
    objects = [o for o in gc.get_objects() if type(o) in kinds]
    # Bound to an instance (method-wrapper, builtin method), to a class
    # (dict.fromkeys), to a module (len): each drops "$" differently.
    for sample in (1, 1.5, "s", b"b", bytearray(), [], {}, (), set(), frozenset(), object(), range(3), dict, sys):
        for name in dir(sample):
            try:
                value = getattr(sample, name)
            except Exception:
                continue
            if type(value) in kinds:
                objects.append(value)
    texts = {}
    checked = 0
    for obj in objects + objects:
        if not isinstance(getattr(obj, "__text_signature__", None), str):
            continue
        checked += 1
        got, want = ix._runtime_signature(obj, None, texts), ix._runtime_signature(obj, None)
        if got != want:
            mismatch("text_signatures runtime", repr(obj), got, want)
        got, want = ix._text_signature(obj, texts), ix._text_signature(obj)
        if got != want:
            mismatch("text_signatures text", repr(obj), got, want)
        for skip in (True, False):
            try:
                want = inspect.signature(obj) if skip else inspect._signature_fromstr(
                    inspect.Signature, obj, obj.__text_signature__, False)
            except Exception:
                continue
            got = ix._signature_from_text(obj, obj.__text_signature__, skip, texts)
            if [(p.name, p.kind, type(p.default), p.default, p.annotation) for p in got.parameters.values()] != \
                    [(p.name, p.kind, type(p.default), p.default, p.annotation) for p in want.parameters.values()]:
                mismatch("text_signatures", repr(obj), skip, got, want)
    return checked


def reference_location(obj):
    """function_location before plain functions skipped inspect.unwrap."""
    try:
        target = inspect.unwrap(obj) if callable(obj) else obj
    except Exception:
        target = obj
    target = getattr(target, "__func__", target)
    code = getattr(target, "__code__", None)
    if isinstance(code, types.CodeType):
        return code.co_filename, code.co_firstlineno
    return None, None


def check_locations():
    """function_location of every function (wrapped, or with a __func__
    attribute, included) is what unwrapping gave."""
    def inner():
        pass

    @functools.wraps(inner)
    def wrapper():
        pass

    def odd():
        pass

    odd.__func__ = len
    tagged = types.FunctionType(inner.__code__, {}, "tagged")
    tagged.note = 1
    functions = [o for o in gc.get_objects() if type(o) is types.FunctionType] + [wrapper, odd, tagged]
    for func in functions:
        if ix.function_location(func) != reference_location(func):
            mismatch("location", func, ix.function_location(func), reference_location(func))
    return len(functions)


def reference_class_lines(data):
    """SourceIndex's text scan before _class_lines."""
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    table, line, last = {}, 1, 0
    for match in ix._CLASS_RE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        table.setdefault(match.group(1), line)
    return table


CLASS_LINE_CASES = [
    b"class A:\n    class B:\n        pass\nclass A:\n",
    b"x = 1\n\tclass Tab: pass\n  \t class Mixed(object): pass\n",
    b"subclass Nope: pass\nmyclass = 1\nclass\tT: pass\nclassic = 2\nclass  Two : pass\n",
    b"\xef\xbb\xbfclass Bom: pass\nclass After: pass\n",
    b"s = '\xff\xfe'\nclass Bad: pass\n# class Comment\n\"\"\"\nclass InDoc\n\"\"\"\n",
    b"class Win:\r\n    pass\r\nclass Win2: pass\r\n",
    b"class Mac:\r    pass\rclass Mac2: pass\r",
    b"x = '\xc3\xa9'\nclass Utf8: pass\n\x0cclass FormFeed: pass\nclass \xc3\xa9t\xc3\xa9: pass\n",
    b"", b"class", b"class X", b"\nclass X",
]


def check_class_lines():
    """_class_lines finds what the text scan found, on every source file."""
    datas = list(CLASS_LINE_CASES)
    roots = {os.path.dirname(inspect.getfile(sys.modules[name])) for name in MODULES}
    for root in sorted(roots):
        for folder, _, files in os.walk(root):
            for name in sorted(files):
                if name.endswith(".py"):
                    with open(os.path.join(folder, name), "rb") as handle:
                        datas.append(handle.read())
    for data in datas:
        got, want = ix._class_lines(data), reference_class_lines(data)
        if got != want:
            mismatch("class lines", data[:60], sorted(set(got.items()) ^ set(want.items()))[:5])
        # In a reused buffer, what follows the text is not read.
        if ix._class_lines(bytearray(data) + b"Cut\nclass After: pass\r\n", len(data)) != want:
            mismatch("class lines in a buffer", data[:60])
    # SourceIndex reads every file into one buffer: short and long files,
    # in turn, answer as their own bytes.
    index = ix.SourceIndex()
    import tempfile
    work = tempfile.mkdtemp()
    for number, data in enumerate(sorted(datas[:40], key=len, reverse=True) + datas[:40]):
        path = os.path.join(work, "f%d.py" % number)
        with open(path, "wb") as handle:
            handle.write(data)
        want = reference_class_lines(data)
        index._files.clear()
        got = {name: index.class_line(path, name) for name in want}
        if got != want or index.class_line(path, "NotAClass") is not None:
            mismatch("class lines through SourceIndex", data[:60], got, want)
    if index.class_line(os.path.join(work, "missing.py"), "A") is not None:
        mismatch("class lines of a missing file")
    return len(datas)


def reference_class_members(cls, scope, limit):
    """_class_members before it read each attribute once."""
    dunders = []

    def include(name):
        if name.startswith("__") and name != "__init__":
            if name in ix.PROTOCOL_DUNDERS:
                dunders.append(name)
            return False
        return True

    def build(names, cap):
        pairs = []
        for name in names:
            if not include(name):
                continue
            try:
                value = getattr(cls, name)
            except Exception:
                continue
            if callable(value):
                pairs.append((name, value))
                if cap is not None and len(pairs) > cap:
                    return pairs, True
        return pairs, False

    def defined_names():
        names = set(cls.__dict__.keys())
        if "__init__" not in cls.__dict__ and hasattr(cls, "__init__"):
            names.add("__init__")
        return sorted(names)

    try:
        all_names = dir(cls)
    except Exception:
        all_names = sorted(cls.__dict__.keys())
    attributes = []
    for name in all_names:
        if name.startswith("__"):
            continue
        try:
            value = getattr(cls, name)
        except Exception:
            continue
        if not callable(value):
            attributes.append(name)
    if scope == "defined":
        pairs, _ = build(defined_names(), None)
        return pairs, dunders, False, "defined", attributes
    pairs, exceeded = build(all_names, limit)
    if exceeded:
        del dunders[:]
        pairs, _ = build(defined_names(), None)
        return pairs, dunders, True, "defined", attributes
    return pairs, dunders, False, "all", attributes


def comparable(members):
    pairs, dunders, truncated, scope, attributes = members
    return [(n, ix._method_identity(v)) for n, v in pairs], dunders, truncated, scope, attributes


class _Meta(type):
    @property
    def broken(cls):
        raise RuntimeError("a class attribute that fails")


class _Failing:
    """A descriptor that fails when read from the class too."""

    def __get__(self, obj, owner):
        raise RuntimeError("a class attribute that fails")


class _Odd(metaclass=_Meta):
    __init__ = 5  # not callable: neither a method nor an attribute
    __len__ = len
    __call__ = None
    value = 1
    a_failing = _Failing()  # before and after callable and plain attributes
    z_failing = _Failing()

    def method(self):
        pass


def check_class_members():
    """One pass over dir(cls) gives what the two passes gave, in every scope."""
    classes = [o for o in gc.get_objects() if isinstance(o, type)]
    for cls in classes:
        for scope, limit in (("all", 1000), ("all", 3), ("defined", 1000)):
            try:
                got = comparable(ix._class_members(cls, scope, limit))
                want = comparable(reference_class_members(cls, scope, limit))
            except Exception as exc:  # the reference must fail the same way
                got = want = type(exc).__name__
            if got != want:
                mismatch("class members", cls, scope, limit)
    return len(classes)


def reference_class_core(ctx, cls, module_name, stub):
    """Context._class_core before the items of pairs met in earlier classes
    were looked up in one C loop."""
    cached = ctx._class_cache.get(id(cls))
    if cached is not None and cached[0] is cls:
        return cached[1]
    pairs, dunders, truncated, scope, attributes = ix._class_members(
        cls, ctx.config["class_method_scope"], ctx.config["max_class_methods"])
    items = ctx._ref_items
    seen = ctx._refs_by_object
    methods = []
    for mname, value in pairs:
        known = seen.get(id(value))
        if known is not None and known[0] is value:
            key = known[1]
        else:
            key = ctx.method_ref(mname, value, cls, module_name, stub)
        item = items.get((mname, key))
        if item is None:
            item = items[(mname, key)] = {"name": mname, "ref": key}
        methods.append(item)
    core = {"methods": methods, "attributes": attributes, "dunder_methods": dunders,
            "methods_truncated": truncated, "method_scope": scope}
    ctx._class_cache[id(cls)] = (cls, core)
    return core


def check_class_core():
    """Classes described in one request (the modules' public classes, then
    every class alive, each twice) get the same records, methods table and
    shared method items as with the former per-pair loop."""
    classes = []
    for name in MODULES:
        module = sys.modules[name]
        classes += [getattr(module, n) for n in sorted(dir(module))
                    if not n.startswith("_") and isinstance(getattr(module, n, None), type)]
    classes += [o for o in gc.get_objects() if isinstance(o, type)]
    config = ix.parse_config("{}")
    got_ctx, want_ctx = ix.Context(config), ix.Context(config)
    want_ctx._class_core = functools.partial(reference_class_core, want_ctx)
    got, want = [], []
    for cls in classes + classes:
        for ctx, out in ((got_ctx, got), (want_ctx, want)):
            try:
                info = ctx.class_info(cls.__name__, cls, "m", None)
                out.append((info, [id(item) for item in info["methods"]]))
            except Exception as exc:
                out.append(type(exc).__name__)
    # Items are shared alike: the same positions hold the same object.
    def shape(records):
        firsts = {}
        return [[firsts.setdefault(i, len(firsts)) for i in r[1]] if isinstance(r, tuple) else r for r in records]
    if ix.encode([r[0] if isinstance(r, tuple) else r for r in got]) != \
            ix.encode([r[0] if isinstance(r, tuple) else r for r in want]):
        mismatch("class_core records")
    if ix.encode(got_ctx.methods) != ix.encode(want_ctx.methods):
        mismatch("class_core methods table")
    if shape(got) != shape(want):
        mismatch("class_core shared items")
    return len(classes)


def check_class_dir():
    """_class_dir(cls) is dir(cls), metaclasses with their own __dir__ included."""

    class DirMeta(type):
        def __dir__(cls):
            return ["z", "a"]

    class Listed(metaclass=DirMeta):
        pass

    class Diamond(_Odd, Listed.__mro__[-1]):
        pass

    classes = [o for o in gc.get_objects() if isinstance(o, type)]
    for cls in classes:
        try:
            got = ix._class_dir(cls)
        except Exception as exc:
            got = type(exc).__name__
        try:
            want = dir(cls)
        except Exception as exc:
            want = type(exc).__name__
        if got != want:
            mismatch("class dir", cls, got, want)
    return len(classes)


def check_collector():
    """The collector is off while describing and back on afterwards; a
    collector the caller switched off stays off."""
    seen = []
    real = ix.Context.class_info

    def spy(self, *args):
        seen.append(gc.isenabled())
        return real(self, *args)

    ix.Context.class_info = spy
    params = {"mode": "module", "module": "json", "format": "schema3", "options": {}}
    ix.execute(params)
    if not seen or any(seen) or not gc.isenabled():
        mismatch("collector during/after a request", seen[:3], gc.isenabled())
    gc.disable()
    ix.execute(params)
    if gc.isenabled():
        mismatch("the collector was switched on although the caller had switched it off")
    gc.enable()
    with ix.COLLECTOR_PAUSE:
        with ix.COLLECTOR_PAUSE:
            pass
        if gc.isenabled():
            mismatch("an inner pause switched the collector on")
    if not gc.isenabled():
        mismatch("nested pauses left the collector off")
    held = ix.CollectorPause()  # the one-shot script's: off from the first pause on
    held.hold()
    with held:
        pass
    if gc.isenabled():
        mismatch("a held pause switched the collector back on")
    gc.enable()
    # A worker's request: the description's pause ends with the deferred
    # block, after the encoding; the import before it runs as it was.
    seen.clear()
    real_load = ix.IMPORTER.load

    def load(name):
        if not any(isinstance(s, tuple) for s in seen):  # the request's (later ones are while describing)
            seen.append(("import", gc.isenabled()))
        return real_load(name)

    ix.IMPORTER.load = load
    try:
        with ix.COLLECTOR_PAUSE.deferred():
            ix.execute(params)
            seen.append(("after", gc.isenabled()))
            with ix.COLLECTOR_PAUSE:
                pass
            seen.append(("nested", gc.isenabled()))
        seen.append(("end", gc.isenabled()))
        try:
            with ix.COLLECTOR_PAUSE.deferred():
                with ix.COLLECTOR_PAUSE:
                    raise ValueError("a failed description")
        except ValueError:
            pass
        seen.append(("raised", gc.isenabled()))
    finally:
        ix.IMPORTER.load = real_load
    want = [("import", True), ("after", False), ("nested", False), ("end", True), ("raised", True)]
    described = [s for s in seen if not isinstance(s, tuple)]  # the spy's
    if [s for s in seen if isinstance(s, tuple)] != want or not described or any(described):
        mismatch("deferred pause", seen[-8:], want)
    return len(seen) + check_import_collector()


def check_import_collector():
    """Imports run with the collector on and its thresholds raised, which
    are restored afterwards unless imported code set its own."""
    import tempfile
    work = tempfile.mkdtemp()
    sources = {
        "fx_gc_sees": "import gc\nENABLED = gc.isenabled()\nTHRESHOLD = gc.get_threshold()\n"
                      "import fx_gc_inner\n",
        "fx_gc_inner": "import gc\nTHRESHOLD = gc.get_threshold()\n",
        "fx_gc_sets": "import gc\ngc.set_threshold(5000, 7, 7)\n",
        "fx_gc_fails": "import gc\nTHRESHOLD = gc.get_threshold()\nraise RuntimeError('broken on purpose')\n",
    }
    for name, text in sources.items():
        with open(os.path.join(work, name + ".py"), "w") as handle:
            handle.write(text)
    sys.path.insert(0, work)
    before = gc.get_threshold()
    checked = 0
    try:
        gc.set_threshold(700, 10, 10)
        sees = ix.IMPORTER.load("fx_gc_sees")
        raised = ix.ImportCollector.RAISED
        if not sees.ENABLED or sees.THRESHOLD != raised or sys.modules["fx_gc_inner"].THRESHOLD != raised:
            mismatch("import collector: during an import", sees.ENABLED, sees.THRESHOLD, raised)
        if gc.get_threshold() != (700, 10, 10):
            mismatch("import collector: thresholds after an import", gc.get_threshold())
        ix.IMPORTER.load("fx_gc_sees")  # imported already: nothing changes
        try:
            ix.IMPORTER.load("fx_gc_fails")
            mismatch("import collector: a failing import did not fail")
        except ix.ImportFailure:
            pass
        if gc.get_threshold() != (700, 10, 10):
            mismatch("import collector: thresholds after a failed import", gc.get_threshold())
        gc.set_threshold(200000, 5, 1000)  # the caller's, higher than ours where it is
        with ix.IMPORT_COLLECTOR:
            if gc.get_threshold() != (200000, 50, 1000):
                mismatch("import collector: the caller's higher thresholds", gc.get_threshold())
        gc.set_threshold(0, 10, 10)  # threshold 0: no automatic collection, and it stays so
        with ix.IMPORT_COLLECTOR:
            if gc.get_threshold() != (0, 10, 10):
                mismatch("import collector: switched automatic collection back on", gc.get_threshold())
        if gc.get_threshold() != (0, 10, 10):
            mismatch("import collector: thresholds after a threshold of 0", gc.get_threshold())
        gc.set_threshold(700, 10, 10)
        ix.IMPORTER.load("fx_gc_sets")
        if gc.get_threshold() != (5000, 7, 7):
            mismatch("import collector: thresholds imported code set were undone", gc.get_threshold())
        # Overlapping imports (concurrent requests): restored when the last ends.
        gc.set_threshold(700, 10, 10)
        shared = ix.IMPORT_COLLECTOR
        shared.__enter__()
        shared.__enter__()
        shared.__exit__(None, None, None)
        if gc.get_threshold() != raised:
            mismatch("import collector: restored while another import runs", gc.get_threshold())
        shared.__exit__(None, None, None)
        if gc.get_threshold() != (700, 10, 10):
            mismatch("import collector: not restored after overlapping imports", gc.get_threshold())
        checked = 6
    finally:
        sys.path.remove(work)
        gc.set_threshold(*before)
    return checked


def check_docs():
    """runtime_doc with its per-request cache answers as inspect.getdoc,
    and as itself without the cache (objects met twice hit the cache)."""
    objects = [o for o in gc.get_objects()
               if isinstance(o, (types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                                 types.MethodDescriptorType, types.WrapperDescriptorType,
                                 types.ClassMethodDescriptorType, type, property, staticmethod,
                                 classmethod, functools.partial))]
    cleaned = {}
    for obj in objects + objects:
        try:
            want = (inspect.getdoc(obj) or "")[:ix.DOC_LIMIT]
        except Exception:
            want = ""
        got = ix.runtime_doc(obj, cleaned)
        if got != want or ix.runtime_doc(obj) != want:
            mismatch("docs", obj, repr(got[:60]), repr(want[:60]))
    return len(objects)


class _NoDoc:
    """An attribute whose __doc__ cannot be read."""

    def __getattribute__(self, name):
        if name == "__doc__":
            raise AttributeError("no doc")
        return object.__getattribute__(self, name)


class _DocMeta(type):
    def __getattr__(cls, name):
        if name == "shadow":
            raise AttributeError("shadow")
        raise AttributeError(name)


class _DocBase(metaclass=_DocMeta):
    def method(self):
        """The base's doc."""

    shadow = _NoDoc()

    @property
    def failing(self):
        """A property's doc."""


class _DocChild(_DocBase):
    def method(self):
        pass

    def shadow(self):
        pass

    def renamed(self):
        pass

    other_name = renamed
    renamed = None


def check_finddoc():
    """_finddoc answers (or raises) as inspect._finddoc on every function,
    method, builtin, property and class alive, and on methods whose bases
    lack the name, fail to give it, or give it without a readable __doc__."""
    kinds = (types.FunctionType, types.MethodType, types.BuiltinFunctionType, property, type,
             types.MethodDescriptorType, types.WrapperDescriptorType, types.MemberDescriptorType,
             types.GetSetDescriptorType)
    objects = [o for o in gc.get_objects() if isinstance(o, kinds)]
    objects += [_DocChild.method, _DocChild.shadow, _DocChild.other_name, _DocChild().method, _DocBase.failing]

    def answer(find, obj):
        try:
            return "ok", find(obj)
        except Exception as exc:
            return "raised", type(exc)

    for obj in objects:
        got, want = answer(ix._finddoc, obj), answer(inspect._finddoc, obj)
        if got != want:
            mismatch("finddoc", repr(obj)[:80], got, want)
    return len(objects)


def reference_encode(value):
    """What encode_chunks gave before it encoded a record at a time."""
    return json.dumps(value, separators=(",", ":"), default=ix._json_default, check_circular=False)


def check_encode():
    """encode_chunks's pieces join to the one-call encoding, on the module
    documents of the listed modules and on values made to take each branch
    (keys that are not str, str and dict subclasses, tuples, floats, lone
    surrogates, objects only the default hook encodes, empty containers)."""
    class Key(str):
        pass

    class Record(dict):
        pass

    odd = object()
    rows = [{"name": "m%d" % i, "ref": str(i)} for i in range(40)]
    made = [
        {}, [], "text", 1, None, float("nan"), [odd], {"a": {}},
        {"schema": 3, "namespaces": {"": {"classes": rows, "functions": [], "n": {}}}, "methods": {}},
        {"x": {"y": {"classes": rows, 1: "int key"}}},
        {"x": {"y": {"functions": rows, Key("k"): "str subclass key"}}},
        {"x": {"y": Record(classes=rows)}, "t": tuple(rows), "f": [1.5, -0.0, float("inf"), 10 ** 30]},
        {"x": [[rows] * 3] * 40, "s": ["\ud800", "\u00e9\u4e2d", Key("v"), odd], Key("top"): rows},
        {"x": {"y": {"classes": {"w": rows}, "functions": [rows] * 40}}, "e": {"a": [], "b": {}, "c": [{}] * 40}},
        # Class records with long method lists of shared items (encoded
        # once each), and records the branch must leave whole or to the
        # encoder: short lists, a tuple, a dict, a non-str key, odd items.
        {"namespaces": {"": {"classes": [
            {"name": "A", "methods": rows + rows[:5] + [rows[0]] * 3, "attributes": ["x"], "doc": "\u00e9\ud800"},
            {"name": "B", "methods": rows[10:] + rows[:10], "empty": {}, "t": (1, 2)},
            {"methods": rows[:31], "name": "short"},
            {"methods": tuple(rows), "name": "tuple"},
            {"methods": {"a": 1}, "name": "dict"},
            {"methods": rows, 1: "int key"},
            {"methods": rows + [odd, "s", 1.5, None, [rows[0]], Record(a=1)], "last": Key("k")},
            {"methods": rows},
        ] * 8, "functions": []}}, "methods": {}},
    ]
    count = 0
    for value in made:
        count += 1
        if "".join(ix.encode_chunks(value)) != reference_encode(value):
            mismatch("encode", repr(value)[:80])
    for name in MODULES:
        for params in ({"mode": "module", "module": name, "format": "schema3", "options": {}},
                       {"mode": "symbols", "module": name, "format": "schema3", "symbols": ["__doc__"]}):
            document, _ = ix.execute(params)
            count += 1
            if "".join(ix.encode_chunks(document)) != reference_encode(document):
                mismatch("encode", name, params["mode"])
    return count


def check_spool():
    """The one-shot script's document goes through an in-memory file
    (_spool_encode): its bytes and character count must be encode()'s,
    copied out by sendfile or, when sendfile is refused, by read and
    write, to a pipe and to a file, on the modules' documents and on
    values made to take each branch of _encode_into."""
    import tempfile
    import threading

    rows = [{"name": "m%d" % i, "ref": str(i), "doc": "\u00e9\ud800" * i} for i in range(3000)]
    values = [{}, [], "text", {"schema": 3, "namespaces": {"": {"classes": rows, "functions": rows[:5]}},
                               "methods": {str(i): row for i, row in enumerate(rows)}}]
    for name in MODULES:
        values.append(ix.execute({"mode": "module", "module": name, "format": "schema3", "options": {}})[0])

    def read_pipe(fd, into):
        with os.fdopen(fd, "rb") as reader:
            into.append(reader.read())

    real_sendfile = os.sendfile

    def refuse(*args):
        raise OSError(22, "refused on purpose")

    # No memfd, or one that refuses the bytes (a file size limit): None,
    # nothing left open.
    real_write, real_create = os.write, os.memfd_create
    opened = []

    def create(*args):
        opened.append(real_create(*args))
        return opened[-1]

    def refuse_write(fd, data):
        if fd in opened:
            raise OSError(27, "File too large")
        return real_write(fd, data)

    def no_memfd(*args):
        raise OSError(38, "not implemented")

    for write, make in ((refuse_write, create), (real_write, no_memfd)):
        os.write, os.memfd_create = write, make
        try:
            refused = ix._spool_encode(values[-1])
        finally:
            os.write, os.memfd_create = real_write, real_create
        if refused is not None:
            mismatch("spool: a refused memfd gave a spool")
    for fd in opened:
        try:
            os.fstat(fd)
            mismatch("spool: a refused memfd left open")
        except OSError:
            pass
    count = 0
    for value in values:
        want = ix.encode(value).encode("ascii")
        for refused in (False, True):
            for target in ("pipe", "file"):
                spool = ix._spool_encode(value)
                if spool is None:
                    mismatch("spool: no memfd")
                    return count
                count += 1
                if spool.chars != len(want):
                    mismatch("spool chars", spool.chars, len(want))
                os.sendfile = refuse if refused else real_sendfile
                try:
                    if target == "pipe":
                        read_fd, write_fd = os.pipe()
                        got = []
                        reader = threading.Thread(target=read_pipe, args=(read_fd, got), daemon=True)
                        reader.start()
                        try:
                            spool.send(write_fd)
                        finally:
                            os.close(write_fd)
                            reader.join()
                        got = got[0]
                    else:
                        with tempfile.TemporaryFile() as handle:
                            spool.send(handle.fileno())
                            handle.seek(0)
                            got = handle.read()
                except OSError as exc:
                    got = "%s: %s" % (type(exc).__name__, exc)
                finally:
                    os.sendfile = real_sendfile
                if got != want:
                    mismatch("spool", target, "refused" if refused else "sendfile", len(got), len(want), got[:60])
                if spool.fd is not None:
                    mismatch("spool left open")
    return count


def check_frame():
    """The worker's frames (Worker.send, Worker.send_result) against the
    reference: "<hex HMAC-SHA256 of the JSON under the key> <JSON>\\n" by
    the hmac module, the JSON of a result being
    {"result_bytes":N,"result":<the document>,<the envelope's members>}; for
    a document spooled (copied by sendfile, or by read and write when
    sendfile is refused) and one in bytes; a spool sent twice (the
    result cache) and closed with its last reference."""
    import hashlib
    import hmac
    import threading

    key = bytes(range(32))
    worker = ix.Worker.__new__(ix.Worker)
    worker._mac = ix._message_mac(key)
    worker._write_lock = threading.Lock()
    worker._diag = sys.stderr

    def reference(payload):
        return hmac.new(key, payload, hashlib.sha256).hexdigest().encode("ascii") + b" " + payload + b"\n"

    def sent(action):
        read_fd, write_fd = os.pipe()
        got = []

        def drain():
            with os.fdopen(read_fd, "rb") as reader:
                got.append(reader.read())
        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        worker.out_fd = write_fd
        try:
            action()
        finally:
            os.close(write_fd)
            reader.join()
        return got[0]

    rows = [{"name": "m%d" % i, "doc": "\u00e9\ud800" * (i % 7)} for i in range(20000)]
    documents = [{}, {"schema": 3, "namespaces": {"": {"functions": rows}}}]
    for name in MODULES:
        documents.append(ix.execute({"mode": "module", "module": name, "format": "schema3", "options": {}})[0])
    envelope = {"jsonrpc": "2.0", "id": 7, "warnings": ["w\u00e9"], "producer": {"packages": {"x": "1"}},
                "provenance": {"paths": ["/p"]}}
    real_sendfile = os.sendfile

    def refuse(*args):
        raise OSError(22, "refused on purpose")

    count = 0
    for document in documents:
        text = ix.encode(document).encode("ascii")
        want = reference(b'{"result_bytes":%d,"result":' % len(text) + text + b"," +
                         ix.encode(envelope)[1:].encode("ascii"))
        spool = ix._spool_encode(document)
        bodies = [("bytes", text)] + ([("spool", spool), ("spool again", spool)] if spool is not None else [])
        if spool is None:
            mismatch("frame: no memfd")
        for label, body in bodies:
            for refused in (False, True):
                os.sendfile = refuse if refused else real_sendfile
                try:
                    got = sent(lambda: worker.send_result(body, envelope))
                finally:
                    os.sendfile = real_sendfile
                count += 1
                if got != want:
                    mismatch("frame", label, "refused" if refused else "sendfile", len(got), len(want), got[:90])
        if spool is not None:
            fd = spool.fd
            del bodies, body, spool
            try:
                os.fstat(fd)
                mismatch("frame: a spool outlived its last reference")
            except OSError:
                pass
    message = {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "m\u00e9"}}
    count += 1
    if sent(lambda: worker.send(message)) != reference(ix.encode(message).encode("ascii")):
        mismatch("frame: send")
    return count


def reference_starts(data):
    """SourceText's line start offsets before they were computed lazily."""
    starts = [0]
    index = data.find(b"\n")
    while index >= 0:
        starts.append(index + 1)
        index = data.find(b"\n", index + 1)
    return starts


def check_source_text():
    """SourceText's line starts, computed without a Python-level loop, are
    the former loop's, on every source and stub file of the listed modules
    (and on each with a newline added or removed at either end)."""
    paths = set()
    for name, module in list(sys.modules.items()):
        origin = getattr(module, "__file__", None)
        if not isinstance(origin, str) or not any(name == m or name.startswith(m + ".") for m in MODULES):
            continue
        paths.add(origin)
        for location in getattr(module, "__path__", None) or ():
            for root, _, files in os.walk(location):
                paths.update(os.path.join(root, f) for f in files if f.endswith(".pyi"))
    count = 0
    for path in sorted(paths):
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        for variant in (data, data + b"\n", b"\n" + data, data.strip(b"\n"), b""):
            count += 1
            if ix.SourceText(variant).starts != reference_starts(variant):
                mismatch("source_text", path, len(variant))
    return count


def check_argv():
    """_quick_args's tables are build_parser's options, and its answers
    parse_args's (or None, leaving the words to argparse)."""
    import random
    parser = ix.build_parser()
    switches, values, ints, choices, defaults = {}, {}, set(), {}, {}
    for action in parser._actions:
        if action.dest == "help":
            continue
        defaults[action.dest] = action.default
        if action.type is int:
            ints.add(action.dest)
        if action.choices:
            choices[action.dest] = tuple(action.choices)
        for flag in action.option_strings:
            if action.nargs == 0:
                switches[flag] = action.dest
            else:
                values[flag] = action.dest
    for name, ours, theirs in (("switches", ix._CLI_SWITCHES, switches), ("values", ix._CLI_VALUES, values),
                               ("ints", set(ix._CLI_INTS), ints), ("choices", ix._CLI_CHOICES, choices),
                               ("defaults", ix._CLI_DEFAULTS, defaults)):
        if ours != theirs:
            mismatch("argv table", name, ours, theirs)
    pool = [["--module", "numpy"], ["--module", "sympy.core"], ["--config", '{"signature_sources":["stub"]}'],
            ["--config", "null"], ["--symbols", '["sin","Matrix"]'], ["--module-docs", "json,json.decoder"],
            ["--attribute", "ndarray"], ["--submodules", '["linalg"]'], ["--discover-submodules"], ["--flat"],
            ["--v21"], ["--public-api"], ["--exports-mode"], ["--public-api-mode", "explicit_all"],
            ["--public-api-mode", "heuristic"], ["--module-include", '["a.*"]'], ["--module-exclude", "b"],
            ["--module-depth", "2"], ["--serve"], ["--rpc-in", "3"], ["--rpc-out", "4"], ["--threads", "8"],
            ["--max-result-bytes", "67108864"], ["--max-capture-bytes", " 7"], ["--max-memory-bytes", "0"],
            ["--config", ""], ["--module", "a b"]]
    odd = [["numpy"], ["--mod", "x"], ["--module=x"], ["--module", "-x"], ["--threads", "x"], ["--threads", "0x10"],
           ["--public-api-mode", "bogus"], ["--help"], ["-h"], ["--module"], ["--", "x"], ["--flat", "x"],
           ["--max-memory-bytes", "-1"]]
    rng = random.Random(14)
    samples = [[]] + pool + odd
    for _ in range(400):
        words = [w for part in rng.sample(pool, rng.randint(1, 8)) for w in part]
        if rng.random() < 0.2:
            at = rng.randint(0, len(words))
            words[at:at] = rng.choice(odd)
        samples.append(words)
    quick = 0
    for words in samples:
        got = ix._quick_args(words)
        if words in odd and got is not None:
            mismatch("argv", words, "should be left to argparse")
        if got is None:
            continue
        quick += 1
        try:
            want = vars(parser.parse_args(words))
        except SystemExit:
            want = "argparse error"
        if vars(got) != want:
            mismatch("argv", words, vars(got), want)
    return quick


def check_origin():
    """_get_origin is typing.get_origin; before typing is imported it
    answers None for everything but the builtin aliases, so every other
    object with an origin must be one typing made (its class or itself)."""
    import typing
    count = 0
    for obj in gc.get_objects() + [list[int], int | None if sys.version_info >= (3, 10) else int]:
        try:
            want = typing.get_origin(obj)
        except Exception:
            continue
        count += 1
        if ix._get_origin(obj) is not want:
            mismatch("origin", repr(obj)[:80])
        if want is None or isinstance(obj, ix._BUILTIN_ALIASES):
            continue
        made_by_typing = obj is typing.Generic or any(
            getattr(k, "__module__", None) == "typing" for k in type(obj).__mro__)
        if not made_by_typing:
            mismatch("origin without typing", repr(obj)[:80], type(obj))
    return count


def check_stdlib():
    """_in_stdlib answers for site-packages and dist-packages directories
    without sysconfig; it must answer as the sysconfig test for the
    directory every imported module and sys.path entry lives in."""
    import sysconfig
    paths = sysconfig.get_paths()
    stdlib = {os.path.realpath(paths[k]) for k in ("stdlib", "platstdlib") if paths.get(k)}
    sites = {ix._site_of(m) for m in list(sys.modules.values())} | set(sys.path)
    sites = {s for s in sites if s}
    count = 0
    for site in sorted(sites):
        if ix.Distributions()._in_stdlib(site) != (os.path.realpath(site) in stdlib):
            mismatch("stdlib", site)
        count += 1
    return count


def reference_reap_targets():
    """What the full /proc scan of reap_descendants would kill: our
    children and, when we lead our group, its other members."""
    me, group = os.getpid(), os.getpgrp()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open("/proc/%s/stat" % entry, "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me or (group == me and int(fields[2]) == group):
            found.append(int(entry))
    return found


def check_reap():
    """reap_descendants skips the /proc scan only when a subreaper has no
    child; then the scan would have found nothing to kill. Each scenario
    runs in a forked process leading its own group, as the Go side starts
    the script."""
    if not sys.platform.startswith("linux"):
        return 0
    import time

    def scenario(make):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.setpgid(0, 0)
                ix.become_subreaper()
                if not ix._subreaper:
                    os._exit(3)
                make()
                time.sleep(0.1)  # orphans are adopted, zombies stay listed
                targets = reference_reap_targets()
                listed = []
                real = os.listdir
                os.listdir = lambda path: listed.append(path) or real(path)
                ix.reap_descendants()
                os.listdir = real
                scanned = "/proc" in listed
                if scanned != bool(targets):
                    code = 1
                time.sleep(0.1)
                if any(os.path.exists("/proc/%d" % t) and open("/proc/%d/stat" % t).read().split(") ")[1][0] != "Z"
                       for t in targets):
                    code = 2  # a target still runs
            except BaseException:
                code = 4
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        try:
            os.killpg(pid, 9)  # what a failed scenario left running
        except OSError:
            pass
        return os.waitstatus_to_exitcode(status)

    def sleeper():
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)

    def orphan():
        if os.fork() == 0:
            sleeper()
            os._exit(0)

    def zombie():
        if os.fork() == 0:
            os._exit(0)

    def thread_child():
        import threading
        t = threading.Thread(target=sleeper)
        t.start()
        t.join()

    scenarios = {"no child": lambda: None, "a child": sleeper, "an orphaned grandchild": orphan,
                 "a zombie child": zombie, "a child of a finished thread": thread_child}
    for name, make in scenarios.items():
        code = scenario(make)
        if code:
            mismatch("reap", name, {1: "skipped the scan with something to kill, or scanned for nothing",
                                    2: "left a target running", 3: "not a subreaper", 4: "failed"}.get(code, code))
    return len(scenarios)


def stub_view(stub):
    """Everything a lookup reads from a StubFile, with each definition's
    and class's nodes dumped (without positions, given as file lines)."""

    def entry_view(table, name, drop_first):
        entry = table.get(name)
        if entry is None:
            return entry
        # Entries keep no nodes: the definitions are parsed again here.
        nodes = [n for n in (s.definition() if type(s) is ix._StubSegment else s for s in table._sources[name])
                 if n is not None]
        chosen = stub._choose(entry, drop_first)
        if (chosen, ix._entry_doc(entry), entry.defined) != reference_entry(nodes, drop_first):
            mismatch("stubs", stub.path, name, "entry", (chosen, ix._entry_doc(entry), entry.defined),
                     "former entry:", reference_entry(nodes, drop_first))
        return (chosen, ix._entry_doc(entry), entry.overloads, entry.defined,
                [(ast.dump(n), ix._stub_line(n), n.end_lineno + getattr(n, "_stub_delta", 0), n.col_offset)
                 for n in nodes])

    def reference_entry(nodes, drop_first):
        """What the former entry, {"overloads": [node], "impl": node}, gave."""
        overloads = [n for n in nodes if any(ix._dotted(d.func if isinstance(d, ast.Call) else d).rsplit(".", 1)[-1]
                                             == "overload" for d in n.decorator_list)]
        impls = [n for n in nodes if all(n is not o for o in overloads)]
        impl = impls[0] if impls else None
        if overloads:
            chosen = (stub._convert(max(overloads, key=ix._arg_count), drop_first), len(overloads))
        else:
            chosen = (stub._convert(impl, drop_first), 0) if impl is not None else (None, 0)
        doc = None
        for n in ([impl] if impl is not None else []) + overloads:
            doc = ast.get_docstring(n)
            if doc:
                break
        return chosen, doc or None, bool(overloads) or impl is not None

    view = {"error": bool(stub.error), "docstring": stub.docstring, "functions": list(stub.functions),
            "classes": list(stub.classes), "defined": [stub.functions.defines(n) for n in stub.functions]
            + [stub.classes.defines(n) for n in stub.classes]}
    for name in stub.functions:
        view["function " + name] = entry_view(stub.functions, name, False)
    for name in stub.classes:
        record = stub.classes.get(name)
        node = record["node"]
        view["class " + name] = (stub.class_doc(name), stub.class_line(name), [ast.dump(b) for b in node.bases],
                                 list(record["methods"]))
        for method in record["methods"]:
            if stub._method_entry(name, method) is not record["methods"].get(method):
                mismatch("stubs", name, method, "not found in its own class")
            view["method %s.%s" % (name, method)] = entry_view(record["methods"], method, True)
    return view


# Statements the outline must take apart as the parser does, and text it
# must leave to the parser (STUB_DECLINED).
STUB_CASES = {
    "overload docs": b"""
@overload
def f(a: int) -> int:
    '''first overload'''
@overload
def f(a: str, b: int) -> str: ...
def f(a, b=0):
    '''implementation'''
def g(a: int) -> int: ...
@overload
def g(a: int, b: int) -> int:
    '''an overload of g'''
@typing.overload
def h(a, b): ...
@overload
def h(a, c): ...
""",
    "decorators": b"""
@overload
def f(a: int) -> int: ...
@overload
@other.thing(
    1, ")",
)
def f(a: str, b: "list[str]" = ...) -> str: ...
def f(a, b=None): ...

async def g(x: int) -> None:
    '''Doc at
col 0: def fake(y): ...
class Fake: pass
'''
""",
    "clauses": b"""
if sys.version_info >= (3, 10):
    def h(a: int) -> int: ...
elif sys.version_info >= (3, 8):
    def h(a: str) -> str: ...
else:
    class H: ...
try:
    def k() -> None: ...
except ImportError:
    pass
finally:
    pass
x = 1; y = \\
    2
def h(c: bytes) -> bytes: ...
""",
    "classes": b'''"""Module
docstring."""
import sys

class A(Base[int], metaclass=Meta):
    """Class doc."""

    # a comment with a quote: it's
    x: int
    @overload
    def m(self, a: int) -> int: ...
    @overload
    def m(self, a: str) -> str: ...
    if sys.version_info >= (3, 9):
        def n(self) -> "A": ...
    else:
        def n(self, *args) -> "A": ...
    class Nested:
        def inner(self) -> None: ...
    def m(self, a, b=...): ...

class B(A): pass
class C: x: int
class D(
    A,
):
    def o(self, p: list[
        int
    ]) -> None: ...
    async def q(self) -> None: ...
class A:
    def shadowed(self) -> None: ...
@final
class E:
    """Only a docstring."""
''',
    "unicode": "def caf\u00e9(x: int) -> 'caf\u00e9': ...\nclass \u00c9t\u00e9:\n    def f(self) -> None: ...\n"
               "def g(s: str = '\u00e9') -> None: ...\n".encode(),
    "f-string": b"def f(a: str = f'{x}') -> None: ...\ndef g() -> None: ...\n",
    "tabs": b"class A:\n\tdef f(self) -> None: ...\n",
    "crlf": b"def f() -> None: ...\r\ndef g() -> None: ...\r\n",
    "unterminated": b"def f() -> None: ...\nx = 'abc\n",
    "unbalanced": b"def f() -> None: ...\nx = (1,\n",
    "one line": b"class A: ...\ndef f(): ...",
}
STUB_DECLINED = {"f-string", "tabs", "crlf", "unterminated", "unbalanced"}


def check_stubs():
    """A stub read a definition at a time (parse_stub's outline) answers
    every lookup as the stub parsed whole, on the listed modules' stubs and
    sources (the stubgen tier reads a .py as a stub) and on STUB_CASES,
    and the outline declines the text it leaves to the parser. A syntax
    error in one definition leaves the others readable."""
    paths = set()
    for name, module in list(sys.modules.items()):
        origin = getattr(module, "__file__", None)
        if not isinstance(origin, str) or not any(name == m or name.startswith(m + ".") for m in MODULES):
            continue
        if origin.endswith((".py", ".pyi")):
            paths.add(origin)
        for location in getattr(module, "__path__", None) or ():
            for root, _, files in os.walk(location):
                paths.update(os.path.join(root, f) for f in files if f.endswith(".pyi"))
    import tempfile
    work = tempfile.mkdtemp()
    for label, data in STUB_CASES.items():
        path = os.path.join(work, label.replace(" ", "_") + ".pyi")
        with open(path, "wb") as handle:
            handle.write(data)
        paths.add(path)
        if (ix._StubOutline.of(data) is None) != (label in STUB_DECLINED):
            mismatch("stubs", label, "outline accepted" if label in STUB_DECLINED else "outline declined")
    count = outlined = 0
    for path in sorted(paths):
        whole = ix.parse_stub(path, "stub", "m", whole=True)
        lazy = ix.parse_stub(path, "stub", "m")
        count += 1
        outlined += lazy.source is not None and ix._StubOutline.of(lazy.source.data) is not None
        a, b = stub_view(whole), stub_view(lazy)
        if a != b:
            key = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))[0]
            mismatch("stubs", path, key, str(a.get(key))[:300], "outlined:", str(b.get(key))[:300])
    # One broken definition: parsed whole the stub is unusable; outlined,
    # the other definitions stay.
    path = os.path.join(work, "broken.pyi")
    with open(path, "wb") as handle:
        handle.write(b"def good(a: int) -> int: ...\ndef bad(a: int) -> int ...\nclass C:\n    def m(self) -> None: ...\n"
                     b"class Broken(C) x:\n    def m(self) -> None: ...\n")
    lazy = ix.parse_stub(path, "stub", "m")
    if not ix.parse_stub(path, "stub", "m", whole=True).error or lazy.error \
            or lazy.function("good")[0] is None or lazy.function("bad")[0] is not None \
            or lazy.method("C", "m")[0] is None or lazy.method("Broken", "m")[0] is not None \
            or [lazy.functions.defines(n) for n in ("good", "bad")] != [True, False] \
            or [lazy.classes.defines(n) for n in ("C", "Broken")] != [True, False]:
        mismatch("stubs", "broken definition")
    return "%d (%d outlined)" % (count + 1, outlined)


def check_request_pool():
    """The worker's request pool (in place of ThreadPoolExecutor) runs at
    most its size of requests at once, starts a thread only when none is
    idle, runs every request, and outlives a handler that raises."""
    import threading
    import time
    lock, running, peak, done = threading.Lock(), [0], [0], []
    gate = threading.Event()

    def handle(message):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        if message != "quick":
            gate.wait(10)
        with lock:
            running[0] -= 1
            done.append(message)
        if message == "raise":
            raise RuntimeError("a handler that fails")

    pool = ix._RequestPool(2, handle)
    for message in ("a", "b", "c", "raise"):
        pool.submit(message)
    time.sleep(0.2)
    if pool._started != 2 or peak[0] != 2:
        mismatch("request pool while blocked: threads %d, at once %d (want 2, 2)" % (pool._started, peak[0]))
    gate.set()
    deadline = time.monotonic() + 10

    def wait_until_done(count):
        while len(done) < count and time.monotonic() < deadline:
            time.sleep(0.01)

    wait_until_done(4)
    time.sleep(0.05)  # the threads release their idle marks
    for _ in range(5):  # one at a time, on idle threads: none started
        target = len(done) + 1
        pool.submit("quick")
        wait_until_done(target)
        time.sleep(0.02)
    if sorted(done) != sorted(["a", "b", "c", "raise"] + ["quick"] * 5) or pool._started != 2:
        mismatch("request pool: ran %s on %d threads" % (sorted(done), pool._started))
    # Both threads still serve: two requests run at once again.
    gate.clear()
    peak[0] = 0
    pool.submit("d")
    pool.submit("e")
    time.sleep(0.2)
    if peak[0] != 2:
        mismatch("request pool after a handler raised: %d requests at once, not 2" % peak[0])
    gate.set()
    wait_until_done(11)
    # caller_serves: the serving thread (the worker's main thread) is the
    # first; a request submitted before it serves waits for it.
    threads = []

    def handle_where(message):
        threads.append(threading.current_thread().name)
        handle(message)

    gate.clear()
    peak[0] = 0
    pool = ix._RequestPool(2, handle_where, caller_serves=True)
    pool.submit("f")
    time.sleep(0.1)
    if pool._started != 1 or threads:
        mismatch("request pool: a request ran before the caller served, or a thread was started")
    threading.Thread(target=pool.serve_here, name="caller", daemon=True).start()
    time.sleep(0.1)
    pool.submit("g")
    time.sleep(0.2)
    if threads[:1] != ["caller"] or pool._started != 2 or peak[0] != 2:
        mismatch("request pool serving on its caller: ran on %s, %d threads, %d at once" % (
            threads, pool._started, peak[0]))
    gate.set()
    wait_until_done(13)
    return len(done)


def check_stack_room():
    """with_stack_room(f, *args) is f(*args), and under it no starting
    depth makes a loop of calls map frame-stack chunks (each mapping is a
    page fault), while on CPython 3.11-3.13 some depth does without it."""
    import resource
    if ix.with_stack_room(divmod, 7, 2) != (3, 1):
        mismatch("with_stack_room's result")
    try:
        ix.with_stack_room(int, "not a number")
        mismatch("with_stack_room swallowed an exception")
    except ValueError:
        pass

    def leaf(n):
        return n

    def chain(n):
        return leaf(leaf(n) + 1)

    def loop():
        for i in range(500):
            chain(chain(i))

    def at_depth(depth):
        return loop() if depth == 0 else at_depth(depth - 1)

    def faults(run, depth):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        run(depth)
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

    depths = range(300)  # frames of ~100 bytes: more than a 16 KiB chunk
    plain = max(faults(at_depth, depth) for depth in depths)
    roomy = max(faults(lambda depth: ix.with_stack_room(at_depth, depth), depth) for depth in depths)
    if roomy >= 100:
        mismatch("with_stack_room: a loop of calls still maps chunks (%d page faults, %d without it)" % (
            roomy, plain))
    known = sys.implementation.name == "cpython" and (3, 11) <= sys.version_info < (3, 14)
    if known and plain < 500:
        mismatch("stack room: no depth made the loop map chunks (%d page faults): the check shows nothing" % plain)
    return len(depths)


CHECKS = {"signatures": check_signatures, "locations": check_locations, "class_lines": check_class_lines,
          "class_members": check_class_members, "class_dir": check_class_dir, "collector": check_collector,
          "docs": check_docs, "argv": check_argv, "origin": check_origin, "encode": check_encode,
          "source_text": check_source_text, "reap": check_reap, "stdlib": check_stdlib,
          "text_signatures": check_text_signatures, "stubs": check_stubs,
          "spool": check_spool,
          "frame": check_frame,
          "class_core": check_class_core, "finddoc": check_finddoc,
          "request_pool": check_request_pool, "stack_room": check_stack_room}
for check in CHECK.split(","):
    print(check, "ok", CHECKS[check]())
if mismatches:
    print("\n".join(mismatches[:10]))
    sys.exit(1)
