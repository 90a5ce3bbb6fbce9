"""The chain stage: each claim's path from the publisher to its source, and
the nesting of claims inside other claims' content.

chain = publisher, document source (``Sumber: CNA``), the hands of any
attribution whose content holds this one (nesting), this frame's hops, and
the source. Hops of a ``pre`` frame run inward (``Mengutip CNN yang melansir
media pemerintah Rusia``: CNN, then Russian state media); hops after a
speaker run outward from the publisher (``kata Peskov seperti dilansir Al
Jazeera``: Al Jazeera, then Peskov).
"""

from __future__ import annotations

import heapq
from typing import Dict, List, Optional, Sequence, Tuple

from ..model import Source, SourceKind
from .resolve import Resolved

UNKNOWN_PUBLISHER = Source(kind=SourceKind.OUTLET, name="?")
# (the members, read once: an Enum class's attribute lookup goes through its
# metaclass's __getattr__ hook; a Source's kind is always a member)
_OUTLET = SourceKind.OUTLET
_UNSPECIFIED = SourceKind.UNSPECIFIED
# Hands a claim takes from the claims it nests in: news chains are a few
# hands long (at most 4 in every development set); text that nests frames
# without end ("Menurut X, Menurut Y, ...") keeps the first hands, so each
# chain is built in bounded time.
MAX_NESTED_HANDS = 10


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
    if source.kind is not _UNSPECIFIED and (not chain or not _same(chain[-1], source) or len(chain) == 1):
        chain.append(source)
    return chain


def _same(a: Source, b: Source) -> bool:
    if a.identity and b.identity:
        return a.identity == b.identity
    return (a.name or "").lower() == (b.name or "").lower()


def find_chains(rows: Sequence[Resolved], base: Sequence[Source]) -> List[List[Source]]:
    """Each resolved claim's chain. A claim whose cue lies in another claim's
    content (in the same unit) came through that claim's source."""
    outer = nesting(rows)
    if outer:
        chains: Dict[int, List[Source]] = {}
        found = [_chain_of(i, rows, outer, base, chains) for i in range(len(rows))]
    else:  # (no claim nests in another: each chain is its own)
        found = [build_chain(base, None, r.hops, r.source) for r in rows]
    return carry_over(rows, found, len(base))


def carry_over(rows: Sequence[Resolved], chains: List[List[Source]], base_len: int) -> List[List[Source]]:
    """Outlets carried over per speaker (rules v2): an outlet that relayed a
    speaker's statement stays in every later attribution to that speaker
    (forward only) until the text names the hands again for them (another
    outlet, or the publisher itself: ``kepada Kompas.com``). Other speakers'
    chains are their own."""
    carried: Dict[str, List[Source]] = {}
    out = []
    for r, chain in zip(rows, chains):
        s = r.source
        if len(chain) > base_len and chain[-1] is s and s.name and s.kind is not _UNSPECIFIED:
            key = s.identity or s.name.casefold()  # (the speaker's key)
            hops = chain[base_len:-1]
            if hops or r.hops:
                # the text names the hands for this speaker here
                carried[key] = [h for h in hops if h.kind is _OUTLET]
            elif carried.get(key):
                chain = chain[:base_len] + carried[key] + chain[-1:]
        out.append(chain)
    return out


def nesting(rows: Sequence[Resolved]) -> Dict[int, int]:
    """For each claim, the innermost other claim in its unit whose content
    holds its cue (and says something else): the shortest such content, the
    first in text order on a tie."""
    by_unit: Dict[int, List[int]] = {}
    for i, r in enumerate(rows):
        by_unit.setdefault(r.claim.unit.start, []).append(i)
    outer: Dict[int, int] = {}
    for idx in by_unit.values():
        if len(idx) == 2:  # (the most common of several: no sort nor heap)
            _pair(rows, idx[0], idx[1], outer)
        elif len(idx) > 1:
            _innermost(rows, idx, outer)
    return outer


def _pair(rows: Sequence[Resolved], a: int, b: int, outer: Dict[int, int]) -> None:
    """nesting() for a unit of two claims: each nests in the other if the
    other's content (not the same as its own) holds its cue."""
    ca, cb = rows[a].claim, rows[b].claim
    qa, qb = ca.frame.cue, cb.frame.cue
    if qa.end_pos <= qa.start_pos or qb.end_pos <= qb.start_pos:
        _innermost(rows, [a, b], outer)  # (an empty cue: none is, but the sweep decides)
        return
    sa, ea, sb, eb = ca.content.start, ca.content.end, cb.content.start, cb.content.end
    if sa == sb and ea == eb:
        return
    if sb <= qa.start_pos and eb >= qa.end_pos:
        outer[a] = b
    if sa <= qb.start_pos and ea >= qb.end_pos:
        outer[b] = a


def _innermost(rows: Sequence[Resolved], idx: List[int], outer: Dict[int, int]) -> None:
    """nesting() for the claims idx of one unit, in n log n: the cues are
    swept in order of their start, and the contents that start before each
    cue wait in a heap by length; a content that ends before a cue starts
    holds no later cue either. (A unit may hold thousands of claims.)"""
    first: Dict[Tuple[int, int], int] = {}  # each distinct content, and the first claim that has it
    for j in idx:
        c = rows[j].claim.content
        first.setdefault((c.start, c.end), j)
    contents = sorted(first)  # by start
    queries = sorted(idx, key=lambda i: rows[i].claim.frame.cue.start_pos)
    heap: list = []
    k = 0
    for i in queries:
        ci = rows[i].claim
        cs, ce = ci.frame.cue.start_pos, ci.frame.cue.end_pos
        own = (ci.content.start, ci.content.end)
        while k < len(contents) and contents[k][0] <= cs:
            s, e = contents[k]
            heapq.heappush(heap, (e - s, first[(s, e)], e, s))
            k += 1
        while heap and heap[0][2] <= cs:
            heapq.heappop(heap)  # ends before this cue, so before every later one
        held = []
        while heap:
            top = heap[0]
            if top[2] >= ce and (top[3], top[2]) != own:
                outer[i] = top[1]
                break
            held.append(heapq.heappop(heap))  # its own content, or one that ends inside the cue
        for h in held:
            heapq.heappush(heap, h)


def _chain_of(i: int, rows, outer: Dict[int, int], base, chains: Dict[int, List[Source]], seen=()) -> List[Source]:
    """Claim i's chain, through the claims it nests in (memoised in ``chains``).
    (A function, not a closure: a closure that calls itself is a reference
    cycle, which would leave each document's objects to the cyclic garbage
    collector instead of freeing them at once.)"""
    if i not in chains:
        o = outer.get(i)
        up = _chain_of(o, rows, outer, base, chains, seen + (i,)) if o is not None and o not in seen else None
        if up is not None and len(up) > MAX_NESTED_HANDS:
            up = up[:MAX_NESTED_HANDS]
        r = rows[i]
        chains[i] = build_chain(base, up, r.hops, r.source)
    return chains[i]
