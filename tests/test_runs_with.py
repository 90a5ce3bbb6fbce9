"""PersonNames._find_runs (a word's runs found by searching the runs joined
in one string, the run of each hit told by the line breaks before it)
against the index of every run by its words (_runs_by_word), on the seed
articles and on random texts with words that stand inside other words."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import attrib
from attrib.core.resolve import PersonNames

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

_WORDS = ["Ali", "Alias", "Aliando", "Joko", "Widodo", "Jokowi", "Sri", "Mulyani", "Indrawati", "Kim", "Jong-un",
          "O'Neil", "Bea", "Cukai", "Ketua", "MPR", "KPU", "RI", "kata", "dia", "yang", "di", "ali", "joko", "Ž"]
_GAPS = [" ", " ", " ", "  ", "\t", "\u00a0", ", ", ". ", "\n", "\n\n", " \u201c", "\u201d ", " \u2014 ", "-", "?"]


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_WORDS) + rng.choice(_GAPS) for _ in range(rng.randrange(1, 60)))


def _check(text: str, words) -> int:
    """Asserts that both ways give the same runs; the hits compared."""
    lang = attrib.get_language("id")
    search = PersonNames(text, lang.is_name_word, lang.cap_words)
    index = PersonNames(text, lang.is_name_word, lang.cap_words)
    index._scan()
    whole = index._runs_by_word()
    hits = 0
    for word in words:
        got = search._find_runs(word) if search._scan() is None and word else []
        assert got == whole.get(word, []), (text, word)
        hits += len(got)
    return hits


def _words_of(text: str, rng: random.Random) -> set:
    words = set(text.split())
    words |= {w[: rng.randrange(1, len(w) + 1)] for w in list(words)}  # (prefixes: hits inside other words)
    return words


def test_random_texts():
    rng = random.Random(18)
    hits = 0
    for _ in range(600):
        text = _random_text(rng)
        hits += _check(text, _words_of(text, rng))
    assert hits > 1000  # (the search path is actually taken and finds runs)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt"))[:40] or [None])
def test_seed_articles(path):
    if path is None:
        pytest.skip("no seed articles")
    text = path.read_text(encoding="utf-8")
    _check(text, _words_of(text, random.Random(path.name)))
