"""The data model: frozen attrs value classes, checked when made, and their JSON form.

Every span points into ``Document.text`` (``doc.text[s.start:s.end]``); in JSON
a span is ``{"start", "end", "text"}``.
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
    (None, or exactly one of the types) decided first: these run on every
    field of every object the pipeline makes. Anything else goes to attrs'
    own validator, which decides and raises."""
    slow = optional(instance_of(types)) if opt else instance_of(types)
    if isinstance(types, tuple):

        def check(instance, attribute, value):
            if type(value) not in types and not (opt and value is None):
                slow(instance, attribute, value)

    elif opt:

        def check(instance, attribute, value):
            if value is not None and type(value) is not types:
                slow(instance, attribute, value)

    else:

        def check(instance, attribute, value):
            if type(value) is not types:
                slow(instance, attribute, value)

    return check


def _enum(cls):
    """The converter cls, with a member of cls passed through as is (what
    cls(member) returns) without the enum machinery's Python-level call."""

    def convert(value):
        return value if type(value) is cls else cls(value)

    return convert


def _offset(name: str, value) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"Span {name} must be an int, got {type(value).__name__}")


def _span(start, end) -> None:
    _offset("start", start)
    _offset("end", end)
    if start < 0:
        raise ValueError(f"Span start must be >= 0, got {start}")
    if end < 0:
        raise ValueError(f"Span end must be >= 0, got {end}")
    if end < start:
        raise ValueError(f"Span end {end} is before its start {start}")


def _whole(check_fast, fields):
    """One validator for a whole object, run from its last field (attrs sets
    every field before it validates): ``check_fast(instance)`` decides the
    common case in one step; otherwise each field's own check (attrs'
    instance_of, by ``fields``: name -> types, None allowed when listed)
    decides and raises."""
    slow = {}
    for name, types in fields.items():
        plain = tuple(t for t in types if t is not type(None))
        v = instance_of(plain if len(plain) > 1 else plain[0])
        slow[name] = optional(v) if type(None) in types else v

    def check(instance, attribute, value):
        if not check_fast(instance):
            by_name = attrs.fields_dict(type(instance))
            for name, v in slow.items():
                v(instance, by_name[name], getattr(instance, name))

    return check


_NONE = type(None)
_STR_OR_NONE = frozenset({str, _NONE})


def slots_class(name: str, fields: str, module: str = __name__) -> type:
    """A plain class that holds the slots of a frozen value class (its
    fields, in order, and __weakref__): the value class is made its
    subclass, adding none, so that the two share one layout (see below)."""
    return type(name, (), {"__slots__": tuple(fields.split()) + ("__weakref__",), "__module__": module})


# The pipeline makes Spans, Cues, Contents, Sources and Attributions by the
# hundred per article. Its constructors (span_of, ... below) fill an
# instance of the plain slots class with ordinary attribute stores, which
# Python specialises, and then give it the frozen class (a __class__
# assignment, allowed between classes of one layout): a frozen class's
# own __init__ sets each slot through a method-wrapper call, which costs
# several times more (a Source: 12 of them).
_SpanSlots = slots_class("_SpanSlots", "start end")


@frozen(init=False)
class Span(_SpanSlots):
    """Offsets into a Document's text, ordered as (start, end)."""

    start: int
    end: int

    # (see slot_setters; the check is the same as a validator's)
    def __init__(self, start: int, end: int):
        if not (type(start) is int and type(end) is int and 0 <= start <= end):
            _span(start, end)
        _set_start(self, start)
        _set_end(self, end)

    # (what order=True makes, without its tuples built by a generator:
    # furniture spans are sorted per article)
    def __lt__(self, other):
        if other.__class__ is not Span:
            return NotImplemented
        return (self.start, self.end) < (other.start, other.end)

    def __le__(self, other):
        if other.__class__ is not Span:
            return NotImplemented
        return (self.start, self.end) <= (other.start, other.end)

    def __gt__(self, other):
        if other.__class__ is not Span:
            return NotImplemented
        return (self.start, self.end) > (other.start, other.end)

    def __ge__(self, other):
        if other.__class__ is not Span:
            return NotImplemented
        return (self.start, self.end) >= (other.start, other.end)

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


