"""The resolve stage: one canonical identity for every source.

- noun phrases become ``Source`` objects, classed by the terminals of their
  words: a person with role and affiliation (``juru bicara Kremlin Dmitry
  Peskov``), an outlet or organisation from the registry, a description
  (``media pemerintah Rusia``: country RU, state media), an unnamed group;
- registry names resolve by exact alias first, then by a guarded fuzzy match
  (``Resolver``);
- pronouns and elided subjects take the right earlier source (in the
  pipeline); short person names (``Peskov``, ``Kim``) take the fullest form
  the document uses, and near-identical spellings (``Kim Jon-un``) the most
  frequent one (``PersonNames``);
- a person's identity across documents is ``person:`` + ``normalise_name``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple

from lark import Token
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .model import Source, SourceKind, Span, evolve_source, source_of, span_of
from .parse import NP, Pronoun
from .registry import Entry, Registry

# Fuzzy matching (rapidfuzz). A name of FUZZY_MIN_LEN characters or more
# matches a registry name with the same first letter and number of words
# within one edit (two from FUZZY_LONG characters), a swap of adjacent letters
# counting as one (OSA distance); a shorter name only exactly, except an
# acronym with two adjacent letters swapped (KNCA -> KCNA). token_set_ratio is
# never used: it scores "Putin" against "Putin critic Navalny" at 100.
FUZZY_MIN_LEN = 6
FUZZY_LONG = 10
PERSON_FUZZY_MIN = 90
_CACHE_MAX = 100_000  # names kept in a Resolver's cache

# Two or more capitalised words. (The guard "(?<![\w\-])[A-Z]" is written as
# "[A-Z](?<![\w\-].)", the same test, so that the pattern opens with a
# character set, which the regex engine scans for fast. The quantifiers are
# possessive: giving back a letter or a space never lets the match go on, so
# they match the same and spare the engine its backtracking records.)
_CAP_WORDS = re.compile(r"[A-Z](?<![\w\-].)[\w'’\-]*+(?:[ \t\u00a0]++[A-Z][\w'’\-]*+)+")
_HEADLINE_MAX = 200  # characters: a longer line is body text


@functools.lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """The key of a person's identity across documents.

    Accents are dropped (NFKD), case folded, and hyphens, apostrophes, dots
    and runs of spaces become one space, so ``Kim Jong-un``, ``Kim Jong Un``
    and ``KIM JONG-UN`` are one key; a transliteration typo (``Kim Jon-un``)
    is not, and is joined within a document by ``PersonNames.canonical``.
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = re.sub(r"[\-‐‑–'’`.]", " ", s)
    return " ".join(s.split())


