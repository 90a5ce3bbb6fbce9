"""PersonNames._shape_matches (the runs of capitalised words found in the
text's ASCII shape, and with cap_words itself around characters beyond ASCII)
against cap_words run over the whole text, on random texts with and without
characters beyond ASCII, for both languages' patterns."""

from __future__ import annotations

import random

import pytest

import attrib
from attrib.core.resolve import PersonNames, _AS_ASCII, _ascii_shape

_ASCII = list("AbCdKPUaei  \t\n?'-.,:019_") + ["Budi ", "Joko Widodo ", "KPU ", "O'Brien ", "Jong-un "]
_BEYOND = [ch for ch, _ in _AS_ASCII] + ["\u00e9", "\u017d", "\u017e", "\u00df", "\u0130", "\u00ad", "\u00a9",
                                         "\u03a9", "\u2028", "\U0001f600", "\u00c9mile ", "\u00e9t\u00e9 "]


def _text(rng: random.Random, beyond: bool) -> str:
    pool = _ASCII + (_BEYOND if beyond else [])
    return "".join(rng.choice(pool) for _ in range(rng.randrange(0, 80)))


@pytest.mark.parametrize("code", ["id", "en"])
def test_shape_matches_are_the_patterns_matches(code):
    cap_words = attrib.get_language(code).cap_words
    shape = _ascii_shape(cap_words)
    assert shape is not None
    rng = random.Random(27)
    beyond = 0
    for k in range(4000):
        text = _text(rng, k % 4 != 0)
        beyond += not text.isascii()
        names = PersonNames(text, lambda w: True, cap_words)
        fast = [(m.start(), m.end()) for m in names._shape_matches(*shape)]
        assert fast == [(m.start(), m.end()) for m in cap_words.finditer(text)], repr(text)
    assert beyond > 2500  # (the path with characters beyond ASCII is taken)
