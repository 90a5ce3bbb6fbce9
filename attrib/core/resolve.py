"""The resolve stage: who each claim comes from, with one identity per source.

- noun phrases become ``Source`` objects, classed by the terminals of their
  words (``source_from_np``); registry names resolve by exact alias, then by
  a guarded fuzzy match (``Resolver``);
- the document's discourse state (``Discourse``) gives pronouns and elided
  subjects their earlier source; short person names take the fullest form
  the document uses (``PersonNames``);
- the publisher comes from the caller, the url or the dateline;
- a person's identity across documents is ``person:`` + ``normalise_name``.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from typing import Dict, List, Optional, Sequence, Tuple

from attrs import define
from lark import Token
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ..contract import (
    ANON_DET, ANON_NOUN, COMMA, COUNTRY_FLAG, DOMAIN, ID_FLAG, KIND_FLAG, KNOWN, LPAR, NAME, OFFICE, ORG_HEAD, PERSON_FLAG,
    BY, OF, PLACE, PRON_FLAG, PRONOUN_SUFFIX, RANK, ROLE, RPAR, STATE_FLAG, WORD,
)
from ..contract import NP as NP_RULE
from ..model import Source, SourceKind, Span, evolve_source, source_of, span_of
from ..registry import RegistryEntry, Registry
from .candidates import SUBJECT_REACH
from .content import Claim, cites
from .frames import Framed, UnitTokens
from .parse import NP, PASSIVE, POST, PRE, VERB, Anaphor, Frame, InwardHop, Pronoun
from .segment import Segments

_NAME_TERMINALS = (NAME, KNOWN)

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



def cap_words(capital: str) -> re.Pattern:
    r"""Two or more capitalised words (``capital``: a regex class body).
    (The guard "(?<![\w\-])[A-Z]" is written as "[A-Z](?<![\w\-].)", the
    same test, so that the pattern opens with a character set, which the
    regex engine scans for fast. The quantifiers are possessive: giving back
    a letter or a space never lets the match go on, so they match the same
    and spare the engine its backtracking records.)"""
    return re.compile(rf"[{capital}](?<![\w\-].)[\w'’\-]*+(?:[ \t\u00a0]++[{capital}][\w'’\-]*+)+")


_HEADLINE_MAX = 200  # characters: a longer line is body text
_LOOKED_UP = 16  # words whose runs are searched for before all are indexed (see PersonNames._runs_with)
_GROUP = re.Match.group
# Characters beyond ASCII of the same class as an ASCII one for cap_words
# (see _ascii_shape): a typographic apostrophe, a no-break space, and marks
# that no run holds.
_AS_ASCII = (("\u2019", "'"), ("\u00a0", " "), ("\u2018", "!"), ("\u201c", "!"), ("\u201d", "!"),
             ("\u2013", "!"), ("\u2014", "!"), ("\u2026", "!"))


def _ascii_shape(cap_words: re.Pattern) -> Optional[Tuple[bytes, bytes, re.Pattern]]:
    """_find_ascii_shape, kept by the pattern's identity (hashing a pattern
    hashes its compiled code, long for a class of every capital)."""
    got = _SHAPES.get(id(cap_words))
    if got is None or got[0] is not cap_words:
        if len(_SHAPES) >= 8:
            _SHAPES.clear()
        got = _SHAPES[id(cap_words)] = (cap_words, _find_ascii_shape(cap_words))
    return got[1]


_SHAPES: Dict[int, tuple] = {}


def _find_ascii_shape(cap_words: re.Pattern) -> Optional[Tuple[bytes, bytes, re.Pattern]]:
    """For a ``cap_words`` pattern whose capitals among ASCII characters
    are A to Z: tables of ASCII bytes to their class (1 a capital, 2
    another word character, 3 an apostrophe, 4 a hyphen, a space for a
    space or tab, . anything else; the second table has 9 for "?", which
    stands for a character beyond ASCII), and the pattern of cap_words over
    such shapes. (In ASCII, \\w is [A-Za-z0-9_].) None for other capitals."""
    capitals = [chr(c) for c in range(128) if cap_words.fullmatch(f"{chr(c)} {chr(c)}")]
    if "".join(capitals) != "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        return None
    table = bytearray(b"." * 256)
    for c in range(128):
        ch = chr(c)
        if ch in capitals:
            table[c] = ord("1")
        elif ch.isalnum() or ch == "_":
            table[c] = ord("2")
    table[ord("'")], table[ord("-")], table[ord(" ")], table[ord("\t")] = ord("3"), ord("4"), ord(" "), ord(" ")
    unknown = bytearray(table)
    unknown[ord("?")] = ord("9")
    # (the outer repetition possessive too: nothing follows it to give back
    # to, and the engine keeps no record per attempt)
    return bytes(table), bytes(unknown), re.compile(rb"1(?<![124].)[1234]*+(?: ++1[1234]*+)++")


@functools.lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """The key of a person's identity across documents.

    Accents are dropped (NFKD), case folded, and hyphens, apostrophes, dots
    and runs of spaces become one space, so ``Kim Jong-un``, ``Kim Jong Un``
    and ``KIM JONG-UN`` are one key; a transliteration typo (``Kim Jon-un``)
    is not, and is joined within a document by ``PersonNames.canonical``.
    """
    if name.isascii():  # (NFKD leaves ASCII as it is)
        s = name.casefold()
    else:
        s = unicodedata.normalize("NFKD", name)
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    return " ".join(s.translate(_NAME_MARKS).split())


_NAME_MARKS = str.maketrans(dict.fromkeys("-‐‑–'’`.", " "))


_SHORT_ACRONYM = 3  # letters: an acronym this short is also a given name when written Ani, Ina


def _short_acronym_only(entry: RegistryEntry, written: str) -> bool:
    """Whether every name of the entry that matches ``written`` (in any case)
    is a short acronym (ANI, AP)."""
    key = written.casefold()
    names = [n for n in entry.names() if n.casefold() == key]
    return bool(names) and all(n.isupper() and len(n) <= _SHORT_ACRONYM for n in names)


class Resolver:
    """Names to registry entries: exact alias first, then guarded fuzzy
    matching over candidates blocked by first letter and number of words.
    Lookups are cached."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._cache: Dict[str, Optional[Tuple[RegistryEntry, float, str]]] = {}
        self._blocks: Optional[Dict[Tuple[str, int], List[Tuple[str, int, RegistryEntry]]]] = None

    def index(self) -> Dict[Tuple[str, int], List[Tuple[str, int, RegistryEntry]]]:
        """(first letter, number of words) -> [(casefolded name, its length, entry)], in registry order."""
        if self._blocks is None:
            self._blocks = {}
            for name, entry in self.registry.names():
                key = " ".join(name.casefold().split())
                if key:
                    self._blocks.setdefault((key[0], key.count(" ") + 1), []).append((key, len(key), entry))
        return self._blocks

    def outlet(self, name: str) -> Optional[Tuple[RegistryEntry, float, str]]:
        """(entry, score, method) for a name, or None. Method is ``alias``
        (exact, case-insensitive) or ``fuzzy``."""
        # cached by the name as written: the acronym rule depends on case
        written = " ".join(name.split())
        if written in self._cache:
            return self._cache[written]
        entry = self.registry.by_name(name)
        if entry is not None and written.istitle() and _short_acronym_only(entry, written):
            entry = None  # a given name spelled like a short acronym: Ani is not ANI
        got = (entry, 100.0, "alias") if entry is not None else self._fuzzy(written, written.casefold())
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[written] = got
        return got

    def _fuzzy(self, name: str, key: str) -> Optional[Tuple[RegistryEntry, float, str]]:
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
        for cand, size, entry in self.index().get((key[0], len(key.split())), ()):
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

    def source(self, entry: RegistryEntry, mention: str, span: Span, descriptor=None, score=100.0, method="alias") -> Source:
        return entry_source(entry, method, mention, span, descriptor, score)


