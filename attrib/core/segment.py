"""The segment stage: quotations, units (sentences) and page furniture.

Everything here works on the original text and returns spans into it; nothing
is normalised in place.
"""

from __future__ import annotations

import bisect
import re
from typing import List, Optional, Sequence, Tuple

from attrs import define, field, frozen

from ..model import Span, _SpanSlots, slots_class, span_of

# Quote families. A mark's role (open, close or both) is decided by its
# neighbours, so that ”...” (Kompas print style) and "..." pair as well as “...”.
_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_DOUBLE_BOTH = '"'
_SINGLE_OPEN = "‘‚‹"
_SINGLE_CLOSE = "’›"
_SINGLE_BOTH = "'"
# the unions the pairing tests use, joined once (strings, as before)
_DOUBLE_ANY = _DOUBLE_OPEN + _DOUBLE_CLOSE + _DOUBLE_BOTH
_ANY_CLOSE = _DOUBLE_CLOSE + _SINGLE_CLOSE
_ANY_BOTH = _DOUBLE_BOTH + _SINGLE_BOTH
_ANY_OPEN = _DOUBLE_OPEN + _SINGLE_OPEN
# Two ASCII characters may stand for one double mark: '' opens and closes
# (NYT's archive style), `` opens (Penn Treebank style, ``...'').
_PAIRS = {"''": '"', "``": "“"}
_MARK_CHARS = "“”„«»\"‘’‚‹›'"
# Every mark but an apostrophe inside a word (Ma’ruf, it's). (It opens with
# one class: an alternation would be tried at every position.)
_MARKS_TAIL = "(?:(?<=[^'’])|(?<![^\\W_].)|(?![^\\W_]))"
_MARKS = re.compile("[“”„«»\"‘’‚‹›'`]" + _MARKS_TAIL)
_APOSTROPHES = "'’"  # the marks that may stand inside a word
# Each apostrophe where it is a mark: not between two word characters. (A
# literal first: the engine skips to each at C speed.)
_LONE_APOSTROPHE = {c: re.compile(c + "(?:(?<![^\\W_].)|(?![^\\W_]))") for c in _APOSTROPHES}


def _mark_positions(text: str) -> List[int]:
    """Where _MARKS matches, in order: str.find per kind of mark the text
    holds (a C scan, where the regex engine steps through every character),
    merged. [^\\W_] is str.isalnum for one character."""
    found: List[int] = []
    several = False
    find = text.find
    for c in _MARK_CHARS + "`":
        # (most marks are absent: ``in`` tells so without str.find's
        # argument parsing, which costs more than the C scan)
        if c not in text:
            continue
        i = find(c)
        several = several or bool(found)
        if c in _APOSTROPHES:
            # (most stand inside a word: the regex engine passes over them)
            found += [m.start() for m in _LONE_APOSTROPHE[c].finditer(text, i)]
        else:
            while i >= 0:
                found.append(i)
                i = find(c, i + 1)
    if several:
        found.sort()
    return found


_TERMINAL = frozenset(",.!?…;:")  # marks that end a quoted sentence (or clause)
_AT_LEAST: dict = {}  # k -> a pattern of k words from the start


def _words_at_least(text: str, start: int, end: int, k: int) -> bool:
    """Whether text[start:end] holds k words (runs of \\w) or more, without
    copying or listing them (a long quotation has hundreds)."""
    if end - start < 2 * k - 1:
        return False  # (k words need k characters and k - 1 between them)
    pattern = _AT_LEAST.get(k)
    if pattern is None:
        # (possessive: a word is never split to make up the count)
        pattern = _AT_LEAST[k] = re.compile(rf"\W*+(?:\w++\W*+){{{k}}}")
    return pattern.match(text, start, end) is not None


DIRECT = "direct"  # a quotation that can stand as the content of an attribution
PARTIAL = "partial"  # a short quoted phrase inside reported speech
SCARE = "scare"  # a quoted word or name: ‘oleh-oleh’, ‘Geran-25’


# (quotes are made by the dozen per article: _make_quote builds them as
# model.slots_class says)
_QuoteSlots = slots_class("_QuoteSlots", "outer inner kind closed paragraphs", __name__)


