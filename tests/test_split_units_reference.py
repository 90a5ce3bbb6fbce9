"""split_units against a plain reference: every boundary tested for an
abbreviation, then for a direct quotation around it (the order the
shortcut swaps), on random texts with quotations, abbreviations and breaks."""

import random

from attrib.core import segment as S


def _reference(text, quotes, abbreviations, ends):
    guarded = [q.outer for q in quotes if q.kind == S.DIRECT]
    units, start = [], 0
    for j, cut in S._boundaries(text, ends):
        e = j if text[j] == "\n" else cut
        if text[j] != "\n":
            w = S._WORD_END(text, 0, j).start()
            word = text[w:j]
            if word and ((len(word) == 1 and word.isupper()) or word.lower() in abbreviations):
                continue
        if any(g.start < cut < g.end for g in guarded):
            continue
        S._add_unit(text, units, start, e, guarded)
        start = cut
    S._add_unit(text, units, start, len(text), guarded)
    return units


def test_split_units_matches_reference_random():
    rng = random.Random(24)
    abbreviations = frozenset({"dr", "no", "u.s"})
    ends = S._default_ends()
    pieces = ["Dr.", "no.", "U.S.", "A.", "word", "Kata", "dia", "said.", " ", " ", "\n", "\n\n", ".", "!", "?",
              "\u201c", "\u201d", '"', "'", ",", "It", "Ma\u2019ruf", "eight long words in a row here now"]
    for _ in range(4000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        quotes = S.find_quotes(text)
        got = S.split_units(text, quotes, abbreviations, ends)
        assert got == _reference(text, quotes, abbreviations, ends), text
