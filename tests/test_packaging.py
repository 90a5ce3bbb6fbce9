"""The wheel: it ships the grammar, the lexicons, the registry and the JSON
Schema, and an installed copy works from outside the repository.

One wheel is built per module (``pip wheel --no-deps --no-build-isolation``,
so no network is needed) from a clean copy of the repository's sources, and is
installed into a fresh virtual environment made with
``--system-site-packages`` so that lark, attrs and rapidfuzz come from this
interpreter. The installed ``attrib`` is then run from a directory outside the
repository with PYTHONPATH unset.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_001 = next(iter(sorted((REPO / "corpus").glob("001_*.txt"))), None)
BUILD_TIMEOUT_S = 300

# Lexicon files the Indonesian grammar reads (grammars/id/ in the repo).
LEXICON_FILES = [p.name for p in sorted((REPO / "grammars" / "id").glob("*")) if p.suffix in (".tsv", ".txt")]
EXPECTED_IN_WHEEL = [
    "attrib/__init__.py",
    "attrib/grammars/id.lark",
    "attrib/data/registry.tsv",
    "attrib/schema/document.schema.json",
    *[f"attrib/grammars/id/{name}" for name in LEXICON_FILES],
]

# What is copied to build from: the sources, not local build output, caches or venvs,
# so that a stale build/ folder cannot leak into the wheel and the work tree is not written to.
_NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".hypothesis",
    ".pytest_cache", ".benchmarks", "out", ".ci",
)


_PROBE_BDIST_WHEEL = (
    "import importlib.util as u, sys; import setuptools; "
    "sys.exit(0 if u.find_spec('wheel') or u.find_spec('setuptools.command.bdist_wheel') else 3)"
)


def _missing_build_tools() -> list:
    """Build tools this interpreter lacks (probed in a subprocess: importing setuptools
    here would replace distutils inside the test process)."""
    missing = []
    if importlib.util.find_spec("pip") is None:
        missing.append("pip")
    if importlib.util.find_spec("setuptools") is None:
        missing.append("setuptools")
    elif _run([sys.executable, "-c", _PROBE_BDIST_WHEEL], cwd=REPO.parent, timeout=60).returncode != 0:
        missing.append("bdist_wheel (the 'wheel' package, or setuptools >= 70.1)")
    return missing


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    env["PYTHONNOUSERSITE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _run(cmd, cwd, timeout=BUILD_TIMEOUT_S, env=None):
    return subprocess.run(
        [str(c) for c in cmd], check=False, cwd=str(cwd), env=env or _clean_env(), capture_output=True, text=True,
        encoding="utf-8", errors="replace", timeout=timeout,
    )


def _venv_bin(venv: Path, name: str) -> Path:
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    exe = scripts / (name + (".exe" if os.name == "nt" else ""))
    return exe


@pytest.fixture(scope="module")
def wheel_path(tmp_path_factory) -> Path:
    missing = _missing_build_tools()
    if missing:
        pytest.skip(
            "cannot build a wheel without build isolation: this interpreter lacks " + ", ".join(missing)
            + f" ({sys.executable}); `pip install setuptools wheel` to run this test"
        )
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=_NOT_SOURCES)
    out = tmp / "dist"
    proc = _run([sys.executable, "-m", "pip", "wheel", src, "--no-deps", "--no-build-isolation", "-w", out], cwd=tmp)
    assert proc.returncode == 0, f"pip wheel failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    wheels = sorted(out.glob("attrib-*.whl"))
    assert len(wheels) == 1, f"expected one attrib wheel in {out}, found {[w.name for w in out.iterdir()]}"
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel_path, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (not the repo)."""
    root = tmp_path_factory.mktemp("venv")
    env_dir = root / "env"
    proc = _run([sys.executable, "-m", "venv", "--system-site-packages", env_dir], cwd=root)
    if proc.returncode != 0:
        pytest.skip(f"cannot create a virtual environment with {sys.executable}: {proc.stderr.strip()[-500:]}")
    py = _venv_bin(env_dir, "python")
    if _run([py, "-m", "pip", "--version"], cwd=root).returncode != 0:
        pytest.skip(f"the virtual environment made by {sys.executable} has no pip (ensurepip missing)")
    _add_dependency_paths(py, env_dir, root)
    proc = _run([py, "-m", "pip", "install", "--no-deps", "--force-reinstall", wheel_path], cwd=root)
    assert proc.returncode == 0, f"pip install of the wheel failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return env_dir