@frozen
class Quote(_QuoteSlots):
    outer: Span  # from the opening mark to the closing mark, inclusive
    inner: Span  # between the marks
    kind: str
    closed: bool = True
    paragraphs: int = 1


@define
class Segments:
    """A text's quotations, units and page furniture, each in text order."""

    quotes: Sequence[Quote]
    units: Sequence[Span]
    furniture: Sequence[Span]


def segment(text: str, language) -> Segments:
    """The segments of a text in a language (its abbreviations and furniture rules)."""
    quotes = find_quotes(text)
    units = split_units(text, quotes, language.abbreviations, language.sentence_ends)
    return Segments(quotes, units, find_furniture(text, language.furniture))


def _family(ch: str) -> str:
    return "d" if ch in _DOUBLE_ANY else "s"


def find_quotes(text: str, min_direct_words: int = 8) -> List[Quote]:
    """Pair quotation marks and classify each quotation.

    Handles the same mark used to open and close (”...”, "..."), multi-paragraph
    quotes (an opening mark on each paragraph and one closing mark at the end),
    quotes of the other family nested inside, and unbalanced marks: an opening
    mark of a family that is already open stays part of the open quotation, and
    a double quotation still open at a paragraph end that the next paragraph does
    not continue is closed there, with ``closed=False``.
    """
    n = len(text)
    quotes: List[Quote] = []
    # Open quotations: [family, opening mark position, paragraphs, position of
    # the last continuation, from where paragraph breaks are looked for].
    stack: List[list] = []
    skip = -1
    for i in _mark_positions(text):
        if i < skip:
            continue  # the second character of a pair
        ch = text[i]
        j = i + 1
        if ch in "'`" and text[j : j + 1] == ch:
            ch = _PAIRS[ch + ch]  # (a pair plays the mark it stands for)
            j = skip = i + 2
        elif ch == "`":
            continue
        fam = "d" if ch in _DOUBLE_ANY else "s"
        top = None
        if stack:  # (with none open, nothing to close or continue)
            # (no paragraph break since the innermost one's last continuation:
            # none to close, and the next search for one starts here, so that
            # a quotation left open is not searched again from its start)
            if "\n" not in text[stack[-1][3] : i]:  # (see _mark_positions)
                stack[-1][3] = i
            elif _close_at_breaks(text, stack, quotes, i, ch, min_direct_words, j):
                continue  # the mark continues an open quotation on a new paragraph
            for q in reversed(stack):
                if q[0] == fam:
                    top = q
                    break
        if top is not None:
            # (a mark after the opening one: i > 0)
            if ch in _ANY_CLOSE or (
                (ch in _ANY_BOTH or (ch == "“" and text[top[1]] == "„"))
                and (not text[i - 1].isspace() or j >= n or text[j].isspace())  # it can close
            ):
                while stack[-1] is not top:
                    stack.pop()  # a nested quotation left open ends with its parent
                stack.pop()
                quotes.append(_make_quote(text, top[1], i, True, top[2], min_direct_words, top[4], fam, j))
            # else: an opening mark of an open family: unbalanced, kept as text.
        elif ch in _ANY_OPEN:
            stack.append([fam, i, 1, i, j])
        elif j < n and not text[j].isspace():
            prev = text[i - 1] if i > 0 else " "
            if prev.isspace() or prev in "([{—–-/" or prev in _MARK_CHARS:  # it can open
                stack.append([fam, i, 1, i, j])
    _close_at_breaks(text, stack, quotes, n, "", min_direct_words)
    quotes.sort(key=lambda q: q.outer.start)
    return quotes


def _close_at_breaks(text, stack, quotes, upto, mark, min_direct_words, after=None):
    """Close open quotations that a paragraph break before ``upto`` ends.

    A paragraph that begins with an opening mark of the same family continues
    the quotation; ``mark`` is the mark at ``upto`` (ending at ``after``).
    Returns True when that mark was taken as such a continuation.
    """
    while stack:
        fam, start, paras, since, opened = stack[-1]
        brk = text.find("\n", since, upto)
        if brk < 0:
            stack[-1][3] = upto  # (none before upto: the next search starts there)
            return False
        between = text[brk:upto]
        # (a closing glyph opens too in Kompas style: ”... when a word follows)
        nxt = text[after : after + 1] if after is not None else ""
        continues = (
            upto < len(text)
            and between.strip() == ""
            and mark
            and _family(mark) == fam
            and (mark not in _ANY_CLOSE or (nxt != "" and not nxt.isspace()))
        )
        if continues:
            stack[-1] = [fam, start, paras + 1, upto, opened]
            return True
        stack.pop()
        if fam == "d":
            end = brk
            while end > start and text[end - 1].isspace():
                end -= 1
            quotes.append(_make_quote(text, start, end, False, paras, min_direct_words, opened, fam))
    return False


