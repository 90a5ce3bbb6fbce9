"""Candidates and windows: find each cue in a unit, parse the frame around it,
and attach the content the frame governs.

For a cue at token c the window starts as far left as the frame's terminals
reach (the grammar says which: ``Language.left_terminals``) and the first start
whose longest accepted prefix covers the cue wins, so a frame takes its
fullest source. Cues inside a frame already found are part of it (hops).
"""

from __future__ import annotations

import bisect
import re
from typing import List, Sequence, Tuple

from attrs import define

from .language import Language
from .lexer import Lexed
from .model import Span, span_of
from .parse import PASSIVE, POST, Frame
from .text import DIRECT

MAX_LEFT = 14  # tokens a window may reach left of its cue
MAX_RIGHT = 24  # and right of it

_WORDY = re.compile(r"\w")
_SENTENCE_TAIL = 120  # characters of a frame's sentence that may stand between a quotation and its continuation
_STRIP_LEAD = " \t\n\u00a0,:;–—-"
_STRIP_TAIL = " \t\n\u00a0,.;:!?"


@define
class Claim:
    """A frame with its content, before sources are resolved."""

    frame: Frame
    content: Span
    direct: bool
    unit: Span


_CUE_CACHE: dict = {}  # cue terminals -> {token types: whether one is a cue}; bounded by the lexicon's type sets


def find_frames(lang: Language, text: str, lexed: Lexed, lo: int = 0) -> List[Tuple[int, int, Frame]]:
    """Frames in a lexed unit as (first token, end token, Frame)."""
    grammar = lang.grammar
    left = lang.left_terminals
    types = lexed.types
    n = len(types)
    cues = lang.cue_terminals
    frames = []
    # whether a token's types include a cue, by types tuple (few distinct)
    is_cue = _CUE_CACHE.get(cues)
    if is_cue is None:
        is_cue = _CUE_CACHE[cues] = {}
    cached = is_cue.get
    for c in range(lo, n):
        if c < lo:
            continue
        tc = types[c]
        hit = cached(tc)
        if hit is None:
            hit = is_cue[tc] = bool(cues.intersection(tc))
        if not hit:
            continue
        start = _left_edge(types, left, lo, c, c)
        # Hits are probed windows, parsed (by _parsed) only once they are
        # needed to choose or kept: a discarded alternative costs no parse.
        got = _frame_at(grammar, lexed, start, c, n)
        if start > lo and "COMMA" in types[start] and (got is None or got[0] == start and _parsed(grammar, text, lexed, got).coordinated):
            # The subject may stand before a comma: "The Guardian, citing CNN, reported"
            # (and a frame that took the comma for an elided subject may have one there)
            wider = _frame_at(grammar, lexed, _left_edge(types, left, lo, c, start - 1, commas=True), c, n)
            if wider is not None and (got is None or wider[0] < got[0] and not _parsed(grammar, text, lexed, wider).coordinated):
                got = wider
        if got is None and sum(1 for t in types[c] if t in cues) > 1:
            # A word that is several cues ("said" before or after its
            # speaker): the parser takes the first its state accepts; try the
            # others first in turn.
            own = types[c]
            for k, t in enumerate(own):
                if got is not None:
                    break
                if k == 0 or t not in cues:
                    continue
                types[c] = (t,) + own[:k] + own[k + 1 :]
                got = _frame_at(grammar, lexed, start, c, n)
            types[c] = own
        if got is not None:
            frames.append((got[0], got[1], _parsed(grammar, text, lexed, got)))
            lo = got[1]
    return frames


def _left_edge(types, left, lo: int, c: int, start: int, commas: bool = False) -> int:
    """How far left of cue c a frame may start: over the grammar's left
    terminals, to the first quotation or comma (past commas with ``commas``)."""
    while start > lo and c - start < MAX_LEFT and not left.isdisjoint(types[start - 1]):
        start -= 1
        if "QUOTE" in types[start]:
            break
        if "COMMA" in types[start] and not commas:
            if start > lo and "QUOTE" in types[start - 1]:
                start -= 1
            break
    return start


def _frame_at(grammar, lexed: Lexed, start: int, c: int, n: int):
    """The probed frame of cue c from the leftmost start that covers it, as
    [first token, end token, probed path, parsed Frame or None], or None."""
    got = grammar.cover(lexed, start, c, min(n, c + MAX_RIGHT), "frame", past=c)
    return None if got is None else [*got, None]


