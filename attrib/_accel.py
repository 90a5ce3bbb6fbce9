"""Which build of attrib's hot modules runs: the compiled accelerator or pure Python.

``python -m attrib.accelerate build`` (see attrib/accelerate.py) compiles some
modules of attrib with Cython into extension modules beside their .py files;
CPython's import prefers an extension module to a .py file of the same name,
so they shadow the sources without a change to them. This module, run first
by ``attrib/__init__.py``, decides whether they may:

* ``ATTRIB_PURE=1`` in the environment: never; a finder put first on
  ``sys.meta_path`` imports attrib's submodules from their .py files only.
  ``ATTRIB_PURE=lexer,attrib.core.grammar`` (module names, whole or their last
  part, separated by commas) does so for those modules only: to measure what
  one compiled module brings, or to find the one that behaves differently.
* an extension module whose source changed since the build (the build records
  each source's SHA-256 in ``_accelerated.json`` beside this file), or one the
  record does not know: never either, with a warning, for the compiled code
  would not be the code in the .py file. ``python -m attrib.accelerate build``
  again, or ``clean``.

``accelerated()`` (also ``attrib.accelerated()``) names the modules of attrib
that were imported from extension modules: empty for pure Python.

Nothing here may import the rest of attrib: it runs before it.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import (
    BYTECODE_SUFFIXES,
    EXTENSION_SUFFIXES,
    SOURCE_SUFFIXES,
    FileFinder,
    SourceFileLoader,
    SourcelessFileLoader,
)

PACKAGE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(PACKAGE, "_accelerated.json")
# The package's folders that may hold compiled modules (attrib/accelerate.py's MODULES are in them).
FOLDERS = ("", "core")

# Why the compiled modules are not used, when they are not ("" when they are, or there are none).
reason = ""


class _PureFinder:
    """Imports attrib's submodules (those named in ``only``, or all when it is empty) from source
    (.py, or its cached .pyc), never from an extension module."""

    only = frozenset()

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if path is None or not name.startswith("attrib."):
            return None
        if cls.only and name not in cls.only and name.rpartition(".")[2] not in cls.only:
            return None
        for entry in path:
            spec = FileFinder(entry, (SourceFileLoader, SOURCE_SUFFIXES),
                              (SourcelessFileLoader, BYTECODE_SUFFIXES)).find_spec(name, target)
            if spec is not None and spec.loader is not None:
                return spec
        return None

    @classmethod
    def invalidate_caches(cls):
        pass


def _extension_files() -> dict:
    """Module name -> path of each extension module of this interpreter in the package's folders."""
    found = {}
    for folder in FOLDERS:
        where = os.path.join(PACKAGE, folder)
        try:
            names = os.listdir(where)
        except OSError:
            continue
        for fname in names:
            for suffix in EXTENSION_SUFFIXES:
                if fname.endswith(suffix):
                    module = ".".join(p for p in ("attrib", folder, fname[: -len(suffix)]) if p)
                    found[module] = os.path.join(where, fname)
                    break
    return found


def source_of(module: str) -> str:
    """The .py file of one of attrib's modules."""
    return os.path.join(PACKAGE, *module.split(".")[1:]) + ".py"


def digest(path: str) -> str:
    import hashlib

    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def stale(found: dict) -> list:
    """Compiled modules (of ``found``) that are not their .py file's current build."""
    import json

    try:
        with open(MANIFEST, encoding="utf-8") as f:
            built = json.load(f).get("modules", {})
    except (OSError, ValueError):
        built = {}
    out = []
    for module in sorted(found):
        try:
            ok = built.get(module) == digest(source_of(module))
        except OSError:
            ok = False
        if not ok:
            out.append(module)
    return out


def _pure(only=frozenset()) -> None:
    _PureFinder.only = frozenset(only)
    if _PureFinder not in sys.meta_path:
        sys.meta_path.insert(0, _PureFinder)


def guard() -> None:
    """Run once by attrib/__init__.py before it imports anything else of attrib."""
    global reason
    pure = os.environ.get("ATTRIB_PURE", "").strip()
    if pure not in ("", "0"):
        if pure == "1":
            reason = "ATTRIB_PURE is set"
            _pure()
            return
        _pure(n.strip() for n in pure.split(",") if n.strip())
    found = _extension_files()
    if not found:
        return
    old = stale(found)
    if old:
        import warnings

        reason = f"out of date with their sources: {', '.join(old)}"
        warnings.warn(f"attrib: compiled modules {reason}; running pure Python "
                      "(python -m attrib.accelerate build, or clean)", RuntimeWarning, stacklevel=3)
        _pure()


def accelerated() -> tuple:
    """The names of attrib's modules imported from compiled extension modules (empty: pure Python)."""
    return tuple(sorted(
        name for name, m in list(sys.modules.items())
        if (name == "attrib" or name.startswith("attrib.")) and m is not None
        and str(getattr(m, "__file__", None) or "").endswith(tuple(EXTENSION_SUFFIXES))))


def describe() -> str:
    """One line: which build runs."""
    names = accelerated()
    if names:
        return f"compiled: {len(names)} modules"
    return "pure Python" + (f" ({reason})" if reason else "")
