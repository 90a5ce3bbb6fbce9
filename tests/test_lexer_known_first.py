"""A first-sight ASCII word the lexicon holds is read as known before its
case and glued tail are tested (Lexer._cold): the shape agrees with the full
path (_raw's pattern, then each word's reading) for lexicon words in every
case, with glue words after them, alone or before a closing mark, and for
the unknown words of the same shapes."""

import random

import pytest

from attrib.language import get_language

from test_lexer_shapes import _assert_cold_agrees, _recased


def _known_chunks(lexer, rng, n):
    known = sorted(w for w in lexer.lexicon.words if w.isascii() and w.isalpha())
    glue = sorted(lexer._glue)
    for _ in range(n):
        w = rng.choice(known)
        r = rng.random()
        if r < 0.2:
            w += rng.choice(glue)
        elif r < 0.3:
            w = "".join(rng.choice("abcdefghijklmnoprstu") for _ in range(rng.randint(1, 8)))
        w = _recased(w, rng, 0.3, 0.45, 0.7)
        yield w + rng.choice(("", "", "", ",", ".", ":", "!", "?"))


@pytest.mark.parametrize("code", ["id", "en"])
def test_known_first_agrees(code):
    lexer = get_language(code).lexer
    chunks = list(dict.fromkeys(_known_chunks(lexer, random.Random(25), 6000)))
    _assert_cold_agrees(lexer, chunks)
    # both shortcuts are taken: known words not in lower case, alone and before a mark
    words = lexer.lexicon.words
    assert sum(c.isalpha() and not c.islower() and c.lower() in words for c in chunks) > 300
    assert sum(c[-1] in ",.:!?" and not c[:-1].islower() and c[:-1].lower() in words for c in chunks) > 300
