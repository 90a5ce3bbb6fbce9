"""The lexer's first-sight shortcuts (Lexer._cold) for words in brackets,
dates in brackets, lower-case words joined by hyphens and capitalised
words agree with the full path (_raw's pattern, then each word's reading)
on random chunks of those shapes and near misses."""

import random

import pytest

from attrib.language import get_language


def _full(lexer, chunk):
    raw = []
    lexer._raw(chunk, 0, len(chunk), raw)
    tokens, node = [], None
    for k, (kind, a, b) in enumerate(raw):
        if kind != "W":
            tokens.append((a, b, (kind,), ()))
            continue
        types, entries, multi = lexer._reading(chunk[a:b])
        if multi:
            if k + 1 == len(raw):
                if b == len(chunk) or chunk[b:].isspace():
                    node = lexer.lexicon.trie[chunk[a:b].lower()]
            elif raw[k + 1][0] == "W" and chunk[b : raw[k + 1][1]].isspace():
                tokens = None
                break
        tokens.append((a, b, types, entries))
    return tuple(raw), None if tokens is None else tuple(tokens), node


def _chunks(lexer, rng, n):
    known = sorted(w for w in lexer.lexicon.words if " " not in w and w.isascii())
    glue = sorted(lexer._glue)
    dotted = sorted(lexer._dotted_words)

    def word():
        r = rng.random()
        if r < 0.35:
            w = rng.choice(known)
        elif r < 0.45:
            w = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 4)))
        elif r < 0.5:
            w = rng.choice(dotted) if dotted else "a"
        else:
            w = "".join(rng.choice("abdegiklmnrstu") for _ in range(rng.randint(1, 8)))
        if rng.random() < 0.3 and glue:
            w += rng.choice(glue)
        case = rng.random()
        if case < 0.35:
            w = w.capitalize()
        elif case < 0.5:
            w = w.upper()
        elif case < 0.55:
            i = rng.randrange(len(w))
            w = w[:i] + w[i:].capitalize()
        return w

    def date():
        parts = [str(rng.randint(0, 199)) for _ in range(rng.choice((1, 2, 3, 3)))]
        return "(" + rng.choice(("/", "/", ".", "-")).join(parts) + rng.choice((")", ")", "", "))"))

    for _ in range(n):
        r = rng.random()
        if r < 0.35:
            chunk = "(" + word() + rng.choice((")", ")", ")", "", "))", ")x", "("))
        elif r < 0.55:
            chunk = date()
        elif r < 0.8:
            chunk = rng.choice(("-", "-", "-", "--", "'")).join(word().lower() for _ in range(rng.randint(1, 3)))
            chunk = rng.choice(("", "", "-")) + chunk + rng.choice(("", "", "-"))
        else:
            chunk = word()
        yield chunk + rng.choice(("", "", "", ",", ".", ":", "!", "?", ";", ".,", ")"))


@pytest.mark.parametrize("code", ["id", "en"])
def test_first_sight_shortcuts_agree(code):
    lexer = get_language(code).lexer
    rng = random.Random(22)
    chunks = list(dict.fromkeys(_chunks(lexer, rng, 6000)))
    for chunk in chunks:
        lexer._chunks.pop(chunk, None)
        lexer._plain.pop(chunk, None)
        want = _full(lexer, chunk)
        assert lexer._cold(chunk) == want, chunk
        if chunk in lexer._plain:
            assert want[0] == (("W", 0, len(chunk)),)
            assert lexer._plain[chunk] == (*want[1][0][2:], want[2], len(chunk)), chunk
    # each shortcut is taken
    assert sum(c[:1] == "(" and c[-1:] in ")," and "/" in c for c in chunks) > 50
    assert sum(c[:1] == "(" and c[1:-1].isalnum() for c in chunks) > 50
    assert sum("-" in c and c.replace("-", "").isalpha() for c in chunks) > 50