def entry_source(entry: RegistryEntry, method: str, mention: Optional[str] = None, span: Optional[Span] = None,
                 descriptor: Optional[str] = None, score: float = 100.0) -> Source:
    """The Source a registry entry names."""
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


_RANK_WORDS = (RANK, LPAR, RPAR)  # a rank or honorific, with its parenthesised service: Brigjen (Pol)
_TITLE_WORDS = (ROLE, RANK)  # words that make an NP with a name at its end a titled person


def _person(text, name_toks, head, mention, span) -> Source:
    """A person: the leading ROLE/OFFICE words of the head are the role, the
    rest the affiliation (``Wakil Menteri Luar Negeri`` / ``Korea Selatan``),
    less the ranks and honorifics at its ends (``Kapolres Metro Jakarta
    Selatan Kombes``: role ``Kapolres``, affiliation ``Metro Jakarta
    Selatan``). With no role, the rank is the role (``Brigjen (Pol)``)."""
    if not head:  # a name alone: no descriptor, role nor affiliation
        name = _join(text, name_toks)
        return source_of(kind=SourceKind.PERSON, name=name, mention=mention, span=span,
                         identity="person:" + normalise_name(name), method="name")
    k = 0
    while k < len(head) and head[k].type in (ROLE, OFFICE):
        k += 1
    role, rest = head[:k], head[k:]
    i, e = 0, len(rest)
    while i < e and rest[i].type in _RANK_WORDS:
        i += 1
    while e > i and rest[e - 1].type in _RANK_WORDS:
        e -= 1
    aff = rest[i:e]
    if not role:
        role = rest[:i] or rest[e:]
    name = _join(text, name_toks)
    return source_of(
        kind=SourceKind.PERSON, name=name, mention=mention, span=span,
        descriptor=_join(text, head), role=_join(text, role), affiliation=_join(text, aff),
        identity="person:" + normalise_name(name), method="name",
    )


def _acronym(tok) -> bool:
    """A word in capitals (KPU, TNI): an organisation's abbreviation."""
    v = tok.value
    return len(v) >= 2 and v.isalpha() and v.isupper()


def _name_start(toks: Sequence[Token], k: int) -> int:
    """Where the person's name starts in the trailing run ``toks[k:]`` of
    capitalised words after a title: after the first word when the run
    follows an organisation head (``Ketua Umum Partai Golkar Bahlil
    Lahadalia``: Golkar is the party), and after the last acronym that more
    words follow (``Komisioner KPU RI Betty Idroos``). ``len(toks)`` when the
    run is all the organisation's (``Politikus Partai Gerindra``)."""
    n = len(toks)
    if 0 < k < n and toks[k - 1].type == ORG_HEAD:
        k += 1
    for j in range(n - 2, k - 1, -1):
        if _acronym(toks[j]):
            return j + 1
    if k == n - 1 and _acronym(toks[k]):
        return n  # Waketum PAN, Kepala BNPB: the body, not a name
    return k


def _ranked_name(toks: Sequence[Token]) -> Optional[int]:
    """Where the name starts in ranks or honorifics and then names only
    (``Kombes Rizki Agung``: 1; ``Rizki Agung``: 0), else None."""
    i, n = 0, len(toks)
    while i < n and toks[i].type in _RANK_WORDS:
        i += 1
    if i < n and all(t.type == NAME for t in toks[i:]):
        return i
    return None


def _description(toks, mention: str, kind: str) -> Tuple[Optional[str], Optional[bool], str]:
    """Country, state flag and identity of a described source (``media
    pemerintah Rusia``: RU, state media, ``desc:state-media:RU``)."""
    country = next((_flag(t, COUNTRY_FLAG) for t in toks if t.type == PLACE and _flag(t, COUNTRY_FLAG)), None)
    state = any(_flag(t, STATE_FLAG) for t in toks) or None
    what = "state-media" if state and kind == "outlet" else " ".join(
        t.value.casefold() for t in toks if t.type == ORG_HEAD
    ) or mention.casefold()
    return country, state, f"desc:{what}:{country or '?'}"


# Words that describe one person in an anaphor: a role or rank (Juru bicara
# itu, Jenderal bintang dua itu). An unnamed person described by what they are
# (pejabat AS tersebut, warga itu) keeps the description: such a person was
# most often unnamed before too.
_PERSON_HEADS = (ROLE, RANK)


def anaphor_source(text: str, a: Anaphor, resolver: Resolver) -> Optional[Source]:
    """What a noun phrase closed by a demonstrative names: None when it
    refers back to a person named before, like a pronoun (``Juru bicara
    itu``, ``Politikus Partai Gerindra ini``, ``Jenderal bintang dua itu``:
    one person described by a role or a rank, with no name of their own);
    else what it describes: the Source of its noun phrase
    (``Presiden Prabowo ini``, ``Kementerian itu``, ``Para pengunjuk rasa
    tersebut``), or the whole phrase when plain words follow the noun phrase
    (``Hasil survei itu``)."""
    if a.np is None:
        return None
    types = [t.type for t in a.np.tokens]
    person = ANON_DET not in types and any(t in _PERSON_HEADS for t in types)
    src = source_from_np(text, [a.np], resolver)
    if person and not (src.kind == SourceKind.PERSON and src.method == "name"):
        return None
    if a.plain and not person:
        span = a.span
        mention = text[span.start : span.end]
        return source_of(kind=SourceKind.ORGANIZATION, name=mention, mention=mention, span=span, descriptor=mention)
    return src


def unresolved_anaphor(text: str, f: Frame, s: Source, resolver: Resolver) -> Source:
    """An anaphor's own description when nobody named before is what it
    refers to (``Politikus Partai Gerindra ini`` opening an article)."""
    for conj in f.sources:
        for c in conj:
            if isinstance(c, Anaphor) and c.np is not None:
                return source_from_np(text, [c.np], resolver)
    return s


def _described(a: Anaphor) -> bool:
    """Whether an anaphor describes something other than a person in plain
    words (``Menyoroti hal ini``): no appositive of a source."""
    return a.np is None or a.plain and not any(t.type in _PERSON_HEADS for t in a.np.tokens)


