"""The frames stage: lex each candidate unit, read its metadata lines and
parse the frame around each of its cues.

For a cue at token c the window starts as far left as the frame's terminals
reach (the grammar says which: ``Language.left_terminals``) and the first start
whose longest accepted prefix covers the cue wins, so a frame takes its
fullest source. Cues inside a frame already found are part of it (hops).
"""

from __future__ import annotations

import bisect
from itertools import compress
from typing import Dict, List, Optional, Sequence, Tuple

from attrs import define, field

from ..contract import COMMA, FRAME, META, META_KEYS, POSS, QUOTE, THAT
from ..model import Credit, Span, span_of
from .candidates import SUBJECT_REACH, Candidate, cue_window
from .lexer import Lexed
from .parse import CreditLine, CreditLines, Frame, PublisherLine, SourceLine
from .segment import DIRECT

MAX_LEFT = 14  # tokens a window may reach left of its cue
# ... and to the quotation its speaker follows ("...," X, who served as ...
# during ..., told Y): a long appositive stands between
MAX_LEFT_QUOTE = 20
MAX_RIGHT = 24  # and right of it


@define
class UnitTokens:
    """A unit lexed from its start: its tokens, of which the first ``n``
    count (a cue window's lexing ends with an EOS mark), and the first
    ``sure`` are those of the unit lexed whole without its quotations (the
    rest may differ: a cue window may end before the unit does, or hold a
    quotation). Its subject is read from them."""

    lexed: Lexed
    n: int
    _sure: int  # -1 until asked for: see sure
    _window: Optional[tuple] = None  # (lexer, text, candidate, window end) that sure is read from

    @property
    def sure(self) -> int:
        # (computed when a subject is read: most units' never is)
        if self._sure < 0:
            lexer, text, cand, b = self._window
            us = cand.unit.start
            limit = min(b, us + SUBJECT_REACH, *(q.outer.start for q in cand.quotes if q.kind == DIRECT and q.outer.end > us))
            self._sure = bisect.bisect_left(self.lexed.starts, lexer.settled(text, us, limit), 0, self.n)
        return self._sure


@define
class Meta:
    """What the metadata lines say: the first publisher and document source
    named (tokens, resolved later) and every credit."""

    publisher: Optional[object] = None
    document_source: Optional[object] = None
    credits: List[Credit] = field(factory=list)

    def take(self, text: str, item) -> None:
        if isinstance(item, PublisherLine):
            if self.publisher is None:
                self.publisher = item.ref
        elif isinstance(item, CreditLine):
            self.credits.append(Credit(item.role, text[item.span.start : item.span.end], item.span))
        elif isinstance(item, CreditLines):
            for c in item.lines:
                self.take(text, c)
        elif isinstance(item, SourceLine):
            if self.document_source is None and item.refs:
                self.document_source = item.refs[0]


@define
class UnitFrames:
    """The frames of one candidate unit, as (first token, end token, Frame),
    and where its text starts after any dateline (``floor``)."""

    unit: Span
    floor: int
    frames: Sequence[Tuple[int, int, Frame]]
    lead: Optional[object] = None  # the candidate's lead quotation (core.candidates)


@define
class Framed:
    """The frames stage's hand-off: frames per unit, metadata, and the
    units lexed whole (by start)."""

    units: List[UnitFrames]
    meta: Meta
    unit_tokens: Dict[int, UnitTokens]


def read_frames(text: str, candidates: Sequence[Candidate], language) -> Framed:
    """Lex each candidate, read its metadata, parse the frames of its cues."""
    lexer = language.lexer
    meta = Meta()
    units: List[UnitFrames] = []
    whole: Dict[int, UnitTokens] = {}
    for cand in candidates:
        unit = cand.unit
        us, ue = unit.start, unit.end
        plain = cand.plain
        floor = us
        if cand.meta:
            lexed = lexer.lex(text, us, ue, cand.quotes)
            if plain:
                whole[us] = UnitTokens(lexed, len(lexed), len(lexed))
            floor = read_meta(language.grammar, text, lexed, unit, meta)
        if cand.cues:
            a, b = cue_window(text, cand, floor)
            lexed = lexer.lex(text, a, b, cand.quotes, eos=b >= ue)
            if plain and a == us and b == ue:
                whole[us] = UnitTokens(lexed, len(lexed) - 1, len(lexed) - 1)
            elif a == us and us not in whole:
                whole[us] = UnitTokens(lexed, len(lexed) - (b >= ue), -1, (lexer, text, cand, b))
            units.append(UnitFrames(unit, floor, find_frames(language, text, lexed), cand.lead))
    return Framed(units, meta, whole)


def read_meta(grammar, text: str, lexed: Lexed, unit: Span, meta: Meta) -> int:
    """Parse the metadata lines of a unit into ``meta``; returns where the
    rest of the unit starts."""
    floor = unit.start
    i = 0
    types = lexed.types
    n = len(types)
    while i < n:
        # Datelines and bylines open a unit; credit and source keys
        # ("Foto:", "Sumber:") may follow a caption in the same unit.
        if i == 0 or not META_KEYS.isdisjoint(types[i]):
            got = grammar.longest(text, lexed, i, n, META)
            if got is not None and got[0] > i:
                end, item = got
                meta.take(text, item)
                if i == 0:
                    floor = lexed.ends[end - 1]
                i = end
                continue
        i += 1
    return floor


