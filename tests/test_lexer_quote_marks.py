"""Lexer._quoted (the shape of a chunk in quotation marks, from the shape of
the chunk between them) agrees with the full path (_raw's pattern, then each
word's reading) on random chunks with quotation marks and end marks around
and inside them, and is taken."""

import random

import pytest

from attrib.language import get_language

from test_lexer_shapes import _full, _word_maker

_QUOTES = list("“”„«»\"‘’‚‹›'")
_ENDS = list(",.:!?") + [")", "-", ";", "…", "\xa0", " "]


def _quoted_chunks(lexer, rng, n):
    word = _word_maker(lexer, rng)

    def marks(pool, most):
        return "".join(rng.choice(pool) for _ in range(rng.randint(0, most)))

    for _ in range(n):
        core = word()
        r = rng.random()
        if r < 0.2:
            core += rng.choice(_ENDS + _QUOTES) + word()
        elif r < 0.3:
            core = rng.choice(("(", "(", "")) + core + rng.choice((")", "", "."))
        elif r < 0.35:
            core = ""
        yield marks(_QUOTES, 2) + core + marks(_QUOTES + _ENDS, 2) + marks(_ENDS, 2)


@pytest.mark.parametrize("code", ["id", "en"])
def test_quoted_agrees(code):
    lexer = get_language(code).lexer
    chunks = list(dict.fromkeys(_quoted_chunks(lexer, random.Random(5), 8000)))
    taken = 0
    for chunk in chunks:
        lexer._chunks.pop(chunk, None)
        lexer._plain.pop(chunk, None)
        want = _full(lexer, chunk)
        got = lexer._quoted(chunk) if len(chunk) > 1 else None
        if got is not None:
            taken += 1
            assert got == want, chunk
        lexer._chunks.pop(chunk, None)
        assert lexer._cold(chunk) == want, chunk
    assert taken > len(chunks) // 3


def test_quoted_real_chunks():
    lexer = get_language("en").lexer
    for chunk in ("“Unlike", "accomplishment.”", "“flexibility”", "terlampaui”,", "News’", "“Did", "off?”",
                  "‘Bad", "Nature.’", "“I", "“”", "”.", ",”", "“Feelingkami.”", '"AUKUS",', "'King", 'Amerika".'):
        lexer._chunks.pop(chunk, None)
        want = _full(lexer, chunk)
        assert lexer._cold(chunk) == want, chunk