def source_from_np(text: str, nps: Sequence[NP], resolver: Resolver) -> Source:
    """A Source for one conjunct: an NP, or appositive NPs (``kantor berita
    Rusia, TASS``), classed by the terminals of its words. (An anaphor that
    refers back is no source of its own: read as a unit's subject, it is
    unspecified.)"""
    if not (len(nps) == 1 and type(nps[0]) is NP) and any(isinstance(np, Anaphor) for np in nps):
        if len(nps) == 1:
            got = anaphor_source(text, nps[0], resolver)
            return got if got is not None else source_of(kind=SourceKind.UNSPECIFIED, method="anaphor")
        # appositives ("Menyoroti hal ini, Gubernur X, Budi,"): an anaphor
        # there is read as its noun phrase, or left out when it describes
        # something else in plain words
        nps = [np.np if isinstance(np, Anaphor) else np for np in nps
               if not (isinstance(np, Anaphor) and _described(np))]
        if not nps:
            return source_of(kind=SourceKind.UNSPECIFIED, method="anaphor")
    toks = nps[0].tokens if len(nps) == 1 else [t for np in nps for t in np.tokens]
    start, end = toks[0].start_pos, toks[-1].end_pos
    span = span_of(start, end)
    mention = text[start:end]
    if len(nps) > 1:
        last = nps[-1].tokens
        at = _ranked_name(last)
        if at is not None and (at > 0 or any(t.type in (ROLE, ANON_NOUN, ANON_DET) for t in nps[0].tokens) or all(
                t.type == PLACE for t in nps[0].tokens)):
            # "juru bicara Gugus Tugas Kabupaten Bekasi, Alamsyah": a person, named last;
            # "Kasubdit I Bareskrim Polri, Kombes Rizki Agung": the rank says so
            head = [t for np in nps[:-1] for t in np.tokens] + list(last[:at])
            return _person(text, last[at:], head, mention, span)
        at = _ranked_name(nps[0].tokens)
        if at is not None and any(t.type in (ROLE, OFFICE) for np in nps[1:] for t in np.tokens):
            # "Dmitry Peskov, the Kremlin's spokesman": a person, named first
            first = nps[0].tokens
            return _person(text, first[at:], list(first[:at]) + [t for np in nps[1:] for t in np.tokens], mention,
                           span)
        if nps[0].tokens[-1].type == NAME and (any(
            t.type in (ROLE, OFFICE, ANON_NOUN) for np in nps[1:] for t in np.tokens
        ) or at is not None and all(any(t.type == WORD for t in np.tokens) or np.tokens[0].type == OF
                                    or len(np.tokens) == 1 and np.tokens[0].type == NAME for np in nps[1:])):
            # "Dr. Amina Farah, the WHO's incident manager", "Dmitry Peskov, a
            # veteran diplomat": the person is the first NP (and a name
            # described in plain words: "Jane Roe, a demographer at X", or
            # by affiliation: "Mr. Mahaney, of RBC Capital Markets"; a place
            # of one word may stand between: "a steward in Mobile, Ala.")
            first = source_from_np(text, nps[:1], resolver)
            if first.kind == SourceKind.PERSON:
                return first
    types = [t.type for t in toks]
    n = len(types)
    if OF in types and len(nps) == 1:
        # "Lt Col Jane Doe of the agency", "juru bicara Andi dari Partai X": a
        # person named before "of", affiliated with what follows
        i = types.index(OF)
        k = i
        while k > 0 and types[k - 1] == NAME:
            k -= 1
        if 0 < i < n - 1 and k < i and (any(t in _TITLE_WORDS for t in types[:k]) or (
                k == 0 and i - k > 1 and resolver.outlet(_join(text, toks[:i])) is None)):
            at = _name_start(toks[:i], k) if k else 0
            if at < i:
                person = _person(text, toks[at:i], toks[:at], mention, span)
                return evolve_source(person, affiliation=_join(text, toks[i + 1 :]))
    # juru bicara Kremlin Dmitry Peskov: a person; Kremlin is the affiliation
    titled = ROLE in types or RANK in types
    # (people described by what they are, of a known body: "pakar
    # Perserikatan Bangsa-Bangsa (PBB)" are unnamed experts, not the UN)
    # (a role of a known body with no name, "Juru Bicara Kementerian Luar
    # Negeri X", is the person who holds it: a person by office, below)
    role_of = types[0] == ROLE and n > 1 and all(t in (KNOWN, PLACE) for t in types[1:])
    if KNOWN in types and not (titled and types[-1] == NAME) and not (ANON_NOUN in types and not titled) and not role_of:
        at = n - 1 - types[::-1].index(KNOWN)
        tok = toks[at]  # the last KNOWN
        if WORD in types[at + 1 :] or (WORD in types[:at] and (BY in types[:at] or types[at - 1] == WORD)):
            # a registry name that modifies a common noun ("a KNOWN survey of
            # ...") or follows one with its preposition ("a count by KNOWN"):
            # the source is the whole noun phrase
            return source_of(kind=SourceKind.ORGANIZATION, name=mention, mention=mention, span=span, descriptor=mention)
        entry = resolver.registry.get(_flag(tok, ID_FLAG) or "")
        descriptor = _join(text, [t for t in toks if t is not tok and t.type != DOMAIN]) or None
        if entry is not None:
            return resolver.source(entry, mention, span, descriptor)
        return source_of(kind=SourceKind.OUTLET, name=tok.value, mention=mention, span=span, descriptor=descriptor)
    # A trailing run of capitalised words is a name: "juru bicara Kremlin Dmitry Peskov".
    k = n
    while k > 0 and types[k - 1] == NAME:
        k -= 1
    if k == 0:
        # a name alone: a registry name, a typo of one, or a person
        got = resolver.outlet(mention)
        if got is not None:
            return resolver.source(got[0], mention, span, score=got[1], method=got[2])
        return _person(text, toks, toks[:0], mention, span)
    if titled and any(t in _TITLE_WORDS for t in types[:k]):
        # Kapolres Metro Jakarta Selatan Kombes Ade Rahmat, Pak Prabowo,
        # Ketua Umum Partai Golkar Bahlil Lahadalia
        at = _name_start(toks, k) if k < n else n
        if at < n:
            return _person(text, toks[at:], toks[:at], mention, span)
        # A role alone ("kata Presiden") names a person by office.
        return source_of(kind=SourceKind.PERSON, name=mention, mention=mention, span=span, descriptor=mention,
                         role=mention, method="role")
    if ANON_NOUN in types and ROLE not in types or types.count(ANON_DET) == n:
        # "pakar", "seorang warga"; "kata seorang" before an unlisted noun
        return source_of(kind=SourceKind.ANONYMOUS, name=mention, mention=mention, span=span, descriptor=mention)
    if ORG_HEAD in types:
        kind = _flag(toks[types.index(ORG_HEAD)], KIND_FLAG) or SourceKind.ORGANIZATION.value
        if k < n:
            got = resolver.outlet(_join(text, toks[k:]))  # kantor berita XYZ
            if got is not None:
                return resolver.source(got[0], mention, span, descriptor=mention, score=got[1], method=got[2])
        country, state, identity = _description(toks, mention, kind)
        if 2 <= k < n and types[k - 1] == ORG_HEAD:
            # "US oil company Acme": the name after a described head
            return source_of(kind=kind, name=_join(text, toks[k:]), mention=mention, span=span,
                             descriptor=_join(text, toks[:k]), country=country,
                             state_media=state if kind == "outlet" else None, method="name")
        return source_of(kind=kind, name=mention, mention=mention, span=span, descriptor=mention,
                         country=country, state_media=state if kind == "outlet" else None,
                         identity=identity, method="description")
    if types.count(PLACE) == n:
        # A capital or country speaking as a government: "Moskow".
        country = _flag(toks[0], COUNTRY_FLAG)
        return source_of(kind=SourceKind.ORGANIZATION, name=mention, mention=mention, span=span, country=country,
                         identity="place:" + normalise_name(mention), method="place")
    return source_of(kind=SourceKind.PERSON if k < n else SourceKind.ORGANIZATION, name=mention, mention=mention,
                     span=span)


