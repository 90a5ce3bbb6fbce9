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

from ..contract import (
    BY, COLON, COMMA, CUE_POST, CUE_PREFIX, CUE_POST_PRON, CUE_PRE, CUE_PRE_PRON, CUE_VERB, CUE_VERB_THAT, DOMAIN, KIND_FLAG, KNOWN,
    NAME, NUM, PERSON_FLAG, PRONOUN_SUFFIX, QUOTE, ROLE_FLAG, RPAR, SOURCE_KEY, WORD,
)
from ..lexicon import Entry
from ..model import SourceKind, Span, span_of
from .grammar import GrammarError, _tok

PRE, POST, VERB, PASSIVE = "pre", "post", "verb", "passive"
_PLAIN = (WORD, NUM)  # words that describe in an anaphor, not part of its noun phrase


@define
class NP:
    tokens: Tuple[Token, ...]

    @property
    def span(self) -> Span:
        return Span(self.tokens[0].start_pos, self.tokens[-1].end_pos)


@define
class Pronoun:
    token: Token

    @property
    def span(self) -> Span:
        return Span(self.token.start_pos, self.token.end_pos)


@define
class Anaphor(Pronoun):
    """A noun phrase closed by a demonstrative (``Juru bicara itu``,
    ``Jenderal bintang dua itu``, ``ujar bek kanan legendaris tersebut``):
    it may refer back to a source named before, like a pronoun.
    ``token`` spans the whole phrase (its mention) and is flagged a person's;
    ``np`` is the noun phrase before any plain words and the demonstrative
    (None when it has none). attrib.core.resolve decides: a description of a
    person by a role or what they are refers back, anything else is read
    as its noun phrase."""

    np: Optional["NP"] = None
    plain: bool = False  # plain words between the noun phrase and the demonstrative

    @property
    def tokens(self) -> Tuple[Token, ...]:
        return self.np.tokens if self.np is not None else ()


@define
class Hop:
    """An outlet or speaker the claim passed through, outward of the frame's
    source (``seperti dilansir Al Jazeera``, ``carried by state media``):
    the word that introduces it, and its noun phrase."""

    via: Token
    np: NP
    mods: List["Mod"] = field(factory=list)  # a time after the hop (dilansir Reuters, Kamis (19/6))


@define
class InwardHop(Hop):
    """A hop inward of the frame's subject (``citing the governor``,
    ``mengutip gubernur``): the innermost one is the source, and the
    subject becomes a hop (grammar alias ``hop_in``)."""


@define
class _Hops:
    hops: List[Hop]


@define
class _Lead:
    quote: Optional[Token]


# (read only, by _parts: one object serves every frame without them)
_NO_HOPS = _Hops([])
_NO_LEAD = _Lead(None)


@define
class _Report:
    """``Laporan KNCA``: the speaker publishes reports."""

    sources: List[List[object]]


@define
class PublisherLine:
    """A dateline or byline naming the publisher: its outlet token."""

    ref: object


@define
class CreditLine:
    role: str
    span: Span


@define
class CreditLines:
    lines: List[CreditLine]


@define
class SourceLine:
    """``Sumber: CNA``: the outlet tokens of a document source line."""

    refs: List[object]


@define
class Mod:
    kind: str  # "time" or "channel"
    span: Span
    names: Tuple[Token, ...] = ()  # registry names in a channel (kepada AFP): outlets there are hops
    outlet: Optional[Span] = None  # an outlet the channel describes (kepada televisi pemerintah Iran)


@define
class Frame:
    """The parsed frame around one cue (content not yet attached). (The
    callbacks below pass its fields by position: a frame is made per parse,
    and keywords cost more.)"""

    kind: str  # pre, post, verb, passive
    cue: Token
    sources: List[List[object]] = field(factory=list)  # conjuncts, each a list of appositive NPs / a Pronoun
    hops: List[Hop] = field(factory=list)
    mods: List[Mod] = field(factory=list)
    lead_quote: Optional[Token] = None  # the quotation a post frame follows
    coordinated: bool = False  # "dan mengatakan": the subject is elided
    report: bool = False  # "Laporan KNCA mengatakan"
    span: Optional[Span] = None  # set by the caller from the window
    complement: bool = False  # ends with a complementiser: a quotation after it is part of indirect speech

    @property
    def cue_span(self) -> Span:
        return Span(self.cue.start_pos, self.cue.end_pos)

    @property
    def pronoun(self) -> bool:
        return self.cue.type.endswith(PRONOUN_SUFFIX) or any(
            isinstance(c, Pronoun) for conj in self.sources for c in conj
        )


