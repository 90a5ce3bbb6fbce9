"""The chain stage: each claim's path from the publisher to its source.

chain = publisher, document source (``Sumber: CNA``), the hands of any
attribution whose content holds this one (nesting), this frame's hops, and
the source. Hops of a ``pre`` frame run inward (``Mengutip CNN yang melansir
media pemerintah Rusia``: CNN, then Russian state media); hops after a
speaker run outward from the publisher (``kata Peskov seperti dilansir Al
Jazeera``: Al Jazeera, then Peskov).
"""

from __future__ import annotations

from typing import List, Optional, Sequence

from .model import Source, SourceKind

UNKNOWN_PUBLISHER = Source(kind=SourceKind.OUTLET, name="?")


def base_chain(publisher: Optional[Source], document_source: Optional[Source]) -> List[Source]:
    chain = [publisher if publisher is not None else UNKNOWN_PUBLISHER]
    if document_source is not None:
        chain.append(document_source)
    return chain


def build_chain(base: Sequence[Source], outer: Optional[Sequence[Source]], hops: Sequence[Source], source: Source) -> List[Source]:
    chain = list(outer) if outer else list(base)
    for h in hops:
        if not chain or not _same(chain[-1], h):
            chain.append(h)
    if source.kind != SourceKind.UNSPECIFIED and (not chain or not _same(chain[-1], source) or len(chain) == 1):
        chain.append(source)
    return chain


def _same(a: Source, b: Source) -> bool:
    if a.identity and b.identity:
        return a.identity == b.identity
    return (a.name or "").lower() == (b.name or "").lower()
