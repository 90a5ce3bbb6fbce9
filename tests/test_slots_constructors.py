"""The pipeline's constructors (span_of, cue_of, content_of, source_of,
attribution_of, document_of, and segment's quotes) build each value from its
plain slots class and then give it the frozen class (model.slots_class): the
values must be what the classes' own constructors make, refuse what those
refuse, and be built without them."""

from __future__ import annotations

import pickle
from contextlib import contextmanager

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import attrib
import attrib.model as model
from attrib.core import segment
from attrib.model import (
    Attribution, Content, Cue, CuePosition, Document, Phrase, Source, SourceKind, Span, attribution_of, content_of,
    cue_of, document_of, source_of, span_of,
)

VALUES = (Span, Cue, Content, Source, Attribution, Document, segment.Quote)


@pytest.mark.parametrize("cls", VALUES)
def test_each_value_class_adds_no_slot_to_its_slots_class(cls):
    base = cls.__mro__[1]
    assert base.__name__.startswith("_") and base.__name__.endswith("Slots")
    assert cls.__dict__["__slots__"] == () and cls.__basicsize__ == base.__basicsize__
    assert set(base.__slots__) == {a.name for a in attrs.fields(cls)} | {"__weakref__"}


@contextmanager
def constructors_refused(*classes):
    """The classes' own __init__ replaced by one that fails: a value built
    while this holds was built without it."""
    saved = {c: c.__dict__["__init__"] for c in classes}

    def refuse(self, *a, **k):
        raise AssertionError(f"{type(self).__name__}.__init__ called")

    try:
        for c in classes:
            c.__init__ = refuse
        yield
    finally:
        for c, init in saved.items():
            c.__init__ = init


def same_value(built, made):
    assert type(built) is type(made)
    assert built == made and hash(built) == hash(made) and repr(built) == repr(made)
    assert attrs.astuple(built, recurse=False) == attrs.astuple(made, recurse=False)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(built, attrs.fields(type(built))[0].name, None)
    assert pickle.loads(pickle.dumps(built)) == made


offsets = st.integers(0, 10**6)
texts = st.one_of(st.none(), st.text(max_size=8))
spans = st.tuples(offsets, offsets).map(lambda p: Span(*sorted(p)))
kinds = st.sampled_from(list(SourceKind) + [k.value for k in SourceKind])
sources = st.builds(
    dict, kind=kinds, name=texts, mention=texts, span=st.one_of(st.none(), spans), descriptor=texts, role=texts,
    affiliation=texts, identity=texts, score=st.one_of(st.none(), st.floats(allow_nan=False), st.integers()),
    method=texts, country=texts, state_media=st.one_of(st.none(), st.booleans()),
)


@settings(max_examples=300)
@given(offsets, offsets, sources, st.text(max_size=8), st.sampled_from(list(CuePosition) + ["before", "after", "verb"]),
       st.booleans())
def test_built_values_are_the_constructors_values(a, b, fields, text, position, direct):
    a, b = sorted((a, b))
    with constructors_refused(Span, Cue, Content, Source, Attribution):
        span = span_of(a, b)
        src = source_of(**fields)
        cue, content = cue_of(text, span, position), content_of(text, span, direct)
        att = attribution_of(cue, src, content, src, Phrase(text, span), None, [src], direct)
    same_value(span, Span(a, b))
    same_value(src, Source(**fields))
    same_value(cue, Cue(text, span, position))
    same_value(content, Content(text, span, direct))
    same_value(att, Attribution(cue, src, content, src, Phrase(text, span), None, [src], direct))
    assert att.chain == (src,) and type(att.chain) is tuple