def _listed_outlets(conjuncts: Sequence[Sequence[object]]) -> Sequence[Sequence[object]]:
    """``Dilansir AFP, BBC, dan CNN``: before ``dan``, registry names of
    different entries set off by commas are a list, not an apposition (as
    ``Kantor Berita Pusat Korea, KCNA`` is): each is a conjunct."""
    first = conjuncts[0]
    if len(first) < 2:
        return conjuncts
    ids = []
    for c in first:
        if not (type(c) is NP and len(c.tokens) == 1 and c.tokens[0].type == KNOWN):
            return conjuncts
        ids.append(_flag(c.tokens[0], ID_FLAG))
    if len(set(ids)) < len(ids):
        return conjuncts
    return [[c] for c in first] + list(conjuncts[1:])


def conjunct_sources(text: str, conjuncts: Sequence[Sequence[object]], resolver: Resolver) -> List[Optional[Source]]:
    """One Source per conjunct (None for a pronoun, resolved later).

    A conjunct of place names only joins the group before it:
    ``Para pejabat AS dan Korea Selatan`` is one source. So does one that
    goes on with an office the group before ends with: ``Menteri Energi dan
    Sumber Daya Mineral Bahlil Lahadalia`` is one person.
    """
    groups: Sequence[Sequence[object]] = conjuncts  # one conjunct (the common case): nothing to join
    if len(conjuncts) > 1:
        groups = []
        for conj in _listed_outlets(conjuncts):
            nps = [c for c in conj if isinstance(c, NP)]
            if groups and nps and nps[0].tokens[0].type == OFFICE:
                prev = [c for c in groups[-1] if isinstance(c, NP)]
                if prev and prev[-1].tokens[-1].type == OFFICE:
                    groups[-1] = [c for c in groups[-1] if c is not prev[-1]] + [
                        NP(prev[-1].tokens + nps[0].tokens)] + [c for c in conj if c is not nps[0]]
                    continue
            if groups and nps and all(t.type == PLACE for np in nps for t in np.tokens):
                prev = [c for c in groups[-1] if isinstance(c, NP)]
                if prev and any(t.type in (ANON_NOUN, ROLE, ORG_HEAD) for np in prev for t in np.tokens):
                    merged = NP(tuple(t for np in prev for t in np.tokens) + tuple(t for np in nps for t in np.tokens))
                    groups[-1] = [merged]
                    continue
            groups.append(conj)
    out: List[Optional[Source]] = []
    for g in groups:
        nps = []
        for c in g:
            if isinstance(c, Pronoun) and not isinstance(c, Anaphor):
                nps = None
                break
            if isinstance(c, NP) or isinstance(c, Anaphor):
                nps.append(c)
        if nps and len(nps) == 1 and isinstance(nps[0], Anaphor):
            out.append(anaphor_source(text, nps[0], resolver))  # None: it refers back
            continue
        out.append(None if nps is None else source_from_np(text, nps, resolver))
    return out


# A run of capitalised words on a line, as a plain tuple (thousands per
# article): its words, where it starts and where its line starts (on a
# line longer than _HEADLINE_MAX, a point of it that far back).
_WORDS, _START, _LINE = 0, 1, 2


