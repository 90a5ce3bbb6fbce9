"""Languages: a grammar plus word lists plus a few hooks, registered under a code.

A language is a thin subclass of ``Language`` that names its code (and any
hook it changes); its syntax is ``<folder>/<code>.lark`` and its word lists
are ``<folder>/<code>/`` (``grammars/README.md``). The core needs no edit to
add one. The outlet registry is a layer over the word lists, bound per
registry (``Language.bind``); the parser is built once per language.
"""

from __future__ import annotations

import copy
import gc
import re
import threading
import weakref
from pathlib import Path
from typing import Dict, Optional, Type

from .contract import (
    BY, CLAUSE_BREAK, COPY, CREDIT_KEY, CUE_PREFIX, EOS, FRAME, ID_FLAG, KNOWN, NP, REL, SOURCE_KEY, SOURCES, START_RULES, THAT,
    VIA, WORD,
)
from .core.candidates import WordStarts, trie_regex
from .core.grammar import Grammar, GrammarError
from .core.lexer import Lexer
from .core.parse import FrameBuilder
from .core.resolve import Resolver, cap_words
from .core.segment import FurnitureRules, capital_class, sentence_ends
from .lexicon import Entry, Lexicon, read_list, read_tsv
from lark.exceptions import LarkError
from .registry import Registry, default_registry

_LONGEST_KEY = 24  # characters a metadata key with its spaces may take before its colon
_LANGUAGES: Dict[str, Type["Language"]] = {}
_INSTANCES: Dict[str, "Language"] = {}
_LOCK = threading.Lock()


def grammars_dir() -> Path:
    """The grammars folder: inside the installed package, or beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "grammars", here.parent / "grammars"):
        if cand.is_dir():
            return cand
    raise GrammarError(f"Cannot find the grammars folder near {here}")


class UnknownLanguage(ValueError):
    pass


def register(cls: Type["Language"]) -> Type["Language"]:
    """Class decorator: make a language available under its code."""
    if not cls.code:
        raise ValueError(f"{cls.__name__} has no language code")
    _LANGUAGES[cls.code] = cls
    return cls


_DEFAULT: list = []


def set_default_language(code: str) -> None:
    """The language used when none is given or detected (``attrib.languages`` sets it)."""
    _DEFAULT[:] = [code]


def default_language() -> str:
    return _DEFAULT[0] if _DEFAULT else next(iter(_LANGUAGES))


def available() -> list:
    return sorted(_LANGUAGES)


def get_language(code: str, registry: Optional[Registry] = None) -> "Language":
    """The language for a code, built once per process, bound to ``registry``
    (the default registry when None)."""
    if code not in _LANGUAGES:
        raise UnknownLanguage(f"Unknown language {code!r}; available: {', '.join(available())}")
    lang = _INSTANCES.get(code)
    if lang is None:
        with _LOCK:
            lang = _INSTANCES.get(code)
            if lang is None:
                lang = _INSTANCES[code] = _LANGUAGES[code]()
    return lang.bind(registry if registry is not None else default_registry())


_WORD = re.compile(r"[^\W\d_]+")
_DETECT_WORDS = 400  # words read from the start of an article
_STOPWORDS: Dict[str, frozenset] = {}


def stopwords(code: str) -> frozenset:
    """The language's frequent function words (``<folder>/<code>/stopwords.txt``)."""
    words = _STOPWORDS.get(code)
    if words is None:
        cls = _LANGUAGES.get(code)
        folder = cls.folder if cls is not None and cls.folder is not None else grammars_dir()
        path = Path(folder) / code / "stopwords.txt"
        words = frozenset(w.lower() for w in read_list(path)) if path.is_file() else frozenset()
        _STOPWORDS[code] = words
    return words


def detect_language(text: str, default: Optional[str] = None) -> str:
    """The registered language whose stop words are most frequent among the
    first words of ``text`` (a cheap test, but news prose is full of them).
    An article that quotes another language keeps its own: the quote is
    outnumbered. ``default`` (else ``default_language()``) when no stop word
    is found."""
    if not isinstance(text, str):
        raise TypeError(f"detect_language() expects str, got {type(text).__name__}")
    words = [m.group(0).lower() for m in _WORD.finditer(text[: 12 * _DETECT_WORDS])][:_DETECT_WORDS]
    best, best_n = default or default_language(), 0
    for code in available():
        sw = stopwords(code)
        n = sum(1 for w in words if w in sw)
        if n > best_n:
            best, best_n = code, n
    return best


