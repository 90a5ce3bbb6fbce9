"""The spans split_units and find_quotes build in place (from the slots
class, without span_of's checks) against span_of, the general path: the
same values, valid, and of the class span_of makes."""

import random

from attrib.core.segment import _default_ends, find_quotes, split_units
from attrib.model import Span, span_of


def _same_as_span_of(span):
    assert type(span) is Span
    assert type(span.start) is int and type(span.end) is int and 0 <= span.start <= span.end
    ref = span_of(span.start, span.end)
    assert span == ref and hash(span) == hash(ref) and repr(span) == repr(ref)


def _random_text(rng):
    pieces = ["Budi", "kata", "dia", "Dr", "A", "x", "1", "\u00e9t\u00e9", "\u201c", "\u201d", '"', "'", "\u2018", "\u2019",
              "``", "''", "\u201e", "\u00ab", "\u00bb"]
    seps = [" ", "  ", "\n", "\n\n", ". ", "! ", "? ", ", ", "\t", "\u00a0", ""]
    return "".join(rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(0, 40)))


def test_units_and_quotes_are_span_of_spans():
    rng = random.Random(31)
    ends = _default_ends()
    for _ in range(3000):
        text = _random_text(rng)
        quotes = find_quotes(text)
        for q in quotes:
            _same_as_span_of(q.outer)
            _same_as_span_of(q.inner)
            assert q.outer.start <= q.inner.start <= q.inner.end <= q.outer.end
        units = split_units(text, quotes, frozenset({"dr"}), ends)
        for u in units:
            _same_as_span_of(u)
            assert u.end > u.start and not text[u.start].isspace() and not text[u.end - 1].isspace()


def test_units_of_the_seeds_are_span_of_spans(seeds, id_lang):
    seen = 0
    for text in seeds.values():
        quotes = find_quotes(text)
        seen += len(quotes)
        for q in quotes:
            _same_as_span_of(q.outer)
            _same_as_span_of(q.inner)
        units = split_units(text, quotes, id_lang.abbreviations, id_lang.sentence_ends)
        assert units
        for u in units:
            _same_as_span_of(u)
    assert seen
