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

from .language import CUE_TERMINALS, Language
from .lexer import Lexed
from .model import Span
from .parse import PASSIVE, POST, Frame

MAX_LEFT = 14  # tokens a window may reach left of its cue
MAX_RIGHT = 24  # and right of it

_WORDY = re.compile(r"\w")
_STRIP_LEAD = " \t\n\u00a0,:;–—-"
_STRIP_TAIL = " \t\n\u00a0,.;:!?"


@define
class Claim:
    """A frame with its content, before sources are resolved."""

    frame: Frame
    content: Span
    direct: bool
    unit: Span


_CUE_CACHE: dict = {}


def _is_cue(types: tuple) -> bool:
    got = _CUE_CACHE.get(types)
    if got is None:
        got = _CUE_CACHE[types] = bool(CUE_TERMINALS.intersection(types))
    return got


def find_frames(lang: Language, text: str, lexed: Lexed, lo: int = 0) -> List[Tuple[int, int, Frame]]:
    """Frames in a lexed unit as (first token, end token, Frame)."""
    grammar = lang.grammar
    first = grammar.first("frame")
    left = lang.left_terminals
    types = lexed.types
    n = len(types)
    frames = []
    for c in range(lo, n):
        if c < lo or not _is_cue(types[c]):
            continue
        start = c
        while start > lo and c - start < MAX_LEFT and left.intersection(types[start - 1]):
            start -= 1
            if "QUOTE" in types[start]:
                break
            if "COMMA" in types[start]:
                if start > lo and "QUOTE" in types[start - 1]:
                    start -= 1
                break
        for s in range(start, c + 1):
            if not first.intersection(types[s]):
                continue
            end, chosen = grammar.probe(lexed, s, min(n, c + MAX_RIGHT), "frame")
            if end > c:
                frame = grammar.parse(text, lexed, s, chosen, "frame")
                frame.span = Span(lexed.starts[s], lexed.ends[end - 1])
                frames.append((s, end, frame))
                lo = end
                break
    return frames


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
            q = quotes_by_start.get(span.start)
            direct = q is not None and q.outer.end >= span.end
            if direct:
                span = q.inner
        if f.kind == POST:
            back = max(back, f.span.end)
        if _WORDY.search(text, span.start, span.end):  # a stray mark is not content
            claims.append(Claim(f, span, direct, unit))
    return claims


def _first_after(breaks: Sequence[int], start: int, stop: int) -> int:
    i = bisect.bisect_right(breaks, start)
    return breaks[i] if i < len(breaks) and breaks[i] < stop else stop


def _strip(text: str, s: int, e: int) -> Span:
    while s < e and text[s] in _STRIP_LEAD:
        s += 1
    while e > s and text[e - 1] in _STRIP_TAIL:
        e -= 1
    return Span(s, e)
