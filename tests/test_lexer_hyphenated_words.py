"""Lexer._cold's one-word branch takes an ASCII word of letters joined by
single hyphens in any case (Al-Derazi, E-KTP, Soekarno-Hatta, and the
lower-case langkah-langkah), alone or before a closing mark, without _raw's
pattern: agrees with the full path (_raw's pattern, then each word's
reading) on random such words and their near misses, and is taken."""

import random

import pytest

from attrib.language import get_language

from test_lexer_shapes import _assert_cold_agrees, _recased, _word_maker


def _chunks(lexer, rng, n):
    word = _word_maker(lexer, rng, ascii_only=True)
    for _ in range(n):
        chunk = rng.choice(("-", "-", "-", "--", "'")).join(_recased(word(), rng) for _ in range(rng.randint(2, 3)))
        chunk = rng.choice(("", "", "", "-")) + chunk + rng.choice(("", "", "", "-"))
        yield chunk + rng.choice(("", "", "", ",", ".", ":", "!", "?", ";", ".,", ")"))


@pytest.mark.parametrize("code", ["id", "en"])
def test_hyphenated_words_agree(code, monkeypatch):
    lexer = get_language(code).lexer
    cls = type(lexer)
    raw_calls = []
    raw = cls._raw

    def counted(self, text, start, end, out):
        raw_calls.append(text[start:end])
        return raw(self, text, start, end, out)

    chunks = list(dict.fromkeys(_chunks(lexer, random.Random(31), 6000)))
    for chunk in chunks:
        lexer._chunks.pop(chunk, None)
        lexer._plain.pop(chunk, None)
    monkeypatch.setattr(cls, "_raw", counted)
    for chunk in chunks:
        lexer._shape(chunk)
    monkeypatch.undo()
    raw_seen = set(raw_calls)
    # taken: capitalised and upper-case words joined by hyphens, with or
    # without a mark, never reach _raw
    taken = [c for c in chunks if c not in raw_seen and "-" in c.strip("-") and not c.islower()]
    assert len(taken) > 500
    assert sum(c[-1] in ",.:!?" for c in taken) > 100
    _assert_cold_agrees(lexer, chunks)
