"""The pipeline: text → segment → candidates → frames → content → resolve →
chain → Document, each stage a module of ``attrib.core``.

``trace(text)`` runs it on one article and returns a ``Document``.
"""

from __future__ import annotations

import gc
import threading
from typing import Optional, Union

from . import languages as _languages  # noqa: F401  (registers the bundled languages)
from .contract import BORDER_FLAG
from .core.candidates import find_candidates
from .core.chain import base_chain, find_chains
from .core.content import find_content
from .core.frames import read_frames
from .core.parse import PASSIVE, POST, PRE, VERB
from .core.resolve import resolve
from .core.segment import segment
from .language import Language, detect_language, get_language
from .model import CuePosition, Document, Phrase, attribution_of, content_of, cue_of, document_of, span_of
from .registry import Registry

_POSITION = {PRE: CuePosition.BEFORE, POST: CuePosition.AFTER, VERB: CuePosition.VERB, PASSIVE: CuePosition.VERB}


def trace(
    text: str,
    lang: str = "auto",
    *,
    id: Optional[str] = None,
    publisher: Optional[str] = None,
    registry: Optional[Registry] = None,
    url: Optional[str] = None,
    date: Optional[str] = None,
) -> Document:
    """Find every attribution in one article.

    ``lang`` is a language code (``attrib.available_languages()``), or
    "auto" to pick it from the text's stop words; the Document records it.

    ``publisher`` names the outlet when the caller knows it (from a feed); it
    beats the one read from the dateline. So does an outlet of the registry
    whose domain is ``url``'s. ``url`` and ``date`` are kept on the Document.
    """
    if not isinstance(text, str):
        raise TypeError(f"trace() expects the article text as str, got {type(text).__name__}")
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a language code (str), got {type(lang).__name__}")
    if lang == "auto":
        lang = detect_language(text)
    language = get_language(lang, registry)
    for name, value in (("id", id), ("publisher", publisher), ("url", url), ("date", date)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be str or None, got {type(value).__name__}")
    # (what Pipeline(language).run does, without a Pipeline made per text)
    with _GC_PAUSED:
        return _stages(language, text, id, publisher, url, date)


class _CyclicGCPaused:
    """The cyclic garbage collector paused while texts are traced. The
    stages make no reference cycles, so what a trace drops is freed at once
    by reference counting; the collector would only walk the trace's live
    objects again and again (6-7% of the time on news, and a growing share
    on an article with tens of thousands of attributions). Nested and
    concurrent traces share one pause; the collector is enabled again, if
    it was, when the last one ends."""

    def __init__(self):
        self._lock = threading.Lock()
        self._depth = 0
        self._was_enabled = False

    def __enter__(self):
        with self._lock:
            if self._depth == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._depth += 1

    def __exit__(self, *exc):
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._was_enabled:
                gc.enable()
        return False


_GC_PAUSED = _CyclicGCPaused()


class Pipeline:
    """The stages over a language; ``run`` traces one text.

    ``language`` is a ``Language``, a language code, or "auto" (the default,
    as for ``trace`` and the CLI): each text's language is then picked from
    its stop words when it is run. ``registry`` binds a code or "auto" to a
    registry other than the bundled one."""

    def __init__(self, language: Union[Language, str] = "auto", registry: Optional[Registry] = None):
        if isinstance(language, str):
            self._registry = registry
            language = None if language == "auto" else get_language(language, registry)
        elif not isinstance(language, Language):
            raise TypeError(f"Pipeline expects a Language, a language code or 'auto', got {type(language).__name__}")
        self.lang = language  # None: "auto", chosen per text
        self.registry = language.registry if language else registry
        self.resolver = language.resolver if language else None

    def run(self, text: str, id: Optional[str] = None, publisher: Optional[str] = None,
            url: Optional[str] = None, date: Optional[str] = None) -> Document:
        with _GC_PAUSED:
            return self._run(text, id, publisher, url, date)

    def _run(self, text: str, id: Optional[str], publisher: Optional[str], url: Optional[str],
             date: Optional[str]) -> Document:
        return _stages(self.lang or get_language(detect_language(text), self._registry), text, id, publisher, url, date)


def _stages(lang: Language, text: str, id: Optional[str], publisher: Optional[str], url: Optional[str],
            date: Optional[str]) -> Document:
    """The stages over one text in a language, and the Document they make."""
    segments = segment(text, lang)
    candidates = find_candidates(text, segments, lang)
    framed = read_frames(text, candidates, lang)
    claims = find_content(text, framed, segments, lang)
    resolved = resolve(text, claims, framed, segments, lang, lang.resolver, publisher, url)
    base = base_chain(resolved.publisher, resolved.document_source)
    chains = find_chains(resolved.claims, base)
    # (made without Document's checks: every span here points into text)
    return document_of(
        text,
        lang.code,
        id,
        resolved.publisher,
        resolved.document_source,
        framed.meta.credits,
        _attributions(text, resolved.claims, chains, len(base)),
        segments.furniture,
        url,
        date,
        segments.units,
    )


def _attributions(text: str, rows, chains, base_len: int) -> list:
    """The Attribution of each resolved claim with its chain (one loop, no
    call per claim)."""
    out = []
    for r, chain in zip(rows, chains):
        claim = r.claim
        f = claim.frame
        a, b = f.cue.start_pos, f.cue.end_pos
        content = claim.content
        time = channel = None
        if f.mods:
            time, channel = _phrase(text, f, "time"), _phrase(text, f, "channel")
        out.append(attribution_of(
            cue_of(text[a:b], span_of(a, b), _POSITION[f.kind]),
            r.source,
            content_of(text[content.start : content.end], content, claim.direct),
            chain[-2] if len(chain) > base_len + 1 else None,  # a chain longer than base + source has a via
            time,
            channel,
            chain,
            _core(f),
        ))
    return out


def _core(f) -> bool:
    """Whether the guide counts the frame's kind as core (not an agentless
    passive, nor a cue the lexicon flags ``border``)."""
    if f.kind == PASSIVE:
        return False
    cue = f.cue
    t = cue.type
    for e in getattr(cue, "entries", ()) or ():
        # (most entries have no flags: no call to read one)
        if e.terminal == t and e.flags and e.flag(BORDER_FLAG):
            return False
    return True


def _phrase(text: str, f, kind: str) -> Optional[Phrase]:
    for m in f.mods:
        if m.kind == kind:
            return Phrase(text[m.span.start : m.span.end], m.span)
    return None
