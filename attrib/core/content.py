"""The content stage: what each frame says.

A frame governs the text after it (``pre`` and ``verb`` frames), its
quotation or the clause before it (``post``), or its whole clause
(``passive``); a quotation that goes on after its cue is a claim too.
"""

from __future__ import annotations

import bisect
import re
from typing import List, Optional, Sequence, Tuple

from attrs import define

from ..contract import VIA
from ..model import Span, span_of
from .frames import Framed
from .parse import PASSIVE, POST, Frame
from .segment import DIRECT, Segments, line_breaks

_WORDY = re.compile(r"\w")
_LEAD_IN = 60  # characters of a lead-in that may open a continuation's sentence before its quotation
_SENTENCE_TAIL = 120  # characters of a frame's sentence that may stand between a quotation and its continuation
_STRIP_LEAD = " \t\n\u00a0,:;–—-"
_STRIP_TAIL = " \t\n\u00a0,.;:!?"
# (searched in place: a paragraph's text is not copied to be stripped)
_NONSPACE = re.compile(r"\S")
_NOT_TAIL = re.compile(f"[^{re.escape(_STRIP_TAIL)}]")


@define
class Claim:
    """A frame with its content, before sources are resolved."""

    frame: Frame
    content: Span
    direct: bool
    unit: Span
    continued: bool = False  # a quotation that continues this frame's speaker in a later paragraph


def find_content(text: str, framed: Framed, segments: Segments, language) -> List[Claim]:
    """Every frame with its content, in text order."""
    by_start = {q.outer.start: q for q in segments.quotes if q.kind == DIRECT}
    claims: List[Claim] = []
    units = segments.units
    starts = None
    for uf in framed.units:
        got = attach_content(text, uf.unit, language.clause_breaks, uf.frames, by_start, uf.floor, uf.lead)
        if len(got) < len(uf.frames) and any(f.kind == POST and f.lead_quote is None for _, _, f in uf.frames):
            # "Hal itu diumumkan oleh X.": a post frame with nothing before it
            # in its unit says the sentence before
            if starts is None:
                starts = [u.start for u in units]
            got = _back_to_previous(text, uf, got, units, starts, claims, framed.meta.publisher)
        claims.extend(got)
    return continue_paragraphs(text, continue_quotes(text, claims, segments.quotes), segments.quotes, language)


