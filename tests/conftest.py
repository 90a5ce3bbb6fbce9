"""Shared fixtures: the five seed articles in corpus/, their traces, and the
Indonesian language (abbreviations, furniture rules).

Seeds are keyed by their prefix, "000" .. "004". They are read as bytes and
decoded as UTF-8, exactly as ``attrib trace`` reads a file, so offsets in
tests agree with offsets printed by the command line.

Two runs (see the README):

* ``python -m pytest``: the quick run (under a minute). Tests marked ``slow`` are
  skipped, and every Hypothesis property runs at most QUICK_EXAMPLES examples
  (Hypothesis profile "quick").
* ``python -m pytest --slow``: the full run, what CI runs. Slow tests run too, and
  each property runs its own ``max_examples`` (profile "slow", which caps them at
  FULL_EXAMPLES, the largest any property asks for).

Properties write ``@settings(max_examples=min(N, settings().max_examples))``: N
under ``--slow``, the profile's cap otherwise. ``--hypothesis-profile`` overrides
the profile chosen here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict

import pytest
from hypothesis import settings

import attrib

QUICK_EXAMPLES = 25
FULL_EXAMPLES = 1000

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEED_PREFIXES = ("000", "001", "002", "003", "004")


def pytest_addoption(parser):
    parser.addoption(
        "--slow", action="store_true", default=False,
        help="the full run (what CI runs): also the tests marked slow, and the Hypothesis properties at full strength",
    )


def pytest_configure(config):
    settings.register_profile("quick", max_examples=QUICK_EXAMPLES)
    settings.register_profile("slow", max_examples=FULL_EXAMPLES)
    if config.getoption("hypothesis_profile", None) is None:
        settings.load_profile("slow" if config.getoption("--slow") else "quick")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow test: run the full suite with `python -m pytest --slow` (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def _seed_paths() -> Dict[str, Path]:
    paths: Dict[str, Path] = {}
    for path in sorted(CORPUS.glob("*.txt")):
        prefix = path.name[:3]
        if prefix in SEED_PREFIXES:
            assert prefix not in paths, f"two seed files start with {prefix}: {paths[prefix].name}, {path.name}"
            paths[prefix] = path
    missing = [p for p in SEED_PREFIXES if p not in paths]
    assert not missing, f"seed article(s) {missing} not found in {CORPUS}"
    return paths


@pytest.fixture(scope="session")
def seed_paths() -> Dict[str, Path]:
    """prefix ("000".."004") -> path of the seed article."""
    return _seed_paths()


@pytest.fixture(scope="session")
def seeds(seed_paths) -> Dict[str, str]:
    """prefix ("000".."004") -> text of the seed article."""
    return {prefix: path.read_bytes().decode("utf-8") for prefix, path in seed_paths.items()}


@pytest.fixture(scope="session")
def traced(seeds) -> Callable[[str], "attrib.Document"]:
    """traced("004") -> attrib.trace() of that seed (computed once per session)."""
    cache: Dict[str, attrib.Document] = {}

    def get(prefix: str) -> attrib.Document:
        if prefix not in cache:
            cache[prefix] = attrib.trace(seeds[prefix])
        return cache[prefix]

    return get


@pytest.fixture(scope="session")
def seed_line(seeds) -> Callable[[str, str], str]:
    """seed_line("004", "kata Peskov") -> the one line of seed 004 holding the needle.

    Tests use it to take real sentences from the seeds; it fails if the needle
    is missing or ambiguous, so a test never runs on a mistyped snippet.
    """

    def get(prefix: str, needle: str) -> str:
        lines = [line for line in seeds[prefix].split("\n") if needle in line]
        assert len(lines) == 1, f"{needle!r} is on {len(lines)} lines of seed {prefix}, expected exactly 1"
        return lines[0]

    return get


@pytest.fixture(scope="session")
def id_lang():
    """The bundled Indonesian language (abbreviations, compiled furniture rules)."""
    return attrib.get_language("id")
