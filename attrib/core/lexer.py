"""The lexer: a unit of text to grammar terminals.

Each word is classed by lookup in the lexicon (longest form first) and the
registry names; a word may carry several candidate terminals (``media`` is a
source head or a channel noun), and the parser takes the one its state
accepts, as Lark's contextual lexer does. A direct quotation becomes a single
QUOTE terminal. Offsets always point into the original text.
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from attrs import define, field

from ..contract import COLON, COMMA, CUE_PREFIX, DASH, DOMAIN, DOT, EOS, KNOWN, LPAR, NAME, NUM, PIPE, PUNCT, QUOTE, RPAR, VIA, WORD
from ..lexicon import Lexicon
from .candidates import char_trie
from .segment import DIRECT, Quote

_RAW = re.compile(
    r"""
     (?P<L>[a-z]+(?:-[a-z]+)*)(?![\w'’\-]|[.,:/]\w)   # a plain lower-case word: the common case
    |(?P<DATE>\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\))
    |(?P<W>\w+(?:['’\-.,:/]\w+)*)
    |(?P<P>[^\w\s])
    """,
    re.X,
)
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_INNER = re.compile(r"[.,:/]")
_PUNCT = {
    ",": COMMA, ":": COLON, ".": DOT, "!": DOT, "?": DOT, "…": DOT,
    "-": DASH, "–": DASH, "—": DASH, "|": PIPE, "(": LPAR, ")": RPAR,
}
_QUOTE_MARKS = frozenset("“”„«»\"‘’‚‹›'")
_MARKS_TEXT = "".join(_QUOTE_MARKS)
_END_MARKS = frozenset(",.:!?")  # marks that end a chunk after a word, each its own terminal (_PUNCT)
# Quotation marks _raw may pass over at the end of a chunk (see Lexer._quoted):
# not ' and ’, which _RAW's plain lower-case word looks at.
_CLOSING_QUOTES = _QUOTE_MARKS - {"'", "’"}
# Scrapers glue words across markup: dilansirCNA, kantor beritaTASSdari,
# RIPrabowo. These are the case boundaries where a word may be cut; see
# Lexer._unglue for the cuts inside a run of lower-case letters.
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z]{2})(?=[a-z])|(?<=[A-Z])(?=[A-Z][a-z])")
_LOWER_RUN = re.compile(r"[a-z]{2,}")
# Glue words cut off a word inside a run of lower-case letters: after a
# known word this long (Iran|dan; a two-letter one, di, only after a
# registry name: Tempo|di, not Israel|is); a cue this long may also follow a
# capitalised word the lexicon does not know (Trump|mengatakan).
_KNOWN_BEFORE_GLUE, _STRONG_GLUE, _NAME_BEFORE_STRONG = 4, 5, 3
_NUM, _NAME, _WORD = (NUM,), (NAME,), (WORD,)
_QUOTE, _EOS = (QUOTE,), (EOS,)
_NUM_READ, _NAME_READ, _WORD_READ = (_NUM, (), False), (_NAME, (), False), (_WORD, (), False)  # see _reading
_MARKS = {t: (t,) for t in _PUNCT.values()}  # a mark's types
_CACHE_MAX = 200_000  # distinct words kept in the classification cache


@define
class Lexed:
    """Terminals of one unit: parallel lists of candidate types and offsets,
    and the lexicon entries behind each token."""

    types: List[Tuple[str, ...]] = field(factory=list)
    starts: List[int] = field(factory=list)
    ends: List[int] = field(factory=list)
    entries: List[tuple] = field(factory=list)

    def __len__(self) -> int:
        return len(self.types)

    def retyped(self, k: int, types: Tuple[str, ...]) -> "Lexed":
        """These tokens with token k's candidate types replaced (the other
        lists are shared)."""
        retyped = list(self.types)
        retyped[k] = types
        return Lexed(retyped, self.starts, self.ends, self.entries)


def domain_pattern(suffixes: Sequence[str]) -> re.Pattern:
    """A word with inner dots that ends with one of a language's domain
    suffixes (``co.id``, ``com``) is a web domain."""
    if not suffixes:
        return re.compile("(?!)")
    alt = "|".join(re.escape(x.lower().lstrip(".")) for x in sorted(set(suffixes), key=lambda x: (-len(x), x)))
    return re.compile(rf"(?i:(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:{alt}))")


def _hyphenated(word: str) -> bool:
    """Whether an ASCII word is letters joined by single hyphens: one word
    to _RAW (its W, or its plain lower-case word when they are lower-case)."""
    if "-" not in word or word[0] == "-" or word[-1] == "-" or "--" in word:
        return False
    return word.replace("-", "").isalpha()


class Lexer:
    """A language's word lists (with any registry layer) over text spans."""

    def __init__(self, lexicon: Lexicon, domains: Sequence[str] = (), glue: Sequence[str] = ()):
        """``glue``: the language's frequent function words (stopwords.txt),
        which scrapers glue to the word before or after them; the lexicon's
        one-word cues and hop words are glue words too."""
        self.lexicon = lexicon
        self._cues = frozenset(
            k[0] for k in lexicon.keys()
            if len(k) == 1 and k[0].isalpha() and k[0].islower()
            and any(e.terminal.startswith(CUE_PREFIX) or e.terminal == VIA for e in lexicon.get(k, k[0]))
        )
        self._glue = frozenset(w for w in (*(g.lower() for g in glue), *self._cues) if len(w) > 1 and w.isalpha())
        # the glue words as tries, spelt forwards (see _unglue) and backwards
        # (see _glued_tail)
        self._glue_starts = char_trie(self._glue)
        self._glue_ends = char_trie(w[::-1] for w in self._glue)
        # for _stays_whole: the long cues as a trie, and the beginnings of the
        # lexicon's words and of the long cues
        strong = [w for w in self._cues if len(w) >= _STRONG_GLUE]
        self._strong = char_trie(strong)
        self._strong_heads = frozenset(w[:_STRONG_GLUE] for w in strong)
        self._prefixes = frozenset(w[:k] for w in (*lexicon.words, *self._glue) for k in range(1, len(w) + 1))
        self._domain = domain_pattern(domains)
        self._words = lexicon.words
        self._multi = {w[0] for w in lexicon.keys() if len(w) > 1}  # first words of multi-word forms
        self.max_form_words = max((len(k) for k in lexicon.keys()), default=1)
        # Caches by surface word (see _scan):
        self._single: dict = {}  # word -> (types, entries, starts a multi-word form)
        self._chunks: dict = {}  # chunk -> its shape (see _shape)
        self._forms_read: dict = {}  # multi-word form without case-sensitive entries -> (types, entries)
        self._plain: dict = {}  # chunk that is one word -> (types, entries, trie node or None, length)
        self._shared: dict = {}  # tuples shared by the chunks of one shape (see _cold)
        # the same for the chunks that are one word the lexicon lacks, by its
        # types and then length (see _lone)
        self._alone: dict = {_WORD: {}, _NAME: {}, _NUM: {}}
        # Clitics the lexicon lists as words of their own ('s, ’s): split off
        # the word they end. Words the lexicon lists with a final period
        # (Dr., U.S.) keep it.
        self._clitics = tuple(sorted((w for w in lexicon.words if w[:1] in "'’" and len(w) > 1), key=len, reverse=True))
        self._proclitics = tuple(sorted((w for w in lexicon.words if w[-1:] in "'’" and len(w) > 1), key=len, reverse=True))
        self._dotted_words = frozenset(w for w in lexicon.words if w.endswith(".") and len(w) > 1)
        self._prefill()

    def _prefill(self) -> None:
        """The plain readings (see _scan) of the lexicon's own one-word
        forms, made here from the lexicon alone rather than on their first
        sight in a text. A form with no case-sensitive entry reads the same
        however it is written, so _cold (by _known) keeps one plain reading
        for it, here for the two ways a text most often writes it:
        lower-case and capitalised. (Their shapes, seldom asked for, are
        left to _cold.)"""
        lexicon = self.lexicon
        trie, plain = lexicon.trie, self._plain
        for key in lexicon.keys():
            word = key[0]
            if len(key) == 1 and word.isalpha() and word.isascii() and word.islower() and not lexicon.case_sensitive(key):
                types, entries, multi = self._reading(word)
                plain[word] = plain[word.capitalize()] = (types, entries, trie[word] if multi else None, len(word))  # as _known has it

    def settled(self, text: str, start: int, cut: int) -> int:
        """Where the tokens of text[start:cut] may stop being those of a
        longer span from ``start``: the start of the chunk (a run between
        spaces) max_form_words chunks with a word before ``cut``, as a form
        of several words may go on past it (over empty chunks and lone
        quotation marks too)."""
        i = cut
        words = 0
        while words < self.max_form_words:
            j = text.rfind(" ", start, i)
            if j < 0:
                return start
            if text[j + 1 : i].strip(_MARKS_TEXT):
                words += 1
            i = j
        return i + 1

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
            if kind in ("W", "L") and e < end and text[e] == "." and (
                (e - s == 1 and text[s].isupper()) or (dotted and text[s : e + 1].lower() in dotted)
            ):
                out.append(("W", s, e + 1))  # Dr., U.S., a middle initial (Lawrence H. Summers)
                skip = e + 1
                continue
            if kind == "W" and (self._clitics or self._proclitics) and ("'" in text[s:e] or "’" in text[s:e]):
                low = text[s:e].lower()
                cl = next((c for c in self._proclitics if low.startswith(c) and len(low) > len(c)), None)
                if cl is not None:  # l'homme, d'accord
                    out.append(("W", s, s + len(cl)))
                    s += len(cl)
                    low = low[len(cl) :]
                cl = next((c for c in self._clitics if low.endswith(c) and len(low) > len(c)), None)
                if cl is not None:
                    out.append(("W", s, e - len(cl)))
                    out.append(("W", e - len(cl), e))
                    continue
                if s > m.start():
                    out.append(("W", s, e))
                    continue
            if kind == "L":
                out.append(("W", s, e))
            elif kind == "W" and _INNER.search(text, s, e):
                self._dotted(text, s, e, out)
            elif kind == "W":
                self._word(text, s, e, out)
            elif kind == "P":
                ch = text[s]
                if ch in _QUOTE_MARKS:
                    continue
                if ch not in _PUNCT and ch in self.lexicon.words:
                    out.append(("W", s, e))  # a sign the lexicon lists as a word (©)
                    continue
                out.append((_PUNCT.get(ch, PUNCT), s, e))
            else:
                out.append((kind, s, e))

    def _dotted(self, text: str, s: int, e: int, out: list) -> None:
        if self._domain.fullmatch(text, s, e):
            out.append((DOMAIN, s, e))
        elif _NUMBER.fullmatch(text, s, e):
            out.append((NUM, s, e))
        else:  # "Rusia.Kim", "hari,Kim": split at the marks
            last = s
            for m in _INNER.finditer(text, s, e):
                if m.start() > last:
                    self._word(text, last, m.start(), out)
                out.append((_PUNCT.get(text[m.start()], PUNCT), m.start(), m.end()))
                last = m.end()
            if last < e:
                self._word(text, last, e, out)

    def _word(self, text: str, s: int, e: int, out: list) -> None:
        """A word that is not a plain lower-case one: itself, or the words a
        scraper glued together (see _unglue)."""
        if text[s + 1 : e].islower() and not self._glued_tail(text, s, e):
            out.append(("W", s, e))  # Jakarta: the common case
        elif text[s:e].lower() in self.lexicon.words:
            out.append(("W", s, e))  # detikNews, WhatsApp: a word the lexicon knows
        else:
            out.extend(("W", a, b) for a, b in self._unglue(text, s, e))

    def _glued_tail(self, text: str, s: int, e: int) -> bool:
        """Whether a capitalised word may end in a glue word (Reutersdan,
        Trumpmengatakan): one that starts at least _NAME_BEFORE_STRONG
        letters into it."""
        return self._ends_glue(text, s + _NAME_BEFORE_STRONG, e, self._glue_ends)

    def _unglue(self, text: str, s: int, e: int) -> List[Tuple[int, int]]:
        """The words of text[s:e] that scrapers glued together, as spans.

        A word may be cut at a case boundary (dari|KONTAN, TASS|dari,
        RI|Prabowo), and inside a run of lower-case letters where a glue word
        begins or ends (dari|detikNews, Reuters|dan, Trump|mengatakan). Of the
        ways to cut it, the one that leaves the fewest letters in words the
        lexicon does not know wins, then the one with the fewest pieces; so
        McDonald and MulyaniIndrawati stay whole. A cut inside lower-case
        letters needs a glue word on one side and, on the other, a word the
        lexicon knows (before the glue word: one at least _KNOWN_BEFORE_GLUE
        long and no glue word itself, so that Hamdan, Putin or Danantara
        stay whole), or a capitalised name before a long cue."""
        if _GLUE.search(text, s + 1, e) is None:
            if _LOWER_RUN.search(text, s, e) is None:
                return [(s, e)]  # no place to cut: CNN, 2016
            if self._stays_whole(text[s:e]):
                return [(s, e)]
        word = text[s:e]
        n = len(word)
        natural = {0, n}
        natural.update(m.start() - s for m in _GLUE.finditer(text, s, e))
        glue = self._glue
        inner = set()  # cut points inside lower-case runs
        for m in _LOWER_RUN.finditer(word):
            a, b = m.span()
            for i in range(a, b - 1):
                node = self._glue_starts  # walked over the glue words that start at i
                for j in range(i, b):
                    node = node.get(word[j])
                    if node is None:
                        break
                    if "" in node:
                        inner.add(i)
                        inner.add(j + 1)
        lexicon = self.lexicon
        if len(natural) == 2:
            # Only 0 and n are natural (Clinton, Washington): a piece that
            # ends at an inner cut may be unknown only if it starts at 0, and
            # every later piece must be G, K or R (see the loop below). So
            # the whole word (one piece) loses only to a cut whose first
            # piece is a known one, or an unknown one followed by a strong
            # cue (joins); get() finds no entry for a piece not in words.
            words = lexicon.words
            cues = self._cues
            up = word[0].isupper()
            for c in inner:
                if 0 < c < n:
                    first = word[:c]
                    if first in glue or first.lower() in words:
                        break
                    if up and c >= _NAME_BEFORE_STRONG and any(
                            d - c >= _STRONG_GLUE and word[c:d] in cues for d in inner):
                        break
            else:
                return [(s, e)]
        cuts = sorted(natural | inner)

        def kind(i: int, j: int) -> str:
            """G: a glue word, R: a registry name, K: another word the
            lexicon knows, U: unknown."""
            piece = word[i:j]
            if piece in glue:
                return "G"
            entries = lexicon.get((piece.lower(),), piece)
            if not entries:
                return "U"
            return "R" if any(e.terminal == KNOWN for e in entries) else "K"

        def joins(prev: Tuple[str, int], cur: str, i: int, j: int) -> bool:
            """Whether a piece of kind cur may follow prev (kind, length) at
            a cut i inside lower-case letters."""
            pk, plen = prev
            if cur == "G":
                if pk in ("K", "R"):
                    if j - i <= 2 and pk != "R" or word[i - plen : i].lower() in glue:
                        return False  # Israel|is, Dan|antara
                    return plen >= _KNOWN_BEFORE_GLUE
                if pk == "U":
                    return (j - i >= _STRONG_GLUE and word[i:j] in self._cues
                            and plen >= _NAME_BEFORE_STRONG and word[i - plen].isupper())
                return pk == "G"
            return cur in ("K", "R") and pk == "G"

        # best[cut][kind and length of the last piece] = (cost, pieces)
        best: dict = {0: {("", 0): ((0, 0), ())}}
        for x, i in enumerate(cuts):
            here = best.get(i)
            if not here:
                continue
            here = list(here.items())
            for j in cuts[x + 1 :]:
                if i not in natural or j not in natural:
                    cur = kind(i, j)
                    if cur == "U" and (i not in natural or j not in inner):
                        continue  # an unknown piece may end where a glue word starts
                else:
                    cur = kind(i, j)
                at = None
                for prev, (cost, pieces) in here:
                    if i not in natural and not joins(prev, cur, i, j):
                        continue
                    got = (cost[0] + (j - i if cur == "U" else 0), cost[1] + 1)
                    key = (cur, j - i)
                    if at is None:
                        at = best.setdefault(j, {})
                    if key not in at or got < at[key][0]:
                        at[key] = (got, pieces + ((s + i, s + j),))
        ends = best.get(n)
        return min(ends.values())[1] if ends else [(s, e)]

    def _stays_whole(self, word: str) -> bool:
        """Whether _unglue keeps an ASCII word with no case boundary whole by
        the test before its search (see there), as most are (Hamdan,
        Jordan, African-Americans), without walking the glue words from
        every letter. Its cuts are where a glue word starts or ends, and one
        wins only after a known word or glue word, or (in a capitalised
        word) before a long cue from _NAME_BEFORE_STRONG on."""
        if not word.isascii():
            return False
        n = len(word)
        if word[0].isupper():
            heads = self._strong_heads
            for c in range(_NAME_BEFORE_STRONG, n - _STRONG_GLUE + 1):
                if word[c : c + _STRONG_GLUE] in heads and self._starts_glue(word, c, self._strong):
                    return False
        low = word.lower()
        prefixes, words, glue, starts, ends = self._prefixes, self._words, self._glue, self._glue_starts, self._glue_ends
        for c in range(1, n):
            first = low[:c]
            if first not in prefixes:
                break
            if first in words or word[:c] in glue:
                if self._starts_glue(word, c, starts) or self._ends_glue(word, 0, c, ends):
                    return False
        return True

    @staticmethod
    def _starts_glue(word: str, c: int, trie: dict) -> bool:
        """Whether a word of a trie starts at word[c]."""
        node = trie
        for ch in word[c:]:
            node = node.get(ch)
            if node is None:
                return False
            if "" in node:
                return True
        return False

    @staticmethod
    def _ends_glue(text: str, start: int, end: int, trie: dict) -> bool:
        """Whether a word of a trie of reversed words ends at text[end],
        starting no earlier than ``start``. (Walked back from the end: most
        words leave the trie within a letter or two.)"""
        node = trie
        while end > start:
            end -= 1
            node = node.get(text[end])
            if node is None:
                return False
            if "" in node:
                return True
        return False

    def lex(self, text: str, start: int, end: int, quotes: Sequence[Quote] = (), eos: bool = False) -> Lexed:
        """Terminals of text[start:end]. ``eos``: the span ends its unit, and
        an EOS terminal marks it (a grammar that declares EOS may ask for the
        end of the sentence; others never accept it)."""
        out = Lexed([], [], [], [])  # (not the factories: one call each)
        pos = start
        # An empty span (before a quotation that opens the span or follows
        # another, after one that closes it) has no tokens: not scanned.
        for q in quotes:
            if q.kind != DIRECT or q.outer.end <= start or q.outer.start >= end:
                continue
            if pos < q.outer.start:
                self._scan(text, pos, q.outer.start, out)
            out.types.append(_QUOTE)
            out.starts.append(q.outer.start)
            out.ends.append(q.outer.end)
            out.entries.append(())
            pos = q.outer.end
        if pos < end:
            self._scan(text, pos, end, out)
        if eos:
            out.types.append(_EOS)
            out.starts.append(end)
            out.ends.append(end)
            out.entries.append(())
        return out

    # Lexing goes by chunks, the runs of text between spaces: a token never
    # holds a space, and a chunk lexes the same wherever it stands, but for
    # the multi-word forms that join it to the chunks after it. Most chunks
    # are one word (``_plain``): the loop below takes those at the cost of a
    # lookup, and looks at the next chunk after a word that may open a
    # multi-word form. Caches by the chunk's text.
    def _scan(self, text: str, pos: int, end: int, out: Lexed) -> None:
        """Terminals of text[pos:end], a span without direct quotations."""
        chunks = iter(text[pos:end].split(" "))
        s = pos  # where the next chunk starts
        node = None  # trie node of the last word when it may open a multi-word form
        if pos and text[pos - 1].isalpha():
            # the span starts inside a word: its first chunk is lexed in place
            # (_GLUE looks at the letters before it)
            chunk = next(chunks)
            raw: list = []
            self._raw(text, s, s + len(chunk), raw)
            s, node = self._forms(text, raw, s + len(chunk) + 1, chunks, out)
        plain, shapes = self._plain.get, self._chunks.get
        out_types, out_starts, out_ends, out_entries = out.types, out.starts, out.ends, out.entries
        for chunk in chunks:
            hit = plain(chunk)
            if node is not None:
                # Most words that may open a multi-word form (the, New) stand
                # alone, as the word after them shows; this one may not: lex
                # on from it with the lexicon's forms.
                if hit is not None:
                    if chunk.lower() in node:
                        s, node = self._walk(text, node, chunk, s, chunks, out)
                        continue
                elif self._goes_on(chunk, node):
                    raw = [("W", out.starts[-1], out.ends[-1])]
                    raw.extend((kind, s + a, s + b) for kind, a, b in (shapes(chunk) or self._cold(chunk))[0])
                    s, node = self._forms(text, raw, s + len(chunk) + 1, chunks, out, node)
                    continue
                node = None
            if hit is not None:
                types, entries, node, n = hit
                out_types.append(types)
                out_starts.append(s)
                s += n
                out_ends.append(s)
                out_entries.append(entries)
                s += 1
                continue
            pieces, tokens, node = shapes(chunk) or self._cold(chunk)
            if tokens is None:
                s, node = self._forms(text, [(kind, s + a, s + b) for kind, a, b in pieces], s + len(chunk) + 1, chunks, out)
                continue
            for a, b, types, entries in tokens:
                out_types.append(types)
                out_starts.append(s + a)
                out_ends.append(s + b)
                out_entries.append(entries)
            s += len(chunk) + 1

    def _walk(self, text: str, lead: dict, chunk: str, s: int, chunks, out: Lexed):
        """The multi-word form that the last token added (a word at trie node
        ``lead``) may open with ``chunk``, a plain word at s that the node
        takes. Walks the trie over the plain words that follow, and hands
        anything else to _forms. Returns as _forms does."""
        node = lead[chunk.lower()]
        walked = [chunk]
        end = s + len(chunk)  # of the last word walked
        found = []  # (words walked, end, key) of every form on the path
        pending = hit = None  # the chunk after the words walked, its plain reading
        while True:
            if "" in node:
                found.append((len(walked), end, node[""]))
                if len(node) == 1:
                    break  # no longer form
            pending = next(chunks, None)
            if pending is None:
                break
            hit = self._plain.get(pending)
            if hit is not None:
                after = node.get(pending.lower())
                if after is None:
                    break
                walked.append(pending)
                end += 1 + len(pending)
                node = after
                pending = None
            elif self._goes_on(pending, node):
                hit = False  # the form may go on inside it: see below
                break
            else:
                break
        start = out.starts[-1]
        for n, e, key in reversed(found):
            reading = self._form_reading(key, text[start:e])
            if reading is not None:
                break
        else:
            n = 0
        if n == len(walked) and hit is not False:
            # The form takes every word walked: the chunk after them (if
            # one was taken) starts afresh.
            out.types[-1], out.ends[-1], out.entries[-1] = reading[0], end, reading[1]
            if pending is None:
                return end + 1, None
            s = end + 1
            if hit is not None:
                out.types.append(hit[0])
                out.starts.append(s)
                out.ends.append(s + hit[3])
                out.entries.append(hit[1])
                return s + hit[3] + 1, hit[2]
            pieces, tokens, node = self._shape(pending)
            if tokens is None:
                return self._forms(text, [(kind, s + a, s + b) for kind, a, b in pieces], s + len(pending) + 1, chunks, out)
            for a, b, types, entries in tokens:
                out.types.append(types)
                out.starts.append(s + a)
                out.ends.append(s + b)
                out.entries.append(entries)
            return s + len(pending) + 1, node
        # Anything else: lex the words walked (and the chunk after them) with _forms.
        raw = [("W", start, out.ends[-1])]
        a = s
        for w in walked:
            raw.append(("W", a, a + len(w)))
            a += len(w) + 1
        if pending is not None:
            raw.extend((kind, a + x, a + y) for kind, x, y in self._shape(pending)[0])
            a += len(pending) + 1
        return self._forms(text, raw, a, chunks, out, lead)

    def _goes_on(self, chunk: str, node: dict) -> bool:
        """Whether the first raw terminal of a chunk may continue a multi-word
        form at a trie node: a word after nothing but white space."""
        pieces = self._shape(chunk)[0]
        if not pieces:
            return True  # nothing here: the chunk after it decides
        kind, a, b = pieces[0]
        return kind == "W" and (a == 0 or chunk[:a].isspace()) and chunk[a:b].lower() in node

    def _shape(self, chunk: str) -> tuple:
        """A chunk on its own, cached: (its raw terminals, its tokens, node),
        offsets within the chunk. ``tokens`` are (start, end, types, entries),
        or None when a multi-word form may start inside the chunk; ``node`` is
        the trie node of a last word that may open a multi-word form with the
        next chunk, else None."""
        return self._chunks.get(chunk) or self._cold(chunk)

    def _cold(self, chunk: str) -> tuple:
        """_shape of a chunk not in the cache."""
        n = len(chunk)
        if chunk.isalpha() and chunk.isascii():
            # The commonest chunk, one ASCII word, as the branch below has it
            # (fewer tests).
            # A word the lexicon holds is _known whatever its case (the
            # branch below keeps it whole), so that test comes first.
            if chunk.islower():
                if chunk in self._words:
                    return self._known(chunk, chunk, n)
                types = _WORD
            elif chunk.lower() in self._words:
                return self._known(chunk, chunk, n)
            elif chunk.isupper() or chunk[1:].islower() and not self._glued_tail(chunk, 0, n):
                types = _NAME
            else:
                # words a scraper may have glued: _unglue at once, as the
                # branch below has it (not its tests again); most stay whole
                # (Anggraini)
                raw = self._unglue(chunk, 0, n)
                if len(raw) == 1:
                    return self._lone(chunk, _NAME if chunk[0].isupper() else _WORD, n)
                raw, types = [("W", a, b) for a, b in raw], None
            if types is not None:
                return self._lone(chunk, types, n)
        else:
            raw = None
        # Most chunks are one ASCII word, or one and a closing mark: raw
        # terminals as _raw has them, without its pattern; a word the
        # lexicon does not hold gets its tokens at once, one it holds its
        # reading (_known).
        if raw is None and chunk.isascii():
            m = n - 1 if n > 2 and chunk[-1] in _END_MARKS else n
            word = chunk[:m] if m < n else chunk
            pieces = None
            if word.isalpha() or "-" in word and _hyphenated(word):
                # (langkah-langkah, Al-Derazi, E-KTP: one word, as _word has it)
                low = word if word.islower() else word.lower()
                if low is word:
                    types = _WORD
                elif low in self._words:
                    types = _NAME  # _known below, whatever its case
                elif word.isupper() or word[1:].islower() and not self._glued_tail(word, 0, m):
                    types = _NAME
                else:
                    # words a scraper may have glued (as _word has them):
                    # most stay whole (Anggraini, McDonald)
                    pieces = self._unglue(word, 0, m)
                    types = None if len(pieces) > 1 else _NAME if word[0].isupper() else _WORD
            elif word.isdigit():  # _raw keeps it whole too
                low, types = word, _NUM
            else:
                types = None
            if m < n and chunk[-1] == "." and chunk.lower() in self._dotted_words:
                pass  # Dr., Prof.: see _raw
            elif types is None and word[:1].isdigit() and _NUMBER.fullmatch(word) and not self._domain.fullmatch(word):
                # 100.000, 4,28: one NUM terminal, as _dotted has it (no
                # pattern of _raw looks into a number), and any mark.
                return self._marked(chunk, NUM, m, n)
            elif types is None:
                if pieces is not None:
                    raw = [("W", a, b) for a, b in pieces]
                    if m < n:
                        raw.append((_PUNCT[chunk[-1]], m, n))
            else:
                if low in self._words:
                    return self._known(chunk, word, m)
                # The shape depends only on the types, the length and any
                # mark: one shared tuple each, not new ones per word (fewer
                # objects for the garbage collector to walk).
                if m == n:
                    return self._lone(chunk, types, n)
                else:
                    key = (types, m, chunk[-1])
                    got = self._shared.get(key)
                    if got is None:
                        mark = _PUNCT[chunk[-1]]
                        got = self._share(key, (
                            (("W", 0, m), (mark, m, n)), ((0, m, types, ()), (m, n, _MARKS[mark], ())), None))
                    if len(self._chunks) < _CACHE_MAX:
                        self._chunks[chunk] = got
                    return got
        if raw is None and n > 1 and (chunk[0] in _QUOTE_MARKS or chunk[-1] in _CLOSING_QUOTES):
            got = self._quoted(chunk)
            if got is not None:
                return got
        if raw is None and chunk[:1] == "(" and chunk.isascii():
            raw = self._parenthesised(chunk)
            if raw is not None and raw[0][0] == "DATE":
                return self._marked(chunk, "DATE", raw[0][2], n)
        if raw is None:
            raw = []
            self._raw(chunk, 0, n, raw)
        tokens: Optional[list] = []
        node = None
        for k, (kind, a, b) in enumerate(raw):
            if kind != "W":
                tokens.append((a, b, (kind,), ()))
                continue
            word = chunk[a:b]
            reading = self._reading(word)
            if reading[2]:
                if k + 1 == len(raw):
                    if b == len(chunk) or chunk[b:].isspace():
                        node = self.lexicon.trie[word.lower()]
                elif raw[k + 1][0] == "W" and chunk[b : raw[k + 1][1]].isspace():
                    # a form goes on only over a gap of white space
                    tokens = None
                    break
            tokens.append((a, b, reading[0], reading[1]))
        got = (tuple(raw), None if tokens is None else tuple(tokens), node)
        if len(self._chunks) < _CACHE_MAX:
            self._chunks[chunk] = got
            if len(raw) == 1 and raw[0] == ("W", 0, len(chunk)):
                self._plain[chunk] = (*tokens[0][2:], node, len(chunk))
        return got

    def _quoted(self, chunk: str) -> Optional[tuple]:
        """_cold of a chunk in quotation marks (“Unlike, angels”, “awful”,):
        the shape of the chunk between them, moved. _raw skips a quotation
        mark, and none of its patterns looks back, nor on past a closing
        one that is not ' or ’; after a closing one, only end marks, each
        its own terminal. None for other chunks."""
        n = len(chunk)
        a = 0
        while a < n and chunk[a] in _QUOTE_MARKS:
            a += 1
        b = n
        while b > a and chunk[b - 1] in _END_MARKS:
            b -= 1
        tail = b
        while b > a and chunk[b - 1] in _CLOSING_QUOTES:
            b -= 1
        if b == tail:  # no closing quotation mark: any end marks stay
            if not a:
                return None
            b = tail = n
        raw, tokens, node = self._shape(chunk[a:b])
        if a:
            raw = tuple([(kind, s + a, e + a) for kind, s, e in raw])
            if tokens is not None:
                tokens = tuple([(s + a, e + a, types, entries) for s, e, types, entries in tokens])
        if tail < n:
            marks = [(_PUNCT[chunk[i]], i, i + 1) for i in range(tail, n)]
            raw += tuple(marks)
            if tokens is not None:
                tokens += tuple([(s, e, _MARKS[kind], ()) for kind, s, e in marks])
        got = (raw, tokens, node if b == n else None)
        if len(self._chunks) < _CACHE_MAX:
            self._chunks[chunk] = got
        return got

    def _parenthesised(self, chunk: str) -> Optional[list]:
        """_raw of an ASCII chunk that is one word or number in brackets,
        alone or before a closing mark ((BPS), (Menkeu),): the word's raw
        terminals as a chunk of its own (no pattern of _raw looks past a
        bracket), between the brackets. None for other chunks."""
        k = chunk.find(")")
        n = len(chunk)
        if k < 2 or not (k + 1 == n or k + 2 == n and chunk[-1] in _END_MARKS):
            return None
        if chunk[1:k].isalnum():
            raw = [(LPAR, 0, 1)]
            raw += [(kind, a + 1, b + 1) for kind, a, b in self._shape(chunk[1:k])[0]]
            raw.append((RPAR, k, k + 1))
        else:  # a date, (21/10/2025)
            m = _RAW.match(chunk)
            if m.lastgroup != "DATE" or m.end() != k + 1:
                return None
            raw = [("DATE", 0, k + 1)]
        if k + 1 < n:
            raw.append((_PUNCT[chunk[-1]], k + 1, n))
        return raw

    def _known(self, chunk: str, word: str, m: int) -> tuple:
        """_cold of a chunk that is a word the lexicon holds (its first m
        characters), alone or before a closing mark."""
        types, entries, multi = self._reading(word)
        n = len(chunk)
        key = (m, chunk[-1]) if m < n else (m,)
        raw = self._shared.get(key)
        if raw is None:
            raw = self._share(key, (("W", 0, m), (_PUNCT[chunk[-1]], m, n)) if m < n else (("W", 0, m),))
        if m < n:
            got = (raw, ((0, m, types, entries), (m, n, _MARKS[raw[1][0]], ())), None)
        else:
            got = (raw, ((0, n, types, entries),), self.lexicon.trie[word.lower()] if multi else None)
        if len(self._chunks) < _CACHE_MAX:
            self._chunks[chunk] = got
            if m == n:
                self._plain[chunk] = (types, entries, got[2], n)
        return got

    def _marked(self, chunk: str, kind: str, m: int, n: int) -> tuple:
        """_cold of a chunk that is one terminal other than a word (of this
        kind, its first m characters: a number, a date), alone or before a
        closing mark: a shape shared by the chunks of one kind, length and
        mark."""
        key = (kind, m, chunk[-1]) if m < n else (kind, m)
        got = self._shared.get(key)
        if got is None:
            raw = ((kind, 0, m),)
            if m < n:
                raw += ((_PUNCT[chunk[-1]], m, n),)
            got = self._share(key, (raw, tuple([(a, b, (kind,), ()) for kind, a, b in raw]), None))
        if len(self._chunks) < _CACHE_MAX:
            self._chunks[chunk] = got
        return got

    def _lone(self, chunk: str, types: tuple, n: int) -> tuple:
        """_cold of a chunk that is one word the lexicon lacks: its shape,
        shared by the words of its types and length (bounded: the lengths
        may be many on hostile text)."""
        alone = self._alone[types]
        got = alone.get(n)
        if got is None:
            if len(alone) >= _CACHE_MAX:
                alone.clear()
            got = alone[n] = (((("W", 0, n),), ((0, n, types, ()),), None), (types, (), None, n))
        if len(self._chunks) < _CACHE_MAX:
            self._chunks[chunk] = got[0]
            self._plain[chunk] = got[1]
        return got[0]

    def _share(self, key: tuple, shape: tuple) -> tuple:
        """Keep a shape shared by the chunks of one key (bounded: the keys
        hold lengths, many on hostile text)."""
        if len(self._shared) >= _CACHE_MAX:
            self._shared.clear()
        self._shared[key] = shape
        return shape

    def _reading(self, word: str) -> tuple:
        """A word on its own: (types, entries, whether it starts a multi-word form)."""
        hit = self._single.get(word)
        if hit is None:
            first = word.lower()
            if first not in self.lexicon.words:  # most words: no entry, no multi-word form
                c = word[0]
                hit = _NUM_READ if c.isdigit() else _NAME_READ if c.isupper() else _WORD_READ
                if len(self._single) < _CACHE_MAX:
                    self._single[word] = hit
                return hit
            entries = self.lexicon.get((first,), word)
            if len(entries) == 1:  # most words: no generator to build
                types = (entries[0].terminal,)
            elif entries:
                types = tuple(dict.fromkeys(en.terminal for en in entries))
            else:
                c = word[0]
                types = _NUM if c.isdigit() else _NAME if c.isupper() else _WORD
            hit = (types, tuple(entries), first in self._multi)
            if len(self._single) < _CACHE_MAX:
                self._single[word] = hit
        return hit

    def _forms(self, text: str, raw: list, nxt: int, chunks, out: Lexed, lead: Optional[dict] = None):
        """Terminals of raw terminals, longest lexicon form first, taking the
        next chunks (the next one starts at nxt) while a form may go on.
        ``lead``: raw[0] is a word already added alone, and this its trie node.
        Returns where the chunk after those taken starts, and the trie node
        of the last word when it may open a form with that chunk (its
        terminal is added alone: see _scan)."""
        out_types, out_starts, out_ends, out_entries = out.types, out.starts, out.ends, out.entries
        taken: list = []  # (raw index, chunk, start) of the chunks a walk took
        i = 0
        if lead is not None:
            i, form, nxt = self._longest_form(text, raw, 0, lead, chunks, nxt, taken)
            if form is not None:
                out.types[-1], out.ends[-1], out.entries[-1] = form[0], raw[i - 1][2], form[1]
            else:
                i = 1
        trie = self.lexicon.trie
        while i < len(raw):
            if taken and i == taken[-1][0]:
                # The last chunk taken, from its start: as _scan has it.
                _, chunk, s = taken.pop()
                hit = self._plain.get(chunk)
                if hit is not None:
                    out_types.append(hit[0])
                    out_starts.append(s)
                    out_ends.append(s + hit[3])
                    out_entries.append(hit[1])
                    return nxt, hit[2]
                _, tokens, node = self._shape(chunk)
                if tokens is not None:
                    for a, b, types, entries in tokens:
                        out_types.append(types)
                        out_starts.append(s + a)
                        out_ends.append(s + b)
                        out_entries.append(entries)
                    return nxt, node
            kind, a, b = raw[i]
            i += 1
            if kind != "W":
                out_types.append((kind,))
                out_starts.append(a)
                out_ends.append(b)
                out_entries.append(())
                continue
            word = text[a:b]
            types, entries, multi = self._reading(word)
            out_types.append(types)
            out_starts.append(a)
            out_ends.append(b)
            out_entries.append(entries)
            if not multi:
                continue
            node = trie[word.lower()]
            if i == len(raw):
                # the last word taken: the caller looks at the next chunk
                gap = text[b : nxt - 1]
                return nxt, (node if not gap or gap.isspace() else None)
            # Most first words of multi-word forms stand alone: walk the
            # trie only when the next word can continue one.
            if raw[i][0] == "W" and text[raw[i][1] : raw[i][2]].lower() in node:
                j, form, nxt = self._longest_form(text, raw, i - 1, node, chunks, nxt, taken)
                if form is not None:
                    out.types[-1], out.ends[-1], out.entries[-1] = form[0], raw[j - 1][2], form[1]
                    i = j
        return nxt, None

    def _longest_form(self, text: str, raw: list, i: int, node: dict, chunks, nxt: int, taken: list):
        """The longest lexicon form of two or more words starting at raw token
        i (whose trie node is ``node``), walked word by word through the
        lexicon's trie, taking the next chunks into ``raw`` (and ``taken``)
        as the walk needs them: (end, (types, entries), nxt), or (None, None,
        nxt). Case-sensitive forms must match as written."""
        found = []  # (end, key) of every form on the path
        k = i + 1
        while node is not None:
            if "" in node and k - i > 1:
                found.append((k, node[""]))
            while k >= len(raw):
                chunk = next(chunks, None)
                if chunk is None:
                    break
                taken.append((len(raw), chunk, nxt))
                raw.extend((kind, nxt + a, nxt + b) for kind, a, b in self._shape(chunk)[0])
                nxt += len(chunk) + 1
            if k >= len(raw) or raw[k][0] != "W":
                break
            gap = text[raw[k - 1][2] : raw[k][1]]
            if not gap or not gap.isspace():
                break
            node = node.get(text[raw[k][1] : raw[k][2]].lower())
            k += 1
        for end, key in reversed(found):
            reading = self._form_reading(key, text[raw[i][1] : raw[end - 1][2]])
            if reading is not None:
                return end, reading, nxt
        return None, None, nxt

    def _form_reading(self, key: tuple, surface: str) -> Optional[tuple]:
        """(types, entries) of a multi-word form as written, or None."""
        reading = self._forms_read.get(key)
        if reading is None:
            entries = self.lexicon.get(key, surface)
            if not entries:
                return None
            reading = (tuple(dict.fromkeys(en.terminal for en in entries)), tuple(entries))
            if not self.lexicon.case_sensitive(key):
                self._forms_read[key] = reading  # the same however it is written
        return reading