class LanguageError(ValueError):
    """A language's grammar or word lists break the contract (``attrib.contract``)."""


class Language:
    """One language: its grammar, word lists and hooks.

    Hooks a subclass may set: ``folder`` (where ``<code>.lark`` and
    ``<code>/`` are; the bundled grammars by default), ``capitals`` (the
    letters that start a name, as a regex class body; every Unicode capital
    by default) and ``sentence_marks`` (the marks that may end a sentence).
    Data files in ``<folder>/<code>/``: the word lists (``*.tsv``),
    ``abbreviations.txt``, ``furniture.tsv``, ``domains.txt`` (web domain
    suffixes) and ``stopwords.txt``; a word list form that starts or ends
    with an apostrophe (``'s``, ``l'``) is a clitic the lexer splits off.
    """

    code: str = ""
    name: str = ""
    folder: Optional[Path] = None
    capitals: Optional[str] = None
    sentence_marks: str = ".!?…"

    def __init__(self, folder: Optional[Path] = None):
        base = Path(folder if folder is not None else self.folder if self.folder is not None else grammars_dir())
        data = base / self.code
        self.lexicon = Lexicon.load_dir(data)
        grammar_path = base / f"{self.code}.lark"
        try:
            self.grammar = Grammar(grammar_path, START_RULES, FrameBuilder())
        except LarkError as exc:
            raise LanguageError(
                f"{grammar_path}: {exc} (a grammar needs the start rules {', '.join(START_RULES)}: attrib.contract)"
            ) from None
        abbr = data / "abbreviations.txt"
        self.abbreviations = frozenset(a.lower() for a in read_list(abbr)) if abbr.is_file() else frozenset()
        domains = data / "domains.txt"
        self.domains = tuple(read_list(domains)) if domains.is_file() else ()
        # Function words that scrapers glue to their neighbours (the lexer
        # cuts them off): the stop words of detection and clustering, but
        # not the clitics (katanya is one word).
        clitics = data / "cluster_clitics.txt"
        clitics = frozenset(w.lower() for w in read_list(clitics)) if clitics.is_file() else frozenset()
        self.glue_words = frozenset(
            w.lower() for name in ("stopwords.txt", "cluster_stopwords.txt") if (data / name).is_file()
            for w in read_list(data / name) if not w.startswith("-") and w.lower() not in clitics
        )
        self.furniture = self._furniture_rules(data / "furniture.tsv").compile()
        self.capital = self.capitals if self.capitals is not None else capital_class()
        self.sentence_ends = sentence_ends(self.sentence_marks, self.capital)
        self.cap_words = cap_words(self.capital)
        self.cue_terminals = frozenset(t for t in self.grammar.terminals if t.startswith(CUE_PREFIX))
        self.cue_scan = self._scanner(self.cue_terminals | {VIA}, tail=r"(?-i:(?![a-z]))")
        self.cue_starts = WordStarts(self.cue_scan, self._forms(self.cue_terminals | {VIA}))
        # Metadata as the grammar has it: a byline or a copyright notice opens
        # a line (a credit key too, in parentheses: "(Reporting by ..."); credit
        # and source keys take a colon.
        opener = trie_regex(self._forms({BY, COPY}))
        keyed = trie_regex(self._forms({CREDIT_KEY}))
        self._byline = re.compile(rf"[ \t\u00a0]*(?:{opener}|\({keyed})(?!\w)", re.IGNORECASE)
        self._line_byline = re.compile(rf"\n{self._byline.pattern}", re.IGNORECASE)
        self._key = re.compile(
            rf"(?<!\w){trie_regex(self._forms({CREDIT_KEY, SOURCE_KEY}))}[ \t\u00a0]*:", re.IGNORECASE
        )
        self.clause_breaks = re.compile(rf",\s*{trie_regex(self._forms({CLAUSE_BREAK}))}(?!\w)", re.IGNORECASE)
        self.left_terminals = self._left_terminals()
        self.registry: Optional[Registry] = None  # set on a bound copy (see bind)
        self.resolver: Optional[Resolver] = None
        self.lexer: Optional[Lexer] = None
        self._bound: "weakref.WeakKeyDictionary[Registry, Language]" = weakref.WeakKeyDictionary()
        self._bind_lock = threading.Lock()

    def bind(self, registry: Registry) -> "Language":
        """This language with the names of ``registry`` as a layer over its
        word lists (a KNOWN terminal), and a resolver over it. Made once per
        registry; the grammar and scanners are shared."""
        if self.registry is registry:
            return self
        base = self._base if self.registry is not None else self
        got = base._bound.get(registry)
        if got is None:
            with base._bind_lock:
                got = base._bound.get(registry)
                if got is None:
                    got = copy.copy(base)
                    got._base = base
                    got.registry = registry
                    got.resolver = Resolver(registry)
                    got.resolver.index()  # (built here, not in the first article that needs a fuzzy match)
                    got.lexicon = base.lexicon.layered(_registry_entries(registry))
                    got.lexer = Lexer(got.lexicon, base.domains, base.glue_words)
                    base._bound[registry] = got
                    # The tables just built live as long as the process: keep
                    # them (and whatever else is alive now) out of the
                    # collector's full walks, which would revisit them all
                    # every few thousand articles.
                    gc.freeze()
        return got

    def is_name_word(self, word: str) -> bool:
        """Whether a capitalised word (or words: ``Komisaris Besar``) may be
        part of a person's name: not a form of the lexicon (a role, a rank, a
        place, a function word)."""
        return not self.lexicon.get(tuple(word.lower().split()), word)

    @staticmethod
    def _furniture_rules(path: Path) -> FurnitureRules:
        groups = {"line": [], "list": [], "exact": []}
        if path.is_file():
            for e in read_tsv(path):
                if e.terminal not in groups:
                    raise ValueError(f"{path}: mode {e.terminal!r} is not line, list or exact")
                groups[e.terminal].append(e.form)
        return FurnitureRules(tuple(groups["line"]), tuple(groups["list"]), tuple(groups["exact"]))

    def meta_candidates(self, text: str) -> list:
        """Positions where metadata may stand, in order. Colons and line starts
        are few, so they are found first and the keys checked there."""
        out = []
        p = text.find(":")
        while p >= 0:
            m = self._key.search(text, max(0, p - _LONGEST_KEY), p + 1)
            if m:
                out.append(m.start())
            p = text.find(":", p + 1)
        if self._byline.match(text):
            out.append(0)
        # the other line starts: the regex engine skips from line break to line break
        m = self._line_byline.search(text)
        while m:
            out.append(m.start() + 1)
            m = self._line_byline.search(text, m.start() + 1)
        out.sort()
        return out

    def _forms(self, terminals) -> set:
        return set(" ".join(f.lower().split()) for f in self.lexicon.forms(terminals))

    def _scanner(self, terminals, tail: str = "") -> re.Pattern:
        """A regex, generated from the lexicon, that finds units worth lexing.

        The forms are factored into a trie, which Python's regex engine runs
        far faster than a flat alternation of a few hundred words. The tail
        guard lets a glued form through (``dilansirCNA``) but not a longer
        word (``tambahan``)."""
        return re.compile(rf"(?<!\w){trie_regex(self._forms(terminals))}{tail}", re.IGNORECASE)

    def _left_terminals(self) -> frozenset:
        """Terminals that can stand in a frame before its cue: the window search
        walks left over these. Derived from the grammar's frame rules."""
        terms = self.grammar.reachable(FRAME)
        # Any unknown word (WORD) is walked over only when a noun phrase may
        # hold one (grammars/en.lark: an unnamed source described by its knowledge),
        # a relative pronoun only when a subject may hold a relative clause.
        skip = ({THAT, VIA, EOS} | ({WORD} - self.grammar.reachable(NP))
                | ({REL} - self.grammar.reachable(SOURCES)))
        return frozenset(terms - self.cue_terminals - skip)


def _registry_entries(registry: Registry):
    # Registry names match as written or in capitals, never in any case:
    # Antara, Tempo and Detik are common Indonesian words, and so are
    # "media Indonesia" and "bisnis Indonesia".
    for name, entry in registry.names():
        flags = ((ID_FLAG, entry.id),)
        for form in {name, name.upper()}:
            yield Entry(form, KNOWN, flags, case_sensitive=True)
