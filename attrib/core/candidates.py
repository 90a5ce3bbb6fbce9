"""The candidates stage: which units are worth lexing, and which stretch of each.

Scanners generated from the lexicon find cue words and metadata keys in one
pass over the text; a unit with neither is never lexed. A cue window is the
part of a unit a frame can reach around its cues.
"""

from __future__ import annotations

import array
import bisect
import re
from typing import List, Optional, Sequence, Tuple

from attrs import define

from ..model import Span
from .segment import DIRECT, Quote, Segments

# Datelines and bylines open an article: a dash near the start of one of its
# first units may be one.
_HEAD_UNITS = 12
# A unit this long or shorter, with no direct quotation, is lexed whole: its
# tokens are then its subject's lexing too (characters; see core.resolve).
SUBJECT_REACH = 400
# Characters lexed around the cues of a unit: generous for MAX_LEFT / MAX_RIGHT tokens.
_WINDOW_LEFT = 250
_WINDOW_RIGHT = 320
# Characters from a unit's start to its first cue for the quotation that ends
# the sentence before to stand in its window: a speaker's name and title.
_LEAD_REACH = 60
_DATELINE_DASHES = (" - ", " – ", " — ", " -- ", " | ", "\u00a0–", "–\u00a0", " -\u00a0", " -", "- ", " –", "– ")  # (scraped text loses a space: "Jakarta -Menteri", "KOMPAS.com- Kementerian")


@define
class Candidate:
    """A unit worth lexing: ``meta`` when metadata may stand in it, and the
    positions of its cue words (``cues``, in order; empty when none)."""

    index: int
    unit: Span
    quotes: Sequence[Quote]
    meta: bool
    cues: Sequence[int]
    plain: bool  # short and without a direct quotation (see SUBJECT_REACH)
    lead: Optional[Quote] = None  # a quotation that ends the sentence just before, in the same line


def find_candidates(text: str, segments: Segments, language) -> List[Candidate]:
    """The units worth lexing, in text order: those with a cue word or room
    for metadata, outside page furniture."""
    quotes, units, furniture = segments.quotes, segments.units, segments.furniture
    cue_hits = language.cue_starts(text)
    meta_hits = language.meta_candidates(text)
    out: List[Candidate] = []
    # Metadata may stand in a unit with a key or byline, a dateline dash
    # near the start of a head unit, or a unit of initials: (dam). A head
    # unit with a dateline counts as one holding a metadata hit.
    dated = _dateline_starts(text, units)
    if dated:
        meta_hits += dated
        meta_hits.sort()
    # (each list ends with a position past the text: no bound test per unit;
    # the hit lists are this call's own)
    far = len(text) + 1
    cue_hits.append(far)
    meta_hits.append(far)
    quote_starts = [q.outer.start for q in quotes]
    quote_starts.append(far)
    ci = mi = qi = fi = 0
    nf = len(furniture)
    new = object.__new__
    # The next hit of either kind: the units that end before it hold none
    # and cost two tests each (most units).
    nxt = cue_hits[0] if cue_hits[0] < meta_hits[0] else meta_hits[0]
    for ui, unit in enumerate(units):
        ue = unit.end
        us = unit.start
        if nxt >= ue:
            if ue - us > 10 or text[us] != "(" or text[ue - 1] != ")":
                continue
            cj = ci  # (a unit of initials, no cue in it)
            meta = True
        else:
            # (units and hits in text order: the hits before this unit are
            # passed over, those in it counted, one at a time: a unit holds few)
            while cue_hits[ci] < us:
                ci += 1
            cj = ci
            while cue_hits[cj] < ue:
                cj += 1
            while meta_hits[mi] < us:
                mi += 1
            meta = meta_hits[mi] < ue or ue - us <= 10 and text[us] == "(" and text[ue - 1] == ")"
            while meta_hits[mi] < ue:
                mi += 1
            nxt = cue_hits[cj] if cue_hits[cj] < meta_hits[mi] else meta_hits[mi]
            if not (meta or cj > ci):
                continue
        while fi < nf and furniture[fi].end <= us:
            fi += 1
        if fi < nf and furniture[fi].start < ue:
            continue  # page furniture never yields an attribution
        # (the quotations before this unit passed over, likewise: no bisection)
        while quote_starts[qi] < us:
            qi += 1
        qj = qi
        while quote_starts[qj] < ue:
            qj += 1
        uq = quotes[qi:qj]
        plain = ue - us <= SUBJECT_REACH
        if plain:
            for q in uq:
                if q.kind == DIRECT:
                    plain = False
                    break
        lead = None
        if qi and cj > ci and cue_hits[ci] - us <= _LEAD_REACH:
            # ("Are they small?" Trump said.): a quotation that ends its own
            # sentence, then its speaker and cue (see core.content)
            q = quotes[qi - 1]
            if q.kind == DIRECT and q.outer.end <= us and not text[q.outer.end : us].strip(" \t\u00a0"):
                lead = q
        # (Candidate(ui, unit, uq, meta, cue_hits[ci:cj], plain, lead) with
        # its fields stored here: a call of attrs' __init__ costs twice as much)
        c = new(Candidate)
        c.index = ui
        c.unit = unit
        c.quotes = uq
        c.meta = meta
        c.cues = cue_hits[ci:cj]
        c.plain = plain
        c.lead = lead
        out.append(c)
        ci = cj
    return out


