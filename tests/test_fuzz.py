"""bench/fuzz.py, briefly: generated inputs in every strategy and language
keep every promise, and a failure is shrunk to a small reproduction. (The
closing notes report full runs of a million inputs.)"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import attrib

_SPEC = importlib.util.spec_from_file_location("fuzz", Path(__file__).resolve().parent.parent / "bench" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(fuzz)


def test_a_short_fuzz_run_finds_no_broken_promise(tmp_path):
    got = fuzz.run(500, seed=11, jobs=1, batch=100, out=tmp_path, quiet=True)
    assert got["inputs"] == 500
    assert got["failures"] == [], got["failures"][:3]
    assert not list(tmp_path.iterdir())


def test_every_strategy_makes_varied_input_and_some_attributions():
    gen = fuzz.Generator(3)
    found = 0
    for strategy in fuzz.STRATEGIES:
        texts = {gen.make(strategy) for _ in range(30)}
        assert len(texts) > 20, strategy
        found += sum(len(attrib.trace(t, lang="auto").attributions) for t in texts)
    assert found > 0


def test_a_failure_is_reported_and_shrunk(monkeypatch, tmp_path):
    real = attrib.trace

    def broken(text, lang="id", **kw):
        if "kata" in text:
            raise RuntimeError("boom")
        return real(text, lang=lang, **kw)

    monkeypatch.setattr(attrib, "trace", broken)
    text = "Pagi itu hujan turun. “Kami siap,” kata Peskov. Lalu semua pulang."
    problem = fuzz.check(text, "id")
    assert problem is not None and problem.startswith("crash") and "boom" in problem
    small = fuzz.shrink(text, "id", problem)
    assert "kata" in small and len(small) < 10
