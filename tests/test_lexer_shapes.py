"""The lexer's quick shapes of a chunk (Lexer._cold) agree with the full
path (_raw's pattern, then each word's reading) on random chunks, and on
chunks of the shapes its first-sight shortcuts take (words and dates in
brackets, lower-case words joined by hyphens, capitalised words) and their
near misses."""

import random

import pytest

from attrib.language import get_language

_MARKS = list("“”„«»\"‘’‚‹›'(),.:!?-/;%$") + ["\xa0"]


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


def _word_maker(lexer, rng, ascii_only=False):
    """A maker of random words: lexicon words, numbers, abbreviations with
    their period, letter strings, some with a glue word after them, in all
    cases."""
    known = sorted(w for w in lexer.lexicon.words if " " not in w and (w.isascii() or not ascii_only))
    glue = sorted(lexer._glue)
    dotted = sorted(lexer._dotted_words)

    def word():
        r = rng.random()
        if r < 0.3:
            w = rng.choice(known)
        elif r < 0.4:
            w = rng.choice(dotted) if dotted else "a"
        elif r < 0.5:
            w = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 4)))
        else:
            w = "".join(rng.choice("abcdefghijklmnoprstu") for _ in range(rng.randint(1, 8)))
        if rng.random() < 0.3 and glue:
            w += rng.choice(glue)
        return _recased(w, rng)

    return word


def _recased(w: str, rng, capital: float = 0.3, upper: float = 0.4, mixed: float = 0.5) -> str:
    """w capitalised, in capitals, or capitalised from a random letter on
    (the thresholds of one draw), else as it is."""
    case = rng.random()
    if case < capital:
        return w.capitalize()
    if case < upper:
        return w.upper()
    if case < mixed:
        i = rng.randrange(len(w))
        return w[:i] + w[i:].capitalize()
    return w


def _chunks(lexer, rng, n):
    word = _word_maker(lexer, rng)
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 3)):
            parts.append(word() if rng.random() < 0.6 else rng.choice(_MARKS) * rng.randint(1, 2))
        yield "".join(parts)


def _first_sight_chunks(lexer, rng, n):
    word = _word_maker(lexer, rng, ascii_only=True)

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


def _assert_cold_agrees(lexer, chunks):
    """Each chunk, first seen, gets from _cold what the full path gives."""
    for chunk in chunks:
        lexer._chunks.pop(chunk, None)
        lexer._plain.pop(chunk, None)
        want = _full(lexer, chunk)
        assert lexer._cold(chunk) == want, chunk
        if chunk in lexer._plain:
            assert want[0] == (("W", 0, len(chunk)),)
            assert lexer._plain[chunk] == (*want[1][0][2:], want[2], len(chunk)), chunk


@pytest.mark.parametrize("code", ["id", "en"])
def test_quick_shapes_agree(code):
    lexer = get_language(code).lexer
    _assert_cold_agrees(lexer, _chunks(lexer, random.Random(7), 4000))


@pytest.mark.parametrize("code", ["id", "en"])
def test_first_sight_shortcuts_agree(code):
    lexer = get_language(code).lexer
    chunks = list(dict.fromkeys(_first_sight_chunks(lexer, random.Random(22), 6000)))
    _assert_cold_agrees(lexer, chunks)
    # each shortcut is taken
    assert sum(c[:1] == "(" and c[-1:] in ")," and "/" in c for c in chunks) > 50
    assert sum(c[:1] == "(" and c[1:-1].isalnum() for c in chunks) > 50
    assert sum("-" in c and c.replace("-", "").isalpha() for c in chunks) > 50