def attach_content(
    text: str, unit: Span, clause_breaks, frames: Sequence[Tuple[int, int, Frame]], quotes_by_start: dict, floor: int,
    lead=None,
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
    ``floor`` is where the unit's text starts after any dateline. A verb
    frame that governs nothing and opens the unit ("Are they small?" Trump
    said.) takes ``lead``, the quotation that ends the sentence before.
    """
    n = len(frames)
    uend = unit.end
    # next_stop[i]: where forward content of frame i must end (linear scan).
    if n == 1:
        next_stop = (uend,)  # (most units have one frame)
    else:
        next_stop = [uend] * n
        stop = uend
        for i in range(n - 1, -1, -1):
            next_stop[i] = stop
            f = frames[i][2]
            if f.kind == POST or f.coordinated:
                stop = f.span.start
    breaks = None  # (the general path's, found when a forward frame first needs them)
    claims: List[Claim] = []
    back = max(unit.start, floor)
    covered = -1  # where the forward content of an earlier frame ends
    for i, (s, e, f) in enumerate(frames):
        kind = f.kind
        stop = next_stop[i]
        if kind == PASSIVE and f.cue.start_pos < covered:
            # an agentless passive inside what another frame reports ("Dikutip
            # dari ABC News, dua orang dilaporkan tewas") is part of that content
            continue
        if kind == POST:
            if f.lead_quote is not None:
                q = quotes_by_start[f.lead_quote.start_pos]
                span, direct = q.inner, True
            else:
                span, direct = _trim(text, back, f.span.start), False
            if f.span.end > back:
                back = f.span.end
        elif kind == PASSIVE:
            span, direct = _trim(text, back, stop), False
        else:
            fs, fe = f.span.start, f.span.end
            if _one_comma(clause_breaks):
                span = _trim(text, fe, _break_after(text, clause_breaks, max(fe + 1, unit.start), stop, uend))
            else:
                if breaks is None:
                    breaks = [m.start() for m in clause_breaks.finditer(text, unit.start, uend)]
                span = _trim(text, fe, _first_after(breaks, fe, stop))
            if span.start >= span.end and i == 0 and cites(f.cue):
                # "..., sebagaimana dilansir AFP." closing a sentence of the
                # writer's: the outlet said the clause before (not a quotation
                # that opens the sentence with no cue: that names no speaker)
                before = _trim(text, back, fs)
                if before.start not in quotes_by_start:
                    span = before
            if span.start >= span.end and text[fs:fe].rstrip().endswith(":"):
                # "Park said:" closing its paragraph introduces the quotation after it
                j = fe
                while j < len(text) and text[j].isspace():
                    j += 1
                if j in quotes_by_start:
                    span = Span(j, quotes_by_start[j].outer.end)
            elif span.start >= span.end and i == n - 1 and stop == uend and not (lead is not None and i == 0):
                # "Warren told reporters." governing nothing: the quotation
                # that makes the next sentence of its paragraph, with no cue
                # of its own, is what was told
                j = fe
                while j < len(text) and (text[j] in " \t\u00a0" or text[j] in _STRIP_TAIL and text[j] != "\n"):
                    j += 1
                q = quotes_by_start.get(j)
                if q is not None and j >= uend and _closes(text, q):
                    span = Span(j, q.outer.end)
            q = quotes_by_start.get(span.start)
            # (said that "...": a quotation after a complementiser is part of
            # indirect speech, mixed)
            direct = q is not None and q.outer.end >= span.end and not f.complement
            if direct:
                span = q.inner
            elif lead is not None and i == 0 and not f.coordinated and (
                    not _WORDY.search(text, span.start, span.end)
                    or text[fs:fe].rstrip().endswith(",") and text[span.start].islower()):
                # ("Why?" Trump asked, turning to the crowd.: what follows the
                # comma is the writer's, not speech)
                span, direct = lead.inner, True
            if span.end > covered:
                covered = span.end
        # a stray mark is not content (most contents open with a word
        # character: isalnum is \w but for "_", which the search finds)
        a = span.start
        if a < span.end and text[a].isalnum() or _WORDY.search(text, a, span.end):
            claims.append(Claim(f, span, direct, unit))
    return claims


def _back_to_previous(text: str, uf, got: List[Claim], units, starts, claims: List[Claim], dateline) -> List[Claim]:
    """A post frame with no content before it in its unit (``Peringatan
    tersebut disampaikan oleh X``: the subject refers back) takes the whole
    previous unit as its content, and replaces an agentless passive there."""
    first = uf.frames[0][2]
    if first.kind != POST or first.lead_quote is not None or text[max(uf.unit.start, uf.floor) : first.span.start].strip():
        return got
    if any(c.frame is first for c in got):
        return got
    k = bisect.bisect_left(starts, uf.unit.start) - 1
    if k < 0:
        return got
    prev = units[k]
    s = prev.start
    if dateline is not None and s <= dateline.start_pos < prev.end:
        s = dateline.end_pos  # (after the dateline's outlet)
    span = _trim(text, s, prev.end)
    if not _WORDY.search(text, span.start, span.end):
        return got
    while claims and claims[-1].frame.kind == PASSIVE and claims[-1].content.start >= prev.start:
        claims.pop()  # (the statement "Teheran dikabarkan ..." is now the agent's)
    return [Claim(first, span, False, uf.unit)] + got


def _sentence_rest(text: str, c: Claim, pos: int, rest: str, stop: int) -> bool:
    """Whether ``rest`` (the text from pos to stop, stripped) is nothing but
    the end of the frame's sentence, or a comma (a quotation split by its cue:
    "A," he said, "B.")."""
    if not rest or rest == "," or rest.endswith(".") and rest.count(".") == 1 and len(rest) <= _SENTENCE_TAIL:
        return True
    # or the rest of the frame's sentence, whatever its dots (a long
    # apposition: "A," said X, a broker in Tampa, Fla. "B.")
    return (rest[-1] in ".!?" and pos < c.unit.end <= stop and len(rest) <= 2 * _SENTENCE_TAIL
            and not text[c.unit.end : stop].strip())


def _closes(text: str, q) -> bool:
    """Whether quotation q ends its sentence."""
    after = text[q.outer.end : q.outer.end + 2].lstrip(" \t\u00a0")
    if not after or after[0] in ".!?\n":
        return True
    e = q.inner.end
    while e > q.inner.start and text[e - 1].isspace():
        e -= 1
    return e > q.inner.start and text[e - 1] in ".!?"


def continue_quotes(text: str, claims: Sequence[Claim], quotes: Sequence) -> List[Claim]:
    """A direct quotation that goes on after its cue in the same paragraph,
    with nothing but a full stop between (``"A," he said. "B."``), is a claim
    of its own with the same frame (cue and speaker)."""
    taken = {c.content.start for c in claims if c.direct}
    leads = {c.frame.lead_quote.start_pos for c in claims if c.frame.lead_quote is not None}
    direct = [q for q in quotes if q.kind == DIRECT]
    starts = [q.outer.start for q in direct]
    frame_starts = None  # (sorted when a lead-in first needs them)
    out: List[Claim] = []
    for c in claims:
        out.append(c)
        if not c.direct or c.frame.kind == PASSIVE:
            continue
        pos = max(c.frame.span.end, c.content.end)
        i = bisect.bisect_left(starts, pos)
        while i < len(direct):
            q = direct[i]
            if q.outer.start < pos:  # a quotation nested in the one just taken
                i += 1
                continue
            gap = text[pos : q.outer.start]
            if "\n" in gap or q.inner.start in taken or q.outer.start in leads:
                break
            rest = gap.strip(" \t\u00a0")
            if not _sentence_rest(text, c, pos, rest, q.outer.start):
                # or that and a short lead-in opening the quotation's sentence
                # ("A," said X. Unless rivals quit, "B.")
                cut = max(rest.rfind(m) for m in ".!?") + 1
                lead = rest[cut:].strip()
                # (capitalised, with no cue of its own, and the quotation
                # closing that sentence)
                at = q.outer.start - len(rest) + cut
                if not (cut and lead and len(lead) <= _LEAD_IN and lead[0].isupper() and rest[-1] not in ".!?:;"
                        and pos <= c.unit.end <= at and not text[c.unit.end : at].strip()):
                    break
                if frame_starts is None:
                    frame_starts = sorted(c.frame.span.start for c in claims)
                if not (bisect.bisect_left(frame_starts, q.outer.start) == bisect.bisect_left(frame_starts, at)
                        and _closes(text, q)):
                    break
            out.append(Claim(c.frame, q.inner, True, c.unit))
            taken.add(q.inner.start)
            pos = q.outer.end
            i += 1
    return out


def continue_paragraphs(text: str, claims: Sequence[Claim], quotes: Sequence, language) -> List[Claim]:
    """Continued quotes (rules v2): a paragraph that is a direct quotation
    and nothing else (no cue of its own), right after a paragraph whose last
    sentence holds an attribution (a quotation with its cue, or a speaker's
    statement), goes on with that speaker: a claim with the same frame, so
    the same cue, source and chain. Each such paragraph passes the speaker
    on to the next. The chain breaks at a heading, a blank-less paragraph of
    the writer's own (no claim in its last sentence), a paragraph that ends
    with a colon (the quotation is that sentence's), an agentless passive,
    and a quotation that some claim already covers."""
    direct = [q for q in quotes if q.kind == DIRECT]
    if not direct or not claims:
        return list(claims)
    leads = {c.frame.lead_quote.start_pos for c in claims if c.frame.lead_quote is not None}
    marks = language.sentence_marks
    out = list(claims)
    added: List[Tuple[int, Claim]] = []
    # (sorted when a quotation first passes the cheaper tests: most are no paragraph of their own)
    covered = last_by_end = keys = None
    lines = _Lines(text)
    for q in direct:
        if _after_text(text, q.outer.start):
            continue  # not the paragraph's opening (seen without the line's start)
        para = lines.before(q.outer.start) + 1
        if _NONSPACE.search(text, para, q.outer.start) or q.outer.start in leads:
            continue  # not the paragraph's opening
        stop = lines.after(q.outer.end)
        if _NOT_TAIL.search(text, q.outer.end, stop):
            continue  # more than the quotation: its cue, or the writer's words
        if covered is None:
            covered = sorted((c.content.start, c.content.end) for c in claims)
        i = bisect.bisect_left(covered, (q.inner.start, -1))
        if (i < len(covered) and covered[i][0] < q.inner.end) or (i > 0 and covered[i - 1][1] > q.inner.start):
            continue  # already some claim's content
        prev_end = para - 1
        while prev_end > 0 and text[prev_end - 1].isspace():
            prev_end -= 1
        if prev_end <= 0 or text[prev_end - 1] not in marks and text[prev_end - 1] not in _CLOSE_MARKS:
            continue  # a heading, a colon, or no paragraph before
        # (searched back over the paragraph before this one: once per paragraph)
        prev_para = text.rfind("\n", 0, prev_end) + 1
        if keys is None:
            ends = [max(c.frame.span.end, c.content.end) for c in out]  # where each claim's sentence part ends
            last_by_end = sorted(zip(ends, out), key=lambda ec: ec[0])
            keys = [e for e, _ in last_by_end]
        j = bisect.bisect_right(keys, prev_end) - 1
        if j < 0:
            continue
        end, c = last_by_end[j]
        if end < prev_para or c.frame.kind == PASSIVE or (not c.continued and _NONSPACE.search(text, c.unit.end, prev_end)):
            continue  # no attribution in the paragraph's last sentence
        claim = Claim(c.frame, q.inner, True, c.unit, True)
        added.append((q.inner.start, claim))
        k = bisect.bisect_right(keys, q.outer.end)
        keys.insert(k, q.outer.end)
        last_by_end.insert(k, (q.outer.end, claim))
    if not added:
        return out
    starts = [c.content.start for c in out]
    for pos, claim in added:
        k = bisect.bisect_right(starts, pos)
        starts.insert(k, pos)
        out.insert(k, claim)
    return out


_CLOSE_MARKS = "\"”’»'"


def _after_text(text: str, pos: int) -> bool:
    """Whether the first character before pos that is no space or tab is
    other than white space: then something stands before pos on its line
    (what _NONSPACE finds from the line's start, in the common case)."""
    k = pos
    while k > 0 and text[k - 1] in " \t\u00a0":
        k -= 1
    return k > 0 and not text[k - 1].isspace()


class _Lines:
    """The line breaks next to positions of a text: searched from the last
    position asked for while positions come in order (each stretch of text
    is searched once, and a text's other breaks are never listed), from the
    list of all its breaks once one does not."""

    def __init__(self, text: str):
        self.text = text
        self.low = 0  # before(pos) for pos >= low: the last break in low..pos, else ``last``
        self.last = -1
        self.ahead_from = self.ahead = -1  # no break in ahead_from..ahead-1; ahead: one, or the text's end
        self.breaks: Optional[List[int]] = None

    def before(self, pos: int) -> int:
        """Where the last line break before pos is (-1: none)."""
        if self.breaks is None and pos >= self.low:
            p = self.text.rfind("\n", self.low, pos)
            if p >= 0:
                self.last = p
            self.low = pos
            return self.last
        breaks = self._all()
        b = bisect.bisect_left(breaks, pos)
        return breaks[b - 1] if b else -1

    def after(self, pos: int) -> int:
        """Where the first line break at or after pos is (the text's end: none)."""
        if self.breaks is None and pos >= self.ahead_from:
            if pos > self.ahead:
                p = self.text.find("\n", pos)
                self.ahead = p if p >= 0 else len(self.text)
                self.ahead_from = pos
            return self.ahead
        breaks = self._all()
        b = bisect.bisect_left(breaks, pos)
        return breaks[b] if b < len(breaks) else len(self.text)

    def _all(self) -> List[int]:
        if self.breaks is None:
            self.breaks = line_breaks(self.text)
        return self.breaks


def cites(cue) -> bool:
    """Whether a cue also introduces a hop (VIA: ``dilansir``, ``dikutip dari``)."""
    for e in getattr(cue, "entries", ()) or ():
        if e.terminal == VIA:
            return True
    return False


def _one_comma(clause_breaks) -> bool:
    """Whether a clause break's only comma is the one it opens with: its
    matches then never overlap, and the first that starts after a position
    is found by searching from there (not from the unit's start)."""
    last = _LAST_BREAKS[0]
    if last[0] is not clause_breaks:
        pattern = clause_breaks.pattern
        last = _LAST_BREAKS[0] = (clause_breaks, pattern.startswith(",") and pattern.count(",") == 1)
    return last[1]


# (the pattern last asked about and its answer: a run is mostly of one
# language, and a pattern's hash would read its whole code)
_LAST_BREAKS: list = [(None, False)]


def _break_after(text: str, clause_breaks, start: int, stop: int, end: int) -> int:
    """Where the first clause break (matched up to ``end``) from ``start`` on
    starts, if before ``stop``; else stop (for a break that _one_comma
    passes)."""
    m = clause_breaks.search(text, start, end)
    return m.start() if m is not None and m.start() < stop else stop


def _first_after(breaks: Sequence[int], start: int, stop: int) -> int:
    i = bisect.bisect_right(breaks, start)
    return breaks[i] if i < len(breaks) and breaks[i] < stop else stop


def _trim(text: str, s: int, e: int) -> Span:
    """text[s:e] less leading and trailing marks; empty (at s) when a frame
    starts before where its content may begin (e < s)."""
    if e < s:
        e = s
    while s < e and text[s] in _STRIP_LEAD:
        s += 1
    while e > s and text[e - 1] in _STRIP_TAIL:
        e -= 1
    return span_of(s, e)
