"""Discourse._no_person_named, recent_person's pre-test (a unit whose only
capital in its subject's reach is its first character gives no person
named that _named passes), against the general reading of the subject, on
every unit of the seed articles and of random texts in both languages; and
the lexer's two properties it rests on."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import attrib
from attrib.contract import NAME
from attrib.core.candidates import find_candidates
from attrib.core.frames import read_frames
from attrib.core.resolve import _NAMED_BY, Discourse
from attrib.core.segment import segment
from attrib.model import SourceKind

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

_NAMES = ["Budi", "Hartono", "Prabowo", "Ani", "Kim", "Jong-un", "O'Brien", "McDonald", "Trumpmengatakan",
          "Dr.", "H.", "Al-Fatih", "BGN", "Peskov", "Smith", "Hal", "Ateng"]
_MARKS = [",", ".", ":", ";", "(", ")", "\u201c", "\u201d", '"', "-", "\u2019s"]


def _kept(d: Discourse, u) -> bool:
    """Whether recent_person keeps the unit's subject (its general reading)."""
    got = d.subject(u)
    return got is not None and got[0].kind == SourceKind.PERSON and got[0].method in _NAMED_BY and d._named(got[0])


def _random_text(code: str, rng: random.Random) -> str:
    lang = attrib.get_language(code)
    forms = sorted(" ".join(k) for k in lang.lexicon.keys())
    words = [rng.choice(forms) for _ in range(120)] + [w.lower() for w in _NAMES] + ["dan", "the", "itu", "said"]
    sents = []
    for _ in range(rng.randrange(4, 14)):
        ws = [rng.choice(words if rng.random() < 0.8 else _NAMES) for _ in range(rng.randrange(1, 25))]
        if rng.random() < 0.6:
            ws = [w.lower() for w in ws]  # the opening capital alone, below
        out = []
        for w in ws:
            out.append(w)
            if rng.random() < 0.1:
                out.append(rng.choice(_MARKS))
        first = out[0]
        out[0] = first[:1].upper() + first[1:]
        sents.append(" ".join(out) + rng.choice([".", ".", "?", ""]))
    return rng.choice([" ", "\n", "\n\n"]).join(sents)


def _texts():
    texts = [("id", p.read_bytes().decode("utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    rng = random.Random(26)
    for code in ("id", "en"):
        texts += [(code, _random_text(code, rng)) for _ in range(40)]
    return texts


_TEXTS = _texts()


def _check(code: str, text: str) -> int:
    """Units where the pre-test holds, each checked against the general
    reading, with the frames' tokens and with none (every subject then read
    from the text)."""
    lang = attrib.get_language(code)
    segs = segment(text, lang)
    framed = read_frames(text, find_candidates(text, segs, lang), lang)
    taken = 0
    for unit_tokens in (framed.unit_tokens, {}):
        fast = Discourse(text, segs.units, unit_tokens, lang, lang.resolver)
        general = Discourse(text, segs.units, unit_tokens, lang, lang.resolver)
        for u in segs.units:
            if fast._no_person_named(u):
                taken += 1
                assert not _kept(general, u), text[u.start : u.end]
    return taken


@pytest.mark.parametrize("code,text", _TEXTS)
def test_no_person_named_agrees_with_the_general_reading(code, text):
    _check(code, text)


def test_the_pre_test_is_taken():
    seeds = sum(_check(code, text) for code, text in _TEXTS if code == "id" and len(text) > 2000)
    assert seeds >= 20
    for code in ("id", "en"):
        assert sum(_check(c, t) for c, t in _TEXTS if c == code) >= 100


@pytest.mark.parametrize("code,text", _TEXTS)
def test_a_name_token_opens_with_a_capital_and_holds_no_space(code, text):
    lang = attrib.get_language(code)
    for u in segment(text, lang).units:
        lexed = lang.lexer.lex(text, u.start, u.end)
        for types, s, e in zip(lexed.types, lexed.starts, lexed.ends):
            if NAME in types:
                assert text[s].isupper() and not any(ch.isspace() for ch in text[s:e]), text[s:e]


@pytest.mark.parametrize("code", ["id", "en"])
def test_no_form_of_the_lexicon_is_a_name(code):
    # (the lexer makes NAME of a word the lexicon lacks, by its capital)
    assert all(e.terminal != NAME for e in attrib.get_language(code).lexicon.entries())
