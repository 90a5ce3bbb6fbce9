"""The resolve stage: sources within a document.

- conjuncts and appositives of a frame become ``Source`` objects;
- pronouns (``katanya``, ``menurutnya``, ``dia``) and elided subjects
  (``... dan mengatakan``) take the right earlier source;
- short person names (``Peskov``, ``Kim``) take the fullest form the
  document uses (``Dmitry Peskov``, ``Kim Jong Un``).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Dict, List, Optional, Sequence

import attrs

from .model import Source, SourceKind, Span
from .parse import NP, Pronoun, source_from_np

_CAP_WORDS = re.compile(r"(?<![\w\-])[A-Z][\w'’\-]*(?:[ \t\u00a0]+[A-Z][\w'’\-]*)+")  # two or more
_HEADLINE_MAX = 200  # characters: a longer line is body text


def conjunct_sources(text: str, conjuncts: Sequence[Sequence[object]], registry) -> List[Optional[Source]]:
    """One Source per conjunct (None for a pronoun, resolved later).

    A conjunct of place names only joins the group before it:
    ``Para pejabat AS dan Korea Selatan`` is one source.
    """
    groups: List[List[object]] = []
    for conj in conjuncts:
        nps = [c for c in conj if isinstance(c, NP)]
        if groups and nps and all(t.type == "PLACE" for np in nps for t in np.tokens):
            prev = [c for c in groups[-1] if isinstance(c, NP)]
            if prev and any(t.type in ("ANON_NOUN", "ROLE", "ORG_HEAD") for np in prev for t in np.tokens):
                merged = NP(tuple(t for np in prev for t in np.tokens) + tuple(t for np in nps for t in np.tokens))
                groups[-1] = [merged]
                continue
        groups.append(list(conj))
    out: List[Optional[Source]] = []
    for g in groups:
        if any(isinstance(c, Pronoun) for c in g):
            out.append(None)
        else:
            out.append(source_from_np(text, [c for c in g if isinstance(c, NP)], registry))
    return out


class PersonNames:
    """Full person names in one document, to expand short mentions."""

    def __init__(self, text: str, is_name_word):
        self.text = text
        self.is_name_word = is_name_word  # False for roles, places, function words
        self._cache: Dict[str, Optional[str]] = {}
        self._headlines: Dict[int, bool] = {}  # line start -> is a headline
        self._index: Optional[Dict[str, list]] = None  # word -> [(run of capitalised words, position)]

    def full(self, short: str) -> Optional[str]:
        """The fullest name that contains ``short`` as a word: up to three
        capitalised words before it and two after, in a run of capitalised
        words outside headlines, less leading and trailing role or place
        words. The most frequent form wins; on a tie, the shorter."""
        if short in self._cache:
            return self._cache[short]
        if self._index is None:
            self._build_index()
        found: Counter = Counter()
        for run, k in self._index.get(short, ()):
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

    def _build_index(self) -> None:
        """One pass over the text: every run of capitalised words, indexed by word."""
        self._index = {}
        index = self._index
        for m in _CAP_WORDS.finditer(self.text):
            run = m.group().split()
            if len(run) > 1 and not self._in_headline(m.start()):
                for k, w in enumerate(run):
                    index.setdefault(w, []).append((run, k))

    def _in_headline(self, pos: int) -> bool:
        """Whether pos is on a title-case line (a headline), whose capitals say
        nothing about names."""
        s = self.text.rfind("\n", 0, pos) + 1
        got = self._headlines.get(s)
        if got is None:
            e = self.text.find("\n", pos)
            e = len(self.text) if e < 0 else e
            got = False
            if e - s <= _HEADLINE_MAX:
                words = self.text[s:e].split()
                got = len(words) >= 4 and sum(1 for w in words if w[:1].isupper()) >= 0.7 * len(words)
            self._headlines[s] = got
        return got


def expand_person(src: Source, names: PersonNames) -> Source:
    if src.kind != SourceKind.PERSON or not src.name or " " in src.name.strip():
        return src
    full = names.full(src.name)
    if full and full != src.name:
        return attrs.evolve(src, name=full, method="document")
    return src


def as_pronoun(antecedent: Source, mention: str, span: Span) -> Source:
    """The antecedent's identity at a pronoun's mention."""
    return attrs.evolve(antecedent, mention=mention, span=span, method="pronoun")