class PersonNames:
    """Full person names in one document, to expand short mentions."""

    def __init__(self, text: str, is_name_word, cap_words: re.Pattern):
        self.text = text
        self._cap_words = cap_words
        self.is_name_word = is_name_word  # False for roles, places, function words
        self._cache: Dict[str, Optional[str]] = {}
        self._canonical: Dict[str, Optional[str]] = {}
        self._longer: Dict[str, List[Tuple[int, str]]] = {}
        self._index: Dict[str, list] = {}  # word -> [(run of capitalised words, position)]
        self._whole = False  # whether _index holds every word
        self._matches: Optional[list] = None  # the pattern's matches, when first asked for
        self._headlines: Dict[int, bool] = {}  # line start -> whether the line is a headline

    def full(self, short: str) -> Optional[str]:
        """The fullest name that contains ``short`` as a word: up to three
        capitalised words before it and two after, in a run of capitalised
        words outside headlines, that are name words (not a role, rank,
        place or other word of the lexicon, nor an acronym). The most
        frequent form wins; on a tie, the shorter."""
        if short in self._cache:
            return self._cache[short]
        found: Dict[str, int] = {}
        for run, k in self._runs_with(short):
            # the name words next to it: a title word (a role, rank, office
            # or place: "Ketua MPR", "Kombes", "Indonesia") or an acronym
            # ("KPU RI") between ends the name
            words = run[_WORDS]
            s, e = k, k + 1
            while s > max(0, k - 3) and self._name_word(words[s - 1]) and not self._ends_title(run, s - 1):
                s -= 1
            while e < min(len(words), k + 3) and self._name_word(words[e]):
                e += 1
            if e - s > 1:
                form = " ".join(words[s:e])
                found[form] = found.get(form, 0) + 1
        best = max(found.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] if found else None
        self._cache[short] = best
        return best

    def _ends_title(self, run: tuple, i: int) -> bool:
        """Whether run[i] ends a title of several words, with the words
        before it in the run or on the line: ``Komisaris Besar``, ``Bea dan
        Cukai``."""
        words, start, line = run
        before = self.text[max(line, start - 40) : start].split()[-3:]
        ctx = before + words[: i + 1]
        last = len(ctx) - 1
        return any(not self.is_name_word(" ".join(ctx[j:])) for j in range(max(0, last - 3), last))

    def _name_word(self, word: str) -> bool:
        return self.is_name_word(word) and not (len(word) >= 2 and word.isalpha() and word.isupper())

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
        if len(words) < 2:
            return None
        seen = self._spellings(words)
        # (with no other spelling, the name itself is the most frequent:
        # _closest can find no other)
        if len(seen) - (name in seen) == 0 or self.text.count(name) > 1:
            return None  # (or a spelling the article repeats: its own)
        return self._closest(name, seen)

    def _spellings(self, words: List[str]) -> Dict[str, int]:
        """How often each spelling of as many words is written in the runs
        of capitalised words where the first word stands."""
        m = len(words)
        seen: Dict[str, int] = {}
        for run, k in self._runs_with(words[0]):
            cand = " ".join(run[_WORDS][k : k + m])
            seen[cand] = seen.get(cand, 0) + 1
        return seen

    def _closest(self, name: str, seen: Dict[str, int]) -> Optional[str]:
        """The spelling in ``seen`` close to name and written more often
        than it (the most often; on a tie the shorter), else None."""
        key = normalise_name(name)
        n = len(key.split())
        # (each spelling is compared once, however often it is written)
        found = {}
        for cand, count in seen.items():
            ck = normalise_name(cand)
            if len(ck.split()) == n and fuzz.ratio(key, ck, score_cutoff=PERSON_FUZZY_MIN):
                found[cand] = count
        if not found:
            return None
        best, count = max(found.items(), key=lambda kv: (kv[1], -len(kv[0])))
        return best if count > found.get(name, 0) else None

    def longer(self, name: str, at: Optional[Span]) -> Optional[str]:
        """A name of several words written in full before it (``Al Rifai``
        after ``Marouf Al Rifai``): up to two name words before it in a run
        of capitalised words before the mention; the most frequent such form."""
        if at is None:
            return None
        forms = self._longer.get(name)
        if forms is None:
            forms = self._longer[name] = self._longer_forms(name)
        # (a name is mostly mentioned again: its forms are found once, and
        # each mention counts those written before it)
        found: Dict[str, int] = {}
        for start, form in forms:
            if start < at.start:
                found[form] = found.get(form, 0) + 1
        return max(found.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] if found else None

    def _longer_forms(self, name: str) -> List[Tuple[int, str]]:
        """(where the run starts, the longer form) for each run of
        capitalised words that writes ``name`` after name words, in text order."""
        words = name.split()
        n = len(words)
        out = []
        for run, k in self._runs_with(words[0]):
            ws = run[_WORDS]
            if k == 0 or ws[k : k + n] != words:
                continue
            s = k
            while s > max(0, k - 2) and self._name_word(ws[s - 1]) and not self._ends_title(run, s - 1):
                s -= 1
            if s < k:
                out.append((run[_START], " ".join(ws[s : k + n])))
        return out

    def _runs_with(self, word: str) -> list:
        """Every run of two or more capitalised words outside headlines that
        has ``word`` as a word, with its position there, in text order.

        The pattern runs once over the text, when a name is first looked up;
        a word's runs are then found by searching the runs joined in one
        string (at C speed), and made into tuples only when they have it.
        After _LOOKED_UP words, every run is indexed by its words at once
        (so that a long text with many names stays linear)."""
        got = self._index.get(word)
        if got is not None:
            return got
        if self._matches is None:
            self._scan()
        if self._whole:
            return []
        if len(self._index) >= _LOOKED_UP:
            self._index = self._runs_by_word()
            self._whole = True
            return self._index.get(word, [])
        got = self._index[word] = self._find_runs(word) if word else []
        return got

    def _scan(self) -> None:
        text = self.text
        shape = _ascii_shape(self._cap_words)
        if shape is None:
            matches = list(self._cap_words.finditer(text))
            groups = list(map(_GROUP, matches))
        else:
            matches = self._shape_matches(*shape)
            # (a comprehension: str.__getitem__ called through map goes
            # through its slot wrapper, which costs more than the slicing)
            groups = [text[m.start() : m.end()] for m in matches]
        self._matches = matches
        self._groups = groups
        self._joined = "\n".join(groups)  # (no run holds a line break)
        self._runs: list = [None] * len(matches)  # the run tuples made, False on a headline

    def _shape_matches(self, table: bytes, unknown: bytes, runs: re.Pattern) -> list:
        """The matches of cap_words, found in the text's shape (one letter
        per class of ASCII character: see _ascii_shape), where the pattern
        opens with a literal, which the regex engine skips to at memchr
        speed instead of testing a character set at every position. A
        stretch between two characters that no run holds (the shape's dots)
        with another character beyond ASCII is read with cap_words itself:
        no run crosses such a character, so each stretch reads as in the
        whole."""
        text = self.text
        if text.isascii():
            return list(runs.finditer(text.encode("ascii").translate(table)))
        # (a "?" of the text becomes "!", both no run's; each character
        # beyond ASCII left becomes one "?")
        plain = text.replace("?", "!")
        for ch, same in _AS_ASCII:
            plain = plain.replace(ch, same)
        shape = plain.encode("ascii", "replace").translate(unknown)
        cap_words = self._cap_words
        out: list = []
        pos = 0
        i = shape.find(b"9")
        while i >= 0:
            start = shape.rfind(b".", pos, i) + 1 or pos
            end = shape.find(b".", i)
            end = len(shape) if end < 0 else end
            out += runs.finditer(shape, pos, start)
            out += cap_words.finditer(text, start, end)
            pos = end
            i = shape.find(b"9", end)
        out += runs.finditer(shape, pos)
        return out

    def _find_runs(self, word: str) -> list:
        joined, runs = self._joined, self._runs
        out: list = []
        # (the run that holds a hit: the line breaks counted from the last
        # run's end, so that each word's search reads the string once)
        j = at = 0
        i = joined.find(word)
        while i >= 0:
            j += joined.count("\n", at, i)
            run = runs[j]
            if run is None:
                run = runs[j] = self._run(j)
            if run and word in run[_WORDS]:
                for k, w in enumerate(run[_WORDS]):
                    if w == word:
                        out.append((run, k))
            at = joined.find("\n", i) + 1
            if not at:
                break
            j += 1
            i = joined.find(word, at)
        return out

    def _run(self, j: int):
        """The tuple of run j, or False when its line is a headline."""
        text = self.text
        start = self._matches[j].start()
        # The line's ends are looked for within _HEADLINE_MAX characters (so
        # each run reads a bounded stretch): a longer line is no headline,
        # and its start is then given as that reach back (_ends_title reads
        # 40 characters back at most).
        reach = max(0, start - _HEADLINE_MAX)
        line_start = text.rfind("\n", reach, start) + 1 or reach
        headline = self._headlines.get(line_start)
        if headline is None:
            line_end = text.find("\n", start, line_start + _HEADLINE_MAX + 1)
            if line_end < 0:
                line_end = len(text)  # (or a line longer than the reach)
            headline = self._headlines[line_start] = (
                line_end - line_start <= _HEADLINE_MAX and _headline(text[line_start:line_end]))
        return False if headline else (self._groups[j].split(), start, line_start)

    def _runs_by_word(self) -> Dict[str, list]:
        """The runs outside headlines, by word."""
        index: Dict[str, list] = {}
        get = index.get
        runs = self._runs
        for j in range(len(runs)):
            run = runs[j]
            if run is None:
                run = runs[j] = self._run(j)
            if run:
                for k, w in enumerate(run[_WORDS]):
                    got = get(w)
                    if got is None:
                        index[w] = [(run, k)]
                    else:
                        got.append((run, k))
        return index


# ASCII bytes to a space (where str.split splits), "U" (a capital) or "x"
_WORD_CLASS = bytes(32 if chr(c).isspace() else 85 if 65 <= c <= 90 else 120 for c in range(128)) + b"x" * 128


def _headline(line: str) -> bool:
    """Whether a line is title-case (a headline), whose capitals say nothing
    about names."""
    if line.isascii():
        # (the same count at C speed: a word opens after a space or at the start)
        shape = b" " + line.encode("ascii").translate(_WORD_CLASS)
        caps = shape.count(b" U")
        n = caps + shape.count(b" x")
        return n >= 4 and caps >= 0.7 * n
    words = line.split()
    return len(words) >= 4 and len([w for w in words if w[0].isupper()]) >= 0.7 * len(words)


def expand_person(src: Source, names: PersonNames) -> Source:
    """A person's fullest name in the document, and its identity."""
    if src.kind != SourceKind.PERSON or not src.name or src.method == "role":
        return src
    name = src.name.strip()
    full = names.full(name) if " " not in name else names.canonical(name) or names.longer(name, src.span)
    if full and full != name:
        return evolve_source(src, name=full, identity="person:" + normalise_name(full), method="document")
    if src.identity is None:
        return evolve_source(src, identity="person:" + normalise_name(name))
    return src


def as_pronoun(antecedent: Source, mention: str, span: Span) -> Source:
    """The antecedent's identity at a pronoun's mention."""
    return evolve_source(antecedent, mention=mention, span=span, method="pronoun")


