"""The data model (attrib/model.py) and its JSON form (attrib/schema/document.schema.json).

Spans validate their offsets, a Document refuses spans outside its text, the
value classes are frozen, the enum fields convert their string values, and
``to_dict`` / ``from_dict`` write and check every span as
``{"start", "end", "text"}`` against the Document's text.
"""

from __future__ import annotations

import copy
import enum
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import attrib
from attrib.model import (
    SCHEMA_VERSION,
    Attribution,
    Content,
    Credit,
    Cue,
    CuePosition,
    Document,
    Phrase,
    Source,
    SourceKind,
    Span,
)

jsonschema = pytest.importorskip("jsonschema")

SCHEMA_PATH = Path(attrib.__file__).resolve().parent / "schema" / "document.schema.json"
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


@pytest.fixture(scope="module")
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema)


def at(text: str, needle: str, start: int = 0) -> Span:
    i = text.index(needle, start)
    return Span(i, i + len(needle))


# A small hand-built Document that uses every kind of span the model has.
TEXT = (
    "KONTAN.CO.ID - MOSKOW. Mengutip CNN, juru bicara Kremlin Dmitry Peskov pada hari Kamis "
    "dalam sebuah pernyataan mengatakan “Kami tidak akan menyerah,” kata Peskov.\n"
    "Baca Juga: Berita lain\nSumber: TASS\nReporter: Budi (dam)"
)


def sample_document() -> Document:
    t = TEXT
    kontan = Source(kind="outlet", name="Kontan", mention="KONTAN.CO.ID", span=at(t, "KONTAN.CO.ID"),
                    identity="kontan", score=100.0, method="registry", country="ID", state_media=False)
    tass = Source(kind=SourceKind.OUTLET, name="TASS", mention="TASS", span=at(t, "TASS"), state_media=True)
    cnn = Source(kind="outlet", name="CNN", mention="CNN", span=at(t, "CNN"))
    peskov = Source(kind="person", name="Dmitry Peskov", mention="Dmitry Peskov", span=at(t, "Dmitry Peskov"),
                    descriptor="juru bicara", affiliation="Kremlin")
    peskov2 = attrs.evolve(peskov, mention="Peskov", span=at(t, "Peskov", at(t, "kata").end))
    quote = at(t, "“Kami tidak akan menyerah,”")
    inner = Span(quote.start + 1, quote.end - 1)
    a1 = Attribution(
        cue=Cue("mengatakan", at(t, "mengatakan"), "verb"),
        source=peskov,
        content=Content(t[quote.start : quote.end], quote, True),
        via=cnn,
        time=Phrase("pada hari Kamis", at(t, "pada hari Kamis")),
        channel=Phrase("dalam sebuah pernyataan", at(t, "dalam sebuah pernyataan")),
        chain=[kontan, tass, cnn, peskov],
    )
    a2 = Attribution(
        cue=Cue("kata", at(t, "kata"), CuePosition.AFTER),
        source=peskov2,
        content=Content(t[inner.start : inner.end], inner, True),
        chain=(kontan, peskov2),
        core=False,
    )
    return Document(
        text=t,
        lang="id",
        id="sample",
        publisher=kontan,
        document_source=tass,
        credits=[Credit("reporter", "Budi", at(t, "Budi")), Credit("initials", "dam", at(t, "dam"))],
        attributions=[a1, a2],
        furniture=[at(t, "Baca Juga: Berita lain")],
    )


