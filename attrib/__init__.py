"""attrib: trace who said what in news text.

>>> import attrib
>>> doc = attrib.trace(text)
>>> for a in doc.attributions:
...     print(a.cue.text, a.source.name, a.content.text, [h.name for h in a.chain])

A compiled build of the hot modules is optional (``python -m attrib.accelerate
build``); ``attrib.accelerated()`` names the modules it compiled that this
process runs, and is empty for pure Python.
"""

from . import _accel

_accel.guard()  # before anything else of attrib is imported: may rule the compiled modules out

from ._accel import accelerated
from .language import Language, available as available_languages, detect_language, get_language, register
from .model import (
    Attribution,
    Content,
    Credit,
    Cue,
    CuePosition,
    Document,
    Phrase,
    Source,
    SourceKind,
    Span,
)
from .eval.score import evaluate
from .run.documents import DocumentsError, read_documents
from .graph import ProvenanceGraph
from .pipeline import Pipeline, trace
from .registry import Registry

__version__ = "0.1.0"

__all__ = [
    "accelerated", "Attribution", "Content", "Credit", "Cue", "CuePosition", "Document", "DocumentsError", "Language", "Phrase",
    "Pipeline", "ProvenanceGraph", "Registry", "evaluate", "Source", "SourceKind", "Span", "available_languages", "detect_language", "get_language", "read_documents", "register", "trace",
]