# --- the document: publisher, claims and discourse ------------------------------

_UNSPECIFIED = Source(kind=SourceKind.UNSPECIFIED)  # the source of an agentless passive


@define
class Resolved:
    """A claim with its source and the hops its own frame names."""

    claim: Claim
    source: Source
    hops: Sequence[Source]


@define
class Resolution:
    """The resolve stage's hand-off: the document's publisher and source,
    and each claim resolved, in text order."""

    publisher: Optional[Source]
    document_source: Optional[Source]
    claims: List[Resolved]


def resolve(text: str, claims: Sequence[Claim], framed: Framed, segments: Segments, language, resolver: Resolver,
            publisher: Optional[str] = None, url: Optional[str] = None) -> Resolution:
    """Sources for every claim, in text order, so that pronouns find what
    came before; the publisher and the document source."""
    registry = resolver.registry
    meta = framed.meta
    pub = find_publisher(registry, text, publisher, meta.publisher, url)
    doc_source = outlet_source(registry, text, meta.document_source) if meta.document_source is not None else None
    names = PersonNames(text, language.is_name_word, language.cap_words)
    state = Discourse(text, segments.units, framed.unit_tokens, language, resolver)
    rows: List[Resolved] = []
    cited, citations = trailing_citations(text, framed, resolver)
    by_frame: Dict[int, List[Resolved]] = {}  # each frame's latest rows, for the quotations that continue it
    for claim in claims:
        f = claim.frame
        if id(f) in citations:
            continue  # a citation of the frame before it: a hop there
        if claim.continued and id(f) in by_frame:
            # a quotation that goes on in a later paragraph: the same speakers and hops
            got = by_frame[id(f)] = [Resolved(claim, r.source, r.hops) for r in by_frame[id(f)]]
            rows.extend(got)
            for r in got:
                state.said(claim, r.source)
            continue
        first = len(rows)
        srcs = [None] if f.coordinated or not f.sources else conjunct_sources(text, f.sources, resolver)
        if f.hops:
            hop_sources = [source_from_np(text, [h.np], resolver) for h in f.hops]
            inward = [k for k, h in enumerate(f.hops) if isinstance(h, InwardHop)]
        else:
            hop_sources = inward = []
        if f.kind == PRE and hop_sources:
            # Mengutip CNN yang melansir X: the source is the innermost hop.
            hops = [s for s in srcs if s is not None] + hop_sources[:-1]
            srcs = [hop_sources[-1]]
        elif inward:
            # TASS reported, citing the governor / KCNA quoted Kim as
            # saying: the innermost inward hop is the source, the subject
            # a hop after any outward ones (carried by Reuters).
            outer = [hop_sources[k] for k in range(len(hop_sources)) if k not in inward]
            subject = [s for s in srcs if s is not None]
            if not subject and (f.coordinated or any(s is None for s in srcs)):
                subject = [state.antecedent(f, claim, person=False)]
            hops = outer + subject + [hop_sources[k] for k in inward[:-1]]
            srcs = [hop_sources[inward[-1]]]
        else:
            # outward hops: each one named relayed the one before it
            # (katanya seperti dikutip Interfax, dilansir Reuters)
            hops = hop_sources[::-1]
        if id(f) in cited:
            hops = cited[id(f)] + list(hops)
        if f.mods:
            told = channel_outlets(text, f, resolver)
            if told:
                hops = list(hops) + told
        if f.report:
            # "Laporan X mengatakan": X publishes reports, so an unknown X is an outlet.
            srcs = [s if s is None or s.identity else evolve_source(s, kind=SourceKind.OUTLET) for s in srcs]
        if f.kind == PASSIVE:
            srcs = [_UNSPECIFIED]
        for s in srcs:
            if s is None:
                s = state.antecedent(f, claim)
                if s.name is None:  # (an anaphor with nobody before: its description)
                    s = unresolved_anaphor(text, f, s, resolver)
            s = expand_person(s, names)
            rows.append(Resolved(claim, s, hops))
            state.said(claim, s)
        by_frame[id(f)] = rows[first:]
    return Resolution(pub, doc_source, rows)


_LOWER_WORD = re.compile(r"(?<![\w\-])[^\W\d_A-Z]")  # a word that opens with a small letter


def _is_citation(f: Frame) -> bool:
    """A ``pre`` frame whose cue also introduces a hop (``dilansir``,
    ``dikutip dari``): a citation of the statement."""
    return f.kind == PRE and bool(f.sources) and cites(f.cue)


def channel_outlets(text: str, f: Frame, resolver: Resolver) -> List[Source]:
    """The outlets a frame's channels name (``kata X kepada AFP``, ``dalam
    wawancara dengan CNN``): the speaker spoke to them, so each is a hop,
    the innermost (rules v2). The publisher itself drops out of the chain
    as a repeated hop."""
    out: List[Source] = []
    for m in f.mods:
        for tok in m.names:
            entry = resolver.registry.get(_flag(tok, ID_FLAG) or "")
            if entry is not None and entry.is_outlet:
                out.append(resolver.source(entry, tok.value, span_of(tok.start_pos, tok.end_pos)))
        if m.outlet is not None:  # kepada televisi pemerintah Iran
            name = text[m.outlet.start : m.outlet.end]
            out.append(source_of(kind=SourceKind.OUTLET, name=name, mention=name, span=m.outlet, descriptor=name))
    return out


def trailing_citations(text: str, framed: Framed, resolver: Resolver) -> Tuple[Dict[int, List[Source]], set]:
    """Citations that close a sentence after another frame: ``"...," kata X
    saat ditemui di Jakarta, dilansir Antara, Selasa (21/10/2025).`` The
    outlet is a hop of the frame before (outermost, before its own hops),
    and the citation is no claim of its own. A citation is trailing when a
    ``post`` or ``verb`` frame precedes it in the unit and what follows it
    (to the next frame or the unit's end) is no clause: no word opens with a
    small letter (a date, a place). Of several outlets named together
    (``dilansir Reuters dan Al Arabiya``), the first carries the chain.
    Returns ({id(frame): hops}, {id(citation frame)})."""
    cited: Dict[int, List[Source]] = {}
    citations: set = set()
    for uf in framed.units:
        frames = uf.frames
        if len(frames) < 2:
            continue
        for i in range(1, len(frames)):
            f = frames[i][2]
            if not _is_citation(f):
                continue
            prev = frames[i - 1][2]
            if prev.kind not in (POST, VERB) or id(prev) in citations:
                continue
            end = frames[i + 1][2].span.start if i + 1 < len(frames) else uf.unit.end
            if _LOWER_WORD.search(text, f.span.end, end):
                continue
            nps = [c for c in f.sources[0] if isinstance(c, NP)]
            if not nps:
                continue
            hops = [source_from_np(text, nps, resolver)] + [source_from_np(text, [h.np], resolver) for h in f.hops]
            cited[id(prev)] = hops + cited.get(id(prev), [])
            citations.add(id(f))
    return cited, citations