def span_dicts(data: dict):
    """(path, dict) for every place where to_dict() writes a span."""

    def source(path, s):
        if s is not None and s.get("span") is not None:
            yield f"{path}.span", s["span"]

    yield from source("publisher", data["publisher"])
    yield from source("document_source", data["document_source"])
    for k, c in enumerate(data["credits"]):
        yield f"credits[{k}].span", c["span"]
    for k, f in enumerate(data["furniture"]):
        yield f"furniture[{k}]", f
    for k, a in enumerate(data["attributions"]):
        p = f"attributions[{k}]"
        yield f"{p}.cue", a["cue"]
        yield f"{p}.content", a["content"]
        yield from source(f"{p}.source", a["source"])
        yield from source(f"{p}.via", a["via"])
        for h, hop in enumerate(a["chain"]):
            yield from source(f"{p}.chain[{h}]", hop)
        for name in ("time", "channel"):
            if a[name] is not None:
                yield f"{p}.{name}", a[name]


# --- Span ------------------------------------------------------------------------------


def test_span_accepts_valid_offsets():
    s = Span(3, 7)
    assert (s.start, s.end, len(s)) == (3, 7, 4)
    assert len(Span(0, 0)) == 0


@pytest.mark.parametrize("start, end", [(-1, 0), (-5, 3), (-1, -1)])
def test_span_rejects_a_negative_start(start, end):
    with pytest.raises(ValueError):
        Span(start, end)


@pytest.mark.parametrize("start, end", [(5, 4), (1, 0), (10, 2)])
def test_span_rejects_end_before_start(start, end):
    with pytest.raises(ValueError) as info:
        Span(start, end)
    assert str(end) in str(info.value) and str(start) in str(info.value)


@pytest.mark.parametrize("start, end", [("1", 2), (1.0, 2), (0, 2.5), (None, 1), (0, None), (0, "3")])
def test_span_rejects_non_int_offsets(start, end):
    with pytest.raises(TypeError):
        Span(start, end)


@given(st.tuples(st.integers(0, 50), st.integers(0, 50)), st.tuples(st.integers(0, 50), st.integers(0, 50)))
def test_spans_order_as_their_offsets(a, b):
    a, b = sorted(a), sorted(b)
    x, y = Span(*a), Span(*b)
    assert (x < y, x <= y, x > y, x >= y, x == y) == (a < b, a <= b, a > b, a >= b, a == b)
    assert sorted([y, x]) == [Span(*p) for p in sorted([a, b])]


def test_span_does_not_order_against_other_types():
    with pytest.raises(TypeError):
        Span(1, 2) < (1, 2)


# --- constructors validate -------------------------------------------------------------


def test_the_pipeline_constructors_are_the_validating_ones():
    """span_of, source_of, cue_of, content_of, attribution_of, evolve_source:
    the names the pipeline calls refuse what the public constructors refuse
    (tests/test_slots_constructors.py: and make what they make)."""
    from attrib.model import attribution_of, content_of, cue_of, evolve_source, source_of, span_of

    with pytest.raises(ValueError):
        span_of(-1, 2)
    with pytest.raises(ValueError):
        span_of(5, 4)
    with pytest.raises(TypeError):
        span_of(True, 2)
    with pytest.raises(ValueError):
        source_of(kind="nonsense")
    with pytest.raises(TypeError):
        source_of(kind="person", name=3)
    span = span_of(0, 3)
    with pytest.raises(TypeError):
        cue_of("kata", (0, 4), CuePosition.VERB)
    with pytest.raises(ValueError):
        cue_of("kata", span, "sideways")
    with pytest.raises(TypeError):
        content_of("x", span, "yes")
    cue, content, src = cue_of("abc", span, "verb"), content_of("abc", span, True), source_of("person", name="A")
    assert cue.position is CuePosition.VERB and src.kind is SourceKind.PERSON
    a = attribution_of(cue, src, content, chain=[src])
    assert a.chain == (src,) and a.core is True
    with pytest.raises(TypeError):
        attribution_of(cue, "A", content)
    with pytest.raises(TypeError):
        attribution_of(cue, src, content, core=1)
    assert evolve_source(src, mention="A", span=span) == attrs.evolve(src, mention="A", span=span)
    with pytest.raises(TypeError):
        evolve_source(src, span=(0, 1))
    with pytest.raises(ValueError):
        evolve_source(src, kind="nonsense")
    with pytest.raises(KeyError):
        evolve_source(src, nickname="x")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Span(-1, 2),
        lambda: Span(0, "1"),
        lambda: Source(kind="nonsense"),
        lambda: Source(kind="person", span=(0, 1)),
        lambda: Source(kind="person", score="high"),
        lambda: Source(kind="person", state_media="no"),
        lambda: Phrase("x", None),
        lambda: Cue(1, Span(0, 1), "verb"),
        lambda: Content("x", Span(0, 1), None),
        lambda: Credit("reporter", None, Span(0, 1)),
        lambda: Attribution(Cue("x", Span(0, 1), "verb"), Source("person"), Content("x", Span(0, 1), True), via="A"),
        lambda: Document(text="abc", lang="id", publisher="KONTAN"),
        lambda: Document(text="abc", lang="id", furniture=[Span(0, 4)]),
    ],
)
def test_public_constructors_validate(make):
    with pytest.raises((TypeError, ValueError)):
        make()


