"""The parse stage: trees of the grammar's frames into objects.

``FrameBuilder`` is the inline transformer of every language's grammar: the
rule names (``pre``, ``post``, ``verb``, ``np``, ``hop``, ``time`` ...) are
the contract between a grammar and the core. (``attrib.resolve`` turns the
noun phrases it yields into sources.)
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from attrs import define, field
from lark import Token, Transformer

from .model import Span, span_of

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


class Hop(tuple):
    """(introducing token, NP): an outlet or speaker the claim passed through,
    outward of the frame's source (``seperti dilansir Al Jazeera``,
    ``carried by state media``)."""


class InwardHop(Hop):
    """A hop inward of the frame's subject (``citing the governor``,
    ``mengutip gubernur``): the innermost one is the source, and the
    subject becomes a hop (grammar alias ``hop_in``)."""


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
        return self.cue.type.endswith("_PRON") or any(
            isinstance(c, Pronoun) for conj in self.sources for c in conj
        )


def _toks(items, *types):
    return [i for i in items if isinstance(i, Token) and i.type in types]


def _first(items, cls):
    return next((i for i in items if isinstance(i, cls)), None)


def _mods(items) -> List[Mod]:
    for i in items:
        if isinstance(i, list) and (not i or isinstance(i[0], (Mod, Hop))):
            yield from (m for m in i if isinstance(m, Mod))
        elif isinstance(i, list) and i and isinstance(i[0], list):
            # a speaker with a time after a comma: "kata X, Senin (13/4/2020)"
            continue


class OutletName:
    """Words that name one outlet, read like a single token."""

    def __init__(self, toks):
        self.type = "NAME"
        self.start_pos, self.end_pos = toks[0].start_pos, toks[-1].end_pos
        self.value = " ".join(t.value for t in toks)


class FrameBuilder(Transformer):
    """Inline transformer: called by the LALR parser at each reduction."""

    # --- sources -----------------------------------------------------------
    def np(self, items):
        return NP(tuple(items))

    def appos(self, items):
        # NPs, and any hop between them ("The Guardian, citing CNN, ...")
        return [i for i in items if isinstance(i, (NP, Hop))]

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
        return ("hops", [i for i in items if isinstance(i, Hop)])

    def hop(self, items):
        return Hop((items[0], _first(items, NP)))

    def hop_in(self, items):
        return InwardHop((items[0], _first(items, NP)))

    def tail(self, items):
        # hops and modifiers in any order after a cue: "said in a statement
        # carried by state media"
        return [i for i in items if isinstance(i, (Hop, Mod))]

    def mods(self, items):
        return [i for i in items if isinstance(i, Mod)]


    after = mods

    def mod(self, items):
        return _first(items, Mod)

    after_mod = mod

    def that(self, items):
        return items[0]

    def time(self, items):
        return Mod("time", span_of(items[0].start_pos, _last_pos(items[-1])))

    def channel(self, items):
        return Mod("channel", span_of(_first_pos(items[0]), _last_pos(items[-1])))

    def lead(self, items):
        return ("lead", _first(_toks(items, "QUOTE"), Token))

    # --- frames ------------------------------------------------------------
    def location(self, items):
        return Mod("location", span_of(items[0].start_pos, items[-1].end_pos))

    def _frame(self, kind, items, cue_types, **kw):
        cue = next((i for i in items if isinstance(i, Token) and i.type in cue_types), None)
        if cue is None:  # a language's own cue terminal (any CUE_*)
            cue = next(i for i in items if isinstance(i, Token) and i.type.startswith("CUE_"))
        hops: list = []
        for i in items:
            if isinstance(i, Hop):
                hops.append(i)
            elif isinstance(i, tuple) and i and i[0] == "hops":
                hops.extend(i[1])
            elif isinstance(i, list):
                hops.extend(h for h in i if isinstance(h, Hop))
                for conj in i:  # hops inside the sources' appositions
                    if isinstance(conj, list):
                        hops.extend(h for h in conj if isinstance(h, Hop))
        return Frame(kind, cue, hops=hops, mods=list(_mods(items)), **kw)

    def pre(self, items):
        return self._frame(PRE, items, ("CUE_PRE",), sources=_sources(items))

    def pre_pronoun(self, items):
        return self._frame(PRE, items, ("CUE_PRE_PRON",))

    def post(self, items):
        quote = _lead(items) or next(iter(_toks(items, "QUOTE")), None)
        sources = _sources(items) or [[i] for i in items if isinstance(i, NP)]  # a bare NP
        return self._frame(POST, items, ("CUE_POST",), sources=sources, lead_quote=quote)

    def post_pronoun(self, items):
        return self._frame(POST, items, ("CUE_POST_PRON",), lead_quote=_lead(items))

    def post_inverted(self, items):
        quote = next(iter(_toks(items, "QUOTE")), None) or _lead(items)
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
        ref = next(i for i in items if isinstance(i, (Token, OutletName)) and i.type in ("DOMAIN", "KNOWN", "NAME"))
        return ("publisher", ref)

    def outlet_name(self, items):
        # several capitalised words naming an outlet: "(Meridian Markets)"
        return OutletName(items)

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
        items = [i for i in items if not (isinstance(i, Token) and i.type in ("BY", "COLON"))] + [items[-1]]
        entries = getattr(items[0], "entries", ()) or ()
        role = next((e.flag("role") for e in entries if e.flag("role")), items[0].value.lower())
        name = items[-1]
        return ("credit", role, Span(name[0].start_pos, name[-1].end_pos))

    def credits(self, items):
        return ("credits", [i for i in items if isinstance(i, tuple)])

    def source_tag(self, items):
        return ("document_source", [i for i in items if isinstance(i, (Token, OutletName)) and i.type != "COLON" and i.type != "COMMA" and i.type != "SOURCE_KEY"])

    def initials(self, items):
        return ("credit", "initials", Span(items[1].start_pos, items[1].end_pos))


def _first_pos(item) -> int:
    return item.start_pos if isinstance(item, Token) else item.span.start


def _last_pos(item) -> int:
    return item.end_pos if isinstance(item, Token) else item.span.end


def _sources(items):
    for i in items:
        if isinstance(i, list) and i and isinstance(i[0], list):
            return i
    return []


def _lead(items):
    return next((i[1] for i in items if isinstance(i, tuple) and i[0] == "lead"), None)