class Discourse:
    """The document's discourse state, in text order: the latest named
    source, the latest person, the latest source of each unit, and the
    subjects of units (looked up lazily and once)."""

    def __init__(self, text: str, units: Sequence[Span], unit_tokens: Dict[int, UnitTokens], language,
                 resolver: Resolver):
        self.text = text
        self.units = units
        self.unit_tokens = unit_tokens
        self.language = language
        self.resolver = resolver
        self.last: Optional[Tuple[Source, int]] = None  # the latest named source and its cue
        self.last_person: List[Tuple[Source, int]] = []  # the latest person source and its cue
        self.unit_last: Dict[int, Source] = {}  # the latest source in each unit
        self._reported = Span(0, 0)  # what the latest pre or verb frame reports
        self._starts: Optional[List[int]] = None  # unit starts, when first asked for
        self._subjects: Dict[int, Optional[Tuple[Source, int]]] = {}
        self._names_inside: Dict[str, bool] = {}

    def said(self, claim: Claim, s: Source) -> None:
        """Note the source of a claim just resolved. A claim whose cue lies
        inside what the claim before it reports (``kata X, menurut aturan Y,
        ...``) is part of that speech: X stays the latest source."""
        if s.kind != SourceKind.UNSPECIFIED and s.name:
            pos = claim.frame.cue.start_pos
            self.unit_last[claim.unit.start] = s
            if self._reported.start <= pos < self._reported.end:
                return
            if claim.frame.kind in (PRE, VERB):
                self._reported = claim.content
            self.last = (s, pos)
            if s.kind == SourceKind.PERSON:
                self.last_person[:] = [(s, pos)]

    def antecedent(self, f, claim: Claim, person: bool = True) -> Source:
        """The source a pronoun or an elided subject stands for.

        An elided subject (``dan mengatakan``) is the source of an earlier
        frame in the same unit, else the unit's own subject. A pronoun is the
        person who is the subject of its unit (before it), else (with
        ``person``) the latest person, else the latest named source. (Taking
        instead the subject of a nearer unit scored worse on PFSA-ID dev:
        0.871 against 0.882 speaker accuracy.) With none of these, the source
        stays unresolved: the claim is kept.
        """
        text = self.text
        mention_tok = f.cue if f.cue.type.endswith(PRONOUN_SUFFIX) else None
        for conj in f.sources:
            for c in conj:
                if isinstance(c, Pronoun):
                    mention_tok = c.token
        ante = self.unit_last.get(claim.unit.start) if f.coordinated else None
        if ante is None and f.span.start > claim.unit.start:
            # (a subject ends after the unit's start: none precedes a frame there)
            got = self.subject(claim.unit)
            if got is not None and got[1] <= f.span.start and (
                f.coordinated or (got[0].kind == SourceKind.PERSON and self._named(got[0]))
            ):
                ante = got[0]
        if ante is None and mention_tok is not None and _personal(mention_tok):
            # he, she (a pronoun the lexicon flags ``person``): the nearest
            # person before, a source or the subject of the unit before
            found = list(self.last_person) if person else []
            prev = self.recent_person(claim.unit, found[0][1] if found else -1)
            if prev is not None:
                found.append(prev)
            if found:
                ante = max(found, key=lambda sp: sp[1])[0]
        elif ante is None and mention_tok is not None and mention_tok.type.endswith(PRONOUN_SUFFIX):
            # a clitic in the cue (tambahnya): the latest source of any kind,
            # unless a person is named as a subject after it
            since = self.last[1] if self.last is not None else -1
            prev = self.recent_person(claim.unit, since)
            if prev is not None and prev[1] > since:
                ante = prev[0]
            elif self.last is not None:
                ante = self.last[0]
        if ante is None and self.last is not None:
            ante = self.last[0]
        if mention_tok is not None:
            s, e = mention_tok.start_pos, mention_tok.end_pos
            if mention_tok.type.endswith(PRONOUN_SUFFIX):
                s, e = _pronoun_in_cue(mention_tok)
            if ante is None:
                return source_of(kind=SourceKind.PERSON, mention=text[s:e], span=span_of(s, e), method="unresolved")
            return as_pronoun(ante, text[s:e], span_of(s, e))
        if ante is None:
            return source_of(kind=SourceKind.UNSPECIFIED, method="unresolved")
        return evolve_source(ante, method="elided")

    def _named(self, src: Source) -> bool:
        """Whether a subject read as a person's name is one: a single
        capitalised word at a sentence's start (``Hal``, ``Termasuk``) is
        only when the article also writes it capitalised inside a sentence;
        a name whose first word the article also writes in small letters
        (``Pemeriksaan PCR itu ...``, ``Kota Bogor juga ...``: a common noun
        at a sentence's start) is not."""
        if src.span is None:
            return True
        return self._named_text(src.name or "")

    def _named_text(self, name: str) -> bool:
        """_named of a name read from the text."""
        first = name.split(" ", 1)[0]
        if " " not in name:
            got = self._names_inside.get(name)
            if got is None:
                got = self._names_inside[name] = _inside_sentence(self.text, name)
            if not got:
                return False
        low = first.lower()
        if low == first:
            return True
        key = "\0" + low
        got = self._names_inside.get(key)
        if got is None:
            got = self._names_inside[key] = not _as_word(self.text, low)
        return got

    def recent_person(self, unit: Span, since: int) -> Optional[Tuple[Source, int]]:
        """The person named as the subject of the nearest of the few units
        before this one that lie after ``since`` (the latest person source's
        cue): ``Sementara itu, Deputi BPS, Ateng Hartono, mengungkapkan ...
        "...," paparnya.`` is Ateng Hartono's even when that frame was not
        read."""
        if self._starts is None:
            self._starts = [u.start for u in self.units]
        i = bisect.bisect_left(self._starts, unit.start)
        for j in range(i - 1, max(-1, i - 1 - _LOOK_BACK), -1):
            u = self.units[j]
            if u.end <= since or self._heading(u):
                break  # (a heading opens a new section)
            if u.start in self.unit_last:
                continue  # a unit with a claim: its subject, if a speaker, is that claim's source
            if u.start not in self._subjects and self._no_person_named(u):
                continue
            got = self.subject(u)
            if got is not None and got[0].kind == SourceKind.PERSON and got[0].method in _NAMED_BY and self._named(got[0]):
                return got
        return None

    def _no_person_named(self, unit: Span) -> bool:
        """Whether the unit's subject is surely no person that _named
        passes, shown without reading it: when the subject is read from the
        unit's text and its first character is the only capital there.
        Such a person's name ends with a NAME token and starts at one or at
        its noun phrase's start (see source_from_np), and a NAME token opens
        with a capital (see the lexer): so the name can only be a NAME token
        that opens the unit. The unit's first chunk (up to a
        space) lexes the same alone but for a multi-word form that goes on
        past it (whose terminal is the lexicon's, no NAME): when none of its
        NAME tokens passes _named, no reading can."""
        s = unit.start
        if s in self.unit_tokens:
            return False  # (read from a frame's tokens, which may reach further)
        text = self.text
        end = min(unit.end, s + SUBJECT_REACH)
        if not (text[s].isupper() and text[s + 1 : end].islower()):
            return False
        cut = text.find(" ", s, end)
        lexed = self.language.lexer.lex(text, s, end if cut < 0 else cut)
        for types, a, b in zip(lexed.types, lexed.starts, lexed.ends):
            if NAME in types and self._named_text(text[a:b]):
                return False
        return True

    def _heading(self, unit: Span) -> bool:
        """A line that ends with no sentence mark (nor a closing quotation
        mark): a heading."""
        text = self.text
        e = unit.end
        while e > unit.start and text[e - 1].isspace():
            e -= 1
        return e > unit.start and text[e - 1] not in self.language.sentence_marks and text[e - 1].isalnum()

    def subject(self, unit: Span) -> Optional[Tuple[Source, int]]:
        """The subject of a unit, and where it ends: a noun phrase at the
        unit's start or right after its first comma."""
        if unit.start not in self._subjects:
            self._subjects[unit.start] = self._subject(unit)
        return self._subjects[unit.start]

    def _subject(self, unit: Span) -> Optional[Tuple[Source, int]]:
        got = self.unit_tokens.get(unit.start)
        if got is not None:
            got = self._subject_in(got.lexed, got.n, got.sure)
            if got is not _UNSURE:
                return got
        lexer = self.language.lexer
        text = self.text
        end = min(unit.end, unit.start + SUBJECT_REACH)
        # Most subjects are read from the unit's first words: lex a prefix,
        # and the whole reach only when the reading went near its end. The
        # last words of a prefix may lex otherwise in the whole (a form of
        # several words may go on past it), so they count as unsure.
        cut = text.find(" ", unit.start + _SUBJECT_PREFIX, end)
        if cut > 0:
            lexed = lexer.lex(text, unit.start, cut)
            sure = bisect.bisect_left(lexed.starts, lexer.settled(text, unit.start, cut))
            got = self._subject_in(lexed, len(lexed.types), sure)
            if got is not _UNSURE:
                return got
        lexed = lexer.lex(text, unit.start, end)
        return self._subject_in(lexed, len(lexed.types), len(lexed.types))

    def _subject_in(self, lexed, n: int, sure: int):
        """The subject in the first n tokens of a unit, as _subject; or
        _UNSURE when the reading needed a token from ``sure`` on."""
        types = lexed.types
        s = 0  # the unit's start, then right after its first comma
        while True:
            got = None if s >= n else self._subject_at(lexed, n, sure, s)
            if got is not None:
                return got
            if s:
                return None
            # The first comma, looked for only when the unit's start gives no
            # subject: a prefix with no comma among its sure tokens then
            # needs no second lexing (the reading at the start is the same).
            for k in range(n):
                if k >= sure:
                    return _UNSURE
                if COMMA in types[k]:
                    s = k + 1
                    break
            else:
                return None

    def _subject_at(self, lexed, n: int, sure: int, s: int):
        """The subject read from token s (< n), as _subject_in; None when
        there is none there."""
        text = self.text
        types = lexed.types
        grammar = self.language.grammar
        if s >= sure or sure < n and grammar.stop(lexed, s, n, NP_RULE) >= sure:
            return _UNSURE
        got = grammar.longest(text, lexed, s, n, NP_RULE)
        if got is None:
            return None
        end, np = got
        if end < n and types[end][0] in _NAME_TERMINALS:
            return None
        nps = [np]
        if end + 1 < n and COMMA in types[end]:
            # an appositive name: "Deputi BPS, Ateng Hartono, mengungkapkan"
            if sure < n and grammar.stop(lexed, end + 1, n, NP_RULE) >= sure:
                return _UNSURE
            more = grammar.longest(text, lexed, end + 1, n, NP_RULE)
            if more is not None and more[0] < n and COMMA in types[more[0]]:
                nps.append(more[1])
                end = more[0]
        src = source_from_np(text, nps, self.resolver)
        if src.kind in _SUBJECT_KINDS:
            return src, lexed.ends[end - 1]
        return None


