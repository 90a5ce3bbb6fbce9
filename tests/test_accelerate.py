"""The optional compiled build (attrib/accelerate.py): when one is present, its
modules are the ones imported, and they trace the corpus texts to the same
Documents as the pure-Python modules, run in a subprocess with ATTRIB_PURE=1.

Without a compiled build (the default: ``pip install .`` and a plain checkout
are pure Python) those tests skip and say so; the switch that rules compiled
modules out is tested either way.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import attrib
from attrib import _accel

REPO = Path(__file__).resolve().parent.parent
TEXTS = sorted((REPO / "corpus").glob("*.txt")) + sorted((REPO / "corpus" / "en").glob("*.txt"))

_TRACE = """
import json, sys
from pathlib import Path
import attrib
out = {"accelerated": list(attrib.accelerated()), "docs": []}
for path in sys.argv[1:]:
    text = Path(path).read_bytes().decode("utf-8")
    out["docs"].append(attrib.trace(text, lang="en" if "/en/" in path else "id", id=Path(path).stem).to_dict())
print(json.dumps(out))
"""


def _run(env_extra: dict, *args, pythonpath: Path = REPO):
    env = {k: v for k, v in os.environ.items() if k != "ATTRIB_PURE"}
    env.update(env_extra, PYTHONPATH=str(pythonpath))
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=300, cwd=pythonpath)


def _compiled() -> dict:
    """The compiled modules in use in this process; skips the test when there are none."""
    found = _accel._extension_files()
    if not found:
        pytest.skip("no compiled build present (python -m attrib.accelerate build): pure Python only")
    if os.environ.get("ATTRIB_PURE", "") not in ("", "0"):
        pytest.skip("ATTRIB_PURE is set: the compiled modules are ruled out in this run")
    old = _accel.stale(found)
    if old:
        pytest.skip(f"the compiled modules are out of date with their sources ({', '.join(old)}), so unused: "
                    "python -m attrib.accelerate build")
    return found


def test_the_compiled_modules_are_the_ones_imported():
    found = _compiled()
    assert attrib.accelerated() == tuple(sorted(found))
    for name, path in found.items():
        assert sys.modules[name].__file__ == path


def test_compiled_and_pure_trace_the_corpus_to_the_same_documents():
    _compiled()
    pure = _run({"ATTRIB_PURE": "1"}, "-c", _TRACE, *map(str, TEXTS))
    assert pure.returncode == 0, pure.stderr
    pure = json.loads(pure.stdout)
    assert pure["accelerated"] == []
    assert len(pure["docs"]) == len(TEXTS) >= 10
    for path, want in zip(TEXTS, pure["docs"]):
        text = path.read_bytes().decode("utf-8")
        got = attrib.trace(text, lang="en" if "/en/" in str(path) else "id", id=path.stem).to_dict()
        assert json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True), path.name


def test_attrib_pure_rules_the_compiled_modules_out():
    got = _run({"ATTRIB_PURE": "1"}, "-c", "import attrib, attrib.cli as c; print(attrib.accelerated()); c.main(['--version'])")
    assert got.returncode == 0, got.stderr
    assert got.stdout.splitlines() == ["()", f"attrib {attrib.__version__} (pure Python (ATTRIB_PURE is set))"]


def test_attrib_pure_can_name_modules():
    found = _compiled()
    got = _run({"ATTRIB_PURE": "lexer,attrib.model"}, "-c", "import attrib; print(' '.join(attrib.accelerated()))")
    assert got.returncode == 0, got.stderr
    assert got.stdout.split() == sorted(set(found) - {"attrib.core.lexer", "attrib.model"})


def test_a_compiled_module_whose_source_changed_is_not_used(tmp_path):
    """A copy of the package with one source edited after the build imports pure Python, with a warning."""
    found = _compiled()
    copy = tmp_path / "attrib"
    shutil.copytree(REPO / "attrib", copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "grammars", tmp_path / "grammars")
    name = sorted(found)[0]
    source = tmp_path / Path(_accel.source_of(name)).relative_to(REPO)
    source.write_text(source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    got = _run({}, "-c", "import attrib; print(attrib.accelerated())", pythonpath=tmp_path)
    assert got.returncode == 0, got.stderr
    assert got.stdout.strip() == "()"
    assert f"out of date with their sources: {name}" in got.stderr
