"""Lexer._cold's route for a chunk that is one ASCII word which may hold
glued words (Anggraini, Reutersdan, McDonald): straight to _unglue from the
one-word branch, not through the tests of the general branch again. Agrees
with the full path (_raw's pattern, then each word's reading) on random
glued words, and is taken (one _glued_tail per chunk)."""

import random

import pytest

from attrib.language import get_language

from test_lexer_shapes import _assert_cold_agrees
from test_lexer_unglue import _words


@pytest.mark.parametrize("code", ["id", "en"])
def test_glued_words_first_sight(code, monkeypatch):
    lexer = get_language(code).lexer
    chunks = [w for w in dict.fromkeys(_words(lexer, random.Random(18), 6000)) if w.isalpha()]
    cls = type(lexer)
    calls = {"tail": 0, "unglue": []}
    tail, unglue = cls._glued_tail, cls._unglue

    def counted_tail(self, *args):
        calls["tail"] += 1
        return tail(self, *args)

    def counted_unglue(self, text, s, e):
        got = unglue(self, text, s, e)
        calls["unglue"].append(len(got))
        return got

    monkeypatch.setattr(cls, "_glued_tail", counted_tail)
    monkeypatch.setattr(cls, "_unglue", counted_unglue)
    for chunk in chunks:
        lexer._chunks.pop(chunk, None)
        lexer._plain.pop(chunk, None)
        before = calls["tail"], len(calls["unglue"])
        got = lexer._cold(chunk)
        taken = calls["tail"] - before[0], len(calls["unglue"]) - before[1]
        if taken[1]:  # the route: _unglue once, after one _glued_tail at most
            assert taken == (taken[0], 1) and taken[0] <= 1, chunk
        calls["unglue"] = calls["unglue"][: before[1] + 1]
        lexer._chunks[chunk] = got
    routed = len(calls["unglue"])
    # both ways out are taken: whole words and glued ones
    assert calls["unglue"].count(1) > 300 and routed - calls["unglue"].count(1) > 100
    monkeypatch.undo()
    _assert_cold_agrees(lexer, chunks)
