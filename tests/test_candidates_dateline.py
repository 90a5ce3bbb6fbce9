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


def test_has_dash_searches_only_a_head_with_a_dash_character():
    """The shortcut: a head without any of _DASH_CHAR's characters is
    answered without a regex search; one with them, by the searches."""
    rng = random.Random(11)

    def refused(*a):
        raise AssertionError("searched")

    chars = cand._DASH_CHARS
    assert all(cand._DASH_CHAR.fullmatch(c) for c in chars)
    assert (cand._DASH_1, cand._DASH_2, cand._DASH_3, cand._DASH_4) == tuple(chars)
    for _ in range(5000):
        text = "".join(rng.choice("ab -–—|\u00a0\n.K") for _ in range(rng.randint(0, 30)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        if not any(c in text[start:end] for c in chars):
            assert cand._has_dash(text, start, end, refused, refused) is False
            assert _dash_general(text, start, end) is False
        else:
            assert cand._DASH_CHAR.search(text, start, end) is not None