def slot_setters(cls) -> tuple:
    """The slots' own setters of a frozen attrs class's fields, in field
    order: a hand-written __init__ of a class made by the hundred per
    article sets its fields with them (attrs' frozen one goes through
    object.__setattr__ per field, at twice the cost)."""
    return tuple(getattr(cls, a.name).__set__ for a in attrs.fields(cls))


_set_start, _set_end = slot_setters(Span)


def span_of(start: int, end: int) -> Span:
    """Span(start, end), built from _SpanSlots (see slots_class)."""
    # (Span.__init__'s test, inlined: spans are the most made values)
    if not (type(start) is int and type(end) is int and 0 <= start <= end):
        return Span(start, end)  # (which raises, or takes an int subclass)
    s = _SpanSlots()
    s.start = start
    s.end = end
    s.__class__ = Span
    return s


def _opt_str():
    return field(default=None, validator=_is(str, opt=True))


@frozen
class Phrase:
    """A stretch of text with a meaning of its own: a time expression, a channel."""

    text: str = field(validator=_is(str))
    span: Span = field(validator=_is(Span))


# Cue, Content, Source and Attribution are made per claim: their __init__s
# set the slots directly (see slot_setters), check the common case in one
# step, and otherwise run the last field's attrs validator, which decides and
# raises as attrs' own __init__ would.
_CueSlots = slots_class("_CueSlots", "text span position")
_ContentSlots = slots_class("_ContentSlots", "text span direct")
_SourceSlots = slots_class(
    "_SourceSlots", "kind name mention span descriptor role affiliation identity score method country state_media")
_AttributionSlots = slots_class("_AttributionSlots", "cue source content via time channel chain core")


@frozen(init=False)
class Cue(_CueSlots):
    text: str
    span: Span
    position: CuePosition = field(converter=_enum(CuePosition), validator=_whole(
        lambda o: type(o.text) is str and type(o.span) is Span, {"text": (str,), "span": (Span,)}))

    def __init__(self, text: str, span: Span, position: CuePosition):
        if type(position) is not CuePosition:
            position = CuePosition(position)
        _cue_text(self, text)
        _cue_span(self, span)
        _cue_position(self, position)
        _validate_last(self)


@frozen(init=False)
class Content(_ContentSlots):
    text: str
    span: Span
    direct: bool = field(validator=_whole(
        lambda o: type(o.text) is str and type(o.span) is Span and type(o.direct) is bool,
        {"text": (str,), "span": (Span,), "direct": (bool,)}))

    def __init__(self, text: str, span: Span, direct: bool):
        _content_text(self, text)
        _content_span(self, span)
        _content_direct(self, direct)
        _validate_last(self)


@frozen(init=False)
class Source(_SourceSlots):
    """Who a claim comes from, as named at one mention.

    ``name`` is the fullest name known for the source in the document (``Dmitry
    Peskov`` for the mention ``Peskov``); ``mention`` is the words at this
    place. ``descriptor`` holds a role or description (``juru bicara``,
    ``kantor berita Rusia``), ``affiliation`` the body a person speaks for.
    ``identity``, ``score`` and ``method`` record how the name was resolved.
    """

    kind: SourceKind = field(converter=_enum(SourceKind))
    name: Optional[str] = None
    mention: Optional[str] = None
    span: Optional[Span] = None
    descriptor: Optional[str] = None
    role: Optional[str] = None
    affiliation: Optional[str] = None
    identity: Optional[str] = None
    score: Optional[float] = None
    method: Optional[str] = None
    country: Optional[str] = None
    state_media: Optional[bool] = field(default=None, validator=_whole(
        lambda o: (
            type(o.span) in (Span, _NONE) and type(o.score) in (float, int, _NONE) and type(o.state_media) in (bool, _NONE)
            and _STR_OR_NONE.issuperset(map(type, _source_texts(o)))
        ),
        {"span": (Span, _NONE), "score": (int, float, _NONE), "state_media": (bool, _NONE),
         **{n: (str, _NONE) for n in ("name", "mention", "descriptor", "role", "affiliation", "identity", "method", "country")}},
    ))

    def __init__(self, kind: SourceKind, name: Optional[str] = None, mention: Optional[str] = None,
                 span: Optional[Span] = None, descriptor: Optional[str] = None, role: Optional[str] = None,
                 affiliation: Optional[str] = None, identity: Optional[str] = None, score: Optional[float] = None,
                 method: Optional[str] = None, country: Optional[str] = None, state_media: Optional[bool] = None):
        if type(kind) is not SourceKind:
            kind = SourceKind(kind)
        _src_kind(self, kind)
        _src_name(self, name)
        _src_mention(self, mention)
        _src_span(self, span)
        _src_descriptor(self, descriptor)
        _src_role(self, role)
        _src_affiliation(self, affiliation)
        _src_identity(self, identity)
        _src_score(self, score)
        _src_method(self, method)
        _src_country(self, country)
        _src_state_media(self, state_media)
        _validate_last(self)

    @property
    def label(self) -> str:
        return self.name or self.mention or "?"


