"""Gold annotation files (gold format v1): writing, reading and locating.

The format is described in ``../shared/ANNOTATION.md`` and ``corpus/README.md``.
One JSON object per article::

    {"doc", "lang", "publisher", "document_source", "credits": [{"role", "name"}],
     "aliases": {...}?, "attributions": [{"cue", "source", "source_mention",
     "source_kind", "content", "direct", "core", "chain", "occurrence"?,
     "source_aliases"?, "note"?}]}

- :func:`to_gold` turns a traced :class:`~attrib.model.Document` into that
  form (what ``attrib trace --format gold`` writes), so that predictions and
  hand annotations can be stored, diffed and scored alike.
- :func:`load_gold` reads a file and checks its structure, raising
  :class:`GoldError` with the file name and what is wrong.
- :func:`gold_spans` resolves each attribution's ``content`` string (and its
  ``occurrence``) to a character span in the article text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence, Any, Dict, List, Optional, Union

from ..model import Document, SourceKind, Span

GOLD_SUFFIX = ".gold.json"
UNKNOWN_PUBLISHER = "?"

TOP_FIELDS = ("doc", "lang", "publisher", "document_source", "credits", "attributions")
ATTR_FIELDS = ("cue", "source", "source_mention", "source_kind", "content", "direct", "core", "chain")
SOURCE_KINDS = frozenset(k.value for k in SourceKind)


class GoldError(ValueError):
    """A gold (or predicted) annotation that cannot be used; the message names the file."""


# --- writing ----------------------------------------------------------------


def occurrences(text: str, needle: str) -> List[int]:
    """Start offsets of ``needle`` in ``text``, scanning left to right without overlap.

    This is the numbering ``occurrence`` uses (the same as ``str.count``).
    """
    if not needle:
        return []
    starts, i = [], text.find(needle)
    while i >= 0:
        starts.append(i)
        i = text.find(needle, i + len(needle))
    return starts


def to_gold(doc: Document, name: str) -> dict:
    """A traced document in gold format v1.

    ``source`` is ``null`` for an unspecified source; ``chain`` holds the hop
    labels from the publisher (``"?"`` when unknown) to the source; an
    ``occurrence`` is added when the content string occurs more than once in
    the text, so that the attribution can be located again.
    """
    text = doc.text
    attributions = []
    for a in doc.attributions:
        unspecified = a.source.kind == SourceKind.UNSPECIFIED
        chain = [hop.label for hop in a.chain] or [
            doc.publisher.label if doc.publisher is not None else UNKNOWN_PUBLISHER
        ]
        entry: Dict[str, Any] = {
            "cue": a.cue.text,
            "source": None if unspecified else (a.source.name or a.source.mention),
            "source_mention": a.source.mention,
            "source_kind": a.source.kind.value,
            "content": a.content.text,
            "direct": a.content.direct,
            "core": a.core,
            "chain": chain,
        }
        starts = occurrences(text, a.content.text)
        if len(starts) > 1:
            # The index of this occurrence; the nearest one if the span starts
            # inside an overlapping repeat that the left-to-right scan skips.
            start = a.content.span.start
            entry["occurrence"] = min(range(len(starts)), key=lambda i: abs(starts[i] - start))
        attributions.append(entry)
    return {
        "doc": name,
        "lang": doc.lang,
        "publisher": doc.publisher.label if doc.publisher is not None else None,
        "document_source": doc.document_source.label if doc.document_source is not None else None,
        "credits": [{"role": c.role, "name": c.name} for c in doc.credits],
        "attributions": attributions,
    }


# --- reading ----------------------------------------------------------------


def _is_str(value: Any, nullable: bool = False) -> bool:
    return (nullable and value is None) or (isinstance(value, str) and value != "")


def check_structure(gold: Any, where: str = "gold") -> List[str]:
    """Problems with the structure of a gold dict (fields and their types).

    It does not look at the article text; :func:`gold_spans` does that.
    """
    if not isinstance(gold, dict):
        return [f"{where}: expected a JSON object, got {type(gold).__name__}"]
    problems = [f"missing top-level field {f!r}" for f in TOP_FIELDS if f not in gold]
    if problems:
        return problems
    for f in ("doc", "lang"):
        if not _is_str(gold[f]):
            problems.append(f"{f!r} must be a non-empty string")
    for f in ("publisher", "document_source"):
        if not _is_str(gold[f], nullable=True):
            problems.append(f"{f!r} must be null or a non-empty string")
    if not isinstance(gold["credits"], list):
        problems.append("'credits' must be a list")
    aliases = gold.get("aliases", {})
    if not isinstance(aliases, dict) or not all(
        isinstance(v, list) and all(_is_str(x) for x in v) for v in aliases.values()
    ):
        problems.append("'aliases' must map a name to a list of names")
    if not isinstance(gold["attributions"], list):
        return problems + ["'attributions' must be a list"]
    for i, a in enumerate(gold["attributions"]):
        at = f"attributions[{i}]"
        if not isinstance(a, dict):
            problems.append(f"{at} is not an object")
            continue
        missing = [f for f in ATTR_FIELDS if f not in a]
        if missing:
            problems.append(f"{at} is missing field(s) {', '.join(missing)}")
            continue
        for f in ("cue", "content"):
            if not _is_str(a[f]):
                problems.append(f"{at}: {f!r} must be a non-empty string")
        for f in ("source", "source_mention"):
            if not _is_str(a[f], nullable=True):
                problems.append(f"{at}: {f!r} must be null or a non-empty string")
        if a["source_kind"] not in SOURCE_KINDS:
            problems.append(f"{at}: source_kind {a['source_kind']!r} is not one of {sorted(SOURCE_KINDS)}")
        for f in ("direct", "core"):
            if not isinstance(a[f], bool):
                problems.append(f"{at}: {f!r} must be true or false")
        chain = a["chain"]
        if not isinstance(chain, list) or not chain or not all(_is_str(h) for h in chain):
            problems.append(f"{at}: 'chain' must be a non-empty list of non-empty strings")
        sa = a.get("source_aliases", [])
        if not isinstance(sa, list) or not all(_is_str(x) for x in sa):
            problems.append(f"{at}: 'source_aliases' must be a list of non-empty strings")
        occ = a.get("occurrence", 0)
        if not isinstance(occ, int) or isinstance(occ, bool) or occ < 0:
            problems.append(f"{at}: 'occurrence' must be a non-negative integer")
    return problems


def _alias_groups(gold: dict) -> List[set]:
    """Sets of names that stand for one source, from the top-level aliases map."""
    groups = []
    aliases = gold.get("aliases") or {}
    if isinstance(aliases, dict):
        for name, others in aliases.items():
            if isinstance(others, list):
                groups.append({name, *[o for o in others if isinstance(o, str)]})
    return groups


def _names_of(name: str, extra: Sequence[str], groups: Sequence[set]) -> set:
    names = {name, *extra}
    for group in groups:
        if names & group:
            names |= group
    return names


def check_gold(gold: Any, text: str, where: str = "gold") -> List[str]:
    """Every problem in a gold dict against its article text: its structure
    (:func:`check_structure`), credits, strings copied from the text (``cue``,
    ``content``, ``source_mention``) and their occurrence, ``source`` null
    exactly for unspecified sources, and chains that start with the publisher,
    pass through the document source and end in the source."""
    problems = check_structure(gold, where)
    if problems:
        return problems
    for i, credit in enumerate(gold["credits"]):
        if not isinstance(credit, dict) or not _is_str(credit.get("role")) or not _is_str(credit.get("name")):
            problems.append(f"credits[{i}] needs a non-empty 'role' and 'name'")
    groups = _alias_groups(gold)
    publisher, document_source = gold["publisher"], gold["document_source"]
    for i, a in enumerate(gold["attributions"]):
        at = f"attributions[{i}] (cue {a['cue']!r}, content {_short(a['content'], 40)!r})"
        source = a["source"]
        if (source is None) != (a["source_kind"] == "unspecified"):
            problems.append(f"{at}: source is null exactly when source_kind is 'unspecified'")
        for f in ("cue", "content", "source_mention"):
            if a[f] is not None and a[f] not in text:
                problems.append(f"{at}: {f} {_short(a[f])!r} does not occur in the text")
        count = len(occurrences(text, a["content"]))
        if "occurrence" in a:
            if count and a["occurrence"] >= count:
                problems.append(f"{at}: occurrence {a['occurrence']} out of range (content occurs {count} time(s))")
        elif count > 1:
            problems.append(f"{at}: content occurs {count} times; add 'occurrence'")
        chain = a["chain"]
        if publisher is None:
            if chain[0] != UNKNOWN_PUBLISHER:
                problems.append(f"{at}: publisher is null, so the chain must start with {UNKNOWN_PUBLISHER!r}")
        elif chain[0] not in _names_of(publisher, [], groups):
            problems.append(f"{at}: chain must start with the publisher {publisher!r}")
        if document_source is not None and (len(chain) < 2 or chain[1] not in _names_of(document_source, [], groups)):
            problems.append(f"{at}: chain must pass through the document source {document_source!r}")
        if source is not None and chain[-1] not in _names_of(source, a.get("source_aliases", []), groups):
            problems.append(f"{at}: chain ends in {chain[-1]!r}, not the source {source!r} or an alias")
    return problems


def load_gold(path: Union[str, Path]) -> dict:
    """Read one gold (or predicted) annotation file and check its structure.

    Raises :class:`GoldError` naming the file and the problem for a missing
    file, bad JSON or missing/ill-typed fields.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GoldError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        gold = json.loads(raw)
    except json.JSONDecodeError as exc:  # json's messages may end in "at" ("Unterminated string starting at")
        raise GoldError(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: "
                        f"{exc.msg.removesuffix(' at')}") from None
    except (ValueError, RecursionError) as exc:  # arrays nested too deep, a number of 4,300 digits
        raise GoldError(f"{path}: invalid JSON: {str(exc)[:120]}") from None
    problems = check_structure(gold, path.name)
    if problems:
        shown = problems[:10] + ([f"... and {len(problems) - 10} more"] if len(problems) > 10 else [])
        raise GoldError(f"{path}: " + "; ".join(shown))
    return gold


def gold_spans(gold: dict, text: str, where: Optional[str] = None) -> List[Span]:
    """The character span of each attribution's ``content`` in ``text``.

    ``occurrence`` (0-based, default 0) picks among repeated strings, counted
    left to right without overlap. Raises :class:`GoldError` when a content
    string is not in the text or the occurrence is out of range.
    """
    where = where or str(gold.get("doc", "gold"))
    spans = []
    for i, a in enumerate(gold["attributions"]):
        content = a["content"]
        starts = occurrences(text, content)
        occ = a.get("occurrence", 0)
        if not starts:
            raise GoldError(f"{where}: attributions[{i}] content {_short(content)!r} does not occur in the text")
        if occ >= len(starts):
            raise GoldError(
                f"{where}: attributions[{i}] occurrence {occ} is out of range "
                f"(content {_short(content)!r} occurs {len(starts)} time(s))"
            )
        spans.append(Span(starts[occ], starts[occ] + len(content)))
    return spans


def _short(s: str, n: int = 50) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 3] + "..."
