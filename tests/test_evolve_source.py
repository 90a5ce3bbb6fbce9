"""evolve_source copies a Source with a few fields changed. Its common case
(a Source itself, the changed values of the types source_of takes) copies
the fields and tests only the changed values; anything else goes through
source_of, which tests every field and sends the unusual to Source(). Both
must give the same Source (or the same error): checked on random sources
and changes, and on every evolve of the resolve stage over the seed
articles."""

from __future__ import annotations

import random
from pathlib import Path

import attrs

import attrib
from attrib import model
from attrib.model import Source, SourceKind, Span, evolve_source, source_of

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
_FIELDS = [a.name for a in attrs.fields(Source)]


class _Str(str):
    pass


def _value(rng: random.Random, name: str):
    if name == "kind":
        return rng.choice([*SourceKind, "person", "outlet", 3])
    if name == "span":
        return rng.choice([None, Span(1, 4), Span(0, 0), (1, 4), 5])
    if name == "score":
        return rng.choice([None, 100.0, 90, 88.5, "90", True])
    if name == "state_media":
        return rng.choice([None, True, False, 1, "yes"])
    return rng.choice([None, "Budi", "person:budi", "", _Str("Budi"), 7, b"x"])


def _general(src, changes):
    """The general path: every field through source_of."""
    values = [getattr(src, n) for n in _FIELDS]
    for name, value in changes.items():
        values[model._SOURCE_INDEX[name]] = value
    return source_of(*values)


def _outcome(f):
    try:
        got = f()
    except Exception as e:  # noqa: BLE001 - the same error either way
        return type(e)
    return type(got), attrs.astuple(got, recurse=False)


def _random_source(rng: random.Random):
    while True:
        fields = {n: _value(rng, n) for n in _FIELDS if rng.random() < 0.7 or n == "kind"}
        try:
            return Source(**fields)
        except (TypeError, ValueError):
            continue


def test_random_changes_as_the_general_path(monkeypatch):
    rng = random.Random(18)
    fast = 0
    calls = []
    general = model.source_of
    monkeypatch.setattr(model, "source_of", lambda *a, **k: calls.append(1) or general(*a, **k))
    for _ in range(3000):
        src = _random_source(rng)
        changes = {n: _value(rng, n) for n in rng.sample(_FIELDS + ["nothing"], rng.randrange(0, 4))}
        before = len(calls)
        got = _outcome(lambda: evolve_source(src, **changes))
        fast += len(calls) == before and not isinstance(got, type)
        assert got == _outcome(lambda: _general(src, changes)), (src, changes)
    assert fast > 500  # the common case skipped source_of


def test_resolve_evolves_as_the_general_path(monkeypatch):
    seen = []
    real = evolve_source

    def check(src, **changes):
        got = real(src, **changes)
        assert type(got) is Source
        assert attrs.astuple(got, recurse=False) == attrs.astuple(_general(src, changes), recurse=False)
        seen.append(1)
        return got

    from attrib.core import resolve

    monkeypatch.setattr(resolve, "evolve_source", check)
    for path in sorted(CORPUS.glob("*.txt")):
        attrib.trace(path.read_text(encoding="utf-8"), lang="id")
    assert seen