_source_texts = operator.attrgetter("name", "mention", "descriptor", "role", "affiliation", "identity", "method", "country")


@frozen
class Credit:
    role: str = field(validator=_is(str))
    name: str = field(validator=_is(str))
    span: Span = field(validator=_is(Span))


@frozen(init=False)
class Attribution(_AttributionSlots):
    cue: Cue
    source: Source
    content: Content
    via: Optional[Source] = None
    time: Optional[Phrase] = None
    channel: Optional[Phrase] = None
    chain: tuple = field(default=(), converter=tuple)
    # Whether the annotation guide counts this kind of attribution as core
    # (False for agentless passives and other borderline forms).
    core: bool = field(default=True, validator=_whole(
        lambda o: (
            type(o.cue) is Cue and type(o.source) is Source and type(o.content) is Content and type(o.core) is bool
            and type(o.via) in (Source, _NONE) and type(o.time) in (Phrase, _NONE) and type(o.channel) in (Phrase, _NONE)
        ),
        {"cue": (Cue,), "source": (Source,), "content": (Content,), "via": (Source, _NONE), "time": (Phrase, _NONE),
         "channel": (Phrase, _NONE), "core": (bool,)},
    ))

    def __init__(self, cue: Cue, source: Source, content: Content, via: Optional[Source] = None,
                 time: Optional[Phrase] = None, channel: Optional[Phrase] = None, chain: tuple = (),
                 core: bool = True):
        _att_cue(self, cue)
        _att_source(self, source)
        _att_content(self, content)
        _att_via(self, via)
        _att_time(self, time)
        _att_channel(self, channel)
        _att_chain(self, tuple(chain))
        _att_core(self, core)
        _validate_last(self)

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


_SCORE_TYPES = frozenset({float, int, _NONE})
_BOOL_OR_NONE = frozenset({bool, _NONE})


def _validate_last(instance) -> None:
    """What attrs' __init__ runs after it sets the fields: the last field's
    validator (the only one these classes have)."""
    a = attrs.fields(type(instance))[-1]
    a.validator(instance, a, getattr(instance, a.name))


_cue_text, _cue_span, _cue_position = slot_setters(Cue)
_content_text, _content_span, _content_direct = slot_setters(Content)
(_src_kind, _src_name, _src_mention, _src_span, _src_descriptor, _src_role, _src_affiliation, _src_identity, _src_score,
 _src_method, _src_country, _src_state_media) = slot_setters(Source)
_att_cue, _att_source, _att_content, _att_via, _att_time, _att_channel, _att_chain, _att_core = slot_setters(Attribution)


# The pipeline's constructors (its call sites use them): each makes what the
# class's own constructor makes, built from its slots class (see slots_class),
# after the validator's test of the common case (inlined: a call of it costs
# as much again as building a Source); anything else goes to the class's
# constructor, which decides and raises.
def cue_of(text: str, span: Span, position: CuePosition) -> Cue:
    if type(position) is not CuePosition:
        position = CuePosition(position)
    if not (type(text) is str and type(span) is Span):
        return Cue(text, span, position)
    c = _CueSlots()
    c.text = text
    c.span = span
    c.position = position
    c.__class__ = Cue
    return c