def _make_quote(text: str, start: int, close: int, closed: bool, paragraphs: int, min_direct_words: int,
                opened: int, fam: str, closed_at: Optional[int] = None) -> Quote:
    """The quotation from the mark at ``start`` (ending at ``opened``; of
    family ``fam``) to the mark at ``close`` (ending at ``closed_at``; an
    unclosed quotation ends at ``close``, a paragraph's end)."""
    inner_start = opened
    inner_end = close
    outer_end = closed_at if closed else close
    last = inner_end
    while last > inner_start and text[last - 1].isspace():
        last -= 1
    terminal = last > inner_start and text[last - 1] in _TERMINAL
    single = fam == "s"
    if paragraphs > 1 or (not single and terminal) or _words_at_least(text, inner_start, inner_end, min_direct_words):
        kind = DIRECT
    elif single or not _words_at_least(text, inner_start, inner_end, 4):
        kind = SCARE
    else:
        kind = PARTIAL
    # (span_of's spans, built here from the slots class as it builds them:
    # start <= outer_end and opened <= close, ints, by the pairing above)
    outer = _SpanSlots()
    outer.start = start
    outer.end = outer_end
    outer.__class__ = Span
    inner = _SpanSlots()
    inner.start = inner_start
    inner.end = inner_end
    inner.__class__ = Span
    q = _QuoteSlots()  # (Quote(...), built from its slots class)
    q.outer = outer
    q.inner = inner
    q.kind = kind
    q.closed = closed
    q.paragraphs = paragraphs
    q.__class__ = Quote
    return q


# --- units -----------------------------------------------------------------

# Unit boundaries: a run of line breaks, or a sentence end (sentence_ends).
_LINE_BREAKS = re.compile(r"\n\n*")  # (not \n+: a repeat in front hides the literal)
_LINE_BREAK = re.compile("\n")


def line_breaks(text: str) -> List[int]:
    """Where every line break of the text is, in order: a line's ends are
    then found by bisection (searching from each position for them is
    quadratic on one long line)."""
    return [m.start() for m in _LINE_BREAK.finditer(text)]


_CAPITALS: List[str] = []


def capital_class() -> str:
    """Every Unicode capital letter, as the body of a regex character class
    (ranges of the Basic Multilingual Plane), computed once."""
    if not _CAPITALS:
        parts, run = [], None
        for cp in range(0x10000):
            if chr(cp).isupper():
                if run is not None and run[1] == cp - 1:
                    run[1] = cp
                else:
                    run = [cp, cp]
                    parts.append(run)
        _CAPITALS.append("".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in parts))
    return _CAPITALS[0]


def sentence_ends(marks: str, capital: str) -> Tuple[Tuple[str, re.Pattern], ...]:
    """Unit boundaries: a sentence-final mark (with the marks and closing
    marks after it) before a capitalised word or an initials tag, (dam).
    One pattern per mark: a literal first character lets the regex engine
    skip through the text at memchr speed, where a character set is tested
    at every position. A run of marks is taken from its first mark."""
    run = re.escape(marks)
    return tuple(
        (mark, re.compile(
            re.escape(mark) + rf"(?<![{run}].)[{run}]*[”\"’')\]]*"
            rf"(?=[ \t\u00a0]+(?:''|``|[\"“”‘'(\-–—])?[{capital}0-9]|[ \t\u00a0]+\(\w{{1,6}}\)[ \t\u00a0]*(?:\n|$))"
        ))
        for mark in marks
    )


MAX_UNIT = 2000  # characters; longer stretches (no punctuation) are cut at spaces