def _np_of(items):
    """The noun phrase among a rule's children (a hop's outlet): an anaphor
    there (``dilansir media tersebut``) is read as its noun phrase."""
    got = _first(items, (NP, Anaphor))
    return got.np if isinstance(got, Anaphor) and got.np is not None else got


# (plain loops, here and below: a rule has a handful of children, and a
# comprehension or generator would cost more than the work)
def _first(items, cls):
    for i in items:
        if isinstance(i, cls):
            return i
    return None


def _flag_of(tok, name: str) -> Optional[str]:
    """A flag of the lexicon entries behind a token."""
    for e in getattr(tok, "entries", ()) or ():
        v = e.flag(name)
        if v:
            return v
    return None


def _only(items, cls) -> list:
    out = []
    for i in items:
        if isinstance(i, cls):
            out.append(i)
    return out


@define
class OutletName:
    """Words that name one outlet, read like a single token."""

    value: str
    start_pos: int
    end_pos: int
    type: str = NAME


class FrameBuilder(Transformer):
    """Inline transformer: called by the LALR parser at each reduction."""

    # --- sources -----------------------------------------------------------
    def np(self, items):
        if len(items) > 3 and items[-1].type == RPAR and items[-2].type == NUM:
            items = items[:-3]  # an age after the name: Colleen Hoffman (69)
        return NP(tuple(items))

    def appos(self, items):
        # NPs, and any hop between them ("The Guardian, citing CNN, ...")
        if len(items) == 1 and items[0].__class__ is NP:  # (the most common)
            return [items[0]]
        return _only(items, (NP, Hop, Anaphor))

    def sources(self, items):
        if len(items) == 1 and items[0].__class__ is list:  # (the most common)
            return [items[0]]
        return _only(items, list)

    def speaker(self, items):
        # the NP and its appositives; a time after a comma is a modifier, and
        # a channel there (kepada AFP) is the frame's, after the noun phrases
        if len(items) == 1 and items[0].__class__ is NP:  # (the most common)
            return [[items[0]]]
        nps = [_only(items, (NP, Anaphor))]
        for i in items:
            if isinstance(i, list):  # a channel with a time or hop after it
                nps.extend(m for m in i if isinstance(m, (Mod, Hop)))
            elif isinstance(i, Mod) and i.kind == "channel":
                nps.append(i)
        return nps

    def speaker_more(self, items):
        for i in items:
            if not isinstance(i, Token):
                return i
        return None

    def report_of(self, items):
        return _Report([[_first(items, (NP, Anaphor))]])

    def anaphor(self, items):
        # the noun phrase's own words: up to the first plain word (a WORD or
        # NUM: "Jenderal bintang dua itu") or the demonstrative, the last token
        dem = items[-1]
        head = []
        for t in items[:-1]:
            if t.type in _PLAIN:
                break
            head.append(t)
        first = items[0]
        value = " ".join(t.value for t in items)
        tok = _tok(dem.type, value, first.start_pos, dem.end_pos,
                   (Entry(value, dem.type, ((PERSON_FLAG, "yes"),)),))
        return Anaphor(tok, NP(tuple(head)) if head else None, len(head) < len(items) - 1)

    def pronoun(self, items):
        return [[Pronoun(items[0])]]

    # --- hops and modifiers ------------------------------------------------
    def hops(self, items):
        return _Hops(_only(items, Hop)) if items else _NO_HOPS  # (mostly none)

    def hop(self, items):
        # "seperti dikutip kantor berita Rusia, Interfax": the outlet named last;
        # an anaphor there ("dilansir media tersebut") is read as its noun phrase
        nps = [n for n in (_np_of([i]) for i in items if isinstance(i, (NP, Anaphor))) if n is not None]
        return Hop(items[0], nps[-1] if nps else _np_of(items), _only(items, Mod))

    def hop_in(self, items):
        return InwardHop(items[0], _np_of(items))

    def tail(self, items):
        # hops and modifiers in any order after a cue: "said in a statement
        # carried by state media"
        return _only(items, (Hop, Mod)) if items else []  # (mostly none)

    def mods(self, items):
        if not items:
            return []
        out = []
        for i in items:
            if isinstance(i, Mod):
                out.append(i)
            elif isinstance(i, list):  # a channel with the time or a hop after it
                out.extend(m for m in i if isinstance(m, (Mod, Hop)))
        return out


    after = mods

    def mod(self, items):
        return _first(items, Mod)

    after_mod = mod

    def that(self, items):
        return items[0]

    def time(self, items):
        return Mod("time", span_of(items[0].start_pos, _last_pos(items[-1])))

    def channel(self, items):
        known = tuple(i for i in items if isinstance(i, Token) and i.type == KNOWN)
        time = items[-1] if isinstance(items[-1], (Mod, Hop)) else None  # dalam pernyataan, Senin (1/1)
        last = items[-3] if time is not None else items[-1]
        # kepada televisi pemerintah Iran: a head word that names an outlet
        # (flag kind=outlet), described by the words after it
        outlet = None
        words = [i for i in items if isinstance(i, Token) and i.type != COMMA]
        if not known:
            # the head: the word after the preposition (or after a determiner)
            for k in (1, 2):
                if k + 1 < len(words) and _flag_of(words[k], KIND_FLAG) == SourceKind.OUTLET.value:
                    outlet = span_of(words[k].start_pos, words[-1].end_pos)
                    break
        mod = Mod("channel", span_of(_first_pos(items[0]), _last_pos(last)), known, outlet)
        if isinstance(time, Hop):  # a hop after the channel, and any time after the hop
            return [mod, time, *time.mods]
        return [mod, time] if time is not None else mod

    def lead(self, items):
        for i in items:  # the first quotation mark
            if isinstance(i, Token) and i.type == QUOTE:
                return _Lead(i)
        return _NO_LEAD

    # --- frames ------------------------------------------------------------
    def location(self, items):
        return Mod("location", span_of(items[0].start_pos, items[-1].end_pos))

    def pre(self, items):
        cue, hops, mods, sources, _, _, _ = _parts(items, (CUE_PRE,))
        return Frame(PRE, cue, sources or [], hops, mods)

    def pre_pronoun(self, items):
        cue, hops, mods, _, _, _, _ = _parts(items, (CUE_PRE_PRON,))
        return Frame(PRE, cue, [], hops, mods)

    def post(self, items):
        cue, hops, mods, sources, quote, lead, _ = _parts(items, (CUE_POST,))
        sources = sources or [[i] for i in items if isinstance(i, NP)]  # a bare NP
        first = items[0]
        # (a prepositional cue right after a quotation closes the clause the
        # quotation ends, not the quotation alone: the quotation is a word)
        word = isinstance(first, Token) and (first.type not in (QUOTE, COMMA, COLON) or first.type == QUOTE and cue.type == CUE_PRE)
        frame = Frame(POST, cue, sources, hops, mods, None if word else lead or quote)
        if len(items) > 1 and items[1] is cue and word:
            # a cue after a word of the clause it closes, with no mark
            # between: the frame starts at the cue (the word is content)
            frame.span = Span(cue.start_pos, cue.start_pos)
        return frame

    def post_pronoun(self, items):
        cue, hops, mods, _, _, lead, _ = _parts(items, (CUE_POST_PRON,))
        return Frame(POST, cue, [], hops, mods, lead)

    def post_inverted(self, items):
        cue, hops, mods, sources, quote, lead, _ = _parts(items, (CUE_VERB, CUE_VERB_THAT))
        return Frame(POST, cue, sources or [], hops, mods, quote or lead)

    def verb(self, items):
        cue, hops, mods, sources, _, _, report = _parts(items, (CUE_VERB, CUE_VERB_THAT))
        srcs = report.sources if report else sources or []
        return Frame(VERB, cue, srcs, hops, mods, None, False, report is not None)

    def verb_coordinated(self, items):
        cue, hops, mods, _, _, _, _ = _parts(items, (CUE_VERB, CUE_VERB_THAT))
        return Frame(VERB, cue, [], hops, mods, None, True)

    def passive(self, items):
        return Frame(PASSIVE, items[0])

    # --- metadata ----------------------------------------------------------
    def dateline(self, items):
        ref = next(i for i in items if isinstance(i, (Token, OutletName)) and i.type in (DOMAIN, KNOWN, NAME))
        return PublisherLine(ref)

    def outlet_name(self, items):
        # several capitalised words naming an outlet: "(Meridian Markets)"
        return OutletName(" ".join(t.value for t in items), items[0].start_pos, items[-1].end_pos)

    def byline(self, items):
        # "By BeritaSatu.com" names the publisher; "By Jane Doe" an author.
        name = items[1]
        if len(name) == 1 and name[0].type in (DOMAIN, KNOWN):
            return PublisherLine(name[0])
        return CreditLine("author", Span(name[0].start_pos, name[-1].end_pos))

    def place(self, items):
        return items

    def credit_name(self, items):
        return list(items)

    def credit(self, items):
        items = [i for i in items if not (isinstance(i, Token) and i.type in (BY, COLON))] + [items[-1]]
        entries = getattr(items[0], "entries", ()) or ()
        role = next((e.flag(ROLE_FLAG) for e in entries if e.flag(ROLE_FLAG)), items[0].value.lower())
        name = items[-1]
        return CreditLine(role, Span(name[0].start_pos, name[-1].end_pos))

    def credits(self, items):
        return CreditLines([i for i in items if isinstance(i, CreditLine)])

    def source_tag(self, items):
        return SourceLine([i for i in items if isinstance(i, (Token, OutletName)) and i.type != COLON and i.type != COMMA and i.type != SOURCE_KEY])

    def initials(self, items):
        return CreditLine("initials", Span(items[1].start_pos, items[1].end_pos))


