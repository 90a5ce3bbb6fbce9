"""The plain readings the lexer makes at its build for the lexicon's own
one-word forms, lower-case and capitalised (Lexer._prefill), are those the
general path gives the same chunks on their first sight (_cold with every
cache empty); a scan takes them without _cold; and lexing texts of lexicon
words in every case gives the same tokens with them as without them."""

import random

import pytest

from attrib.core.lexer import Lexer
from attrib.language import get_language

from test_lexer_shapes import _recased


def _fresh(code):
    lang = get_language(code)
    return Lexer(lang.lexer.lexicon, lang.domains, lang.glue_words)


def _empty(lexer):
    for cache in (lexer._single, lexer._chunks, lexer._forms_read, lexer._plain, lexer._shared):
        cache.clear()
    for cache in lexer._alone.values():
        cache.clear()


@pytest.mark.parametrize("code", ["id", "en"])
def test_prefill_is_the_first_sight(code):
    lexer = _fresh(code)
    pre = dict(lexer._plain)
    lexicon = lexer.lexicon
    free = [k[0] for k in lexicon.keys() if len(k) == 1 and k[0].isascii() and k[0].isalpha()
            and k[0].islower() and not lexicon.case_sensitive(k)]
    assert len(free) > 500
    assert set(pre) == set(free) | {w.capitalize() for w in free}
    for chunk in pre:
        _empty(lexer)
        lexer._cold(chunk)
        assert lexer._plain[chunk] == pre[chunk], chunk


def _texts(lexer, rng, n):
    known = sorted(w for w in lexer.lexicon.words if w.isascii() and w.isalpha())
    for _ in range(n):
        words = []
        for _ in range(rng.randint(1, 40)):
            w = _recased(rng.choice(known), rng, 0.35, 0.45, 0.5)
            words.append(w + rng.choice(("",) * 8 + (",", ".", ":")))
        yield " ".join(words)


@pytest.mark.parametrize("code", ["id", "en"])
def test_prefill_lexes_the_same(code, monkeypatch):
    prefilled, general = _fresh(code), _fresh(code)
    rng = random.Random(28)
    texts = list(_texts(prefilled, rng, 1500))
    cold = []
    original = Lexer._cold

    def counted(self, chunk):
        if self is prefilled:
            cold.append(chunk)
        return original(self, chunk)

    monkeypatch.setattr(Lexer, "_cold", counted)
    for text in texts:
        _empty(general)  # every chunk first seen, by the general path
        got, want = prefilled.lex(text, 0, len(text), eos=True), general.lex(text, 0, len(text), eos=True)
        assert (got.types, got.starts, got.ends, got.entries) == (want.types, want.starts, want.ends, want.entries), text
    # the shortcut is taken: most prefilled words seen (alone in their
    # chunk) never reached _cold (some do by _shape, after a word that may
    # open a multi-word form)
    pre = set(_fresh(code)._plain)
    seen = {c for t in texts for c in t.split(" ")} & pre
    assert len(seen) > 1000
    assert len(set(cold) & pre) < len(seen) / 10
