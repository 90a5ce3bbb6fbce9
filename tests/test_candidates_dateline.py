"""The dateline shortcut of the candidates stage against its general path:
a search for a dateline dash in the first 60 characters of every head unit."""

import random

import pytest

from attrib.core import candidates as cand
from attrib.model import span_of


def _general(text, units):
    return [
        u.start for u in units[: cand._HEAD_UNITS]
        if cand._DATELINE_DASH.search(text, u.start, min(u.end, u.start + 60)) is not None
    ]


def _random_units(rng, n):
    """Units as split_units makes them: non-empty, in order, apart."""
    cuts = sorted(rng.sample(range(n + 1), min(n + 1, 2 * rng.randint(0, 16))))
    return [span_of(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]


def _random_text(rng):
    alphabet = "ab -–—|\u00a0\n.K"
    if rng.random() < 0.5:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
    # long heads: units wider than the 60 characters searched, dashes at their edge
    return "".join(rng.choice(alphabet) if rng.random() < 0.3 else "x" for _ in range(rng.randint(0, 400)))


def test_dash_chars_bound_every_dateline_dash():
    for d in cand._DATELINE_DASHES:
        first = min(d.index(c) for c in "-–—|" if c in d)
        assert first <= 1, d


def test_dateline_starts_match_the_full_search():
    rng = random.Random(7)
    for _ in range(20000):
        text = _random_text(rng)
        units = _random_units(rng, len(text))
        assert sorted(cand._dateline_starts(text, units)) == _general(text, units), (text, units)


class _Counted:
    """A compiled pattern whose match and search are counted."""

    def __init__(self, pattern, calls):
        self.pattern, self.calls = pattern, calls

    def match(self, *a):
        self.calls.append(("match", a[1:]))
        return self.pattern.match(*a)

    def search(self, *a):
        self.calls.append(("search", a[1:]))
        return self.pattern.search(*a)


def test_dateline_starts_search_only_units_with_a_dash_character(monkeypatch):
    """The shortcut: a head unit without a dash character in its first 60
    characters is never searched; one with a single one gets one match at it."""
    calls = []
    PLAIN = cand._DATELINE_DASH
    monkeypatch.setattr(cand, "_DATELINE_AT", _Counted(cand._DATELINE_AT, calls))
    monkeypatch.setattr(cand, "_DATELINE_DASH", _Counted(cand._DATELINE_DASH, calls))
    rng = random.Random(11)
    seen = {"search": 0, "dated": 0}
    for _ in range(3000):
        text = _random_text(rng)
        units = _random_units(rng, len(text))
        del calls[:]
        got = cand._dateline_starts(text, units)
        assert sorted(got) == [
            u.start for u in units[: cand._HEAD_UNITS]
            if PLAIN.search(text, u.start, min(u.end, u.start + 60)) is not None
        ]
        dashes = [
            [p for p in range(u.start, min(u.end, u.start + 60)) if text[p] in cand._DASH_CHARS]
            for u in units[: cand._HEAD_UNITS]
        ]
        assert sum(1 for c in calls if c[0] == "match") == sum(1 for d in dashes if d)
        assert sum(1 for c in calls if c[0] == "search") <= sum(1 for d in dashes if len(d) > 1)
        # the match starts at the first dash character or just before it
        assert sorted(c[1][0] for c in calls if c[0] == "match") == sorted(
            max(d[0] - 1, u.start) for d, u in zip(dashes, units) if d)
        seen["search"] += any(c[0] == "search" for c in calls)
        seen["dated"] += bool(got)
    assert seen["search"] > 100 and seen["dated"] > 100


@pytest.mark.parametrize("head", ["JAKARTA, KOMPAS.com - Presiden", "Jakarta -Menteri", "KOMPAS.com- Kementerian",
                                  "JAKARTA \u2013 Polisi", "Sehari-hari itu", "a | b", "x\u00a0\u2013 y", "(dam)"])
def test_dateline_starts_on_heads(head):
    text = head + "\n" + head
    units = [span_of(0, len(head)), span_of(len(head) + 1, len(text))]
    assert sorted(cand._dateline_starts(text, units)) == _general(text, units)