class Resolver:
    """Names to registry entries: exact alias first, then guarded fuzzy
    matching over candidates blocked by first letter and number of words.
    Lookups are cached."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._cache: Dict[str, Optional[Tuple[Entry, float, str]]] = {}
        self._blocks: Optional[Dict[Tuple[str, int], List[Tuple[str, int, Entry]]]] = None

    def _index(self) -> Dict[Tuple[str, int], List[Tuple[str, int, Entry]]]:
        """(first letter, number of words) -> [(casefolded name, its length, entry)], in registry order."""
        if self._blocks is None:
            self._blocks = {}
            for name, entry in self.registry.names():
                key = " ".join(name.casefold().split())
                if key:
                    self._blocks.setdefault((key[0], key.count(" ") + 1), []).append((key, len(key), entry))
        return self._blocks

    def outlet(self, name: str) -> Optional[Tuple[Entry, float, str]]:
        """(entry, score, method) for a name, or None. Method is ``alias``
        (exact, case-insensitive) or ``fuzzy``."""
        # cached by the name as written: the acronym rule depends on case
        written = " ".join(name.split())
        if written in self._cache:
            return self._cache[written]
        entry = self.registry.by_name(name)
        got = (entry, 100.0, "alias") if entry is not None else self._fuzzy(written, written.casefold())
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[written] = got
        return got

    def _fuzzy(self, name: str, key: str) -> Optional[Tuple[Entry, float, str]]:
        if not key:
            return None
        acronym = name.isupper() and " " not in name and 3 <= len(name) <= 6
        n = len(key)
        if n < FUZZY_MIN_LEN and not acronym:
            return None
        max_edits = 1 if n < FUZZY_LONG else 2
        slack = max(1, n // 5)
        best, best_score = None, 0.0
        # Only names with as many words can match (an acronym has one word,
        # and a candidate with a space never sorts like it).
        for cand, size, entry in self._index().get((key[0], len(key.split())), ()):
            if abs(size - n) > slack:
                continue
            if acronym:
                # one pair of adjacent letters swapped, nothing else
                if size == n and sorted(cand) == sorted(key) and OSA.distance(cand, key) == 1:
                    score = 100.0 * OSA.normalized_similarity(cand, key)
                    if score > best_score:
                        best, best_score = entry, score
                continue
            # edits, counting a swap of adjacent letters as one (Xinhau -> Xinhua)
            edits = OSA.distance(key, cand, score_cutoff=max_edits)
            if edits <= max_edits:
                score = 100.0 * (1 - edits / max(n, size))
                if score > best_score:
                    best, best_score = entry, score
        return (best, round(best_score, 1), "fuzzy") if best is not None else None

    def source(self, entry: Entry, mention: str, span: Span, descriptor=None, score=100.0, method="alias") -> Source:
        return source_of(
            kind=entry.source_kind, name=entry.name, mention=mention, span=span, descriptor=descriptor,
            identity=entry.id, score=score, method=method, country=entry.country,
            state_media=entry.state if entry.is_outlet else None,
        )


def _flag(tok: Token, name: str) -> Optional[str]:
    for e in getattr(tok, "entries", ()) or ():
        v = e.flag(name)
        if v:
            return v
    return None


def _join(text: str, toks: Sequence[Token]) -> Optional[str]:
    if not toks:
        return None
    return text[toks[0].start_pos : toks[-1].end_pos]


def _person(text, name_toks, head, mention, span) -> Source:
    """A person: the leading ROLE/OFFICE words are the role, the rest of the
    head the affiliation (``Wakil Menteri Luar Negeri`` / ``Korea Selatan``)."""
    k = 0
    while k < len(head) and head[k].type in ("ROLE", "OFFICE"):
        k += 1
    role, aff = head[:k], head[k:]
    name = _join(text, name_toks)
    return source_of(
        kind=SourceKind.PERSON, name=name, mention=mention, span=span,
        descriptor=_join(text, head), role=_join(text, role), affiliation=_join(text, aff),
        identity="person:" + normalise_name(name), method="name",
    )


def _description(toks, mention: str, kind: str) -> Tuple[Optional[str], Optional[bool], str]:
    """Country, state flag and identity of a described source (``media
    pemerintah Rusia``: RU, state media, ``desc:state-media:RU``)."""
    country = next((_flag(t, "country") for t in toks if t.type == "PLACE" and _flag(t, "country")), None)
    state = any(_flag(t, "state") for t in toks) or None
    what = "state-media" if state and kind == "outlet" else " ".join(
        t.value.casefold() for t in toks if t.type == "ORG_HEAD"
    ) or mention.casefold()
    return country, state, f"desc:{what}:{country or '?'}"


def source_from_np(text: str, nps: Sequence[NP], resolver: Resolver) -> Source:
    """A Source for one conjunct: an NP, or appositive NPs (``kantor berita
    Rusia, TASS``), classed by the terminals of its words."""
    toks = nps[0].tokens if len(nps) == 1 else [t for np in nps for t in np.tokens]
    start, end = toks[0].start_pos, toks[-1].end_pos
    span = span_of(start, end)
    mention = text[start:end]
    if len(nps) > 1:
        if all(t.type == "NAME" for t in nps[-1].tokens) and any(
            t.type in ("ROLE", "ANON_NOUN") for t in nps[0].tokens
        ):
            # "juru bicara Gugus Tugas Kabupaten Bekasi, Alamsyah": a person, named last
            return _person(text, nps[-1].tokens, [t for np in nps[:-1] for t in np.tokens], mention, span)
        if all(t.type == "NAME" for t in nps[0].tokens) and any(
            t.type in ("ROLE", "OFFICE") for np in nps[1:] for t in np.tokens
        ):
            # "Dmitry Peskov, the Kremlin's spokesman": a person, named first
            return _person(text, nps[0].tokens, [t for np in nps[1:] for t in np.tokens], mention, span)
        if nps[0].tokens[-1].type == "NAME" and any(
            t.type in ("ROLE", "OFFICE", "ANON_NOUN") for np in nps[1:] for t in np.tokens
        ):
            # "Dr. Amina Farah, the WHO's incident manager", "Dmitry Peskov, a
            # veteran diplomat": the person is the first NP
            first = source_from_np(text, nps[:1], resolver)
            if first.kind == SourceKind.PERSON:
                return first
    types = [t.type for t in toks]
    n = len(types)
    # juru bicara Kremlin Dmitry Peskov: a person; Kremlin is the affiliation
    if "KNOWN" in types and not ("ROLE" in types and types[-1] == "NAME"):
        tok = toks[n - 1 - types[::-1].index("KNOWN")]  # the last KNOWN
        entry = resolver.registry.get(_flag(tok, "id") or "")
        descriptor = _join(text, [t for t in toks if t is not tok and t.type != "DOMAIN"]) or None
        if entry is not None:
            return resolver.source(entry, mention, span, descriptor)
        return source_of(kind=SourceKind.OUTLET, name=tok.value, mention=mention, span=span, descriptor=descriptor)
    # A trailing run of capitalised words is a name: "juru bicara Kremlin Dmitry Peskov".
    k = n
    while k > 0 and types[k - 1] == "NAME":
        k -= 1
    if k == 0:
        # a name alone: a registry name, a typo of one, or a person
        got = resolver.outlet(mention)
        if got is not None:
            return resolver.source(got[0], mention, span, score=got[1], method=got[2])
        return _person(text, toks, toks[:0], mention, span)
    if "ROLE" in types[:k]:
        if k < n:
            return _person(text, toks[k:], toks[:k], mention, span)
        # A role alone ("kata Presiden") names a person by office.
        return source_of(kind=SourceKind.PERSON, name=mention, mention=mention, span=span, descriptor=mention,
                         role=mention, method="role")
    if "ANON_NOUN" in types and "ROLE" not in types:
        return source_of(kind=SourceKind.ANONYMOUS, name=mention, mention=mention, span=span, descriptor=mention)
    if "ORG_HEAD" in types:
        kind = _flag(toks[types.index("ORG_HEAD")], "kind") or "organization"
        if k < n:
            got = resolver.outlet(_join(text, toks[k:]))  # kantor berita XYZ
            if got is not None:
                return resolver.source(got[0], mention, span, descriptor=mention, score=got[1], method=got[2])
        country, state, identity = _description(toks, mention, kind)
        return source_of(kind=kind, name=mention, mention=mention, span=span, descriptor=mention,
                         country=country, state_media=state if kind == "outlet" else None,
                         identity=identity, method="description")
    if types.count("PLACE") == n:
        # A capital or country speaking as a government: "Moskow".
        country = _flag(toks[0], "country")
        return source_of(kind=SourceKind.ORGANIZATION, name=mention, mention=mention, span=span, country=country,
                         identity="place:" + normalise_name(mention), method="place")
    return source_of(kind=SourceKind.PERSON if k < n else SourceKind.ORGANIZATION, name=mention, mention=mention,
                     span=span)


def conjunct_sources(text: str, conjuncts: Sequence[Sequence[object]], resolver: Resolver) -> List[Optional[Source]]:
    """One Source per conjunct (None for a pronoun, resolved later).

    A conjunct of place names only joins the group before it:
    ``Para pejabat AS dan Korea Selatan`` is one source.
    """
    groups: Sequence[Sequence[object]] = conjuncts  # one conjunct (the common case): nothing to join
    if len(conjuncts) > 1:
        groups = []
        for conj in conjuncts:
            nps = [c for c in conj if isinstance(c, NP)]
            if groups and nps and all(t.type == "PLACE" for np in nps for t in np.tokens):
                prev = [c for c in groups[-1] if isinstance(c, NP)]
                if prev and any(t.type in ("ANON_NOUN", "ROLE", "ORG_HEAD") for np in prev for t in np.tokens):
                    merged = NP(tuple(t for np in prev for t in np.tokens) + tuple(t for np in nps for t in np.tokens))
                    groups[-1] = [merged]
                    continue
            groups.append(conj)
    out: List[Optional[Source]] = []
    for g in groups:
        nps = []
        for c in g:
            if isinstance(c, Pronoun):
                nps = None
                break
            if isinstance(c, NP):
                nps.append(c)
        out.append(None if nps is None else source_from_np(text, nps, resolver))
    return out


class PersonNames:
    """Full person names in one document, to expand short mentions."""

    def __init__(self, text: str, is_name_word):
        self.text = text
        self.is_name_word = is_name_word  # False for roles, places, function words
        self._cache: Dict[str, Optional[str]] = {}
        self._canonical: Dict[str, Optional[str]] = {}
        self._headlines: Dict[int, bool] = {}  # line start -> is a headline
        self._index: Dict[str, list] = {}  # word -> [(run of capitalised words, position)], as asked for
        self._lines: Dict[int, list] = {}  # line start -> its runs of capitalised words

    def full(self, short: str) -> Optional[str]:
        """The fullest name that contains ``short`` as a word: up to three
        capitalised words before it and two after, in a run of capitalised
        words outside headlines, less leading and trailing role or place
        words. The most frequent form wins; on a tie, the shorter."""
        if short in self._cache:
            return self._cache[short]
        found: Counter = Counter()
        for run, k in self._runs_with(short):
            words = run[max(0, k - 3) : k + 3]
            i = min(k, 3)
            while words and i > 0 and not self.is_name_word(words[0]):
                words.pop(0)
                i -= 1
            while len(words) > i + 1 and not self.is_name_word(words[-1]):
                words.pop()
            if len(words) > 1:
                found[" ".join(words)] += 1
        best = max(found.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] if found else None
        self._cache[short] = best
        return best

    def canonical(self, name: str) -> Optional[str]:
        """The most frequent spelling in the document of a full name, when
        this one is a near-identical variant (``Kim Jon-un`` for ``Kim
        Jong-un``): same first word, same number of words, fuzzy ratio of
        the normalised names at least PERSON_FUZZY_MIN."""
        if name in self._canonical:
            return self._canonical[name]
        self._canonical[name] = got = self._find_canonical(name)
        return got

    def _find_canonical(self, name: str) -> Optional[str]:
        words = name.split()
        if len(words) < 2 or self.text.count(name) > 1:
            return None  # a spelling the article repeats is its own
        key = normalise_name(name)
        n = len(key.split())
        found: Counter = Counter()
        for run, k in self._runs_with(words[0]):
            cand = " ".join(run[k : k + len(words)])
            ck = normalise_name(cand)
            if len(ck.split()) == n and fuzz.ratio(key, ck, score_cutoff=PERSON_FUZZY_MIN):
                found[cand] += 1
        if not found:
            return None
        best, count = max(found.items(), key=lambda kv: (kv[1], -len(kv[0])))
        return best if count > found.get(name, 0) else None

    def _runs_with(self, word: str) -> list:
        """Every run of two or more capitalised words outside headlines that
        has ``word`` as a word, with its position there, in text order. A run
        never spans a line, so only the lines where ``word`` occurs are
        scanned, each once per document."""
        got = self._index.get(word)
        if got is None:
            got = self._index[word] = []
            if word.split() != [word]:
                return got  # a run's words hold no space (nor line break)
            text = self.text
            i = text.find(word)
            while i >= 0:
                s = text.rfind("\n", 0, i) + 1
                e = text.find("\n", i)
                e = len(text) if e < 0 else e
                hits = [(run, k) for run in self._line_runs(s, e) if word in run for k, w in enumerate(run) if w == word]
                if hits and not self._in_headline(s, e):
                    got.extend(hits)
                i = text.find(word, e)
        return got

    def _line_runs(self, s: int, e: int) -> list:
        """The runs of capitalised words on the line text[s:e]: what one pass
        of _CAP_WORDS over the whole text finds there."""
        runs = self._lines.get(s)
        if runs is None:
            runs = [m.group().split() for m in _CAP_WORDS.finditer(self.text, s, e)]
            runs = self._lines[s] = [r for r in runs if len(r) > 1]
        return runs

    def _in_headline(self, s: int, e: int) -> bool:
        """Whether the line text[s:e] is title-case (a headline), whose
        capitals say nothing about names."""
        got = self._headlines.get(s)
        if got is None:
            got = False
            if e - s <= _HEADLINE_MAX:
                words = self.text[s:e].split()
                got = len(words) >= 4 and len([w for w in words if w[0].isupper()]) >= 0.7 * len(words)
            self._headlines[s] = got
        return got


def expand_person(src: Source, names: PersonNames) -> Source:
    """A person's fullest name in the document, and its identity."""
    if src.kind != SourceKind.PERSON or not src.name or src.method == "role":
        return src
    name = src.name.strip()
    full = names.full(name) if " " not in name else names.canonical(name)
    if full and full != name:
        return evolve_source(src, name=full, identity="person:" + normalise_name(full), method="document")
    if src.identity is None:
        return evolve_source(src, identity="person:" + normalise_name(name))
    return src


def as_pronoun(antecedent: Source, mention: str, span: Span) -> Source:
    """The antecedent's identity at a pronoun's mention."""
    return evolve_source(antecedent, mention=mention, span=span, method="pronoun")
