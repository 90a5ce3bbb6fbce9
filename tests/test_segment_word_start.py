"""segment._word_start finds what the search it replaced found."""

import random

from attrib.core.segment import _WORD_END, _word_start


def test_word_start_matches_the_search():
    chars = "aB1_. -\u00e9\u0663\u2177\u0301\n\u212a"
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 14)))
        end = rng.randint(0, len(text))
        pos = rng.randint(0, end)
        assert _word_start(text, pos, end) == _WORD_END(text, pos, end).start(), (text, pos, end)


def _reference_units(text, abbreviations, ends):
    """split_units' cuts as the word search alone decides them (no quotes)."""
    from attrib.core.segment import _boundaries, _longer_than

    n = _longer_than(abbreviations)
    cuts = []
    for j, cut in _boundaries(text, ends):
        if text[j] != "\n":
            w = _WORD_END(text, j - n if j > n else 0, j).start()
            if w != j - n:
                word = text[w:j]
                if (len(word) == 1 and word.isupper()) or word.lower() in abbreviations:
                    continue
        cuts.append(cut)
    return cuts


def test_split_units_word_before_mark_matches_the_search():
    from attrib.core.segment import _add_unit, _default_ends, split_units

    abbreviations = frozenset({"dr", "prof", "a.n", "kec", "st"})
    words = ["Dr", "dr", "PROF", "a.n", "A", "x", "Kec", "st_", "_st", "jalan", "Budi", "1", "\u212aec", "\u00e9", "abcdefgh"]
    seps = [" ", "  ", "\t", "\u00a0", "(", "\n", "", "-", "."]
    ends = _default_ends()
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(seps) + rng.choice(words) + rng.choice([".", ". ", "! ", ""]) for _ in range(rng.randint(1, 6)))
        text += " Lalu."
        got = [(u.start, u.end) for u in split_units(text, (), abbreviations, ends)]
        units, start = [], 0
        for cut in _reference_units(text, abbreviations, ends):
            _add_unit(text, units, start, cut)
            start = cut
        _add_unit(text, units, start, len(text))
        want = [(u.start, u.end) for u in units]
        assert got == want, text
