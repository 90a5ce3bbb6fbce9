"""The lexer: a unit of text to grammar terminals.

Each word is classed by lookup in the lexicon (longest form first) and the
registry names; a word may carry several candidate terminals (``media`` is a
source head or a channel noun), and the parser takes the one its state
accepts, as Lark's contextual lexer does. A direct quotation becomes a single
QUOTE terminal. Offsets always point into the original text.
"""

from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from .lexicon import Lexicon
from .text import DIRECT, Quote

_RAW = re.compile(
    r"""
     (?P<DATE>\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\))
    |(?P<DOMAIN>(?i:(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:co\.id|go\.id|or\.id|ac\.id|co\.uk|com|id|net|org|tv|news|info|co|kp|ru|cn))(?![\w]|\.\w))
    |(?P<NUM>\d+(?:[.,:/]\d+)*)
    |(?P<W>\w+(?:['’\-]\w+)*)
    |(?P<P>[^\w\s])
    """,
    re.X,
)
_PUNCT = {
    ",": "COMMA", ":": "COLON", ".": "DOT", "!": "DOT", "?": "DOT", "…": "DOT",
    "-": "DASH", "–": "DASH", "—": "DASH", "|": "PIPE", "(": "LPAR", ")": "RPAR",
}
_QUOTE_MARKS = frozenset("“”„«»\"‘’‚‹›'")
# Scrapers glue words across markup: dilansirCNA, kantor beritaTASSdari.
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z]{2})(?=[a-z])")
_SPACE = re.compile(r"\s+")


class Lexed:
    """Terminals of one unit: parallel lists of candidate types and offsets."""

    __slots__ = ("types", "starts", "ends", "entries")

    def __init__(self):
        self.types: List[Tuple[str, ...]] = []
        self.starts: List[int] = []
        self.ends: List[int] = []
        self.entries: List[tuple] = []  # lexicon entries behind each token

    def __len__(self) -> int:
        return len(self.types)

    def add(self, types, start, end, entries=()):
        self.types.append(types)
        self.starts.append(start)
        self.ends.append(end)
        self.entries.append(entries)


class Lexer:
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def _raw(self, text: str, start: int, end: int, out: list) -> None:
        for m in _RAW.finditer(text, start, end):
            kind = m.lastgroup
            s, e = m.span()
            if kind == "W" and _GLUE.search(text, s, e) and text[s:e].lower() not in self.lexicon.words:
                out.extend(self._unglue(text, s, e))
            elif kind == "P":
                ch = text[s]
                if ch in _QUOTE_MARKS:
                    continue
                out.append((_PUNCT.get(ch, "PUNCT"), s, e))
            else:
                out.append((kind, s, e))

    def _unglue(self, text: str, s: int, e: int):
        pieces = []
        last = s
        for m in _GLUE.finditer(text, s, e):
            pieces.append((last, m.start()))
            last = m.start()
        pieces.append((last, e))
        words = self.lexicon.words
        out = [pieces[0]]
        for ps, pe in pieces[1:]:
            left = text[out[-1][0] : out[-1][1]].lower()
            right = text[ps:pe].lower()
            if left in words or right in words:
                out.append((ps, pe))
            else:
                out[-1] = (out[-1][0], pe)
        return [("W", a, b) for a, b in out]

    def lex(self, text: str, start: int, end: int, quotes: Sequence[Quote] = ()) -> Lexed:
        raw: list = []
        pos = start
        for q in quotes:
            if q.kind != DIRECT or q.outer.end <= start or q.outer.start >= end:
                continue
            self._raw(text, pos, q.outer.start, raw)
            raw.append(("QUOTE", q.outer.start, q.outer.end))
            pos = q.outer.end
        self._raw(text, pos, end, raw)
        return self._classify(text, raw)

    def _classify(self, text: str, raw: list) -> Lexed:
        lex = self.lexicon
        out = Lexed()
        i, n = 0, len(raw)
        while i < n:
            kind, s, e = raw[i]
            if kind != "W":
                out.add((kind,), s, e)
                i += 1
                continue
            first = text[s:e].lower()
            matched = False
            for length in lex.lengths(first):
                j = i + length
                if j > n:
                    continue
                if length > 1 and not self._joined(text, raw, i, j):
                    continue
                words = tuple(text[a:b].lower() for _, a, b in raw[i:j])
                entries = lex.get(words, text[s : raw[j - 1][2]])
                if entries:
                    types = tuple(dict.fromkeys(en.terminal for en in entries))
                    out.add(types, s, raw[j - 1][2], tuple(entries))
                    i = j
                    matched = True
                    break
            if matched:
                continue
            word = text[s:e]
            if word[0].isdigit():
                out.add(("NUM",), s, e)
            elif word[0].isupper():
                out.add(("NAME",), s, e)
            else:
                out.add(("WORD",), s, e)
            i += 1
        return out

    @staticmethod
    def _joined(text: str, raw: list, i: int, j: int) -> bool:
        """Whether raw tokens i..j are all words separated by spaces only."""
        for k in range(i, j):
            if raw[k][0] != "W":
                return False
            if k > i:
                gap = text[raw[k - 1][2] : raw[k][1]]
                if gap and not gap.isspace():
                    return False
        return True
