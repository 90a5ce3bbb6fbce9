"""find_candidates' shortcuts against the general path, a look at every
unit: units that end before the next cue or metadata hit are passed over
with two tests; the hits, quotations and furniture of a unit are walked
to, not bisected; a Candidate is built from its fields stored in place."""

import bisect
import random
from pathlib import Path

import pytest

from attrib.core import candidates as cand
from attrib.core.candidates import Candidate, find_candidates
from attrib.core.segment import DIRECT, Segments, segment
from attrib.language import get_language
from attrib.model import span_of

REPO = Path(__file__).resolve().parent.parent
TEXTS = {
    "id": [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))],
    "en": [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus" / "en").glob("*.txt"))],
}


def _general(text, segments, language):
    """Every unit looked at, its hits and quotations found by bisection."""
    quotes, units, furniture = segments.quotes, segments.units, segments.furniture
    quote_starts = [q.outer.start for q in quotes]
    cue_hits, meta_hits = language.cue_starts(text), language.meta_candidates(text)
    out = []
    for ui, unit in enumerate(units):
        us, ue = unit.start, unit.end
        ci, cj = bisect.bisect_left(cue_hits, us), bisect.bisect_left(cue_hits, ue)
        meta = (
            bisect.bisect_left(meta_hits, us) < bisect.bisect_left(meta_hits, ue)
            or ui < cand._HEAD_UNITS and cand._DATELINE_DASH.search(text, us, min(ue, us + 60)) is not None
            or ue - us <= 10 and text[us] == "(" and text[ue - 1] == ")"
        )
        if not (meta or cj > ci):
            continue
        if any(f.start < ue and us < f.end for f in furniture):
            continue
        qi, qj = bisect.bisect_left(quote_starts, us), bisect.bisect_left(quote_starts, ue)
        uq = quotes[qi:qj]
        plain = ue - us <= cand.SUBJECT_REACH and not any(q.kind == DIRECT for q in uq)
        lead = None
        if qi and cj > ci and cue_hits[ci] - us <= cand._LEAD_REACH:
            q = quotes[qi - 1]
            if q.kind == DIRECT and q.outer.end <= us and not text[q.outer.end : us].strip(" \t\u00a0"):
                lead = q
        out.append(Candidate(ui, unit, uq, meta, cue_hits[ci:cj], plain, lead))
    return out


class _Reads(list):
    """A hit list that counts its reads."""

    reads = 0

    def __getitem__(self, i):
        _Reads.reads += 1
        return list.__getitem__(self, i)


class _Counting:
    def __init__(self, language):
        self.language = language

    def cue_starts(self, text):
        return _Reads(self.language.cue_starts(text))

    def meta_candidates(self, text):
        return _Reads(self.language.meta_candidates(text))


_SEPS = ["\n", "\n\n", " - ", " \u2013 ", "\n(dam)\n", " (ant) ", ": ", "\u201c", "\u201d", '"', " | ", ". ", "-", "(a)",
         '\n"Are they small?" Trump said. ',
         "\n\u201cBenarkah itu terjadi kemarin?\u201d Budi mengatakan hal itu. "]


def _random_text(rng, texts):
    parts = []
    for _ in range(rng.randint(1, 12)):
        t = rng.choice(texts)
        a = rng.randrange(len(t))
        parts.append(t[a : a + rng.randint(0, 300)])
        parts.append(rng.choice(_SEPS))
    return "".join(parts)


def _random_furniture(rng, units):
    return sorted(rng.sample(list(units), min(len(units), rng.randint(0, 3))), key=lambda u: u.start)


def _same(got, want):
    assert got == want
    for g, w in zip(got, want):
        assert type(g) is Candidate and repr(g) == repr(w)
        assert (g.index, g.unit, g.quotes, g.meta, g.cues, g.plain, g.lead) == (
            w.index, w.unit, w.quotes, w.meta, w.cues, w.plain, w.lead)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_find_candidates_on_the_corpus(lang):
    language = get_language(lang)
    for text in TEXTS[lang]:
        segs = segment(text, language)
        _same(find_candidates(text, segs, language), _general(text, segs, language))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_find_candidates_on_spliced_texts(lang):
    language = get_language(lang)
    rng = random.Random(5 if lang == "id" else 6)
    texts = TEXTS["id"] + TEXTS["en"]
    kinds = set()
    for _ in range(400):
        text = _random_text(rng, texts)
        segs = segment(text, language)
        if rng.random() < 0.3:
            segs = Segments(segs.quotes, segs.units, _random_furniture(rng, segs.units))
        got = find_candidates(text, segs, language)
        _same(got, _general(text, segs, language))
        kinds.update((c.meta, bool(c.cues), c.lead is not None) for c in got)
    assert {(True, False, False), (False, True, False), (True, True, False), (False, True, True)} <= kinds


def test_units_without_hits_are_passed_over():
    """The shortcut is taken: a unit before the next hit reads no hit list."""
    language = get_language("id")
    text = "\n".join(f"Baris {i} tanpa apa pun." for i in range(300)) + "\nIa mengatakan itu, kata Budi.\n"
    segs = segment(text, language)
    assert len(segs.units) > 300
    _Reads.reads = 0
    got = find_candidates(text, segs, _Counting(language))
    assert [c.index for c in got] == [300] and _Reads.reads < 20
    _same(got, _general(text, segs, language))


def test_a_unit_of_initials_without_hits():
    language = get_language("id")
    text = "Ia datang ke sana kemarin pagi.\n(dam)\nLalu pulang lagi ke rumah.\n" * 3
    segs = segment(text, language)
    got = find_candidates(text, segs, language)
    assert [text[c.unit.start : c.unit.end] for c in got if c.meta] == ["(dam)"] * 3
    _same(got, _general(text, segs, language))
    spans = [span_of(0, 5)]
    _same(find_candidates("(dam)", Segments([], spans, []), language), _general("(dam)", Segments([], spans, []), language))