_SUBJECT_PREFIX = 160  # characters lexed first for a subject (see Discourse._subject)
_UNSURE = object()


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # (what \\w matches)


def _inside_sentence(text: str, name: str) -> bool:
    """Whether ``name`` stands as a word after a letter and a space
    somewhere in the text (the regex ``(?<=[^\\W\\d_]) name\\b``, found with
    str.find: a pattern with a lookbehind is tried at every position)."""
    target = " " + name
    end_word = _is_word_char(name[-1])
    i = text.find(target)
    while i >= 0:
        before = text[i - 1] if i else ""
        if before and before.isalnum() and not before.isdecimal():
            j = i + len(target)
            if end_word != (j < len(text) and _is_word_char(text[j])):
                return True
        i = text.find(target, i + 1)
    return False


def _as_word(text: str, word: str) -> bool:
    """Whether ``word`` stands in the text with no word character or hyphen
    on either side (the regex ``(?<![\\w\\-])word(?![\\w\\-])``)."""
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if not (i and (_is_word_char(text[i - 1]) or text[i - 1] == "-")) and not (
            j < len(text) and (_is_word_char(text[j]) or text[j] == "-")
        ):
            return True
        i = text.find(word, i + 1)
    return False


_LOOK_BACK = 4  # units before a pronoun whose subjects it may stand for

_NAMED_BY = ("name", None)  # how a recent subject is read when it names a person (None: a name after an unlisted title)

_SUBJECT_KINDS = (SourceKind.PERSON, SourceKind.OUTLET, SourceKind.ORGANIZATION, SourceKind.ANONYMOUS)


def find_publisher(registry: Registry, text: str, given: Optional[str], dateline, url: Optional[str] = None) -> Optional[Source]:
    """The publisher: named by the caller, else the outlet of the url's
    domain, else the dateline's or byline's outlet token."""
    if given:
        entry = registry.by_name(given) or registry.by_domain(given)
        if entry is not None:
            return entry_source(entry, "given")
        return source_of(kind=SourceKind.OUTLET, name=given, method="given")
    if url:
        entry = registry.by_domain(url)
        if entry is not None:
            return entry_source(entry, "url")
    return outlet_source(registry, text, dateline) if dateline is not None else None


def outlet_source(registry: Registry, text: str, tok) -> Source:
    """The outlet a metadata token names: a registry outlet, else the name
    (a domain's first label). The mention is the text itself: the words of
    an outlet name are joined by one space in ``tok.value``."""
    span = Span(tok.start_pos, tok.end_pos)
    mention = text[tok.start_pos : tok.end_pos]
    entry = None
    if tok.type == DOMAIN:
        entry = registry.by_domain(tok.value)
    if entry is None:
        entry = registry.by_name(tok.value)
    if entry is not None:
        return entry_source(entry, "registry", mention, span)
    name = tok.value
    if tok.type == DOMAIN:
        label = name.lower().split(".")
        label = [p for p in label if p != "www"]
        name = label[0].capitalize() if label else name
    return source_of(kind=SourceKind.OUTLET, name=name, mention=mention, span=span)


def _pronoun_in_cue(tok) -> Tuple[int, int]:
    """Where the pronoun is in a cue that carries one (``katanya``, ``menurut
    dia``): the last occurrence of the entry's ``pron`` flag (a clitic such as
    ``nya``), else the cue's last word."""
    s = tok.start_pos
    value = tok.value
    entries = getattr(tok, "entries", ()) or ()
    clitic = next((en.flag(PRON_FLAG) for en in entries if en.terminal == tok.type and en.flag(PRON_FLAG)), None)
    if clitic:
        k = value.lower().rfind(clitic.lower())
        if k >= 0:
            return s + k, s + k + len(clitic)
    words = value.split()
    last = words[-1] if words else value
    k = value.rfind(last)
    return s + k, s + k + len(last)


def _personal(tok) -> bool:
    return any(e.flag(PERSON_FLAG) for e in getattr(tok, "entries", ()) or () if e.terminal == tok.type)
