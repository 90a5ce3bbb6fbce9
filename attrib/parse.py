"""The parse stage: trees of the grammar's frames into objects.

``FrameBuilder`` is the inline transformer of every language's grammar: the
rule names (``pre``, ``post``, ``verb``, ``np``, ``hop``, ``time`` ...) are
the contract between a grammar and the core. ``source_from_np`` turns a
parsed noun phrase into a ``Source`` by the classes of its words.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from attrs import define, field
from lark import Token, Transformer

from .model import Source, SourceKind, Span

PRE, POST, VERB, PASSIVE = "pre", "post", "verb", "passive"


@define
class NP:
    tokens: Tuple[Token, ...]

    @property
    def span(self) -> Span:
        return Span(self.tokens[0].start_pos, self.tokens[-1].end_pos)

    def types(self) -> List[str]:
        return [t.type for t in self.tokens]


@define
class Pronoun:
    token: Token

    @property
    def span(self) -> Span:
        return Span(self.token.start_pos, self.token.end_pos)


@define
class Mod:
    kind: str  # "time" or "channel"
    span: Span


@define
class Frame:
    """The parsed frame around one cue (content not yet attached)."""

    kind: str  # pre, post, verb, passive
    cue: Token
    sources: List[List[object]] = field(factory=list)  # conjuncts, each a list of appositive NPs / a Pronoun
    hops: List[Tuple[Token, NP]] = field(factory=list)
    mods: List[Mod] = field(factory=list)
    lead_quote: Optional[Token] = None  # the quotation a post frame follows
    coordinated: bool = False  # "dan mengatakan": the subject is elided
    report: bool = False  # "Laporan KNCA mengatakan"
    span: Optional[Span] = None  # set by the caller from the window

    @property
    def cue_span(self) -> Span:
        return Span(self.cue.start_pos, self.cue.end_pos)

    @property
    def pronoun(self) -> bool:
        return self.cue.type.endswith("_NYA") or any(
            isinstance(c, Pronoun) for conj in self.sources for c in conj
        )


def _toks(items, *types):
    return [i for i in items if isinstance(i, Token) and i.type in types]


def _first(items, cls):
    return next((i for i in items if isinstance(i, cls)), None)


def _mods(items) -> List[Mod]:
    for i in items:
        if isinstance(i, list) and (not i or isinstance(i[0], Mod)):
            yield from i
        elif isinstance(i, list) and i and isinstance(i[0], list):
            # a speaker with a time after a comma: "kata X, Senin (13/4/2020)"
            continue


class FrameBuilder(Transformer):
    """Inline transformer: called by the LALR parser at each reduction."""

    # --- sources -----------------------------------------------------------
    def np(self, items):
        return NP(tuple(items))

    def appos(self, items):
        return [i for i in items if isinstance(i, NP)]

    def sources(self, items):
        return [i for i in items if isinstance(i, list)]

    def subject(self, items):
        return items[0]

    def speaker(self, items):
        # the NP and its appositives; a time after a comma is a modifier
        return [[i for i in items if isinstance(i, NP)]]

    def speaker_more(self, items):
        return next((i for i in items if not isinstance(i, Token)), None)

    def report_of(self, items):
        return ("report", [[_first(items, NP)]])  # "Laporan KNCA": the speaker publishes reports

    def pronoun(self, items):
        return [[Pronoun(items[0])]]

    # --- hops and modifiers ------------------------------------------------
    def hops(self, items):
        return ("hops", list(items))

    def hop(self, items):
        return (items[0], _first(items, NP))

    def mods(self, items):
        return [i for i in items if isinstance(i, Mod)]


    after = mods

    def mod(self, items):
        return _first(items, Mod)

    after_mod = mod

    def that(self, items):
        return items[0]

    def time(self, items):
        return Mod("time", Span(items[0].start_pos, _last_pos(items[-1])))

    def channel(self, items):
        return Mod("channel", Span(items[0].start_pos, _last_pos(items[-1])))

    def lead(self, items):
        return ("lead", _first(_toks(items, "QUOTE"), Token))

    # --- frames ------------------------------------------------------------
    def location(self, items):
        return Mod("location", Span(items[0].start_pos, items[-1].end_pos))

    def _frame(self, kind, items, cue_types, **kw):
        cue = next(i for i in items if isinstance(i, Token) and i.type in cue_types)
        hops = next((i[1] for i in items if isinstance(i, tuple) and i[0] == "hops"), [])
        return Frame(kind, cue, hops=hops, mods=list(_mods(items)), **kw)

    def pre(self, items):
        return self._frame(PRE, items, ("CUE_PRE",), sources=_sources(items))

    def pre_pronoun(self, items):
        return self._frame(PRE, items, ("CUE_PRE_NYA",))

    def post(self, items):
        return self._frame(POST, items, ("CUE_POST",), sources=_sources(items), lead_quote=_lead(items))

    def post_pronoun(self, items):
        return self._frame(POST, items, ("CUE_POST_NYA",), lead_quote=_lead(items))

    def post_inverted(self, items):
        quote = _toks(items, "QUOTE")[0]
        return self._frame(POST, items, ("CUE_VERB", "CUE_VERB_THAT"), sources=_sources(items), lead_quote=quote)

    def verb(self, items):
        report = next((i for i in items if isinstance(i, tuple) and i[0] == "report"), None)
        srcs = report[1] if report else _sources(items)
        return self._frame(VERB, items, ("CUE_VERB", "CUE_VERB_THAT"), sources=srcs, report=report is not None)

    def verb_coordinated(self, items):
        return self._frame(VERB, items, ("CUE_VERB", "CUE_VERB_THAT"), coordinated=True)

    def passive(self, items):
        return Frame(PASSIVE, items[0])

    def frame(self, items):
        return items[0]

    # --- metadata ----------------------------------------------------------
    def meta(self, items):
        return items[0]

    def dateline(self, items):
        ref = next(i for i in items if isinstance(i, Token) and i.type in ("DOMAIN", "KNOWN", "NAME"))
        return ("publisher", ref)

    def byline(self, items):
        # "By BeritaSatu.com" names the publisher; "By Jane Doe" an author.
        name = items[1]
        if len(name) == 1 and name[0].type in ("DOMAIN", "KNOWN"):
            return ("publisher", name[0])
        return ("credit", "author", Span(name[0].start_pos, name[-1].end_pos))

    def place(self, items):
        return items

    def credit_name(self, items):
        return list(items)

    def credit(self, items):
        entries = getattr(items[0], "entries", ()) or ()
        role = next((e.flag("role") for e in entries if e.flag("role")), items[0].value.lower())
        name = items[-1]
        return ("credit", role, Span(name[0].start_pos, name[-1].end_pos))

    def credits(self, items):
        return ("credits", [i for i in items if isinstance(i, tuple)])

    def source_tag(self, items):
        return ("document_source", [i for i in items if isinstance(i, Token) and i.type != "COLON" and i.type != "COMMA" and i.type != "SOURCE_KEY"])

    def initials(self, items):
        return ("credit", "initials", Span(items[1].start_pos, items[1].end_pos))


def _last_pos(item) -> int:
    return item.end_pos if isinstance(item, Token) else item.span.end


def _sources(items):
    for i in items:
        if isinstance(i, list) and i and isinstance(i[0], list):
            return i
    return []


def _lead(items):
    return next((i[1] for i in items if isinstance(i, tuple) and i[0] == "lead"), None)


# --- noun phrases to sources ---------------------------------------------


def _entry_flag(tok: Token, name: str) -> Optional[str]:
    for e in getattr(tok, "entries", ()) or ():
        v = e.flag(name)
        if v:
            return v
    return None


def _join(text: str, toks: Sequence[Token]) -> Optional[str]:
    if not toks:
        return None
    return text[toks[0].start_pos : toks[-1].end_pos]


def source_from_np(text: str, nps: Sequence[NP], registry) -> Source:
    """A Source for one conjunct: an NP, or appositive NPs (``kantor berita
    Rusia, TASS``), classed by the terminals of its words."""
    toks = [t for np in nps for t in np.tokens]
    span = Span(toks[0].start_pos, toks[-1].end_pos)
    if len(nps) > 1 and all(t.type == "NAME" for t in nps[-1].tokens) and any(
        t.type in ("ROLE", "ANON_NOUN") for t in nps[0].tokens
    ):
        # "juru bicara Gugus Tugas Kabupaten Bekasi, Alamsyah": a person, named last
        head = [t for np in nps[:-1] for t in np.tokens]
        aff = [t for t in head if t.type not in ("ROLE",)]
        return Source(
            kind=SourceKind.PERSON, name=_join(text, nps[-1].tokens), mention=text[span.start : span.end], span=span,
            descriptor=_join(text, head), affiliation=_join(text, aff) if aff else None,
        )
    mention = text[span.start : span.end]
    types = [t.type for t in toks]
    known = [t for t in toks if t.type == "KNOWN"]
    if known and "ROLE" in types and toks[-1].type == "NAME":
        known = []  # juru bicara Kremlin Dmitry Peskov: a person; Kremlin is the affiliation
    if known:
        tok = known[-1]
        entry = registry.get(_entry_flag(tok, "id") or "") if registry is not None else None
        descriptor = _join(text, [t for t in toks if t is not tok and t.type != "DOMAIN"]) or None
        if entry is not None:
            return Source(
                kind=entry.source_kind, name=entry.name, mention=mention, span=span,
                descriptor=descriptor, identity=entry.id, score=100.0, method="registry",
                country=entry.country, state_media=entry.state if entry.is_outlet else None,
            )
        return Source(kind=SourceKind.OUTLET, name=tok.value, mention=mention, span=span, descriptor=descriptor)
    # A trailing run of capitalised words is a name: "juru bicara Kremlin Dmitry Peskov".
    k = len(toks)
    while k > 0 and toks[k - 1].type == "NAME":
        k -= 1
    name_toks, head = toks[k:], toks[:k]
    head_types = [t.type for t in head]
    if name_toks and head and head[-1].type == "COMMA":
        head = head[:-1]
    if "ROLE" in head_types or (name_toks and not head):
        if name_toks:
            aff = [t for t in head if t.type in ("PLACE", "ORG_HEAD", "KNOWN", "OFFICE")]
            return Source(
                kind=SourceKind.PERSON, name=_join(text, name_toks), mention=mention, span=span,
                descriptor=_join(text, head) or None,
                affiliation=_join(text, aff) if aff else None,
            )
        if "ROLE" in head_types:
            # A role alone ("kata Presiden") names a person by office.
            return Source(kind=SourceKind.PERSON, name=mention, mention=mention, span=span, descriptor=mention)
    if "ANON_NOUN" in types and "ROLE" not in types:
        return Source(kind=SourceKind.ANONYMOUS, name=mention, mention=mention, span=span, descriptor=mention)
    heads = [t for t in toks if t.type == "ORG_HEAD"]
    if heads:
        kind = _entry_flag(heads[0], "kind") or "organization"
        name = mention
        return Source(kind=kind, name=name, mention=mention, span=span, descriptor=mention)
    if all(t == "PLACE" for t in types):
        # A capital or country speaking as a government: "Moskow".
        return Source(kind=SourceKind.ORGANIZATION, name=mention, mention=mention, span=span)
    if len(toks) == 1 and len(mention) > 1 and mention.isupper():
        # An unknown acronym names a body, not a person.
        return Source(kind=SourceKind.ORGANIZATION, name=mention, mention=mention, span=span)
    return Source(kind=SourceKind.PERSON if name_toks else SourceKind.ORGANIZATION, name=mention, mention=mention, span=span)