def content_of(text: str, span: Span, direct: bool) -> Content:
    if not (type(text) is str and type(span) is Span and type(direct) is bool):
        return Content(text, span, direct)
    c = _ContentSlots()
    c.text = text
    c.span = span
    c.direct = direct
    c.__class__ = Content
    return c


def source_of(kind: SourceKind, name: Optional[str] = None, mention: Optional[str] = None,
              span: Optional[Span] = None, descriptor: Optional[str] = None, role: Optional[str] = None,
              affiliation: Optional[str] = None, identity: Optional[str] = None, score: Optional[float] = None,
              method: Optional[str] = None, country: Optional[str] = None, state_media: Optional[bool] = None) -> Source:
    if type(kind) is not SourceKind:
        kind = SourceKind(kind)
    if not (
        (span is None or type(span) is Span) and type(score) in _SCORE_TYPES and type(state_media) in _BOOL_OR_NONE
        and (name is None or type(name) is str) and (mention is None or type(mention) is str)
        and (descriptor is None or type(descriptor) is str) and (role is None or type(role) is str)
        and (affiliation is None or type(affiliation) is str) and (identity is None or type(identity) is str)
        and (method is None or type(method) is str) and (country is None or type(country) is str)
    ):
        return Source(kind, name, mention, span, descriptor, role, affiliation, identity, score, method, country,
                      state_media)
    s = _SourceSlots()
    s.kind = kind
    s.name = name
    s.mention = mention
    s.span = span
    s.descriptor = descriptor
    s.role = role
    s.affiliation = affiliation
    s.identity = identity
    s.score = score
    s.method = method
    s.country = country
    s.state_media = state_media
    s.__class__ = Source
    return s


def attribution_of(cue: Cue, source: Source, content: Content, via: Optional[Source] = None,
                   time: Optional[Phrase] = None, channel: Optional[Phrase] = None, chain: tuple = (),
                   core: bool = True) -> Attribution:
    if not (
        type(cue) is Cue and type(source) is Source and type(content) is Content and type(core) is bool
        and (via is None or type(via) is Source) and (time is None or type(time) is Phrase)
        and (channel is None or type(channel) is Phrase)
    ):
        return Attribution(cue, source, content, via, time, channel, chain, core)
    a = _AttributionSlots()
    a.cue = cue
    a.source = source
    a.content = content
    a.via = via
    a.time = time
    a.channel = channel
    a.chain = tuple(chain)
    a.core = core
    a.__class__ = Attribution
    return a


_SOURCE_FIELDS = tuple(a.name for a in attrs.fields(Source))


_SOURCE_INDEX = {n: i for i, n in enumerate(_SOURCE_FIELDS)}
_source_values = operator.attrgetter(*_SOURCE_FIELDS)


# The types of each field that source_of takes without Source()'s checks.
_SOURCE_TYPES = {
    **dict.fromkeys(_SOURCE_FIELDS, _STR_OR_NONE), "kind": frozenset({SourceKind}), "span": frozenset({Span, _NONE}),
    "score": _SCORE_TYPES, "state_media": _BOOL_OR_NONE,
}


def evolve_source(src: Source, **changes) -> Source:
    """attrs.evolve(src, **changes) for a Source, checked as Source() checks."""
    if type(src) is Source:
        # The common case: only the changed values need source_of's test
        # (the others are a Source's), and the fields are read by attribute
        # loads, which Python specialises (attrgetter's cost three times more).
        values = [src.kind, src.name, src.mention, src.span, src.descriptor, src.role, src.affiliation, src.identity,
                  src.score, src.method, src.country, src.state_media]
        for name, value in changes.items():
            if type(value) not in _SOURCE_TYPES.get(name, ()):
                break
            values[_SOURCE_INDEX[name]] = value
        else:
            s = _SourceSlots()
            (s.kind, s.name, s.mention, s.span, s.descriptor, s.role, s.affiliation, s.identity, s.score, s.method,
             s.country, s.state_media) = values
            s.__class__ = Source
            return s
    values = list(_source_values(src))
    for name, value in changes.items():
        values[_SOURCE_INDEX[name]] = value
    return source_of(*values)


