"""An optional compiled build of attrib's hot modules (Cython), in place.

attrib is pure Python, and ``pip install .`` installs it so. This command
compiles the modules that tracing spends its time in, unchanged, with Cython
into C extension modules, and puts them beside their .py files; Python's import
then takes them instead of the .py files. Outputs are byte-identical either way
(bench/golden.py; tests/test_accelerate.py checks it on corpus texts).
Compilers have bugs (Cython 3.3.2 reads a C-typed local inside a generator
expression as 0; the build declares no C types for that reason): after a build
with another Cython, ``bench/golden.py snapshot`` under ATTRIB_PURE=1 and
``compare`` with the build say whether outputs are still identical.

    pip install cython                      # once (3.0 or later; built with 3.3.2), plus a C compiler and the Python headers
    python -m attrib.accelerate build       # compile (about two minutes on two cores)
    python -m attrib.accelerate status      # which build runs
    python -m attrib.accelerate clean       # remove the compiled modules: pure Python again
    ATTRIB_PURE=1 python ...                # ignore the compiled modules in this process

It works where the package is: a checkout (with PYTHONPATH or an editable
install) or an installed copy in site-packages (which must be writable; pip
uninstall leaves the compiled files there: clean first). A compiled module whose
.py file changed after the build is not used (a warning says so): build again
after editing a source. ``attrib --version`` and ``attrib.accelerated()`` tell
which build runs, for benchmarks to say what they measured.

What it gains is modest: tracing takes 18% fewer instructions (English
and Indonesian alike, bench/instructions.py -n 120), which gave 4-19% more
MB/s in five of six runs, and 40% in one where the pure pass ran slow
(bench/bench.py, fresh processes, unseen text, three runs per language taking
turns with the pure build on a noisy two-core machine, 2026-12-07); start-up
and the parser build take 16-18% fewer instructions.
Cython compiles the code as it is, untyped: every value stays a Python object.

What differs, besides speed: cProfile and coverage do not see inside compiled
functions (profile with ATTRIB_PURE=1); a call with wrong arguments to a
compiled function raises TypeError in Cython's wording ("__init__() takes
exactly 3 positional arguments (4 given)"); a traceback's frame in a compiled
module gives the .py file (as attrib/model.py), the line and the function's
dotted name (attrib.model.Span.__init__).

The build writes, per module, ``<name>.cpython-XY-<platform>.so`` beside
``<name>.py``, and ``_accelerated.json`` (the SHA-256 of each compiled source)
in the package folder; the C files go to a temporary folder. Only the modules
in MODULES are compiled: those that the profile shows hot and that compile
to the same behaviour (see the notes beside it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

from . import _accel

# What is compiled: the modules whose compiled build takes at least 0.5% off
# the instructions of tracing (bench/instructions.py -n 120, each module left
# pure in turn with ATTRIB_PURE=<module>, English and Indonesian alike):
#   grammar 5%, lexer 5-6%, model 3%, resolve 2.5-2.7%, frames 1.7-1.8%,
#   parse 1.5-1.9%, candidates 1.0-1.2%, segment 1.0-1.3%, content 0.8%, chain 0.5-0.6%.
# Left out, though they compile and behave the same: attrib.pipeline (0.2-0.4%),
# attrib.lexicon (0.4%: it loads word lists once per language) and
# attrib.core.lark_tables (0%: it builds the parse tables once), and everything
# off the per-article path (cli, run, export, graph, ...).
MODULES = (
    "attrib.core.candidates",
    "attrib.core.chain",
    "attrib.core.content",
    "attrib.core.frames",
    "attrib.core.grammar",
    "attrib.core.lexer",
    "attrib.core.parse",
    "attrib.core.resolve",
    "attrib.core.segment",
    "attrib.model",
)

# Cython's defaults are kept (Python semantics: Python ints, no wraparound or
# bounds shortcuts, exceptions and tracebacks as in Python); only these differ.
DIRECTIVES = {
    "language_level": 3,
    "binding": True,              # functions keep __name__, __qualname__, __defaults__ and introspect as Python's
    # Annotations stay annotations: with Cython's default an argument annotated
    # ``tuple`` or ``int`` must be exactly that type (a list passed as
    # Attribution's chain raises TypeError, where Python converts it).
    "annotation_typing": False,
    "embedsignature": False,
}


def _loads(path: str) -> None:
    """Stop the build, before anything is put in place, if a compiled module would not load: a C
    function the compiler took for an implicit declaration (Cython 3.2-3.3's PyRange_CheckExact on
    Python 3.11) is an undefined symbol, which only shows when the module is imported."""
    import ctypes

    try:
        ctypes.CDLL(path, mode=os.RTLD_NOW | os.RTLD_LOCAL)
    except OSError as e:
        sys.exit(f"attrib.accelerate: the compiled module does not load, nothing was installed: {e}")


def build(modules=MODULES, jobs: int = 0, verbose: bool = False) -> list:
    """Compile ``modules`` and put them beside their sources; return the files written."""
    try:
        from Cython import __version__ as cython_version
        from Cython.Build import cythonize
    except ImportError:
        sys.exit("attrib.accelerate: Cython is not installed (pip install cython)")
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    jobs = jobs or os.cpu_count() or 1
    root = os.path.dirname(_accel.PACKAGE)
    written = []
    with tempfile.TemporaryDirectory(prefix="attrib-accelerate-") as tmp:
        exts = [Extension(m, [_accel.source_of(m)]) for m in modules]
        exts = cythonize(exts, build_dir=os.path.join(tmp, "c"), compiler_directives=DIRECTIVES,
                         nthreads=jobs, quiet=not verbose, force=True)
        dist = Distribution({"name": "attrib-accelerator", "ext_modules": exts})
        cmd = build_ext(dist)
        cmd.build_lib = os.path.join(tmp, "lib")
        cmd.build_temp = os.path.join(tmp, "tmp")
        cmd.parallel = jobs
        cmd.ensure_finalized()
        cmd.run()
        for m in modules:
            _loads(os.path.join(cmd.build_lib, cmd.get_ext_filename(m)))
        digests = {}
        for m in modules:
            built = os.path.join(cmd.build_lib, cmd.get_ext_filename(m))
            dest = os.path.join(root, cmd.get_ext_filename(m))
            part = dest + ".part"
            shutil.copyfile(built, part)
            os.replace(part, dest)  # a new file: a process that has the old one loaded keeps it
            digests[m] = _accel.digest(_accel.source_of(m))
            written.append(dest)
    record = {}
    try:
        with open(_accel.MANIFEST, encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError):
        pass
    record.setdefault("modules", {}).update(digests)
    record["cython"] = cython_version
    record["python"] = sys.version.split()[0]
    record["built"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    with open(_accel.MANIFEST, "w", encoding="utf-8") as f:
        json.dump(record, f, indent=1, sort_keys=True)
        f.write("\n")
    return written


def clean() -> list:
    """Remove every compiled module of the package and the build record; return what was removed."""
    gone = list(_accel._extension_files().values())
    if os.path.exists(_accel.MANIFEST):
        gone.append(_accel.MANIFEST)
    for folder in _accel.FOLDERS:  # any compiled module, of any Python version
        where = os.path.join(_accel.PACKAGE, folder)
        for fname in os.listdir(where):
            if fname.endswith((".so", ".pyd")) and os.path.join(where, fname) not in gone:
                gone.append(os.path.join(where, fname))
    for path in gone:
        os.remove(path)
    return gone


def status() -> str:
    found = _accel._extension_files()
    lines = [f"package:  {_accel.PACKAGE}"]
    if not found:
        lines.append("compiled: none (pure Python)")
    else:
        old = set(_accel.stale(found))
        for m in sorted(found):
            lines.append(f"compiled: {m}" + ("  (OUT OF DATE: not used)" if m in old else ""))
    lines.append(f"running:  {_accel.describe()}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m attrib.accelerate", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="compile the hot modules in place")
    b.add_argument("--module", action="append", choices=MODULES, help="only this one (repeatable)")
    b.add_argument("-j", "--jobs", type=int, default=0, help="parallel compiles (default: all cores)")
    b.add_argument("-v", "--verbose", action="store_true")
    sub.add_parser("clean", help="remove the compiled modules")
    sub.add_parser("status", help="which modules are compiled, and which build this process runs")
    args = ap.parse_args(argv)
    if args.command == "build":
        t0 = time.perf_counter()
        files = build(tuple(args.module or MODULES), args.jobs, args.verbose)
        print(f"compiled {len(files)} modules in {time.perf_counter() - t0:.0f} s:")
        for path in files:
            print(f"  {path}")
    elif args.command == "clean":
        for path in clean():
            print(f"removed {path}")
    else:
        print(status())
    return 0


if __name__ == "__main__":
    sys.exit(main())
