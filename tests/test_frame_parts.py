"""A frame's children read by parse._parts: the pre-test for the most common
sources (one conjunct of one noun phrase) against the general reading it
skips, on the children of every frame parsed in real articles and on random
children; and the order of Frame's fields, which the frame callbacks pass by
position."""

from __future__ import annotations

import random
from pathlib import Path

import attrs
import pytest

import attrib
import attrib.core.parse as P
from attrib.core.grammar import GrammarError, _tok

_ROOT = Path(__file__).resolve().parent.parent
_SHARED = _ROOT.parent / "shared" / "data"


def _articles():
    out = [(p, "id") for p in sorted((_ROOT / "corpus").glob("*.txt"))]
    out += [(p, "en") for p in sorted((_ROOT / "corpus" / "en").glob("*.txt"))]
    out += [(p, "id") for p in sorted((_SHARED / "dev-id").glob("*.txt"))[:30]]
    out += [(p, "en") for p in sorted((_SHARED / "polnear-train").glob("*.txt"))[:60]]
    return out


def _general(items, cue_types):
    """_parts with its pre-test never taken (no child is of the class it asks for)."""
    saved = P.NP
    P.NP = type("NotNP", (), {})
    try:
        return P._parts(items, cue_types)
    except GrammarError as e:
        return ("raised", str(e))
    finally:
        P.NP = saved


def _fast(items, cue_types):
    try:
        return P._parts(items, cue_types)
    except GrammarError as e:
        return ("raised", str(e))


def _one_np(i):
    return i.__class__ is list and len(i) == 1 and i[0].__class__ is list and len(i[0]) == 1 and i[0][0].__class__ is P.NP


def _same(items, a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x == y and type(x) is type(y)
    if a[0] != "raised":  # the sources: a child itself or a list made of one
        assert [a[3] is i for i in items] == [b[3] is i for i in items]


def test_parts_pretest_agrees_with_the_general_reading_on_real_frames(monkeypatch):
    seen = []
    real = P._parts

    def record(items, cue_types):
        seen.append((list(items), cue_types))
        return real(items, cue_types)

    monkeypatch.setattr(P, "_parts", record)
    for path, lang in _articles():
        attrib.trace(path.read_text(encoding="utf-8"), lang=lang)
    monkeypatch.setattr(P, "_parts", real)
    taken = 0
    for items, cue_types in seen:
        _same(items, _fast(items, cue_types), _general(items, cue_types))
        taken += any(_one_np(i) for i in items)
    # (the bundled corpus alone gives 213 frames, 132 of them through the
    # pre-test; with ../shared's dev sets, more than 250 and 100)
    least = (250, 100) if (_SHARED / "dev-id").is_dir() else (150, 80)
    assert len(seen) > least[0] and taken > least[1], (len(seen), taken)


def _children(rng):
    def tok(t):
        s = rng.randrange(0, 500)
        return _tok(t, "w", s, s + 1, ())

    def np():
        return P.NP(tuple(tok("NAME") for _ in range(rng.randrange(1, 3))))

    def mod():
        s = rng.randrange(0, 500)
        return P.Mod(rng.choice(["time", "channel"]), attrib.model.span_of(s, s + 2))

    def hop():
        return rng.choice([P.Hop, P.InwardHop])(tok("VIA"), np(), [mod() for _ in range(rng.randrange(0, 2))])

    def conj():
        return [rng.choice([np, np, hop, lambda: P.Pronoun(tok("PRON"))])() for _ in range(rng.randrange(1, 3))]

    makers = [
        lambda: tok(rng.choice(["CUE_POST", "CUE_VERB", "CUE_PRE", "CUE_OTHER", "QUOTE", "COMMA", "NAME"])),
        lambda: P._Lead(rng.choice([None, tok("QUOTE")])),
        lambda: P._NO_HOPS,
        lambda: P._Hops([hop() for _ in range(rng.randrange(0, 3))]),
        lambda: [],
        lambda: [[np()]],
        lambda: [[np()]],
        lambda: [conj() for _ in range(rng.randrange(1, 3))],
        lambda: [[np()], mod()],
        lambda: [[np()], hop()],
        lambda: [mod() for _ in range(rng.randrange(1, 3))],
        lambda: [hop(), mod()],
        hop,
        mod,
        np,
        lambda: P._Report([[np()]]),
    ]
    return [rng.choice(makers)() for _ in range(rng.randrange(1, 7))]


def test_parts_pretest_agrees_with_the_general_reading_on_random_children():
    rng = random.Random(28)
    taken = 0
    for _ in range(3000):
        items = _children(rng)
        cue_types = rng.choice([("CUE_POST",), ("CUE_VERB", "CUE_VERB_THAT"), ("CUE_PRE",)])
        _same(items, _fast(items, cue_types), _general(items, cue_types))
        taken += any(_one_np(i) for i in items)
    assert taken > 500


def test_frame_fields_are_in_the_order_the_callbacks_pass_them():
    names = [a.name for a in attrs.fields(P.Frame)]
    assert names[:8] == ["kind", "cue", "sources", "hops", "mods", "lead_quote", "coordinated", "report"]


@pytest.mark.parametrize("text, lang", [
    ("“Kami siap,” kata Budi, Senin.", "id"),
    ("Budi mengatakan bahwa mereka siap.", "id"),
    ("Menurut Budi, mereka siap.", "id"),
    ('"We are ready," said John Smith, a spokesman.', "en"),
])
def test_frames_of_short_texts_keep_their_fields(text, lang):
    doc = attrib.trace(text, lang=lang)
    assert doc.attributions and doc.attributions[0].source is not None
