"""Claim clustering: the same claim, reported by several outlets in different
words, forms one cluster (``ClaimIndex``). Claims are read with the words of
their language (``lexis``: stop words, synonyms and clitics from
``grammars/<lang>/``); how it works is in ``docs/clustering.md``.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, Hashable, Iterable, Iterator, List, Optional, Tuple

from rapidfuzz import fuzz

from .language import default_language, grammars_dir
from .lexicon import read_list

__all__ = [
    "ClaimIndex", "normalise_claim", "analyse", "Analysis", "Lexis", "lexis",
    "NEAR", "CONTAINED", "PHRASE", "CONTAINED_SENTENCE",
]


def _read_rows(path: Path) -> Iterable[List[str]]:
    """The lines of a word list (``#`` comments and blank lines skipped),
    split at tabs; none when the file does not exist."""
    if not path.is_file():
        return []
    return [[c.strip() for c in line.split("\t")] for line in read_list(path)]


class Lexis:
    """A language's words for clustering, from ``grammars/<lang>/``.

    ``stopwords``: the words of ``stopwords.txt`` (language detection's list)
    without those of the ``-word`` lines of ``cluster_stopwords.txt``, with
    its other words; ``synonyms``: word -> the words it stands for
    (``cluster_synonyms.txt``, ``word<TAB>replacement``); ``clitics``:
    suffixes stripped from a word (``cluster_clitics.txt``), longest first.
    A missing file is an empty list.
    """

    __slots__ = ("lang", "stopwords", "synonyms", "clitics", "salt")

    def __init__(self, lang: str, stopwords=(), synonyms=None, clitics=()):
        self.lang = lang
        self.stopwords = frozenset(stopwords)
        self.synonyms: Dict[str, Tuple[str, ...]] = dict(synonyms or {})
        self.clitics: Tuple[str, ...] = tuple(sorted(set(clitics), key=len, reverse=True))
        self.salt = hash(lang)  # mixed into the shingles: claims of two languages never block together

    @classmethod
    def load(cls, lang: str, folder: Optional[Path] = None) -> "Lexis":
        folder = Path(folder) if folder is not None else grammars_dir() / lang
        stop = {row[0].lower() for row in _read_rows(folder / _STOPWORDS)}
        extra = [row[0].lower() for row in _read_rows(folder / _CLUSTER_STOPWORDS)]
        stop -= {w[1:] for w in extra if w.startswith(_KEEP)}
        stop |= {w for w in extra if not w.startswith(_KEEP)}
        synonyms: Dict[str, Tuple[str, ...]] = {}
        for row in _read_rows(folder / _SYNONYMS):
            if len(row) != 2 or not row[0] or not row[1]:
                raise ValueError(f"{folder / _SYNONYMS}: expected 'word<TAB>replacement', got {row!r}")
            synonyms[row[0].lower()] = tuple(row[1].lower().split())
        clitics = [row[0].lower() for row in _read_rows(folder / _CLITICS)]
        return cls(lang, stop, synonyms, clitics)

    def word(self, part: str) -> Tuple[str, ...]:
        """The words one written word stands for: its synonym, else the word
        without its clitic (or that word's synonym), else the word."""
        low = part.lower()
        syn = self.synonyms
        rep = syn.get(low)
        if rep is not None:
            return rep
        for clitic in self.clitics:
            if len(low) >= len(clitic) + _MIN_STEM and low.endswith(clitic):
                low = low[: -len(clitic)]
                rep = syn.get(low)
                if rep is not None:
                    return rep
                break
        return (low,)

    def __repr__(self) -> str:
        return (f"Lexis({self.lang!r}: {len(self.stopwords)} stop words, "
                f"{len(self.synonyms)} synonyms, clitics {list(self.clitics)})")


_STOPWORDS = "stopwords.txt"  # language detection's list (attrib.language.stopwords)
_CLUSTER_STOPWORDS = "cluster_stopwords.txt"
_SYNONYMS = "cluster_synonyms.txt"
_CLITICS = "cluster_clitics.txt"
_KEEP = "-"  # a line "-word" of cluster_stopwords.txt: a word of stopwords.txt that clustering keeps
_MIN_STEM = 3  # letters a word keeps when its clitic is stripped
_LEXIS: Dict[str, Lexis] = {}


def lexis(lang: str) -> Lexis:
    """The clustering words of language ``lang`` (loaded once per language)."""
    found = _LEXIS.get(lang)
    if found is None:
        found = _LEXIS[lang] = Lexis.load(lang)
    return found

# --- normalisation -----------------------------------------------------------

# Hyphen and dash look-alikes that NFKC leaves alone; all become "-".
_HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"), "-")
_HYPHENS[0x00AD] = None  # soft hyphen: invisible, dropped
# Quotation marks (straight, curly, low, angle, primes); an apostrophe inside a word is dropped.
_QUOTES = "\"'`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2032\u2033\u301d\u301e"
_INWORD_APOSTROPHE = re.compile(r"(?<=\w)['\u2019`\u00b4](?=\w)")
_QUOTE_RE = re.compile("[" + re.escape(_QUOTES) + "]")
_DIGIT_SEP = re.compile(r"(?<=\d)[.,](?=\d)")
_LONE_HYPHEN = re.compile(r"(?<![^\W_])-|-(?![^\W_])")  # a "-" not between two letters/digits
_PUNCT = re.compile(r"[^\w\-]|_")
_SPACES = re.compile(r"\s+")
# Combining marks that NFKC could not compose onto a letter ("i" + U+0307 from "İ".lower()).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _normalise(text: str, lower: bool = False) -> str:
    s = unicodedata.normalize("NFKC", text)
    if lower:
        s = s.lower()
    s = _COMBINING.sub("", s.translate(_HYPHENS))
    s = _INWORD_APOSTROPHE.sub("", s)
    s = _QUOTE_RE.sub(" ", s)
    s = _DIGIT_SEP.sub("", s)
    s = _PUNCT.sub(" ", s)
    s = _LONE_HYPHEN.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


def normalise_claim(text: str) -> str:
    """The comparable form of a claim.

    * Unicode NFKC (full-width letters, ligatures, no-break spaces become plain);
    * lower case; combining marks left over (that NFKC could not compose) are dropped;
    * every hyphen or dash look-alike (‐ ‑ ‒ – — ― −, full-width -) becomes "-";
      a "-" is kept only between two letters or digits ("rusia-korut"), a dash
      standing between words is dropped; soft hyphens are dropped;
    * quotation marks of every kind are dropped (an apostrophe inside a word,
      "Jum'at", is removed: "jumat");
    * a "." or "," between digits is dropped ("8.000" -> "8000");
    * all other punctuation and symbols become spaces;
    * runs of white space become one space, and the ends are stripped.

    >>> normalise_claim("  “Kremlin mengaku — belum ada perjanjian,” kata TASS. ")
    'kremlin mengaku belum ada perjanjian kata tass'
    >>> normalise_claim("Rusia\u2011Korut ‘menghadiahi’ Kim 8.000 km")
    'rusia-korut menghadiahi kim 8000 km'
    """
    if not isinstance(text, str):
        raise TypeError(f"normalise_claim() expects str, got {type(text).__name__}")
    return _normalise(text, lower=True)


# --- analysis ----------------------------------------------------------------


class Analysis:
    """A claim read for clustering (what the index keeps of a representative).

    ``canon``: the normalised words after synonyms and clitic stripping, stop
    words kept; ``content``: the same without stop words; ``common``: how many
    content words are common words (not names, not numbers); ``phrase``:
    hashes of the content 2-grams that hold at least one common word, the low
    bit set when both are common; ``shingles``: hashes used for blocking (all
    content 2-grams and the whole ``canon``, hashed with the language);
    ``doc``: the document, or None; ``lang``: the language.
    """

    __slots__ = ("canon", "content", "common", "phrase", "shingles", "doc", "lang", "_pset", "_pos", "words")

    def __init__(self, canon: str, content: str, common: int, phrase, shingles, doc, pos=None, lang: Optional[str] = None):
        self.lang = lang
        self.canon = canon
        self.content = content
        self.common = common
        self.phrase = phrase
        self.shingles = shingles
        self.doc = doc
        self._pset = None
        # the place among the content 2-grams of each phrase hash, in the order of
        # ``phrase`` (an array: a dict of ints cost ~8 times more; dropped once indexed)
        if isinstance(pos, dict):
            pos = array("l", (pos[h] for h in phrase))
        self._pos = pos
        self.words = len(content.split())

    def phrase_set(self) -> frozenset:
        """``phrase`` as a set (built once, for a claim being matched)."""
        if self._pset is None:
            self._pset = frozenset(self.phrase)
        return self._pset

    def runs(self, shared) -> int:
        """How many separate stretches of this claim's wording the 2-grams
        ``shared`` form: "pembatasan sosial berskala besar" is one, however
        many 2-grams it holds."""
        pos = self._pos
        if pos is None:
            return len(shared)
        phrase = self.phrase
        places = set()
        for h in shared:
            i = bisect_left(phrase, h)
            if i < len(phrase) and phrase[i] == h:
                places.add(pos[i])
        return sum(1 for p in places if p - 1 not in places)

    def __repr__(self) -> str:
        return f"Analysis({self.canon!r}, doc={self.doc!r}, lang={self.lang!r})"


def _words(text: str, lex: Lexis) -> Tuple[List[Tuple[str, bool, bool]], bool]:
    """(word, is a name, is a stop word) for each word of ``text``, and whether
    the text is in Title Case (where every word counts as a name)."""
    raw = _normalise(text).split()
    parts: List[Tuple[str, bool]] = []  # (word, written with a capital)
    for tok in raw:
        if "-" in tok:
            pieces = [p for p in tok.split("-") if p]
            if len(pieces) > 1 and len({p.lower() for p in pieces}) == 1:
                pieces = pieces[:1]  # reduplication: senjata-senjata, oleh-oleh
            # One capital makes the whole compound a name: Komsomolsk-on-Amur, Jong-un, Geran-25.
            cap = any(p[0].isupper() for p in pieces)
            parts.extend((p, cap) for p in pieces)
        else:
            parts.append((tok, tok[0].isupper()))
    if not parts:
        return [], False
    long_alpha = [cap for p, cap in parts if len(p) >= 4 and p.isalpha()]
    title = bool(long_alpha) and sum(long_alpha) >= 0.9 * len(long_alpha)
    if title:
        # Title Case (a headline): capitals tell nothing. Every word is taken
        # for a name, so the text has no phrase 2-grams and matches only as
        # near or contained (analyse() still counts its words as common for
        # the guards of those rules).
        parts = [(p, True) for p, _ in parts]
    elif parts[0][1] and "-" not in raw[0]:
        # The first word has its capital as a sentence start; it is a name
        # only if a capitalised word follows it ("Kim Jong-un ...") or it is
        # written with a capital further on ("Putin ... Putin").
        first = parts[0][0].lower()
        named = (len(parts) > 1 and parts[1][1]) or any(c and p.lower() == first for p, c in parts[1:])
        parts[0] = (parts[0][0], bool(named))
    out: List[Tuple[str, bool, bool]] = []
    stopwords = lex.stopwords
    for part, cap in parts:
        if part.lower() in stopwords:
            out.append((part.lower(), False, True))
            continue
        for w in lex.word(part):
            out.append((w, cap or w.isdigit(), w in stopwords))
    return out, title


def analyse(text: str, doc=None, lang: Optional[str] = None) -> Analysis:
    """Read ``text``, in language ``lang``, into an ``Analysis`` (normalised words,
    content words, shingles)."""
    lex = lexis(lang or default_language())
    salt = lex.salt
    words, title = _words(text, lex)
    canon = " ".join(w for w, _, _ in words)
    content = [(w, name) for w, name, stop in words if not stop]
    cwords = [w for w, _ in content]
    shingles = {hash("\x00" + canon) ^ salt}
    phrase = set()
    pos = {}
    for i, ((a, na), (b, nb)) in enumerate(zip(content, content[1:])):
        h = hash(a + " " + b) ^ salt
        shingles.add(h)
        if not (na and nb):
            # The low bit tells a 2-gram of two common words (1) from one with a name (0).
            p = (h & ~1) | (0 if (na or nb) else 1)
            phrase.add(p)
            pos.setdefault(p, i)
    # In Title Case the capitals tell nothing: every content word counts as common.
    common = len(cwords) if title else sum(1 for _, name in content if not name)
    phrase = array("q", sorted(phrase))
    # arrays of 8-byte ints, not tuples of int objects: a pending sentence keeps
    # them until it is matched, and there are more sentences than claims
    return Analysis(canon, " ".join(cwords), common, phrase, array("q", shingles), doc,
                    array("l", (pos[h] for h in phrase)), lang)


# --- the index ---------------------------------------------------------------

_STOP = -1  # posting value of a shingle found too common to block on
NEAR, CONTAINED, PHRASE, CONTAINED_SENTENCE = "near", "contained", "phrase", "contained-sentence"
_NO_DOC = object()


def _doc_of_key(key):
    """The default document of a key: key[0] for a tuple of two or more items."""
    if isinstance(key, tuple) and len(key) >= 2:
        return key[0]
    return None


class ClaimIndex:
    """Clusters of claims that say the same thing.

    ``add(key, text, attributed=True)`` each claim (and, with
    ``attributed=False``, each sentence of an article that holds no
    attribution), then ``clusters()`` gives key -> cluster id for every key,
    ``members(cluster_id)`` the keys of a cluster, ``len(index)`` the number of
    keys. ``comparisons`` counts the pairs confirmed with rapidfuzz (see
    ``stats()``). Each claim is read with the words of its language
    (``add(..., lang=...)``, else the index's ``lang``); claims of two
    languages never match. The rules are in ``docs/clustering.md``; the
    options:

    lang: the language of claims added without ``lang=`` (a code of
        ``grammars/<lang>/``; default: ``attrib.language.default_language()``).

    near, contain, contain_unattributed: rapidfuzz scores (0-100) of the
        *near*, *contained* and unattributed-sentence rules.
    min_length_ratio: the length guard of *contained*; contain_gate: the share of
        the shorter claim's phrase 2-grams the longer must hold before
        partial_ratio is run (a cheap filter for the dearest scorer).
    min_phrase, phrase_fraction: the *phrase* rule.
    min_shared: shingles a candidate must share; max_postings: clusters a
        shingle may be held by before it is too common to block on;
        max_candidates, reps_per_candidate: the comparisons one claim may cost.
    rep_below: a claim matched with a *near* score at least this is not kept.
    window: how many of the latest keys may be matched (see
        ``docs/clustering.md``); None keeps everything.
    doc_of: key -> document (default: key[0] of a tuple key, else None).
    """

    def __init__(
        self,
        *,
        lang: Optional[str] = None,
        near: float = 85.0,
        contain: float = 90.0,
        min_length_ratio: float = 0.5,
        contain_gate: float = 0.4,
        contain_unattributed: float = 80.0,
        min_phrase: int = 3,
        phrase_fraction: float = 0.2,
        min_runs: int = 2,
        sentence_fraction: float = 0.5,
        min_words: int = 2,
        min_shared: int = 2,
        max_postings: int = 64,
        max_candidates: int = 8,
        reps_per_candidate: int = 3,
        rep_below: float = 95.0,
        window: Optional[int] = 200_000,
        doc_of: Optional[Callable[[Hashable], Hashable]] = _doc_of_key,
    ):
        if lang is None:
            lang = default_language()
        if not isinstance(lang, str) or not lang:
            raise ValueError(f"lang must be a language code, got {lang!r}")
        self.lang = lang
        self.near = near
        self.contain = contain
        self.min_length_ratio = min_length_ratio
        self.contain_gate = contain_gate
        self.contain_unattributed = contain_unattributed
        self.min_phrase = min_phrase
        self.phrase_fraction = phrase_fraction
        self.min_runs = min_runs
        self.sentence_fraction = sentence_fraction
        self.min_words = min_words
        self.min_shared = min_shared
        self.max_postings = max_postings
        self.max_candidates = max_candidates
        self.reps_per_candidate = reps_per_candidate
        self.rep_below = rep_below
        if window is not None and (not isinstance(window, int) or window < 2):
            raise ValueError(f"window must be an int of at least 2, or None; got {window!r}")
        self.window = window
        self.doc_of = doc_of or (lambda key: None)
        self._join_all = (NEAR, CONTAINED)

        self._keys: List[Hashable] = []
        self._index: Dict[Hashable, int] = {}
        self._parent = array("l")
        self._size = array("l")
        self._attributed = bytearray()
        self._reps: Dict[int, Analysis] = {}  # claim number -> what is kept of a representative
        self._post: Dict[int, object] = {}  # shingle -> rep (int), [reps], or _STOP
        self._reps_old: Dict[int, Analysis] = {}  # the older generation (see window)
        self._post_old: Dict[int, object] = {}
        self._gen_start = 0  # the first key number of the newer generation
        self._expired: List[Hashable] = []  # unattributed sentences settled as singletons
        self._pending: Dict[int, Analysis] = {}  # unattributed sentences not yet matched
        self._target: Dict[int, int] = {}  # unattributed sentence -> the representative it joined
        self._cache: Optional[Tuple[Dict[Hashable, int], Dict[int, List[Hashable]]]] = None
        self.comparisons = 0  # pairs confirmed with rapidfuzz
        self.stopped = 0  # shingles dropped as too common

    # --- public ----------------------------------------------------------
    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: Hashable, text: str, attributed: bool = True, *, doc=_NO_DOC, lang: Optional[str] = None) -> None:
        """Add one claim (``attributed=True``) or one sentence without
        attribution, in language ``lang`` (default: the index's)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        if lang is None:
            lang = self.lang
        elif not isinstance(lang, str) or not lang:
            raise ValueError(f"lang must be a language code, got {lang!r}")
        if key in self._index:
            raise ValueError(f"key {key!r} was already added")
        n = len(self._keys)
        self._keys.append(key)
        self._index[key] = n
        self._parent.append(n)
        self._size.append(1)
        self._attributed.append(1 if attributed else 0)
        self._cache = None
        claim = analyse(text, self.doc_of(key) if doc is _NO_DOC else doc, lang)
        if attributed:
            self._add_attributed(n, claim)
        else:
            self._pending[n] = claim
        if self.window is not None and n + 1 - self._gen_start >= self.window // 2:
            self._rotate(n + 1)

    def clusters(self) -> Dict[Hashable, int]:
        """key -> cluster id, for every key added. Ids are 0, 1, 2, ... in the
        order of each cluster's first key; an unattributed sentence that
        matched no attributed claim has an id of its own."""
        return dict(self._build()[0])

    def members(self, cluster_id: int) -> List[Hashable]:
        """The keys of one cluster, in the order they were added."""
        return list(self._build()[1].get(cluster_id, ()))

    def expired(self) -> Iterator[Hashable]:
        """Keys of unattributed sentences that fell out of the window
        unmatched (singletons for good), each yielded once."""
        out, self._expired = self._expired, []
        return iter(out)

    def stats(self) -> Dict[str, int]:
        return {
            "claims": len(self._keys),
            "representatives": len(self._reps) + len(self._reps_old),
            "shingles": len(self._post) + len(self._post_old),
            "stopped_shingles": self.stopped,
            "comparisons": self.comparisons,
        }

    def compare(self, a: Analysis, b: Analysis, sentence: bool = False) -> Tuple[Optional[str], float]:
        """Confirm one pair: (rule that matched or None, score). ``sentence``: ``a``
        is an unattributed sentence and ``b`` an attributed claim. Claims of two
        languages never match."""
        self.comparisons += 1
        if a.words < self.min_words or b.words < self.min_words:
            return None, 0.0  # a lone connective or adverb: no claim to speak of
        if a.lang != b.lang:
            return None, 0.0
        near = fuzz.ratio(a.canon, b.canon, score_cutoff=self.near)
        if not near and a.common >= 3 and b.common >= 3:
            near = fuzz.token_sort_ratio(a.content, b.content, score_cutoff=self.near)
        if near:
            return NEAR, near
        if a.doc is not None and a.doc == b.doc:
            return None, 0.0
        shared = a.phrase_set().intersection(b.phrase)
        s, l = (a, b) if len(a.canon) <= len(b.canon) else (b, a)
        # partial_ratio is the dearest scorer: run it only where the shorter text
        # shares enough of its wording to be (nearly) inside the longer one.
        if (
            s.common >= 3
            and len(s.canon) >= self.min_length_ratio * len(l.canon)
            and len(shared) >= self.contain_gate * len(s.phrase)
        ):
            score = fuzz.partial_ratio(s.canon, l.canon, score_cutoff=self.contain)
            if score:
                return CONTAINED, score
        if (
            sentence
            and a.common >= 3
            and len(a.content) <= len(b.content)
            and len(shared) >= self.sentence_fraction * len(a.phrase)
            and a.runs(shared) >= self.min_runs
        ):
            score = fuzz.partial_ratio(a.content, b.content, score_cutoff=self.contain_unattributed)
            if score:
                return CONTAINED_SENTENCE, score
        need = self.min_phrase + 1 if sentence else self.min_phrase  # a sentence brings no source: more wording
        if (
            len(shared) >= need
            and sum(h & 1 for h in shared) >= self.min_phrase - 1
            and len(shared) >= self.phrase_fraction * min(len(a.phrase), len(b.phrase))
            and a.runs(shared) >= self.min_runs
            and any(not h & 1 for h in shared)  # anchored: a name or a number is shared with its word
        ):
            return PHRASE, 100.0 * len(shared) / min(len(a.phrase), len(b.phrase))
        return None, 0.0

    # --- union-find ------------------------------------------------------
    def _find(self, x: int) -> int:
        p = self._parent
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def _union(self, a: int, b: int) -> int:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return ra
        size = self._size
        if size[ra] < size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        size[ra] += size[rb]
        return ra

    # --- blocking --------------------------------------------------------
    def _candidates(self, claim: Analysis) -> List[Tuple[int, List[int]]]:
        """Clusters sharing at least ``min_shared`` shingles with ``claim``:
        [(root, representatives to confirm against)], best first."""
        hits: List[int] = []
        for post in (self._post, self._post_old):
            if not post:
                continue
            for s in claim.shingles:
                pl = post.get(s)
                if pl is None or pl is _STOP:
                    continue
                if type(pl) is int:
                    hits.append(pl)
                else:
                    hits.extend(pl)
        if not hits:
            return []
        need = self.min_shared if len(claim.shingles) > self.min_shared + 1 else 1
        find = self._find
        parent, size = self._parent, self._size
        roots: Dict[int, List] = {}
        for r, c in Counter(hits).items():
            if parent[r] == r:
                if c < need and size[r] == 1:
                    continue  # a cluster of one that shares too little: not a candidate
                root = r
            else:
                root = find(r)
            entry = roots.get(root)
            if entry is None:
                roots[root] = [c, [(c, r)]]
            else:
                entry[0] += c
                entry[1].append((c, r))
        ranked = sorted(((e[0], root, e[1]) for root, e in roots.items() if e[0] >= need), reverse=True)
        out = []
        for _, root, reps in ranked[: self.max_candidates]:
            reps.sort(reverse=True)
            out.append((root, [r for _, r in reps[: self.reps_per_candidate]]))
        return out

    def _matches(self, claim: Analysis, sentence: bool = False) -> List[Tuple[int, str, float, int]]:
        """[(root, rule, score, rep)] for each candidate cluster that confirms."""
        out = []
        for root, reps in self._candidates(claim):
            best = None
            for r in reps:
                rep = self._reps.get(r)
                rule, score = self.compare(claim, rep if rep is not None else self._reps_old[r], sentence)
                if rule is not None and (best is None or score > best[1]):
                    best = (rule, score, r)
                    if rule == NEAR and score >= self.rep_below:
                        break
            if best is not None:
                out.append((root, best[0], best[1], best[2]))
        return out

    def _add_attributed(self, n: int, claim: Analysis) -> None:
        matches = self._matches(claim)
        strong = [m for m in matches if m[1] in self._join_all]
        if strong:
            chosen = strong
        elif matches:
            chosen = [max(matches, key=lambda m: m[2])]
        else:
            chosen = []
        for m in chosen:
            self._union(n, m[0])
        best = max((m[2] for m in matches if m[1] == NEAR), default=0.0)
        if best >= self.rep_below:
            return  # a near-verbatim repeat: nothing to keep
        self._index_rep(n, claim)

    def _index_rep(self, n: int, claim: Analysis) -> None:
        post = self._post
        root = self._find(n)
        find = self._find
        added = False
        for s in claim.shingles:
            pl = post.get(s)
            if pl is None:
                post[s] = n
                added = True
            elif pl is _STOP:
                continue
            elif type(pl) is int:
                if pl != n and find(pl) != root:
                    post[s] = [pl, n]
                    added = True
            else:
                for r in pl:
                    if find(r) == root:
                        break
                else:
                    if len(pl) >= self.max_postings:
                        post[s] = _STOP
                        self.stopped += 1
                    else:
                        pl.append(n)
                        added = True
        if added:
            claim.shingles = ()  # indexed: the postings hold them now
            claim._pset = None
            claim._pos = None
            self._reps[n] = claim

    def _rotate(self, start: int) -> None:
        """Drop the older generation; the newer one becomes the older."""
        self._resolve_pending(before=self._gen_start)
        for n in [n for n in self._pending if n < self._gen_start]:
            del self._pending[n]
            self._expired.append(self._keys[n])
        self._reps_old, self._post_old = self._reps, self._post
        self._reps, self._post = {}, {}
        self._gen_start = start

    # --- clusters --------------------------------------------------------
    def _resolve_pending(self, before: Optional[int] = None) -> None:
        """Match the pending sentences (those added before key number
        ``before``, when given) with the attributed claims."""
        done = []
        for n, claim in self._pending.items():
            if before is not None and n >= before:
                continue
            matches = self._matches(claim, sentence=True)
            if matches:
                self._target[n] = max(matches, key=lambda m: (m[1] == NEAR, m[2]))[3]
                done.append(n)
        for n in done:
            del self._pending[n]

    def _build(self):
        if self._cache is not None:
            return self._cache
        self._resolve_pending()
        find = self._find
        ids: Dict[int, int] = {}
        mapping: Dict[Hashable, int] = {}
        members: Dict[int, List[Hashable]] = {}
        attributed = self._attributed
        target = self._target
        for n, key in enumerate(self._keys):
            if attributed[n]:
                root = find(n)
            elif n in target:
                root = find(target[n])
            else:
                root = -1 - n  # a singleton of its own
            cid = ids.get(root)
            if cid is None:
                cid = ids[root] = len(ids)
                members[cid] = []
            mapping[key] = cid
            members[cid].append(key)
        self._cache = (mapping, members)
        return self._cache