def test_from_dict_rejects_a_wrong_span_text_anywhere():
    d = sample_document().to_dict()
    for path in (["attributions", 0, "cue"], ["attributions", 0, "source", "span"], ["credits", 0, "span"], ["furniture", 0]):
        bad = copy.deepcopy(d)
        node = bad
        for key in path:
            node = node[key]
        node["text"] = node["text"] + "x"
        with pytest.raises(ValueError):
            Document.from_dict(bad)


def test_from_dict_names_an_unknown_or_missing_source_key():
    d = sample_document().to_dict()
    assert Document.from_dict(d) == sample_document()
    bad = copy.deepcopy(d)
    bad["attributions"][0]["source"]["nickname"] = "x"
    with pytest.raises(ValueError, match="unknown keys: 'nickname'"):
        Document.from_dict(bad)
    bad = copy.deepcopy(d)
    del bad["attributions"][0]["source"]["kind"]
    with pytest.raises(KeyError, match="kind"):
        Document.from_dict(bad)
    bad = copy.deepcopy(d)
    bad["attributions"][0]["source"]["score"] = "high"
    with pytest.raises(TypeError):
        Document.from_dict(bad)


def test_value_classes_are_frozen_attrs_classes():
    import attrib.model as model

    classes = [v for v in vars(model).values() if isinstance(v, type) and v.__module__ == model.__name__]
    values = [c for c in classes if not issubclass(c, enum.Enum) and not c.__name__.startswith("_")]
    assert {c.__name__ for c in values} == {
        "Span", "Phrase", "Cue", "Content", "Source", "Credit", "Attribution", "Document"
    }
    for c in values:
        assert attrs.has(c) and c.__setattr__ is not object.__setattr__, c


def test_the_quick_span_bound_agrees_with_every_span(traced):
    from attrib.model import _all_spans, _last_end

    for prefix in ("000", "001", "002", "003", "004"):
        doc = traced(prefix)
        assert _last_end(doc) == max((s.end for s in _all_spans(doc)), default=0)
    doc = sample_document()
    assert _last_end(doc) == max(s.end for s in _all_spans(doc))


# --- Document bounds ----------------------------------------------------------------------


def test_sample_document_is_accepted():
    doc = sample_document()
    assert len(doc.attributions) == 2


