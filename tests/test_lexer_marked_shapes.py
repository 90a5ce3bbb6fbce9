"""The lexer's first-sight shortcut for a chunk that is one number with
inner marks (100.000, 4,28) or one bracketed date ((19/6/2025)), alone or
before a closing mark (Lexer._marked), agrees with the full path (_raw's
pattern, then each word's reading) on random chunks of those shapes and
their near misses, and is taken."""

import random

import pytest

from attrib.language import get_language

from test_lexer_shapes import _assert_cold_agrees


def _chunks(rng, n):
    def num():
        return str(rng.randint(0, rng.choice((9, 99, 999, 99999))))

    for _ in range(n):
        r = rng.random()
        sep = lambda: rng.choice((".", ",", ":", "/", ".", ",", "-", ";", "'", ".."))
        parts = [num() for _ in range(rng.randint(1, 4))]
        chunk = parts[0]
        for p in parts[1:]:
            chunk += sep() + p
        if r < 0.15:  # a date, or nearly
            chunk = "/".join(str(rng.randint(0, 40)) for _ in range(rng.choice((1, 2, 3, 3))))
            chunk = "(" + chunk + rng.choice(("", "/2025", "/25", "/20251", ".2025"))
            chunk += rng.choice((")", ")", ")", "", "))", ")x", "("))
        elif r < 0.25:
            chunk = "(" + chunk + rng.choice((")", ")", ")", "", "))", ")x", "("))
        elif r < 0.35:
            chunk = rng.choice(("-", "$", "Rp", "a", ".", "www.", "1.")) + chunk
        elif r < 0.45:
            chunk += rng.choice(("%", "a", ".co.id", ".com", "x", "-an"))
        yield chunk + rng.choice(("", "", "", ",", ".", ":", "!", "?", ";", ".,", ")", ",."))


@pytest.mark.parametrize("code", ["id", "en"])
def test_marked_shapes_agree(code, monkeypatch):
    lexer = get_language(code).lexer
    taken = []
    marked = type(lexer)._marked

    def counted(self, chunk, *args):
        taken.append(chunk)
        return marked(self, chunk, *args)

    monkeypatch.setattr(type(lexer), "_marked", counted)
    chunks = list(dict.fromkeys(_chunks(random.Random(29), 6000)))
    _assert_cold_agrees(lexer, chunks)
    # the shortcut is taken, for numbers and for dates, with and without a mark
    assert sum(c[0].isdigit() for c in taken) > 500
    assert sum(c[0] == "(" for c in taken) > 50
    assert sum(c[-1] in ",.:!?" for c in taken) > 300
    # and the shared shapes came out the same whatever the order
    for chunk in taken[:300]:
        lexer._chunks.pop(chunk, None)
    _assert_cold_agrees(lexer, reversed(taken[:300]))
