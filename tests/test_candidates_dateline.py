"""Shortcuts of the segment and candidates stages against their general paths."""

import random

from attrib.core import candidates as cand


def _dash_general(text, start, end):
    return cand._DATELINE_DASH.search(text, start, end) is not None


def _dash_fast(text, start, end):
    return cand._has_dash(text, start, end, cand._DATELINE_DASH.search, cand._DASH_CHAR.search)


def test_dash_chars_bound_every_dateline_dash():
    for d in cand._DATELINE_DASHES:
        first = min(d.index(c) for c in "-–—|" if c in d)
        assert first <= 1, d


def test_has_dash_matches_the_full_search():
    rng = random.Random(7)
    alphabet = "ab -–—|\u00a0\n.K"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert _dash_fast(text, start, end) == _dash_general(text, start, end), (text, start, end)