@pytest.mark.parametrize(
    "where",
    ["furniture", "credit", "publisher", "document_source", "cue", "content", "source", "via", "chain", "time",
     "channel"],
)
def test_document_rejects_a_span_outside_its_text(where):
    doc = sample_document()
    n = len(doc.text)
    out = Span(n - 2, n + 1)
    a = doc.attributions[0]
    outside_source = attrs.evolve(a.source, span=out)
    changes = {
        "furniture": {"furniture": [out]},
        "credit": {"credits": [Credit("reporter", "x", out)]},
        "publisher": {"publisher": attrs.evolve(doc.publisher, span=out)},
        "document_source": {"document_source": attrs.evolve(doc.document_source, span=out)},
        "cue": {"attributions": [attrs.evolve(a, cue=attrs.evolve(a.cue, span=out))]},
        "content": {"attributions": [attrs.evolve(a, content=attrs.evolve(a.content, span=out))]},
        "source": {"attributions": [attrs.evolve(a, source=outside_source)]},
        "via": {"attributions": [attrs.evolve(a, via=outside_source)]},
        "chain": {"attributions": [attrs.evolve(a, chain=[*a.chain[:-1], outside_source])]},
        "time": {"attributions": [attrs.evolve(a, time=Phrase("x", out))]},
        "channel": {"attributions": [attrs.evolve(a, channel=Phrase("x", out))]},
    }[where]
    with pytest.raises(ValueError) as info:
        attrs.evolve(doc, **changes)
    assert f"{n - 2}..{n + 1}" in str(info.value), info.value


def test_document_rejects_any_span_on_an_empty_text():
    with pytest.raises(ValueError):
        Document(text="", lang="id", furniture=[Span(0, 1)])
    assert Document(text="", lang="id", furniture=[Span(0, 0)]).furniture == (Span(0, 0),)


def test_document_requires_str_text():
    with pytest.raises(TypeError):
        Document(text=b"bytes", lang="id")
    with pytest.raises(TypeError):
        Document(text=None, lang="id")


# --- frozen classes --------------------------------------------------------------------


def _instances():
    doc = sample_document()
    a = doc.attributions[0]
    return [
        ("Span", a.cue.span, "start", 0),
        ("Phrase", a.time, "text", "x"),
        ("Cue", a.cue, "text", "x"),
        ("Content", a.content, "direct", False),
        ("Source", a.source, "name", "x"),
        ("Credit", doc.credits[0], "name", "x"),
        ("Attribution", a, "core", False),
        ("Document", doc, "text", "x"),
        ("Document.attributions", doc, "attributions", ()),
    ]


@pytest.mark.parametrize("name, obj, attribute, value", _instances(), ids=[i[0] for i in _instances()])
def test_frozen_classes_reject_attribute_assignment(name, obj, attribute, value):
    before = getattr(obj, attribute)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, attribute, value)
    assert getattr(obj, attribute) == before


def test_collections_in_frozen_classes_are_tuples():
    doc = sample_document()
    assert isinstance(doc.attributions, tuple)
    assert isinstance(doc.credits, tuple)
    assert isinstance(doc.furniture, tuple)
    assert all(isinstance(a.chain, tuple) for a in doc.attributions)


# --- enum converters ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(SourceKind))
def test_source_kind_converter_accepts_its_string_values(kind):
    s = Source(kind=kind.value)
    assert s.kind is kind
    assert Source(kind=kind).kind is kind


@pytest.mark.parametrize("bad", ["alien", "Person", "PERSON", "", "outlets", None, 3])
def test_source_kind_converter_rejects_unknown_values(bad):
    with pytest.raises(ValueError):
        Source(kind=bad)


@pytest.mark.parametrize("position", list(CuePosition))
def test_cue_position_converter_accepts_its_string_values(position):
    c = Cue("kata", Span(0, 4), position.value)
    assert c.position is position
    assert Cue("kata", Span(0, 4), position).position is position


@pytest.mark.parametrize("bad", ["sideways", "Before", "", "middle", None, 1])
def test_cue_position_converter_rejects_unknown_values(bad):
    with pytest.raises(ValueError):
        Cue("kata", Span(0, 4), bad)


def test_enum_values_match_the_schema(schema):
    kinds = schema["$defs"]["source"]["properties"]["kind"]["enum"]
    positions = schema["$defs"]["attribution"]["properties"]["cue"]["properties"]["position"]["enum"]
    assert sorted(kinds) == sorted(k.value for k in SourceKind)
    assert sorted(positions) == sorted(p.value for p in CuePosition)


