"""The floor of describing a module's root: CPU time of the work any
description must do, measured in one process (docs/introspection.md §8).

    python3 pyhelper/testdata/floor.py pyhelper/introspect.py sympy

Prints, in ms of CPU: the import; walking the root's classes (dir and
getattr of every non-dunder attribute, as the document lists them);
signatures and docstrings of the distinct callables (inspect's calls, or
the plain-function reading introspect.py does); ast.parse of the stubs
the real description used; encoding the real document. The sum after the
import is the least a description costs beyond the import itself.
"""

import sys
import time

T_START = time.process_time()
SCRIPT, MODULE = sys.argv[1], sys.argv[2]
started = time.process_time()
root = __import__(MODULE)
t_import = time.process_time() - started

import ast  # noqa: E402
import gc  # noqa: E402
import importlib.util  # noqa: E402
import inspect  # noqa: E402

sys.dont_write_bytecode = False
spec = importlib.util.spec_from_file_location("introspect_floor", SCRIPT)
ix = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = ix
spec.loader.exec_module(ix)
gc.disable()  # as while introspect.py describes

started = time.process_time()
exported = set(getattr(root, "__all__", None) or ())
objects = []
for name in dir(root):
    if name.startswith("_") or (exported and name not in exported):
        continue
    try:
        objects.append(getattr(root, name))
    except Exception:
        pass
classes = [o for o in objects if isinstance(o, type)]
members, found = 0, []
for cls in classes:
    for name in dir(cls):
        if name.startswith("__") and name != "__init__":
            continue
        try:
            value = getattr(cls, name)
        except Exception:
            continue
        members += 1
        if callable(value):
            found.append(value)
t_walk = time.process_time() - started

callables = {id(o): o for o in objects if callable(o) and not isinstance(o, type)}
for value in found:
    callables.setdefault(id(getattr(value, "__func__", value)), value)
callables = list(callables.values())
started = time.process_time()
for obj in callables:
    if ix._plain_signature(obj) is None:
        try:
            inspect.signature(obj)
        except Exception:
            pass
t_signatures = time.process_time() - started
started = time.process_time()
for obj in callables:
    inspect.getdoc(obj)
for cls in classes:
    ix.class_doc(cls)
t_docs = time.process_time() - started

result, ctx = ix.execute({"mode": "module", "module": MODULE, "format": "schema3", "options": {}})
stubs = sorted({s.path for s in list(ix.STUBS._stubs.values()) + list(ix.STUBS._sources.values()) if s is not None})
started = time.process_time()
for path in stubs:
    with open(path, "rb") as handle:
        ast.parse(handle.read())
t_stubs = time.process_time() - started
started = time.process_time()
# As the script encodes and writes it: the encoder's chunks, each as bytes
# (joining them and copying the whole text touches twice the memory).
size = sum(len(chunk.encode("utf-8", "surrogatepass")) for chunk in ix.encode_chunks(result))
t_encode = time.process_time() - started

print("%s: import %.0f | walk %.0f (%d classes, %d attributes) + signatures %.0f + docstrings %.0f (%d callables)"
      " + stubs %.0f (%d files) + encode %.0f (%.1f MB) = %.0f ms beyond the import" % (
          MODULE, t_import * 1e3, t_walk * 1e3, len(classes), members, t_signatures * 1e3, t_docs * 1e3,
          len(callables), t_stubs * 1e3, len(stubs), t_encode * 1e3, size / 1e6,
          (t_walk + t_signatures + t_docs + t_stubs + t_encode) * 1e3))
