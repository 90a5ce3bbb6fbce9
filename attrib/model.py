"""The data model: small frozen value classes, and their JSON form.

Every span points into ``Document.text``; ``doc.text[s.start:s.end]`` reproduces
the string it stands for. In JSON a span is ``{"start", "end", "text"}``.
"""

from __future__ import annotations

import enum
import operator
from typing import Optional

import attrs
from attrs import field, frozen
from attrs.validators import instance_of, optional

SCHEMA_VERSION = 1


class SourceKind(str, enum.Enum):
    PERSON = "person"
    OUTLET = "outlet"
    ORGANIZATION = "organization"
    ANONYMOUS = "anonymous"
    UNSPECIFIED = "unspecified"


class CuePosition(str, enum.Enum):
    BEFORE = "before"  # Menurut X, ...
    AFTER = "after"  # "...," kata X
    VERB = "verb"  # X mengatakan ...


def _is(types, opt: bool = False):
    """instance_of(types) (with ``opt``: optional(...)), with the common case
    (None, or exactly one of the types) checked in one call: these run on
    every field of every object the pipeline makes. Anything else goes to
    attrs' own validator, which decides and raises as it always has."""
    exact = types if isinstance(types, tuple) else (types,)
    slow = optional(instance_of(types)) if opt else instance_of(types)
    if opt:

        def check(instance, attribute, value):
            if value is None or type(value) in exact:
                return
            slow(instance, attribute, value)

    else:

        def check(instance, attribute, value):
            if type(value) in exact:
                return
            slow(instance, attribute, value)

    return check


def _enum(cls):
    """The converter cls, with a member of cls passed through as is (what
    cls(member) returns) without the enum machinery's Python-level call."""

    def convert(value):
        return value if type(value) is cls else cls(value)

    return convert


def _offset(instance, attribute, value):
    # one validator, not a chain: spans are made by the hundred per article
    if type(value) is not int and not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"Span {attribute.name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"Span {attribute.name} must be >= 0, got {value}")
    if attribute.name == "end" and value < instance.start:
        raise ValueError(f"Span end {value} is before its start {instance.start}")


@frozen(order=True)
class Span:
    start: int = field(validator=_offset)
    end: int = field(validator=_offset)

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


_new = object.__new__


def _unchecked(cls):
    """A constructor of the attrs class cls that takes every field
    positionally and sets it as is: no converter, no validator, for values
    already checked. It sets the slots through their descriptors, which
    costs less than object.__setattr__ (how attrs fills a frozen class)."""
    names = [a.name for a in attrs.fields(cls)]
    env = {"_new": _new, "cls": cls, **{f"_set_{n}": cls.__dict__[n].__set__ for n in names}}
    body = "".join(f"    _set_{n}(obj, {n})\n" for n in names)
    exec(f"def make({', '.join(names)}):\n    obj = _new(cls)\n{body}    return obj\n", env)
    return env["make"]


_span_start = Span.__dict__["start"].__set__
_span_end = Span.__dict__["end"].__set__


def span_of(start: int, end: int) -> Span:
    """Span(start, end) for the pipeline's own offsets, made without the
    attrs validators when the values are plainly valid (the hot path: spans
    are made by the thousand per article); anything else goes through Span()
    and its checks. ``Span(...)`` itself always validates."""
    if type(start) is int and type(end) is int and 0 <= start <= end:
        span = _new(Span)
        _span_start(span, start)
        _span_end(span, end)
        return span
    return Span(start, end)


def _span_or_none():
    return field(default=None, validator=_is(Span, opt=True))


def _opt_str():
    return field(default=None, validator=_is(str, opt=True))


@frozen
class Phrase:
    """A stretch of text with a meaning of its own: a time expression, a channel."""

    text: str = field(validator=_is(str))
    span: Span = field(validator=_is(Span))


@frozen
class Cue:
    text: str = field(validator=_is(str))
    span: Span = field(validator=_is(Span))
    position: CuePosition = field(converter=_enum(CuePosition))


@frozen
class Content:
    text: str = field(validator=_is(str))
    span: Span = field(validator=_is(Span))
    direct: bool = field(validator=_is(bool))


@frozen
class Source:
    """Who a claim comes from, as named at one mention.

    ``name`` is the fullest name known for the source in the document (``Dmitry
    Peskov`` for the mention ``Peskov``); ``mention`` is the words at this
    place. ``descriptor`` holds a role or description (``juru bicara``,
    ``kantor berita Rusia``), ``affiliation`` the body a person speaks for.
    ``identity``, ``score`` and ``method`` record how the name was resolved.
    """

    kind: SourceKind = field(converter=_enum(SourceKind))
    name: Optional[str] = _opt_str()
    mention: Optional[str] = _opt_str()
    span: Optional[Span] = _span_or_none()
    descriptor: Optional[str] = _opt_str()
    role: Optional[str] = _opt_str()
    affiliation: Optional[str] = _opt_str()
    identity: Optional[str] = _opt_str()
    score: Optional[float] = field(default=None, validator=_is((int, float), opt=True))
    method: Optional[str] = _opt_str()
    country: Optional[str] = _opt_str()
    state_media: Optional[bool] = field(default=None, validator=_is(bool, opt=True))

    @property
    def label(self) -> str:
        return self.name or self.mention or "?"