# --- to_dict -----------------------------------------------------------------------------


def _assert_spans_written(doc: Document, data: dict) -> int:
    count = 0
    for path, d in span_dicts(data):
        extra = {"position"} if path.endswith(".cue") else {"direct"} if path.endswith(".content") else set()
        assert set(d) == {"start", "end", "text"} | extra, f"{path} is not a {{start, end, text}} span: {d!r}"
        assert isinstance(d["start"], int) and isinstance(d["end"], int), f"{path}: {d!r}"
        assert 0 <= d["start"] <= d["end"] <= len(doc.text), f"{path}: {d!r}"
        assert d["text"] == doc.text[d["start"] : d["end"]], f"{path}: {d!r}"
        count += 1
    return count


def test_to_dict_writes_every_span_as_start_end_text():
    doc = sample_document()
    data = doc.to_dict()
    # furniture 1, credits 2, publisher, document_source; a1: cue, content, source, via, 4 hops, time,
    # channel; a2: cue, content, source, 2 hops.
    assert _assert_spans_written(doc, data) == 1 + 2 + 2 + (2 + 1 + 1 + 4 + 2) + (2 + 1 + 2)
    a1, a2 = data["attributions"]
    assert a1["cue"] == {"start": doc.attributions[0].cue.span.start, "end": doc.attributions[0].cue.span.end,
                         "text": "mengatakan", "position": "verb"}
    assert a1["content"]["direct"] is True and a1["content"]["text"] == "“Kami tidak akan menyerah,”"
    assert a1["time"]["text"] == "pada hari Kamis" and set(a1["time"]) == {"start", "end", "text"}
    assert a1["channel"]["text"] == "dalam sebuah pernyataan"
    assert a2["cue"]["position"] == "after" and a2["core"] is False
    assert a2["via"] is None and a2["time"] is None and a2["channel"] is None
    assert data["publisher"]["kind"] == "outlet" and data["publisher"]["span"]["text"] == "KONTAN.CO.ID"
    assert data["credits"][0]["role"] == "reporter" and data["credits"][0]["name"] == "Budi"
    assert data["credits"][0]["span"]["text"] == "Budi"
    assert data["furniture"][0]["text"] == "Baca Juga: Berita lain"
    assert data["schema_version"] == SCHEMA_VERSION
    json.dumps(data)  # JSON-ready


def test_to_dict_of_the_sample_validates_and_round_trips(validator):
    doc = sample_document()
    data = doc.to_dict()
    validator.validate(data)
    assert Document.from_dict(data) == doc
    assert Document.from_dict(json.loads(json.dumps(data))) == doc


def test_to_dict_of_every_seed_writes_spans_as_start_end_text(seeds, traced):
    for prefix in seeds:
        doc = traced(prefix)
        assert _assert_spans_written(doc, doc.to_dict()) > 0, prefix


# --- from_dict -------------------------------------------------------------------------------


def _span_in(data: dict, where: str) -> dict:
    """The span dict at one place of a Document's JSON (the first attribution's
    cue, content, source, via, chain hop 1, time or channel; or the document's
    furniture, credit or publisher)."""
    a = data["attributions"][0]
    return {
        "furniture": lambda: data["furniture"][0],
        "credit": lambda: data["credits"][0]["span"],
        "publisher": lambda: data["publisher"]["span"],
        "cue": lambda: a["cue"],
        "content": lambda: a["content"],
        "source": lambda: a["source"]["span"],
        "via": lambda: a["via"]["span"],
        "chain": lambda: a["chain"][1]["span"],
        "time": lambda: a["time"],
        "channel": lambda: a["channel"],
    }[where]()


