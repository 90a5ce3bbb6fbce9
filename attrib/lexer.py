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
     (?P<L>[a-z]+(?:-[a-z]+)*)(?![\w'’\-]|[.,:/]\w)   # a plain lower-case word: the common case
    |(?P<DATE>\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\))
    |(?P<W>\w+(?:['’\-.,:/]\w+)*)
    |(?P<P>[^\w\s])
    """,
    re.X,
)
# A word with inner dots is a domain, a number, or words run together.
_DOMAIN = re.compile(
    r"(?i:(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*"
    r"\.(?:co\.id|go\.id|or\.id|ac\.id|co\.uk|com|id|net|org|tv|news|info|co|kp|ru|cn))"
)
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_INNER = re.compile(r"[.,:/]")
_PUNCT = {
    ",": "COMMA", ":": "COLON", ".": "DOT", "!": "DOT", "?": "DOT", "…": "DOT",
    "-": "DASH", "–": "DASH", "—": "DASH", "|": "PIPE", "(": "LPAR", ")": "RPAR",
}
_QUOTE_MARKS = frozenset("“”„«»\"‘’‚‹›'")
# Scrapers glue words across markup: dilansirCNA, kantor beritaTASSdari.
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z]{2})(?=[a-z])")
_NUM, _NAME, _WORD = ("NUM",), ("NAME",), ("WORD",)
_CACHE_MAX = 200_000  # distinct words kept in the classification cache


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


class Lexer:
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._multi = {w[0] for w in lexicon.keys() if len(w) > 1}  # first words of multi-word forms
        self._single: dict = {}  # surface word -> (types, entries, starts a multi-word form), a cache
        # Clitics the lexicon lists as words of their own ('s, ’s): split off
        # the word they end. Words the lexicon lists with a final period
        # (Dr., U.S.) keep it.
        self._clitics = tuple(sorted((w for w in lexicon.words if w[:1] in "'’" and len(w) > 1), key=len, reverse=True))
        self._dotted_words = frozenset(w for w in lexicon.words if w.endswith(".") and len(w) > 1)

    def _raw(self, text: str, start: int, end: int, out: list) -> None:
        skip = -1
        dotted = self._dotted_words
        append = out.append
        for m in _RAW.finditer(text, start, end):
            kind = m.lastgroup
            s, e = m.span()
            if kind == "L" and not (dotted and e < end and text[e] == "."):
                # The common case first (same result as below). Only the mark
                # after a dotted word lies before ``skip``, never a word.
                append(("W", s, e))
                continue
            if s < skip:
                continue
            if dotted and kind in ("W", "L") and e < end and text[e] == "." and text[s : e + 1].lower() in dotted:
                out.append(("W", s, e + 1))  # Dr., U.S.
                skip = e + 1
                continue
            if kind == "W" and self._clitics and ("'" in text[s:e] or "’" in text[s:e]):
                low = text[s:e].lower()
                cl = next((c for c in self._clitics if low.endswith(c) and len(low) > len(c)), None)
                if cl is not None:
                    out.append(("W", s, e - len(cl)))
                    out.append(("W", e - len(cl), e))
                    continue
            if kind == "L":
                out.append(("W", s, e))
            elif kind == "W" and _INNER.search(text, s, e):
                self._dotted(text, s, e, out)
            elif kind == "W" and not text[s + 1 : e].islower() and _GLUE.search(text, s, e) and text[s:e].lower() not in self.lexicon.words:
                out.extend(self._unglue(text, s, e))
            elif kind == "P":
                ch = text[s]
                if ch in _QUOTE_MARKS:
                    continue
                if ch not in _PUNCT and ch in self.lexicon.words:
                    out.append(("W", s, e))  # a sign the lexicon lists as a word (©)
                    continue
                out.append((_PUNCT.get(ch, "PUNCT"), s, e))
            else:
                out.append((kind, s, e))

    def _dotted(self, text: str, s: int, e: int, out: list) -> None:
        if _DOMAIN.fullmatch(text, s, e):
            out.append(("DOMAIN", s, e))
        elif _NUMBER.fullmatch(text, s, e):
            out.append(("NUM", s, e))
        else:  # "Rusia.Kim", "hari,Kim": split at the marks
            last = s
            for m in _INNER.finditer(text, s, e):
                if m.start() > last:
                    out.append(("W", last, m.start()))
                out.append((_PUNCT.get(text[m.start()], "PUNCT"), m.start(), m.end()))
                last = m.end()
            if last < e:
                out.append(("W", last, e))

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

    def lex(self, text: str, start: int, end: int, quotes: Sequence[Quote] = (), eos: bool = False) -> Lexed:
        """Terminals of text[start:end]. ``eos``: the span ends its unit, and
        an EOS terminal marks it (a grammar that declares EOS may ask for the
        end of the sentence; others never accept it)."""
        raw: list = []
        pos = start
        for q in quotes:
            if q.kind != DIRECT or q.outer.end <= start or q.outer.start >= end:
                continue
            self._raw(text, pos, q.outer.start, raw)
            raw.append(("QUOTE", q.outer.start, q.outer.end))
            pos = q.outer.end
        self._raw(text, pos, end, raw)
        if eos:
            raw.append(("EOS", end, end))
        return self._classify(text, raw)

    def _classify(self, text: str, raw: list) -> Lexed:
        lex = self.lexicon
        out = Lexed()
        # bound appends: this loop runs once per token of every cue unit
        add_type, add_start, add_end, add_ent = out.types.append, out.starts.append, out.ends.append, out.entries.append
        single = self._single
        trie = lex.trie
        i, n = 0, len(raw)
        while i < n:
            kind, s, e = raw[i]
            i += 1
            if kind != "W":
                add_type((kind,))
                add_start(s)
                add_end(e)
                add_ent(())
                continue
            word = text[s:e]
            hit = single.get(word)
            if hit is not None and not hit[2]:
                add_type(hit[0])
                add_start(s)
                add_end(e)
                add_ent(hit[1])
                continue
            first = word.lower()
            multi = first in self._multi
            matched = None
            if multi and i < n and raw[i][0] == "W":
                # Most first words of multi-word forms stand alone: walk the
                # trie only when the next word can continue one.
                node = trie.get(first)
                if node is not None and text[raw[i][1] : raw[i][2]].lower() in node:
                    matched = self._longest_form(text, raw, i - 1, first)
            if matched is None and hit is not None:
                # the first word of a multi-word form, not in one here: the
                # cached single-word reading
                add_type(hit[0])
                add_start(s)
                add_end(e)
                add_ent(hit[1])
                continue
            if matched is None:
                entries = lex.get((first,), word)
                if entries:
                    matched = (i, entries)
            if matched is not None:
                j, entries = matched
                types = tuple(dict.fromkeys(en.terminal for en in entries))
                add_type(types)
                add_start(s)
                add_end(raw[j - 1][2])
                add_ent(tuple(entries))
                if j == i and len(single) < _CACHE_MAX:
                    single[word] = (types, tuple(entries), multi)
                i = j
                continue
            c = word[0]
            types = _NUM if c.isdigit() else _NAME if c.isupper() else _WORD
            add_type(types)
            add_start(s)
            add_end(e)
            add_ent(())
            if len(single) < _CACHE_MAX:
                single[word] = (types, (), multi)
        return out

    def _longest_form(self, text: str, raw: list, i: int, first: str):
        """The longest lexicon form of two or more words starting at raw token
        i, walked word by word through the lexicon's trie: (end, entries) or
        None. Case-sensitive forms must match as written."""
        node = self.lexicon.trie.get(first)
        found = []  # (end, key) of every form on the path
        k = i + 1
        while node is not None:
            if "" in node and k - i > 1:
                found.append((k, node[""]))
            if k >= len(raw) or raw[k][0] != "W":
                break
            gap = text[raw[k - 1][2] : raw[k][1]]
            if not gap or not gap.isspace():
                break
            node = node.get(text[raw[k][1] : raw[k][2]].lower())
            k += 1
        for end, key in reversed(found):
            entries = self.lexicon.get(key, text[raw[i][1] : raw[end - 1][2]])
            if entries:
                return end, entries
        return None