def _parts(items, cue_types) -> tuple:
    """A frame's children read in one pass: (cue, hops, mods, sources,
    quote, lead quote, report). The cue is the first token of
    ``cue_types``, else a language's own CUE_* terminal; the hops include
    those inside the sources' appositions; the sources are a list of
    conjuncts; the quote is the first quotation among the children."""
    cue = own_cue = quote = lead_item = report = sources = None
    hops: list = []
    mods: list = []
    for i in items:
        cls = i.__class__
        # (most children are an empty list of modifiers, no hops, or the
        # sources as plain lists of noun phrases: these first, exactly as
        # the general reading below would take them)
        if cls is list:
            if not i:
                continue
            if len(i) == 1 and i[0].__class__ is list and len(i[0]) == 1 and i[0][0].__class__ is NP:
                # (one conjunct of one noun phrase, the most common sources:
                # no hop in it)
                if sources is None:
                    sources = i
                continue
            if i[-1].__class__ is list:
                for conj in i:
                    if conj.__class__ is not list:
                        break
                else:  # conjuncts only
                    for conj in i:
                        for h in conj:
                            if isinstance(h, Hop):
                                hops.append(h)
                    if sources is None:
                        sources = i
                    continue
        elif i is _NO_HOPS:
            continue
        if isinstance(i, Token):
            if cue is None:
                if i.type in cue_types:
                    cue = i
                elif own_cue is None and i.type.startswith(CUE_PREFIX):
                    own_cue = i
            if quote is None and i.type == QUOTE:
                quote = i
        elif isinstance(i, _Lead):  # (the next most common: tested before the rest)
            if lead_item is None:
                lead_item = i
        elif isinstance(i, list):  # (tested before the rarer classes, none a list)
            nested = False
            for h in i:
                if isinstance(h, Hop):
                    hops.append(h)
                elif isinstance(h, list):
                    nested = True
            if nested:  # then the hops inside the sources' appositions
                for conj in i:
                    if isinstance(conj, list):
                        for h in conj:
                            if isinstance(h, Hop):
                                hops.append(h)
            if not i or isinstance(i[0], (Mod, Hop)):
                for m in i:
                    if isinstance(m, Mod):
                        mods.append(m)
            elif sources is None and isinstance(i[0], list):
                # (a speaker with a time after a comma, "kata X, Senin
                # (13/4/2020)", is a source list: no modifiers; a channel
                # after it, "kata X, kepada AFP", follows its noun phrases)
                sources = i
                if not isinstance(i[-1], list):
                    sources = [c for c in i if isinstance(c, list)]
                    for m in i:
                        if isinstance(m, Mod):
                            mods.append(m)
                        elif isinstance(m, Hop):
                            hops.append(m)
                            mods.extend(m.mods)
        elif isinstance(i, Hop):
            hops.append(i)
            mods.extend(i.mods)
        elif isinstance(i, _Hops):
            hops.extend(i.hops)
            for h in i.hops:
                mods.extend(h.mods)
        elif isinstance(i, _Report):
            if report is None:
                report = i
    if cue is None:  # a language's own cue terminal (any CUE_*)
        cue = own_cue
        if cue is None:
            raise GrammarError(f"a frame without a cue: {items!r}")
    return cue, hops, mods, sources, quote, lead_item.quote if lead_item is not None else None, report


def _first_pos(item) -> int:
    return item.start_pos if isinstance(item, Token) else item.span.start


def _last_pos(item) -> int:
    return item.end_pos if isinstance(item, Token) else item.span.end