def _add_dependency_paths(py: Path, env_dir: Path, cwd: Path) -> None:
    """--system-site-packages gives the base interpreter's packages; when this test runs in a
    virtual environment of its own, lark/attrs/rapidfuzz live there instead, so the folders
    that hold them are added (after the venv's own site-packages) with a .pth file."""
    probe = _run([py, "-c", "import lark, attrs, rapidfuzz"], cwd=cwd)
    if probe.returncode == 0:
        return
    dirs = []
    for name in ("lark", "attrs", "rapidfuzz"):
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            pytest.skip(f"{name} is not installed in this interpreter, and the venv cannot reach it")
        parent = str(Path(next(iter(spec.submodule_search_locations))).parent)
        if parent not in dirs:
            dirs.append(parent)
    site = _run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=cwd).stdout.strip()
    Path(site, "_attrib_test_deps.pth").write_text("\n".join(dirs) + "\n", encoding="utf-8")


def _site_packages(py: Path, cwd: Path) -> Path:
    proc = _run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return Path(proc.stdout.strip()).resolve()


# --- the wheel's contents -------------------------------------------------------------------


def test_lexicon_files_are_known():
    assert "cues.tsv" in LEXICON_FILES, f"grammars/id/ lists {LEXICON_FILES}"


@pytest.mark.slow  # builds the wheel
def test_wheel_contains_the_data_files(wheel_path):
    with zipfile.ZipFile(wheel_path) as zf:
        names = set(zf.namelist())
    missing = [name for name in EXPECTED_IN_WHEEL if name not in names]
    assert not missing, f"{wheel_path.name} lacks {missing}; it has {sorted(n for n in names if '/' in n)}"


@pytest.mark.slow  # builds the wheel
def test_wheel_data_files_match_the_repo(wheel_path):
    sources = {
        "attrib/grammars/id.lark": REPO / "grammars" / "id.lark",
        "attrib/data/registry.tsv": REPO / "attrib" / "data" / "registry.tsv",
        "attrib/schema/document.schema.json": REPO / "attrib" / "schema" / "document.schema.json",
        "attrib/grammars/id/cues.tsv": REPO / "grammars" / "id" / "cues.tsv",
    }
    with zipfile.ZipFile(wheel_path) as zf:
        for name, path in sources.items():
            assert zf.read(name) == path.read_bytes(), f"{name} in the wheel differs from {path}"


@pytest.mark.slow  # builds the wheel
def test_wheel_declares_the_console_script(wheel_path):
    with zipfile.ZipFile(wheel_path) as zf:
        entry = next((n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt")), None)
        assert entry is not None, "the wheel has no entry_points.txt"
        text = zf.read(entry).decode("utf-8")
    assert "[console_scripts]" in text and "attrib = attrib.cli:main" in text, text


# --- the installed wheel, run from outside the repo -------------------------------------------


@pytest.mark.slow  # builds the wheel and installs it in a new venv
def test_installed_package_finds_its_grammars_inside_the_venv(venv, tmp_path):
    py = _venv_bin(venv, "python")
    site = _site_packages(py, tmp_path)
    code = "import attrib, attrib.language; print(attrib.language.grammars_dir()); print(attrib.__file__)"
    proc = _run([py, "-c", code], cwd=tmp_path)
    assert proc.returncode == 0, f"import failed in the venv:\n{proc.stderr[-4000:]}"
    grammars, module = (Path(line).resolve() for line in proc.stdout.strip().splitlines()[-2:])
    assert grammars.is_relative_to(site), f"grammars_dir() is {grammars}, not inside the venv's {site}"
    assert module.is_relative_to(site), f"attrib imported from {module}, not from the venv's {site}"
    assert not grammars.is_relative_to(REPO.resolve()), f"grammars_dir() is in the repo: {grammars}"
    assert (grammars / "id.lark").is_file()


@pytest.mark.slow  # builds the wheel and installs it in a new venv
def test_installed_console_script_traces_seed_001(venv, tmp_path):
    assert SEED_001 is not None, f"seed 001 not found in {REPO / 'corpus'}"
    article = tmp_path / SEED_001.name
    shutil.copyfile(SEED_001, article)  # read from outside the repo, too
    exe = _venv_bin(venv, "attrib")
    assert exe.exists(), f"the venv has no attrib script at {exe}"
    proc = _run([exe, "trace", article], cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, f"attrib trace failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
    assert "Kontan → CNN → media pemerintah Rusia" in proc.stdout, proc.stdout[-4000:]
    assert proc.stdout.startswith("# "), proc.stdout[:500]