def _parsed(grammar, text: str, lexed: Lexed, hit) -> Frame:
    """The Frame of a hit from _frame_at, parsed on first use."""
    if hit[3] is None:
        s, end = hit[0], hit[1]
        frame = grammar.parse(text, lexed, s, hit[2])
        frame.span = span_of(lexed.starts[s], lexed.ends[end - 1])
        hit[3] = frame
    return hit[3]


def attach_content(
    text: str, unit: Span, clause_breaks, frames: Sequence[Tuple[int, int, Frame]], quotes_by_start: dict, floor: int
) -> List[Claim]:
    """Give each frame its content span.

    - after a ``pre`` or ``verb`` frame: up to the end of the unit, to the next
      frame that opens with a comma, conjunction or quotation (a post frame,
      or a coordinated verb: ``..., kata X``, ``... dan mengatakan``), or to a
      comma before a clause of the writer's own (``, meski ...``: a
      CLAUSE_BREAK word in the lexicon, found by ``clause_breaks``);
    - a passive cue claims the whole clause around it.
    - before a ``post`` frame: its quotation, or the clause from the unit start
      (or the previous post frame) to the comma before the cue.
    ``floor`` is where the unit's text starts after any dateline.
    """
    n = len(frames)
    # next_stop[i]: where forward content of frame i must end (linear scan).
    next_stop = [unit.end] * n
    stop = unit.end
    for i in range(n - 1, -1, -1):
        next_stop[i] = stop
        f = frames[i][2]
        if f.kind == POST or f.coordinated:
            stop = f.span.start
    breaks = [m.start() for m in clause_breaks.finditer(text, unit.start, unit.end)]
    claims: List[Claim] = []
    back = max(unit.start, floor)
    for i, (s, e, f) in enumerate(frames):
        stop = next_stop[i]
        if f.kind == POST:
            if f.lead_quote is not None:
                q = quotes_by_start[f.lead_quote.start_pos]
                span, direct = q.inner, True
            else:
                span, direct = _strip(text, back, f.span.start), False
        elif f.kind == PASSIVE:
            span, direct = _strip(text, back, stop), False
        else:
            span = _strip(text, f.span.end, _first_after(breaks, f.span.end, stop))
            if span.start >= span.end and text[f.span.start : f.span.end].rstrip().endswith(":"):
                # "Park said:" closing its paragraph introduces the quotation after it
                j = f.span.end
                while j < len(text) and text[j].isspace():
                    j += 1
                if j in quotes_by_start:
                    span = Span(j, quotes_by_start[j].outer.end)
            q = quotes_by_start.get(span.start)
            direct = q is not None and q.outer.end >= span.end
            if direct:
                span = q.inner
        if f.kind == POST:
            back = max(back, f.span.end)
        if _WORDY.search(text, span.start, span.end):  # a stray mark is not content
            claims.append(Claim(f, span, direct, unit))
    return claims


def continue_quotes(text: str, claims: Sequence[Claim], quotes: Sequence) -> List[Claim]:
    """A direct quotation that goes on after its cue in the same paragraph,
    with nothing but a full stop between (``"A," he said. "B."``), is a claim
    of its own with the same frame (cue and speaker)."""
    taken = {c.content.start for c in claims if c.direct}
    leads = {c.frame.lead_quote.start_pos for c in claims if c.frame.lead_quote is not None}
    direct = [q for q in quotes if q.kind == DIRECT]
    starts = [q.outer.start for q in direct]
    out: List[Claim] = []
    for c in claims:
        out.append(c)
        if not c.direct or c.frame.kind == PASSIVE:
            continue
        pos = max(c.frame.span.end, c.content.end)
        i = bisect.bisect_left(starts, pos)
        while i < len(direct):
            q = direct[i]
            gap = text[pos : q.outer.start]
            if "\n" in gap or q.inner.start in taken or q.outer.start in leads:
                break
            rest = gap.strip(" \t\u00a0")
            # nothing between but the end of the frame's sentence
            if rest and not (rest.endswith(".") and rest.count(".") == 1 and len(rest) <= _SENTENCE_TAIL):
                break
            out.append(Claim(c.frame, q.inner, True, c.unit))
            taken.add(q.inner.start)
            pos = q.outer.end
            i += 1
    return out


def _first_after(breaks: Sequence[int], start: int, stop: int) -> int:
    i = bisect.bisect_right(breaks, start)
    return breaks[i] if i < len(breaks) and breaks[i] < stop else stop


def _strip(text: str, s: int, e: int) -> Span:
    while s < e and text[s] in _STRIP_LEAD:
        s += 1
    while e > s and text[e - 1] in _STRIP_TAIL:
        e -= 1
    return span_of(s, e)
