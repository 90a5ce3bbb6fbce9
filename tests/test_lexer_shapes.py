"""The lexer's quick shapes of a chunk (Lexer._cold) agree with the full
path (_raw's pattern, then each word's reading) on random chunks."""

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


def _chunks(lexer, rng, n):
    known = sorted(w for w in lexer.lexicon.words if " " not in w)
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
        case = rng.random()
        if case < 0.3:
            w = w.capitalize()
        elif case < 0.4:
            w = w.upper()
        elif case < 0.5:
            i = rng.randrange(len(w))
            w = w[:i] + w[i:].capitalize()
        return w

    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 3)):
            parts.append(word() if rng.random() < 0.6 else rng.choice(_MARKS) * rng.randint(1, 2))
        yield "".join(parts)


@pytest.mark.parametrize("code", ["id", "en"])
def test_quick_shapes_agree(code):
    lexer = get_language(code).lexer
    rng = random.Random(7)
    for chunk in _chunks(lexer, rng, 4000):
        lexer._chunks.pop(chunk, None)
        lexer._plain.pop(chunk, None)
        want = _full(lexer, chunk)
        assert lexer._cold(chunk) == want, chunk
        if chunk in lexer._plain:
            assert want[0] == (("W", 0, len(chunk)),)
            assert lexer._plain[chunk] == (*want[1][0][2:], want[2], len(chunk)), chunk