class _CueTypes(dict):
    """Token types -> how many of them are cues (0: no cue), filled as met
    (few distinct tuples: the lexicon's)."""

    def __init__(self, cues: frozenset):
        super().__init__()
        self.cues = cues

    def __missing__(self, types: tuple) -> int:
        hits = self[types] = sum(1 for t in types if t in self.cues)
        return hits


_CUE_TYPES: Dict[frozenset, _CueTypes] = {}  # by the language's cue terminals


class _EdgeTypes(dict):
    """Token types -> what they are to _left_edge: 0 not a left terminal,
    else 1, 2 with a quotation mark, 3 with a comma (and no quotation
    mark); filled as met, like _CueTypes."""

    def __init__(self, left: frozenset):
        super().__init__()
        self.left = left

    def __missing__(self, types: tuple) -> int:
        code = self[types] = 0 if self.left.isdisjoint(types) else 2 if QUOTE in types else 3 if COMMA in types else 1
        return code


_EDGE_TYPES: Dict[frozenset, _EdgeTypes] = {}  # by the language's left terminals


def find_frames(lang, text: str, lexed: Lexed, lo: int = 0) -> List[Tuple[int, int, Frame]]:
    """Frames in a lexed unit as (first token, end token, Frame)."""
    grammar = lang.grammar
    left = lang.left_terminals
    types = lexed.types
    n = len(types)
    cues = lang.cue_terminals
    frames = []
    is_cue = _CUE_TYPES.get(cues)
    if is_cue is None:
        is_cue = _CUE_TYPES[cues] = _CueTypes(cues)
    edge = _EDGE_TYPES.get(left)
    if edge is None:
        edge = _EDGE_TYPES[left] = _EdgeTypes(left)
    # (the cue positions picked in C: most tokens are no cue)
    for c in list(compress(range(lo, n), map(is_cue.__getitem__, types[lo:] if lo else types))):
        if c < lo:
            continue  # inside the frame just found
        start = _left_edge(types, edge, lo, c, c)
        # Hits are probed windows, parsed (by _parsed) only once they are
        # needed to choose or kept: a discarded alternative costs no parse.
        got = _frame_at(grammar, lexed, start, c, n)
        if got is not None and got[0] > lo and QUOTE in types[got[0]] and POSS in types[got[0] - 1]:
            # a title or name in quotation marks after a possessive (on Fox
            # News's "Sunday Morning Futures," Issa said ...): no speech
            got = _frame_at(grammar, lexed, got[0] + 1, c, n) if got[0] < c else None
        if start > lo and COMMA in types[start] and (got is None or got[0] == start + 1
                                                     or got[0] == start and _parsed(grammar, text, lexed, got).coordinated):
            # The subject may stand before a comma: "The Guardian, citing CNN, reported"
            # (and a frame that took the comma for an elided subject may have one there),
            # and so may a channel: "Dalam wawancara dengan CBS News, Musk menyebut"
            # (starts from ``start`` on were probed just now: none covers the
            # cue before got's)
            wider = _frame_at(grammar, lexed, _left_edge(types, edge, lo, c, start - 1, commas=True), c, n, start - 1)
            if wider is not None and (got is None or wider[0] < got[0] and not _parsed(grammar, text, lexed, wider).coordinated):
                got = wider
        if got is None and is_cue[types[c]] > 1:
            # A word that is several cues ("said" before or after its
            # speaker): the parser takes the first its state accepts; try the
            # others first in turn.
            own = types[c]
            for k, t in enumerate(own):
                if got is not None:
                    break
                if k == 0 or t not in cues:
                    continue
                # (the parse reads the probe's path, not the types)
                got = _frame_at(grammar, lexed.retyped(c, (t,) + own[:k] + own[k + 1 :]), start, c, n)
        if got is not None:
            frames.append((got[0], got[1], _parsed(grammar, text, lexed, got)))
            lo = got[1]
    return frames


def _left_edge(types, edge: _EdgeTypes, lo: int, c: int, start: int, commas: bool = False) -> int:
    """How far left of cue c a frame may start: over the grammar's left
    terminals, to the first quotation or comma (past commas with ``commas``)."""
    first = start
    while start > lo and c - start < MAX_LEFT_QUOTE:
        code = edge[types[start - 1]]
        if not code:
            break
        start -= 1
        if code == 2:
            return start  # a quotation
        if code == 3 and not commas:
            if start > lo and QUOTE in types[start - 1]:
                return start - 1
            break
    return max(start, min(first, c - MAX_LEFT))


def _frame_at(grammar, lexed: Lexed, start: int, c: int, n: int, last: int = -1):
    """The probed frame of cue c from the leftmost start (up to ``last``, else
    c) that covers it, as [first token, end token, probed path, parsed Frame
    or None], or None."""
    got = grammar.cover(lexed, start, c if last < 0 else last, min(n, c + MAX_RIGHT), FRAME, past=c)
    return None if got is None else [*got, None]


def _parsed(grammar, text: str, lexed: Lexed, hit) -> Frame:
    """The Frame of a hit from _frame_at, parsed on first use."""
    if hit[3] is None:
        s, end = hit[0], hit[1]
        frame = grammar.parse(text, lexed, s, hit[2])
        frame.span = span_of(lexed.starts[s] if frame.span is None else frame.span.start, lexed.ends[end - 1])
        frame.complement = THAT in lexed.types[end - 1]
        hit[3] = frame
    return hit[3]


