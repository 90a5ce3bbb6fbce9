"""Lexer._stays_whole, the quick test before _unglue's search, agrees with
the search on random glued words (mostly capitalised, some with hyphens) (the full path: the shortcut turned off)."""

import random

import pytest

from attrib.language import get_language


def _words(lexer, rng, n):
    known = sorted(w for w in lexer.lexicon.words if w.isascii() and w.isalpha())
    glue = sorted(w for w in lexer._glue if w.isascii())
    cues = sorted(w for w in lexer._cues if w.isascii())
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 3)):
            r = rng.random()
            if r < 0.3:
                parts.append(rng.choice(known))
            elif r < 0.55:
                parts.append(rng.choice(glue))
            elif r < 0.7 and cues:
                parts.append(rng.choice(cues))
            else:
                parts.append("".join(rng.choice("abdegiklmnrstu") for _ in range(rng.randint(1, 6))))
        w = "".join(p + (rng.choice("-'0") if rng.random() < 0.1 else "") for p in parts)
        r = rng.random()
        if r < 0.8:
            w = w.capitalize()
        elif r < 0.9:
            w = w[:1] + w[1:].capitalize()
        elif r < 0.95:
            w = "-".join(x.capitalize() for x in w.split("-"))
        yield rng.choice(["", "Kx", "x"]) + w if rng.random() < 0.1 else w


@pytest.mark.parametrize("lang", ["id", "en"])
def test_stays_whole_agrees_with_the_search(lang, monkeypatch):
    lexer = get_language(lang).lexer
    rng = random.Random(20)
    words = list(dict.fromkeys(_words(lexer, rng, 3000)))
    # alone, and in place after letters (the case boundaries look behind)
    spans = [(w, 0, len(w)) for w in words]
    spans += [(b + w, len(b), len(b) + len(w)) for w in words[:500] for b in ("X", "XY", "xY")]
    quick = [lexer._unglue(*span) for span in spans]
    assert sum(1 for w in words if lexer._stays_whole(w)) > 100  # the shortcut is taken
    monkeypatch.setattr(type(lexer), "_stays_whole", lambda self, word: False)
    assert quick == [lexer._unglue(*span) for span in spans]