@pytest.mark.parametrize(
    "path",
    ["furniture", "credit", "publisher", "cue", "content", "source", "via", "chain", "time", "channel"],
)
def test_from_dict_rejects_a_span_whose_text_disagrees(path):
    data = sample_document().to_dict()
    span = _span_in(data, path)
    span["text"] = span["text"] + "!"
    with pytest.raises(ValueError) as info:
        Document.from_dict(data)
    message = str(info.value)
    assert f"{span['start']}..{span['end']}" in message, f"the error does not name the offsets: {message}"


def test_from_dict_rejects_shifted_offsets():
    data = sample_document().to_dict()
    cue = data["attributions"][0]["cue"]
    cue["start"] += 1
    cue["end"] += 1
    with pytest.raises(ValueError) as info:
        Document.from_dict(data)
    assert f"{cue['start']}..{cue['end']}" in str(info.value)


@pytest.mark.parametrize("version", [0, 2, "1", None, 99])
def test_from_dict_rejects_an_unsupported_schema_version(version):
    data = sample_document().to_dict()
    data["schema_version"] = version
    with pytest.raises(ValueError) as info:
        Document.from_dict(data)
    assert "schema_version" in str(info.value)


def test_from_dict_rejects_a_non_dict():
    with pytest.raises(TypeError):
        Document.from_dict("not a dict")
    with pytest.raises(TypeError):
        Document.from_dict([])


def test_from_dict_rejects_a_span_outside_the_text():
    data = sample_document().to_dict()
    n = len(data["text"])
    data["furniture"].append({"start": n, "end": n + 5, "text": ""})
    with pytest.raises(ValueError):
        Document.from_dict(data)


# --- the JSON Schema ------------------------------------------------------------------------------


def test_schema_file_is_a_valid_draft_2020_12_schema(schema):
    assert schema.get("$schema") == DRAFT_2020_12
    jsonschema.Draft202012Validator.check_schema(schema)
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft202012Validator


def test_every_seed_validates_against_the_schema_and_round_trips(seeds, traced, validator):
    for prefix in seeds:
        doc = traced(prefix)
        data = doc.to_dict()
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, f"seed {prefix}: {errors[:5]}"
        assert Document.from_dict(data) == doc, prefix
        assert Document.from_dict(json.loads(json.dumps(data, ensure_ascii=False))) == doc, prefix


def _invalid(validator, data) -> bool:
    return not validator.is_valid(data)


def test_schema_rejects_a_document_missing_attributions(validator):
    data = sample_document().to_dict()
    assert validator.is_valid(data)
    del data["attributions"]
    assert _invalid(validator, data)
    assert any("attributions" in e.message for e in validator.iter_errors(data))


@pytest.mark.parametrize(
    "where",
    ["furniture", "credit", "publisher", "cue", "content", "source", "chain", "time"],
)
def test_schema_rejects_a_span_missing_text(validator, where):
    data = sample_document().to_dict()
    span = _span_in(data, where)
    del span["text"]
    assert _invalid(validator, data), f"the schema accepts a {where} span with no 'text'"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(schema_version=2),
        lambda d: d["attributions"][0]["cue"].update(position="sideways"),
        lambda d: d["attributions"][0]["source"].update(kind="alien"),
        lambda d: d["attributions"][0].update(chain=[]),
        lambda d: d["attributions"][0].update(core="yes"),
        lambda d: d["furniture"][0].update(start=-1),
        lambda d: d.update(extra=1),
        lambda d: d["attributions"][0]["content"].pop("direct"),
    ],
    ids=["schema_version", "position", "kind", "empty chain", "core not bool", "negative start", "extra key",
         "content without direct"],
)
def test_schema_rejects_other_malformed_documents(validator, mutate):
    data = copy.deepcopy(sample_document().to_dict())
    mutate(data)
    assert _invalid(validator, data)


def test_a_document_without_its_language_is_refused():
    # The schema requires "lang", and the core favours no language.
    with pytest.raises(TypeError):
        Document(text="abc")
    d = sample_document().to_dict()
    del d["lang"]
    with pytest.raises(KeyError):
        Document.from_dict(d)