_DocumentSlots = slots_class("_DocumentSlots", "text lang id publisher document_source credits attributions furniture url date units")


@frozen
class Document(_DocumentSlots):
    text: str = field(validator=_is(str))
    lang: str = field(validator=_is(str))  # (no default: the core favours no language)
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
        if _last_end(self) > n:
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


def document_of(text: str, lang: str, id: Optional[str], publisher: Optional[Source],
                document_source: Optional[Source], credits, attributions, furniture, url: Optional[str],
                date: Optional[str], units) -> Document:
    """The pipeline's Document: what Document(...) makes of these fields,
    without its span and type checks, for fields the pipeline made from
    ``text`` (every span inside it). The fields a caller passed in are
    checked: anything unusual goes through Document(...), which raises."""
    if not (type(text) is str and type(lang) is str and (id is None or type(id) is str)
            and (url is None or type(url) is str) and (date is None or type(date) is str)):
        return Document(text=text, lang=lang, id=id, publisher=publisher, document_source=document_source,
                        credits=credits, attributions=attributions, furniture=furniture, url=url, date=date,
                        units=units)
    doc = _DocumentSlots()  # (see slots_class)
    doc.text = text
    doc.lang = lang
    doc.id = id
    doc.publisher = publisher
    doc.document_source = document_source
    doc.credits = tuple(credits)
    doc.attributions = tuple(attributions)
    doc.furniture = tuple(furniture)
    doc.url = url
    doc.date = date
    doc.units = tuple(units)
    doc.__class__ = Document
    return doc


def _last_end(doc: Document) -> int:
    """The largest end of the document's spans (what _all_spans yields, read
    without a generator: this runs for every article traced)."""
    last = max([s.end for s in doc.units] + [s.end for s in doc.furniture], default=0)
    for c in doc.credits:
        last = max(last, c.span.end)
    for s in (doc.publisher, doc.document_source):
        if s is not None and s.span is not None:
            last = max(last, s.span.end)
    for a in doc.attributions:
        last = max(last, a.cue.span.end, a.content.span.end)
        for src in (a.source, a.via, *a.chain):
            if src is not None and src.span is not None and src.span.end > last:
                last = src.span.end
        for p in (a.time, a.channel):
            if p is not None and p.span.end > last:
                last = p.span.end
    return last


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
            raise ValueError(f"Span {span.start}..{span.end} covers {got!r} in the text, but the JSON has {d['text']!r}")
        return span

    def source(self, d: Optional[dict]) -> Optional[Source]:
        if d is None:
            return None
        unknown = d.keys() - _SOURCE_INDEX.keys()
        if unknown:
            raise ValueError(f"Source JSON has unknown keys: {', '.join(sorted(map(repr, unknown)))}")
        if "kind" not in d:
            raise KeyError("kind")
        return source_of(**{**d, "span": self.span(d.get("span"))})

    def phrase(self, d: Optional[dict]) -> Optional[Phrase]:
        if d is None:
            return None
        span = self.span(d)
        return Phrase(self.text[span.start : span.end], span)

    def attribution(self, d: dict) -> Attribution:
        cue_span = self.span(d["cue"])
        content_span = self.span(d["content"])
        return attribution_of(
            cue_of(self.text[cue_span.start : cue_span.end], cue_span, d["cue"]["position"]),
            self.source(d["source"]),
            content_of(self.text[content_span.start : content_span.end], content_span, d["content"]["direct"]),
            self.source(d.get("via")),
            self.phrase(d.get("time")),
            self.phrase(d.get("channel")),
            [self.source(h) for h in d.get("chain", [])],
            d.get("core", True),
        )

    def document(self, d: dict) -> Document:
        return Document(
            text=self.text,
            lang=d["lang"],
            id=d.get("id"),
            publisher=self.source(d.get("publisher")),
            document_source=self.source(d.get("document_source")),
            credits=[Credit(c["role"], c["name"], self.span(c["span"])) for c in d.get("credits", [])],
            attributions=[self.attribution(a) for a in d.get("attributions", [])],
            furniture=[self.span(s) for s in d.get("furniture", [])],
            url=d.get("url"),
            date=d.get("date"),
        )