BAD = [
    (span_of, Span, (-1, 2)), (span_of, Span, (5, 4)), (span_of, Span, (True, 2)), (span_of, Span, (0, 1.0)),
    (cue_of, Cue, (3, Span(0, 1), "verb")), (cue_of, Cue, ("x", (0, 1), "verb")), (cue_of, Cue, ("x", Span(0, 1), "up")),
    (content_of, Content, ("x", Span(0, 1), 1)), (content_of, Content, (b"x", Span(0, 1), True)),
    (source_of, Source, ("nobody",)), (source_of, Source, ("person", 3)), (source_of, Source, ("person", None, None, (0, 1))),
    (source_of, Source, ("person",) + (None,) * 7 + ("high",)),
    (source_of, Source, ("person",) + (None,) * 10 + ("no",)),
]


@pytest.mark.parametrize("build, cls, args", BAD)
def test_built_values_refuse_what_the_constructors_refuse(build, cls, args):
    with pytest.raises((TypeError, ValueError)) as made:
        cls(*args)
    with pytest.raises(made.type):
        build(*args)


def test_attribution_of_refuses_what_attribution_refuses():
    cue, content, src = Cue("x", Span(0, 1), "verb"), Content("x", Span(0, 1), True), Source("person")
    for args in ((cue, "A", content), (cue, src, content, "A"), (cue, src, content, None, None, None, (), 1),
                 (content, src, content)):
        with pytest.raises(TypeError):
            Attribution(*args)
        with pytest.raises(TypeError):
            attribution_of(*args)


def test_traced_documents_are_the_constructors_documents(corpus_texts):
    """On real articles: every value of a traced Document is of its exact
    class, and the Document read back through the public constructors
    (from_dict) is equal to it, field by field."""
    made = []
    for lang, text in corpus_texts:
        # (a few spans are made with Span() by other stages: counted, not refused)
        with constructors_refused(Cue, Content, Source, Attribution, segment.Quote), spans_counted(made):
            doc = attrib.trace(text, lang=lang)
        again = Document.from_dict(doc.to_dict())
        assert type(doc) is Document and doc == again and doc.to_dict() == again.to_dict()
        for a, b in zip(doc.attributions, again.attributions):
            same_value(a, b)
            for x, y in ((a.cue, b.cue), (a.content, b.content), (a.source, b.source), (a.cue.span, b.cue.span)):
                same_value(x, y)
        assert all(type(u) is Span for u in doc.units)
    spans = sum(len(d.units) for d in [attrib.trace(t, lang=lang) for lang, t in corpus_texts])
    assert len(made) < spans / 4


@contextmanager
def spans_counted(made: list):
    init = Span.__dict__["__init__"]

    def counted(self, *a):
        made.append(a)
        init(self, *a)

    try:
        Span.__init__ = counted
        yield
    finally:
        Span.__init__ = init


def test_document_of_is_documents_document():
    span = Span(0, 3)
    src = Source("outlet", name="X", span=span)
    fields = dict(text="abc def", lang="id", id="7", publisher=src, document_source=None, credits=[],
                  attributions=[], furniture=[span], url=None, date="2024", units=[span, Span(4, 7)])
    with constructors_refused(Document):
        built = document_of(*fields.values())
    made = Document(**fields)
    same_value(built, made)
    assert built.units == made.units
    with pytest.raises(TypeError):
        document_of(*{**fields, "lang": 3}.values())


@pytest.mark.parametrize("text", ['"Satu dua tiga empat lima enam tujuh delapan," kata dia.', "Ia menyebut 'oleh-oleh' itu.",
                                  "“Kami tidak tahu”, ujarnya.\n\n“Lanjut terus"])
def test_quotes_are_quotes(text):
    with constructors_refused(segment.Quote):
        quotes = segment.find_quotes(text)
    assert quotes
    for q in quotes:
        same_value(q, segment.Quote(q.outer, q.inner, q.kind, q.closed, q.paragraphs))


@pytest.fixture(scope="module")
def corpus_texts():
    from pathlib import Path

    root = Path(model.__file__).resolve().parent.parent / "corpus"
    paths = sorted(root.rglob("*.txt"))[:12]
    assert paths
    return [("auto", p.read_text(encoding="utf-8")) for p in paths]
