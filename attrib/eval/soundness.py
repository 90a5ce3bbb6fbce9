"""What a sound Document is: the promises ``attrib.trace`` keeps for any text.

For a Document ``doc`` traced from ``text``:

* ``doc.text == text``;
* every span (cue, content, source / via / chain-hop mentions, time, channel,
  credits, furniture, publisher, document source) lies in the text and
  ``text[start:end]`` is the string the object stores for it;
* content is never empty; every chain is non-empty and holds only Sources;
* ``doc.to_dict()`` validates against the JSON Schema (when ``jsonschema`` is
  installed), survives ``json.dumps``/``json.loads``, and
  ``Document.from_dict`` gives back an equal Document.

Each check raises :class:`Unsound` with what broke; :func:`problems` collects
them. The property tests and ``bench/fuzz.py`` share these checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List

from ..model import Document, Source, Span

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "document.schema.json"


class Unsound(AssertionError):
    """A Document that breaks one of attrib's promises."""


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise Unsound(message)


_NO_STRING = object()


def _check_span(text: str, span, stored, what: str) -> None:
    _require(isinstance(span, Span), f"{what}: span is {span!r}, not a Span")
    _require(isinstance(span.start, int) and isinstance(span.end, int), f"{what}: non-int offsets {span!r}")
    _require(0 <= span.start <= span.end <= len(text),
             f"{what}: span {span.start}..{span.end} is outside a text of length {len(text)}")
    if stored is not _NO_STRING:
        got = text[span.start : span.end]
        _require(got == stored, f"{what}: text[{span.start}:{span.end}] is {got!r} but the object stores {stored!r}")


def _check_source(text: str, src, what: str) -> None:
    _require(isinstance(src, Source), f"{what} is {src!r}, not a Source")
    if src.span is not None:
        _check_span(text, src.span, src.mention, f"{what} mention")


def check_spans(text: str, doc: Document) -> None:
    """Every span lies in the text and reproduces the string stored for it."""
    _require(doc.text == text, "Document.text is not the traced text")
    for name in ("publisher", "document_source"):
        src = getattr(doc, name)
        if src is not None:
            _check_source(text, src, name)
    for k, c in enumerate(doc.credits):
        _check_span(text, c.span, c.name, f"credits[{k}] ({c.role})")
    for k, f in enumerate(doc.furniture):
        _check_span(text, f, _NO_STRING, f"furniture[{k}]")
    for k, a in enumerate(doc.attributions):
        where = f"attributions[{k}]"
        _check_span(text, a.cue.span, a.cue.text, f"{where}.cue")
        _check_span(text, a.content.span, a.content.text, f"{where}.content")
        _check_source(text, a.source, f"{where}.source")
        if a.via is not None:
            _check_source(text, a.via, f"{where}.via")
        for h, hop in enumerate(a.chain):
            if hop is not None:
                _check_source(text, hop, f"{where}.chain[{h}]")
        for name in ("time", "channel"):
            p = getattr(a, name)
            if p is not None:
                _check_span(text, p.span, p.text, f"{where}.{name}")


def check_content(text: str, doc: Document) -> None:
    """No attribution has empty content."""
    for k, a in enumerate(doc.attributions):
        _require(bool(a.content.text), f"attributions[{k}] has empty content at {a.content.span!r} (cue {a.cue.text!r})")
        _require(len(a.content.span) > 0, f"attributions[{k}] has an empty content span {a.content.span!r}")


def check_chains(text: str, doc: Document) -> None:
    """Every chain is non-empty and holds only Sources."""
    for k, a in enumerate(doc.attributions):
        _require(isinstance(a.chain, tuple), f"attributions[{k}].chain is a {type(a.chain).__name__}")
        _require(len(a.chain) > 0, f"attributions[{k}] (cue {a.cue.text!r}) has an empty chain")
        for h, hop in enumerate(a.chain):
            _require(isinstance(hop, Source), f"attributions[{k}].chain[{h}] is {hop!r}, not a Source")


_VALIDATOR: list = []  # [validator or None], made on first use


def _validator():
    if not _VALIDATOR:
        try:
            import jsonschema
        except ImportError:  # the schema check needs the test extra; the round trip does not
            _VALIDATOR.append(None)
        else:
            _VALIDATOR.append(jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))))
    return _VALIDATOR[0]


def check_json(text: str, doc: Document) -> None:
    """to_dict() validates against the JSON Schema and round-trips through JSON."""
    data = doc.to_dict()
    validator = _validator()
    if validator is not None:
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        _require(not errors, "to_dict() does not match the JSON Schema:\n" + "\n".join(
            f"  at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:10]))
    _require(Document.from_dict(data) == doc, "Document.from_dict(doc.to_dict()) != doc")
    again = Document.from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
    _require(again == doc, "Document.from_dict(json.loads(json.dumps(doc.to_dict()))) != doc")


CHECKS = (check_spans, check_content, check_chains, check_json)


def assert_sound(text: str, doc: Document) -> None:
    """Raise Unsound at the first broken promise."""
    _require(isinstance(doc, Document), f"trace returned {type(doc).__name__}, not a Document")
    for check in CHECKS:
        check(text, doc)


def problems(text: str, doc: Document) -> List[str]:
    """Every broken promise, one message per check (empty when sound)."""
    if not isinstance(doc, Document):
        return [f"trace returned {type(doc).__name__}, not a Document"]
    out: List[str] = []
    for check in CHECKS:
        try:
            check(text, doc)
        except Unsound as exc:
            out.append(f"{check.__name__}: {exc}")
    return out