_NONE = type(None)
_STR_OR_NONE = frozenset({str, _NONE})
_SPAN_OR_NONE = (Span, _NONE)
_SCORE = (float, int, _NONE)
_BOOL_OR_NONE = (bool, _NONE)
_SOURCE_KINDS = {k.value: k for k in SourceKind}
_SOURCE_FIELDS = tuple(a.name for a in attrs.fields(Source))
_SOURCE_INDEX = {n: i for i, n in enumerate(_SOURCE_FIELDS)}
_source_values = operator.attrgetter(*_SOURCE_FIELDS)
_make_source = _unchecked(Source)
_make_cue = _unchecked(Cue)
_make_content = _unchecked(Content)


def source_of(kind, name=None, mention=None, span=None, descriptor=None, role=None, affiliation=None,
              identity=None, score=None, method=None, country=None, state_media=None) -> Source:
    """Source(...) for the pipeline's own values, made without the attrs
    validators when every value is plainly of its type (as span_of does for
    Span); anything else goes through Source() and its checks."""
    k = kind if type(kind) is SourceKind else _SOURCE_KINDS.get(kind) if type(kind) is str else None
    if (
        k is not None
        and {type(name), type(mention), type(descriptor), type(role), type(affiliation), type(identity),
             type(method), type(country)} <= _STR_OR_NONE
        and type(span) in _SPAN_OR_NONE
        and type(score) in _SCORE
        and type(state_media) in _BOOL_OR_NONE
    ):
        return _make_source(k, name, mention, span, descriptor, role, affiliation, identity, score, method,
                            country, state_media)
    return Source(kind, name, mention, span, descriptor, role, affiliation, identity, score, method, country, state_media)


def evolve_source(src: Source, **changes) -> Source:
    """attrs.evolve(src, **changes) for a Source, through source_of."""
    values = list(_source_values(src))
    for name, value in changes.items():
        values[_SOURCE_INDEX[name]] = value
    return source_of(*values)


def cue_of(text: str, span: Span, position: CuePosition) -> Cue:
    """Cue(...) for the pipeline's own values (see source_of)."""
    if type(text) is str and type(span) is Span and type(position) is CuePosition:
        return _make_cue(text, span, position)
    return Cue(text, span, position)


def content_of(text: str, span: Span, direct: bool) -> Content:
    """Content(...) for the pipeline's own values (see source_of)."""
    if type(text) is str and type(span) is Span and type(direct) is bool:
        return _make_content(text, span, direct)
    return Content(text, span, direct)


@frozen
class Credit:
    role: str = field(validator=_is(str))
    name: str = field(validator=_is(str))
    span: Span = field(validator=_is(Span))


@frozen
class Attribution:
    cue: Cue = field(validator=_is(Cue))
    source: Source = field(validator=_is(Source))
    content: Content = field(validator=_is(Content))
    via: Optional[Source] = field(default=None, validator=_is(Source, opt=True))
    time: Optional[Phrase] = field(default=None, validator=_is(Phrase, opt=True))
    channel: Optional[Phrase] = field(default=None, validator=_is(Phrase, opt=True))
    chain: tuple = field(default=(), converter=tuple)
    # Whether the annotation guide counts this kind of attribution as core
    # (False for agentless passives and other borderline forms).
    core: bool = field(default=True, validator=_is(bool))

    @property
    def direct(self) -> bool:
        return self.content.direct

    @property
    def span(self) -> Span:
        """The smallest span covering cue, source mention and content."""
        spans = [self.cue.span, self.content.span]
        if self.source.span is not None:
            spans.append(self.source.span)
        return Span(min(s.start for s in spans), max(s.end for s in spans))


_make_attribution = _unchecked(Attribution)
_SOURCE_OR_NONE = (Source, _NONE)
_PHRASE_OR_NONE = (Phrase, _NONE)


def attribution_of(cue: Cue, source: Source, content: Content, via: Optional[Source] = None,
                   time: Optional[Phrase] = None, channel: Optional[Phrase] = None, chain=(),
                   core: bool = True) -> Attribution:
    """Attribution(...) for the pipeline's own values (see source_of)."""
    if (
        type(cue) is Cue and type(source) is Source and type(content) is Content and type(via) in _SOURCE_OR_NONE
        and type(time) in _PHRASE_OR_NONE and type(channel) in _PHRASE_OR_NONE and type(core) is bool
    ):
        return _make_attribution(cue, source, content, via, time, channel, tuple(chain), core)
    return Attribution(cue, source, content, via, time, channel, chain, core)