def _dateline_starts(text: str, units) -> list:
    """The starts of the head units with a dateline dash in their first 60
    characters, in no order. Every such dash holds a dash character and
    starts at most one character before it. str's find of each character
    over the head (at C speed; a regex class costs some 40 instructions a
    position, and a search for the dashes tries their alternation at every
    one) tells the few units worth a look and their first such character:
    a dash stands just before or at it, or after it only when the unit
    holds another."""
    head = units[:_HEAD_UNITS]
    if not head:
        return []
    last = head[-1]
    head_end = last.end if last.end < last.start + 60 else last.start + 60
    starts = [u.start for u in head]
    find, bisect_right = text.find, bisect.bisect_right
    first = {}  # unit index -> its first dash character
    more = set()  # the units with more than one
    h = text[:head_end]
    for ch in _DASH_CHARS:
        if ch not in h:
            continue
        p = find(ch, 0, head_end)
        while p >= 0:
            ui = bisect_right(starts, p) - 1
            if ui >= 0 and p < head[ui].end and p < starts[ui] + 60:
                if ui not in first:
                    first[ui] = p
                else:
                    more.add(ui)
                    if p < first[ui]:
                        first[ui] = p
            p = find(ch, p + 1, head_end)
    out = []
    for ui, p in first.items():
        us = starts[ui]
        end = head[ui].end
        if end > us + 60:
            end = us + 60
        if _DATELINE_AT.match(text, p - 1 if p > us else p, end) or ui in more and _DATELINE_DASH.search(text, p + 1, end):
            out.append(us)
    return out


def cue_window(text: str, cand: Candidate, floor: int) -> Tuple[int, int]:
    """The part of a candidate unit worth lexing for its cues: a frame reaches
    at most MAX_LEFT tokens left and MAX_RIGHT tokens right of its cue, so a
    long content tail need not be lexed. The window never cuts a word or a
    quotation, and starts at ``floor`` at the earliest (after a dateline)."""
    unit = cand.unit
    a = max(floor, cand.cues[0] - _WINDOW_LEFT)
    b = min(unit.end, cand.cues[-1] + _WINDOW_RIGHT)
    while a > floor and not text[a - 1].isspace():
        a -= 1
    while b < unit.end and not text[b].isspace():
        b += 1
    for q in cand.quotes:
        if q.kind == DIRECT:
            if q.outer.start < a < q.outer.end:
                a = q.outer.start
            if q.outer.start < b < q.outer.end:
                b = q.outer.end
    return a, b


_DATELINE_DASH = re.compile("|".join(map(re.escape, _DATELINE_DASHES)))
# (a dateline dash at a position or the next one)
_DATELINE_AT = re.compile("(?s:.)?(?:%s)" % _DATELINE_DASH.pattern)
_DASH_CHARS = "-–—|"



# --- scanners -----------------------------------------------------------------


def char_trie(words) -> dict:
    """The words as a trie of characters: a dict per node, keyed by the next
    character, with the key "" at the end of a word."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def trie_regex(words) -> str:
    """A regex matching any of ``words``, factored by common prefixes (a
    space in a word matches any run of white space)."""
    trie = char_trie(words)

    def emit(node) -> str:
        alts, end = [], False
        for ch, sub in sorted(node.items()):
            if ch == "":
                end = True
                continue
            alts.append((r"\s+" if ch == " " else re.escape(ch)) + emit(sub))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie) or "(?!)"


# The ASCII image of a text (see ``WordStarts``): a byte per character, ASCII
# letters in lower case, digits and "_" kept, everything else a space.
_IMAGE = bytes(
    (b | 0x20 if chr(b).isalpha() else b) if chr(b).isalnum() or b == 0x5F else 0x20 for b in range(128)
) + b" " * 128
_ALIASES: list = []


def _ascii_aliases() -> str:
    """The non-ASCII characters that match an ASCII one case-insensitively
    (the Kelvin sign matches k), computed once: the few characters that make
    a text's ASCII image misleading."""
    if not _ALIASES:
        # (bounds, not range objects: Cython 3.2-3.3 compile a loop over a tuple of ranges to a missing C function)
        bmp = "".join(
            array.array("H", range(lo, hi)).tobytes().decode("utf-16-le") for lo, hi in ((0x80, 0xD800), (0xE000, 0x10000))
        )
        _ALIASES.append("".join(re.findall(r"[\x00-\x7f]", bmp, re.IGNORECASE)))
    return _ALIASES[0]


class WordStarts:
    """Where a pattern from ``Language._scanner`` matches: the list
    ``[m.start() for m in pattern.finditer(text)]``, found cheaply.

    Scanning a text for hundreds of words under IGNORECASE makes the regex
    engine try every position. When the words are ASCII, candidates are
    searched instead in the text's ASCII image (bytes, lower case, a space for
    every non-word character), with a pattern led by a literal space that the
    engine skips to at C speed; ``pattern`` then confirms each candidate where
    it stands, so the result is the same. A text holding a non-ASCII character
    that matches an ASCII letter (K, ſ) is scanned with ``pattern`` itself."""

    def __init__(self, pattern: re.Pattern, words):
        self.pattern = pattern
        self.image = None
        if words and all(w and w.isascii() for w in words):
            images = {w.encode().translate(_IMAGE).decode() for w in words}
            self.image = re.compile(rf" {trie_regex(images)}".encode())
            self.aliases = _ascii_aliases()

    def __call__(self, text: str) -> list:
        if self.image is None or any(ch in text for ch in self.aliases):
            return [m.start() for m in self.pattern.finditer(text)]
        exact, search = self.pattern.match, self.image.search
        image = text.encode("ascii", "replace").translate(_IMAGE)
        out = []
        m = exact(text, 0)
        # A candidate at p is a space at p - 1; after a match ending at e the
        # search resumes at e - 1, so matches never overlap, as in finditer.
        scan = m.end() - 1 if m else 0
        if m:
            out.append(0)
        while True:
            c = search(image, scan)
            if c is None:
                return out
            p = c.start() + 1
            m = exact(text, p)
            if m:
                out.append(p)
                scan = m.end() - 1
            else:
                scan = p
