"""attrib: trace who said what in news text.

>>> import attrib
>>> doc = attrib.trace(text)
>>> for a in doc.attributions:
...     print(a.cue.text, a.source.name, a.content.text, [h.name for h in a.chain])
"""

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
    "Attribution", "Content", "Credit", "Cue", "CuePosition", "Document", "DocumentsError", "Language", "Phrase",
    "Pipeline", "ProvenanceGraph", "Registry", "evaluate", "Source", "SourceKind", "Span", "available_languages", "detect_language", "get_language", "read_documents", "register", "trace",
]