@frozen
class Document:
    text: str = field(validator=_is(str))
    lang: str = field(default="id", validator=_is(str))
    id: Optional[str] = _opt_str()
    publisher: Optional[Source] = field(default=None, validator=_is(Source, opt=True))
    document_source: Optional[Source] = field(default=None, validator=_is(Source, opt=True))
    credits: tuple = field(default=(), converter=tuple)
    attributions: tuple = field(default=(), converter=tuple)
    furniture: tuple = field(default=(), converter=tuple)
    url: Optional[str] = _opt_str()  # where the article was published, when the input said
    date: Optional[str] = _opt_str()  # its date as the input gave it (not parsed)
    # The sentence units the pipeline read, for graphs; not in the JSON form
    # (a Document read back from JSON has none, and graphs segment it again).
    units: tuple = field(default=(), converter=tuple, eq=False, repr=False)

    def __attrs_post_init__(self):
        n = len(self.text)
        for span in _all_spans(self):
            if span.end > n:
                raise ValueError(f"Span {span.start}..{span.end} is outside a text of length {n}")

    # --- JSON -------------------------------------------------------------
    def to_dict(self) -> dict:
        return _Codec(self.text).document(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Document":
        if not isinstance(data, dict):
            raise TypeError(f"Document.from_dict expects a dict, got {type(data).__name__}")
        if data.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
            raise ValueError(f"Unsupported schema_version {data.get('schema_version')!r}")
        return _Decoder(data["text"]).document(data)


def _all_spans(doc: Document):
    for s in (doc.publisher, doc.document_source):
        if s is not None and s.span is not None:
            yield s.span
    for c in doc.credits:
        yield c.span
    yield from doc.furniture
    yield from doc.units
    for a in doc.attributions:
        yield a.cue.span
        yield a.content.span
        for src in (a.source, a.via, *a.chain):
            if src is not None and src.span is not None:
                yield src.span
        for p in (a.time, a.channel):
            if p is not None:
                yield p.span


class _Codec:
    def __init__(self, text: str):
        self.text = text

    def span(self, span: Optional[Span]) -> Optional[dict]:
        if span is None:
            return None
        return {"start": span.start, "end": span.end, "text": self.text[span.start : span.end]}

    def source(self, s: Optional[Source]) -> Optional[dict]:
        if s is None:
            return None
        d = attrs.asdict(s, recurse=False)
        d["kind"] = s.kind.value
        d["span"] = self.span(s.span)
        return d

    def phrase(self, p) -> Optional[dict]:
        return None if p is None else self.span(p.span)

    def attribution(self, a: Attribution) -> dict:
        return {
            "cue": {**self.span(a.cue.span), "position": a.cue.position.value},
            "source": self.source(a.source),
            "content": {**self.span(a.content.span), "direct": a.content.direct},
            "via": self.source(a.via),
            "time": self.phrase(a.time),
            "channel": self.phrase(a.channel),
            "chain": [self.source(h) for h in a.chain],
            "core": a.core,
        }

    def document(self, doc: Document) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": doc.id,
            "lang": doc.lang,
            "text": doc.text,
            "publisher": self.source(doc.publisher),
            "document_source": self.source(doc.document_source),
            "credits": [{"role": c.role, "name": c.name, "span": self.span(c.span)} for c in doc.credits],
            "attributions": [self.attribution(a) for a in doc.attributions],
            "furniture": [self.span(s) for s in doc.furniture],
            "url": doc.url,
            "date": doc.date,
        }


class _Decoder:
    def __init__(self, text: str):
        if not isinstance(text, str):
            raise TypeError("Document JSON needs a 'text' string")
        self.text = text

    def span(self, d: Optional[dict]) -> Optional[Span]:
        if d is None:
            return None
        span = Span(d["start"], d["end"])
        got = self.text[span.start : span.end]
        if "text" in d and d["text"] != got:
            raise ValueError(f"Span {span.start}..{span.end} reads {got!r}, JSON says {d['text']!r}")
        return span

    def source(self, d: Optional[dict]) -> Optional[Source]:
        if d is None:
            return None
        return Source(**{**d, "span": self.span(d.get("span"))})

    def phrase(self, d: Optional[dict]) -> Optional[Phrase]:
        if d is None:
            return None
        span = self.span(d)
        return Phrase(self.text[span.start : span.end], span)

    def attribution(self, d: dict) -> Attribution:
        cue_span = self.span(d["cue"])
        content_span = self.span(d["content"])
        return Attribution(
            cue=Cue(self.text[cue_span.start : cue_span.end], cue_span, d["cue"]["position"]),
            source=self.source(d["source"]),
            content=Content(
                self.text[content_span.start : content_span.end], content_span, d["content"]["direct"]
            ),
            via=self.source(d.get("via")),
            time=self.phrase(d.get("time")),
            channel=self.phrase(d.get("channel")),
            chain=[self.source(h) for h in d.get("chain", [])],
            core=d.get("core", True),
        )

    def document(self, d: dict) -> Document:
        return Document(
            text=self.text,
            lang=d.get("lang", "id"),
            id=d.get("id"),
            publisher=self.source(d.get("publisher")),
            document_source=self.source(d.get("document_source")),
            credits=[Credit(c["role"], c["name"], self.span(c["span"])) for c in d.get("credits", [])],
            attributions=[self.attribution(a) for a in d.get("attributions", [])],
            furniture=[self.span(s) for s in d.get("furniture", [])],
            url=d.get("url"),
            date=d.get("date"),
        )
