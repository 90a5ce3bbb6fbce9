"""Helpers shared by the scorers of ``attrib.eval``: name matching (the
scoring rule's notion of "the same source"), P/R/F1 arithmetic and error lists."""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Sequence, Set

from rapidfuzz import fuzz

__all__ = ["EvalError", "FUZZY_MIN", "CONTENT_SHOWN", "WORD", "fold_name", "name_tokens", "same_name", "Aliases",
           "matches_any", "ratio", "f1_of", "shorten", "errors_text"]

FUZZY_MIN = 85  # rapidfuzz fuzz.ratio at or above which two names are the same
CONTENT_SHOWN = 110  # characters of content shown in an error line

WORD = re.compile(r"\w+")


class EvalError(ValueError):
    """Scoring could not run (a missing directory, no gold files, ...)."""


# --- names ------------------------------------------------------------------


def fold_name(name: str) -> str:
    """Case-folded, with runs of whitespace (no-break spaces too) made one space."""
    return " ".join(name.split()).casefold()


def name_tokens(name: str) -> Set[str]:
    return set(WORD.findall(name.casefold()))


def same_name(a: Optional[str], b: Optional[str]) -> bool:
    """Two names of the same source: equal after case folding, one's tokens a
    subset of the other's, or a fuzzy ratio of at least :data:`FUZZY_MIN`."""
    if not a or not b:
        return False
    na, nb = fold_name(a), fold_name(b)
    if na == nb:
        return True
    ta, tb = name_tokens(na), name_tokens(nb)
    if ta and tb and (ta <= tb or tb <= ta):
        return True
    return fuzz.ratio(na, nb) >= FUZZY_MIN


class Aliases:
    """The top-level ``aliases`` map of a gold file, as groups of equal names."""

    def __init__(self, mapping: Optional[Dict[str, List[str]]] = None):
        self.groups: List[Set[str]] = []
        for name, others in (mapping or {}).items():
            self.groups.append({fold_name(n) for n in [name, *others]})

    def expand(self, names: Iterable[Optional[str]]) -> Set[str]:
        """The given names (normalised) and every alias group that holds one of them."""
        out = {fold_name(n) for n in names if n}
        grown = True
        while grown:
            grown = False
            for group in self.groups:
                if out & group and not group <= out:
                    out |= group
                    grown = True
        return out

    def same_hop(self, a: str, b: str) -> bool:
        """Strict identity for repeated-hop removal: equal, or in one alias group."""
        na, nb = fold_name(a), fold_name(b)
        return na == nb or any(na in g and nb in g for g in self.groups)


def matches_any(names: Iterable[str], name: Optional[str]) -> bool:
    return any(same_name(n, name) for n in names)


# --- numbers and error lists -----------------------------------------------------


def ratio(num: float, den: float) -> Optional[float]:
    return num / den if den else None


def f1_of(p: Optional[float], r: Optional[float]) -> Optional[float]:
    """The harmonic mean of precision and recall (None when either is)."""
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def errors_text(errors: Sequence) -> str:
    """An error list, with a count of each kind first."""
    if not errors:
        return "no errors"
    counts: Dict[str, int] = {}
    for e in errors:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    return f"errors ({summary}):\n" + "\n".join(str(e) for e in errors)


def shorten(text: str, n: int = CONTENT_SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