def split_units(text: str, quotes: Sequence[Quote], abbreviations: frozenset, ends=None) -> List[Span]:
    """Split text into units: sentences, never cut inside a direct quotation.

    A unit ends at a sentence-final mark followed by a capitalised word, or at a
    line break. A period after a known abbreviation or a single initial does
    not end a unit. ``ends``: the language's ``sentence_ends`` (by default
    those of ``.!?…`` before a Unicode capital).
    """
    guarded = [q.outer for q in quotes if q.kind == DIRECT]
    # the next direct quotation's bounds; past the text's end when none is left
    far = len(text) + 1
    g_start, g_end = (guarded[0].start, guarded[0].end) if guarded else (far, far)
    gi = 0
    units: List[Span] = []
    start = 0
    n = _longer_than(abbreviations)
    for j, cut in _boundaries(text, ends if ends is not None else _default_ends()):
        # (first: a cut inside a direct quotation needs no abbreviation test)
        if cut > g_end:
            while gi < len(guarded) and guarded[gi].end <= cut - 1:
                gi += 1
            g_start, g_end = (guarded[gi].start, guarded[gi].end) if gi < len(guarded) else (far, far)
        if g_start < cut < g_end:
            continue  # inside a direct quotation
        if text[j] == "\n":
            e = j  # (the unit ends before the line breaks)
        else:
            e = cut
            # the word before the mark; one of n characters or more (the
            # common case) is longer than every abbreviation and an initial
            # (isalnum is [^\W_]: n word characters before the mark are
            # seen without a regex)
            before = text[j - n if j > n else 0 : j]
            if j < n or not before.isalnum():
                # (the common word: word characters after the last space
                # in the n before the mark; else the search)
                word = before.rpartition(" ")[2]
                if not word.isalnum():
                    w = _word_start(text, j - n if j > n else 0, j)
                    word = text[w:j] if w != j - n else None
                if word is not None:
                    if (len(word) == 1 and word.isupper()) or word.lower() in abbreviations:
                        continue
        # (_add_unit inlined for the common case: a unit shorter than MAX_UNIT)
        s = start
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s > MAX_UNIT:
            _add_unit(text, units, s, e, guarded)
        elif e > s:
            # (span_of(s, e), built here as it builds it: a unit per
            # sentence, and s < e are ints)
            u = _SpanSlots()
            u.start = s
            u.end = e
            u.__class__ = Span
            units.append(u)
        start = cut
    _add_unit(text, units, start, len(text), guarded)
    return units


_LONGER: dict = {}  # abbreviations -> n


def _longer_than(abbreviations: frozenset) -> int:
    """n, one more than the longest abbreviation and than an initial.
    Lower case never shortens a word, so a word of n characters or more is
    no abbreviation."""
    got = _LONGER.get(abbreviations)
    if got is None:
        got = _LONGER[abbreviations] = max(1, max(map(len, abbreviations), default=0)) + 1
    return got


_WORD_END = re.compile(r"(?:[^\W_]|\.)*+\Z").search
# The last character before endpos that is neither \w nor a period: one
# match, backtracking from endpos inside the engine (the search above
# starts the engine afresh at each position, a possessive group of an
# alternation each time).
_LAST_GAP = re.compile(r"(?s:.*)[^\w.]").match


def _word_start(text: str, pos: int, endpos: int) -> int:
    """Where the word (runs of [^\\W_] and periods) ending at ``endpos``
    starts, no further back than ``pos``: _WORD_END's start, found for
    the common word without "_" by _LAST_GAP."""
    m = _LAST_GAP(text, pos, endpos)
    w = m.end() if m is not None else pos
    if "_" in text[w:endpos]:
        return _WORD_END(text, pos, endpos).start()
    return w


_DEFAULT_ENDS: list = []


def _default_ends():
    if not _DEFAULT_ENDS:
        _DEFAULT_ENDS.append(sentence_ends(".!?…", capital_class()))
    return _DEFAULT_ENDS[0]


def _boundaries(text: str, ends) -> List[Tuple[int, int]]:
    """(start, end) of each unit boundary, in order. The patterns' matches
    never overlap one another (a line break is no mark), so together they are
    what one alternation of them would find."""
    found = [m.span() for m in _LINE_BREAKS.finditer(text)]
    for mark, pattern in ends:
        if mark in text:
            found += [m.span() for m in pattern.finditer(text)]
    found.sort()
    return found


def _add_unit(text: str, units: List[Span], start: int, end: int, guarded: Sequence[Span] = ()) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # A unit longer than MAX_UNIT (text with no punctuation) is cut at spaces,
    # never inside a direct quotation, so that work per unit stays bounded.
    while end - start > MAX_UNIT:
        cut = text.rfind(" ", start + 1, start + MAX_UNIT)
        if cut <= start:
            cut = start + MAX_UNIT
        q = _quote_at(guarded, cut)
        if q is not None:
            cut = q.start if q.start > start else q.end
        units.append(span_of(start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        units.append(span_of(start, end))


def _quote_at(guarded: Sequence[Span], pos: int) -> Optional[Span]:
    i = bisect.bisect_right([g.start for g in guarded], pos) - 1
    if i >= 0 and guarded[i].start < pos < guarded[i].end:
        return guarded[i]
    return None


# --- page furniture --------------------------------------------------------


@frozen
class FurnitureRules:
    """Line patterns for page furniture, from a language's lexicon.

    ``line`` phrases make the line that starts with them furniture; ``list``
    phrases also make the short lines that follow furniture (lists of related
    links or partner sites); ``exact`` lines are furniture when they are the
    whole line.
    """

    line: Tuple[str, ...] = field(factory=tuple)
    list: Tuple[str, ...] = field(factory=tuple)
    exact: Tuple[str, ...] = field(factory=tuple)
    max_list_words: int = 12

    def compile(self):
        def alt(phrases):
            return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))

        start = alt(self.line + self.list) or "(?!)"
        exact = alt(self.exact) or "(?!)"
        line = rf"[ \t\u00a0]*{self.first_letters()}(?:(?P<start>{start})\b[^\n]*|(?P<exact>{exact})[ \t\u00a0.]*$)"
        # The first line, then every line after a line break: a pattern led by
        # "\n" lets the regex engine skip from break to break (one led by ^
        # is tried at every position).
        return (
            re.compile(line, re.IGNORECASE | re.MULTILINE),
            re.compile("\n" + line, re.IGNORECASE | re.MULTILINE),
            frozenset(p.lower() for p in self.list),
        )

    def first_letters(self) -> str:
        """A lookahead for the first characters of the phrases, which a
        furniture line opens with: one class test turns most lines away,
        where the alternation (with IGNORECASE) enters every phrase in turn.
        Empty when there are none (or a phrase of no words). (The class
        costs some 1.6 M instructions to compile per pattern, at the
        language's build: letters such as k have case partners beyond
        Latin-1.)"""
        phrases = self.line + self.list + self.exact
        if not phrases or not all(p.split() for p in phrases):
            return ""
        return "(?=[%s])" % "".join(sorted({re.escape(p.split()[0][0]) for p in phrases}))


_LINE = re.compile(r"[^\n]*")
_LIST_ITEM = re.compile(r"[ \t\u00a0]*[-•*·]\s")  # used with match() at a line start


def _furniture_lines(text: str, first, after_break):
    """The furniture matches, as ``re.finditer`` of the rule with ``^`` in
    multiline mode would give them."""
    m = first.match(text)
    if m:
        yield m
    scan = m.end() - 1 if m else 0  # a match never overlaps the one before
    while True:
        m = after_break.search(text, scan)
        if m is None:
            return
        yield m
        scan = m.end() - 1


def find_furniture(text: str, compiled) -> List[Span]:
    first, after_break, list_heads = compiled
    spans: List[Span] = []
    for m in _furniture_lines(text, first, after_break):
        spans.append(_trim_space(text, m.start(), m.end()))
        head = m.group("start")
        if head and " ".join(head.lower().split()) in list_heads:
            pos = m.end()
            for line in _LINE.finditer(text, pos):
                s, e = line.start(), line.end()
                body = text[s:e].strip()
                if s == e and s >= len(text):
                    break
                if not body:
                    continue
                if _LIST_ITEM.match(text, s) or (len(body.split()) <= 6 and body[-1] not in ".!?”\""):
                    spans.append(_trim_space(text, s, e))
                else:
                    break
    spans.sort()
    merged: List[Span] = []
    for s in spans:
        if merged and s.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, s.end))
        else:
            merged.append(s)
    return merged


def _trim_space(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return span_of(s, e)

