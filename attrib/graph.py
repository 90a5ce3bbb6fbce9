"""Provenance graphs across documents.

``ProvenanceGraph`` is built from traced documents one at a time
(``add(doc)``); it keeps compact claim records, never the documents, so a
corpus need not fit in memory. Claims are clustered across documents
(``attrib.cluster``): the same claim reported by several outlets in different
words is one cluster, and unattributed sentences join the cluster of an
attributed claim they repeat.

The graph has four kinds of node:

- ``doc:<id>``: an article;
- ``src:<identity>``: a source (registry id, ``person:…``, ``desc:…``);
- ``claim:<doc>:<n>``: a claim as one article published it;
- ``version:<cluster>:<identity>``: a claim as an intermediate hop of a chain
  held it (one per cluster and hop; an article in the corpus published by
  that hop stands in for it when there is one).

and four kinds of edge, each keeping the attribution's cue, time and
document offsets: ``published`` (article → claim), ``attributed_to`` (claim
or version → source), ``quoted_from`` (a version → the upstream version it
quotes) and ``origin`` (claim → the source the chain starts from).

An article node carries the article's ``date`` and ``url`` (as the input gave
them) and its ``title`` (its headline: ``headline``); claims and edges carry
the article's ``date`` too, so that exports can put them on a timeline.
``outlet_network()`` is the other view: outlets, and outlet → outlet edges
weighted by the claims that passed along them.

``ProvenanceGraph(drop=...)`` leaves out what would otherwise become hub
nodes: ``borderline`` attributions (not core: agentless passives, border
cues), the ``unspecified`` source and the ``unknown`` publisher placeholder.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections import Counter, defaultdict
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from .export import VIEWS
from .model import Document, Source, SourceKind

UNKNOWN = "unknown"  # identity of an unknown publisher (also in the chain_ids of tables)
UNSPECIFIED = "unspecified"  # identity of an unspecified source (agentless passives)
DROPPABLE = ("borderline", "unspecified", "unknown")

_DATE = re.compile(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s])")


def parse_date(value) -> Optional[datetime.date]:
    """The day of a date as inputs give it: ISO 8601 (``2023-09-17``, with or
    without a time after it) or ``2023/09/17``; None for anything else, which
    is kept as text but put on no timeline (day-first forms are ambiguous)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    m = _DATE.match(value)
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:  # 2023-02-30
        return None


def headline(doc: Document) -> Optional[str]:
    """The article's title when its text starts with one: the first line that
    is not page furniture, a credit line or a section name ("News", "World |
    Asia"), and does not end like a sentence (a lead paragraph is no title).
    None otherwise."""
    skip = [*doc.furniture, *(c.span for c in doc.credits)]
    pos = 0
    for line in doc.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        text = line.strip()
        if not text or any(s.start < end and start < s.end for s in skip):
            continue
        words = [w for w in text.split() if w not in "|/›»>"]
        if len(words) < 4 and len(words) < len(text.split()) or len(words) < 3:  # "News", "World | Asia"
            continue
        if text[-1] in ".!?\"”" or len(text) > 200:
            return None
        return text
    return None


def source_id(src: Optional[Source]) -> str:
    """A stable node key for a source, also for those without a registry
    identity: unnamed groups by their words, unspecified sources as one."""
    if src is None or src.name == "?":
        return UNKNOWN
    if src.identity:
        return src.identity
    if src.kind == SourceKind.UNSPECIFIED:
        return UNSPECIFIED
    label = " ".join((src.name or src.mention or "?").casefold().split())
    if src.kind == SourceKind.ANONYMOUS:
        return "anon:" + label
    return f"{src.kind.value}:{label}"


class ProvenanceGraph:
    """Claims, sources and articles from many documents, and their links."""

    def __init__(self, index=None, *, drop: Iterable[str] = ()):
        if index is None:
            from .cluster import ClaimIndex

            index = ClaimIndex()
        if isinstance(drop, str):
            drop = [d for d in drop.split(",") if d]
        self.drop = frozenset(drop)
        if self.drop - set(DROPPABLE):
            raise ValueError(f"cannot drop {', '.join(sorted(self.drop - set(DROPPABLE)))}; "
                             f"choose from {', '.join(DROPPABLE)}")
        # identities kept in the records (chains stay whole) but never made nodes or edges
        self.hidden = frozenset(x for x in (UNSPECIFIED, UNKNOWN) if x in self.drop)
        self.index = index
        self.docs: Dict[str, dict] = {}
        self.days: Dict[str, Optional[str]] = {}  # doc id -> ISO day of its date, when it has one
        self.sources: Dict[str, dict] = {}
        self.claims: Dict[Tuple[str, int], dict] = {}
        self.sentences: Dict[Tuple[str, int], dict] = {}  # unattributed sentences that may join a cluster
        self._clusters: Optional[Dict[tuple, int]] = None

    # --- building ---------------------------------------------------------
    @classmethod
    def from_documents(cls, docs: Iterable[Document], **kw) -> "ProvenanceGraph":
        g = cls(**kw)
        for d in docs:
            g.add(d)
        return g

    def add(self, doc: Document) -> None:
        if not isinstance(doc, Document):
            raise TypeError(f"ProvenanceGraph.add expects a Document, got {type(doc).__name__}")
        doc_id = doc.id or f"doc{len(self.docs)}"
        if doc_id in self.docs:
            raise ValueError(f"Document id {doc_id!r} was added twice; give each document a unique id")
        pub = source_id(doc.publisher)
        day = parse_date(doc.date)
        self.days[doc_id] = day.isoformat() if day else None
        kept = [a for a in doc.attributions if a.core or "borderline" not in self.drop]
        self.docs[doc_id] = {"publisher": None if pub in self.hidden else pub, "lang": doc.lang,
                             "attributions": len(kept), "date": doc.date, "url": doc.url, "title": headline(doc)}
        if doc.publisher is not None:
            self._source(doc.publisher)
        covered = [a.span for a in doc.attributions if not a.core and "borderline" in self.drop]
        for n, a in enumerate(doc.attributions):
            if not a.core and "borderline" in self.drop:
                continue  # dropped, but its sentence is no unattributed repeat either
            chain = [self._source(h) for h in a.chain]
            if chain and chain[0] == UNKNOWN and pub != UNKNOWN:
                chain[0] = pub
            src = self._source(a.source)
            rec = {
                "doc": doc_id,
                "text": a.content.text,
                "direct": a.content.direct,
                "core": a.core,
                "cue": sys.intern(a.cue.text),  # a few hundred cue words: one string each
                "cue_start": a.cue.span.start,
                "cue_end": a.cue.span.end,
                "start": a.content.span.start,
                "end": a.content.span.end,
                "time": a.time.text if a.time else None,
                "source": src,
                "source_kind": a.source.kind.value,
                "agentless": a.source.kind == SourceKind.UNSPECIFIED and not a.core,  # "dikabarkan", "it was reported"
                "chain": chain,
            }
            self.claims[(doc_id, n)] = rec
            self.index.add((doc_id, n), a.content.text, attributed=True, lang=doc.lang)
            covered.append(a.span)
        self._add_sentences(doc, doc_id, covered)
        expired = getattr(self.index, "expired", None)  # optional in a custom index
        for key in expired() if expired else ():  # out of the window unmatched: never an edge
            self.sentences.pop(key, None)
        self._clusters = None

    def _add_sentences(self, doc: Document, doc_id: str, covered) -> None:
        furniture = doc.furniture
        for k, u in enumerate(doc.units or _units(doc)):
            if any(s.overlaps(u) for s in covered) or any(f.overlaps(u) for f in furniture):
                continue
            if u.end - u.start < 30:
                continue
            text = doc.text[u.start : u.end]
            self.sentences[(doc_id, -1 - k)] = {"doc": doc_id, "text": text, "start": u.start, "end": u.end}
            self.index.add((doc_id, -1 - k), text, attributed=False, lang=doc.lang)

    def _source(self, src: Source) -> str:
        # interned: every claim's source and chain hold the one string of each identity
        key = sys.intern(source_id(src))
        if key not in self.sources:
            name = src.name if src.name and src.name != "?" else ("unknown publisher" if key == UNKNOWN else src.mention)
            self.sources[key] = {
                # never None: rows and labels print it (an unspecified source has no words of its own)
                "name": name or ("unspecified source" if key == UNSPECIFIED else key),
                "source_kind": src.kind.value,
                "country": src.country,
                "state_media": src.state_media,
            }
        return key

    # --- clusters -----------------------------------------------------------
    def clusters(self) -> Dict[int, List[tuple]]:
        """Cluster id -> keys of its claims (attributed claims first) and the
        unattributed sentences that joined it."""
        if self._clusters is None:
            self._clusters = self.index.clusters()
        if getattr(self, "_lists_of", None) is self._clusters:  # built once per clustering: edges() asks per claim
            return self._lists
        out: Dict[int, List[tuple]] = defaultdict(list)
        for key, cid in self._clusters.items():
            out[cid].append(key)
        self._lists_of, self._lists = self._clusters, {
            cid: sorted(keys, key=lambda k: (k[1] < 0, k))
            for cid, keys in out.items()
            if any(k in self.claims for k in keys)
        }
        return self._lists

    def cluster_of(self, key: tuple) -> int:
        if self._clusters is None:
            self._clusters = self.index.clusters()
        return self._clusters[key]

    # --- questions -------------------------------------------------------
    # Each returns a list of dicts (plain data, JSON-ready), or a pandas
    # DataFrame with ``as_frame=True`` (pandas is not a dependency).
    def origins(self, claim: Optional[str] = None, min_score: float = 70.0, as_frame: bool = False):
        """The clusters (those whose claims match ``claim``, when given), each
        with its origins: the upstream-most sources over all its chains, and
        the chains themselves.

        ``documents`` are the cluster's first sightings: in date order when
        the articles have dates (those without come last), else by id;
        ``first_seen`` is the earliest date and ``first_document`` its
        article. Origins are by how many claims start there, then by how
        early. A dropped identity (``drop=``) is no origin."""
        from rapidfuzz import fuzz

        rows = []
        for cid, keys in self.clusters().items():
            recs = [self.claims[k] for k in keys if k in self.claims]
            if claim is not None and max(fuzz.partial_ratio(claim.casefold(), r["text"].casefold()) for r in recs) < min_score:
                continue
            docs = sorted({r["doc"] for r in recs} | {k[0] for k in keys if k not in self.claims}, key=self._when)
            first: Dict[str, tuple] = {}
            counts: Counter = Counter()
            for r in recs:
                o = _origin(r)
                if o in self.hidden:
                    continue
                counts[o] += 1
                first[o] = min(first.get(o, self._when(r["doc"])), self._when(r["doc"]))
            origins = sorted(counts, key=lambda o: (-counts[o], first[o]))
            rows.append({
                "cluster": cid,
                "claim": recs[0]["text"],
                "claims": len(recs),
                "documents": docs,
                "first_seen": self.days.get(docs[0]),
                "first_document": docs[0],
                "origins": [self.sources[o]["name"] for o in origins],
                "origin_ids": origins,
                "chains": [[self.sources[h]["name"] for h in r["chain"]] for r in recs],
            })
        rows.sort(key=lambda r: (-len(r["documents"]), -r["claims"], r["cluster"]))
        return as_rows(rows, as_frame, ("cluster", "claim", "claims", "documents", "first_seen", "first_document",
                                        "origins", "origin_ids", "chains"))

    def _when(self, doc_id: str) -> tuple:
        """Sort key of an article in time: dated ones first, by day, then by id."""
        day = self.days.get(doc_id)
        return (day is None, day or "", doc_id)

    def citations(self, as_frame: bool = False):
        """For each publishing outlet, the outlets it cites (any later hop of
        a chain that is an outlet) and how often."""
        counts: Counter = Counter()
        for r in self.claims.values():
            pub = r["chain"][0] if r["chain"] else UNKNOWN
            if pub in self.hidden:
                continue
            for hop in r["chain"][1:]:
                if hop != pub and self.sources[hop]["source_kind"] == "outlet":
                    counts[(pub, hop)] += 1
        rows = [
            {"outlet": self.sources[p]["name"], "outlet_id": p, "cites": self.sources[c]["name"], "cites_id": c, "count": n}
            for (p, c), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        return as_rows(rows, as_frame, ("outlet", "outlet_id", "cites", "cites_id", "count"))

    def unnamed_share(self, as_frame: bool = False, agentless: bool = False):
        """For each publisher: attributions, and the share of them to unnamed
        (anonymous) or unspecified sources.

        An agentless passive ("dikabarkan", "it was reported") names no source
        at all, rather than an unnamed one: it is counted apart (``agentless``)
        and left out of the share, numerator and denominator, unless
        ``agentless=True`` counts it as an unspecified source."""
        per: Dict[str, Counter] = defaultdict(Counter)
        for r in self.claims.values():
            pub = self.docs[r["doc"]]["publisher"]
            if pub is None:  # the unknown publisher, dropped
                continue
            per[pub]["attributions"] += 1
            if r["agentless"]:
                per[pub]["agentless"] += 1
                if not agentless:
                    continue
            per[pub][r["source_kind"]] += 1
        rows = []
        for pub, c in sorted(per.items()):
            unnamed = c["anonymous"] + c["unspecified"]
            counted = c["attributions"] - (0 if agentless else c["agentless"])
            rows.append({
                "outlet": self.sources.get(pub, {}).get("name", pub), "outlet_id": pub,
                "attributions": c["attributions"], "anonymous": c["anonymous"], "unspecified": c["unspecified"],
                "agentless": c["agentless"],
                "unnamed_share": round(unnamed / counted, 4) if counted else 0.0,
            })
        return as_rows(rows, as_frame, ("outlet", "outlet_id", "attributions", "anonymous", "unspecified",
                                        "agentless", "unnamed_share"))

    def state_media_claims(self, as_frame: bool = False):
        """Claims whose chain passes through state media (the registry flag)."""
        rows = []
        for key, r in self.claims.items():
            state = [h for h in r["chain"][1:] if self.sources[h]["state_media"]]
            if state:
                rows.append({
                    "doc": r["doc"], "claim": r["text"], "cluster": self.cluster_of(key),
                    "state_media": [self.sources[h]["name"] for h in state],
                    "chain": [self.sources[h]["name"] for h in r["chain"]],
                })
        return as_rows(rows, as_frame, ("doc", "claim", "cluster", "state_media", "chain"))

    def longest_chains(self, n: int = 10, as_frame: bool = False):
        rows = [
            {"doc": r["doc"], "claim": r["text"], "length": len(r["chain"]),
             "chain": [self.sources[h]["name"] for h in r["chain"]]}
            for r in self.claims.values()
        ]
        rows.sort(key=lambda r: (-r["length"], r["doc"]))
        return as_rows(rows[:n], as_frame, ("doc", "claim", "length", "chain"))

    # --- the graph ------------------------------------------------------
    def nodes(self) -> Iterator[Tuple[str, dict]]:
        for d, attrs in self.docs.items():
            yield f"doc:{d}", {"kind": "article", "label": d, **attrs}
        for s, attrs in self.sources.items():
            if s not in self.hidden:
                yield f"src:{s}", {"kind": "source", "label": attrs["name"] or s, "identity": s, **attrs}
        clusters = self._clusters if self._clusters is not None else self.index.clusters()
        self._clusters = clusters
        for key, r in self.claims.items():
            yield _claim_node(key), {
                "kind": "claim", "label": _short(r["text"]), "text": r["text"], "doc": r["doc"],
                "cluster": clusters[key], "direct": r["direct"], "core": r["core"], "date": self.docs[r["doc"]]["date"],
            }
        for cid, hop in self._versions():
            yield f"version:{cid}:{hop}", {"kind": "version", "label": f"{self.sources[hop]['name']} (cluster {cid})",
                                           "cluster": cid, "holder": hop}

    def _versions(self) -> List[Tuple[int, str]]:
        seen = set()
        for key, r in self.claims.items():
            cid = self._clusters[key]
            for hop in r["chain"][1:-1]:
                if hop not in self.hidden and (cid, hop) not in seen and self._published_by(cid, hop) is None:
                    seen.add((cid, hop))
        return sorted(seen)

    def _published_by(self, cid: int, outlet: str) -> Optional[tuple]:
        """A claim of the cluster that an article by ``outlet`` published."""
        for key in self.clusters().get(cid, ()):
            if key in self.claims and self.docs[key[0]]["publisher"] == outlet:
                return key
        return None

    def edges(self) -> Iterator[Tuple[str, str, str, dict]]:
        """(from, to, relation, attributes)."""
        for u, v, _, rel, attrs in self.keyed_edges():
            yield u, v, rel, attrs

    def keyed_edges(self) -> Iterator[Tuple[str, str, int, str, dict]]:
        """(from, to, key, relation, attributes): ``edges()`` with the key
        each edge has in ``to_networkx()`` (networkx's: how many from → to
        edges came before it), so that a writer need not build the graph.

        The keys are counted without a table of every edge: an edge from a
        claim can repeat only among that claim's own edges, unless the claim
        stands in for a hop of other chains (``held``); only edges from those
        and from versions, and the repeats, go in tables."""
        clusters = self._clusters if self._clusters is not None else self.index.clusters()
        self._clusters = clusters
        hidden = self.hidden
        held_by: Dict[tuple, Optional[tuple]] = {}  # (cluster, hop) -> the claim that stands in for it
        for key, r in self.claims.items():
            for hop in r["chain"][1:-1]:
                if hop not in hidden and (clusters[key], hop) not in held_by:
                    held_by[(clusters[key], hop)] = self._published_by(clusters[key], hop)
        held = {k for k in held_by.values() if k is not None}
        shared: Counter = Counter()  # (from, to) -> edges so far, for edges from held claims and versions
        for key, r in self.claims.items():
            node = _claim_node(key)
            own: Counter = Counter()
            count = shared if key in held else own

            def k(u, v):
                c = count if u == node else shared
                n = c[(u, v)]
                c[(u, v)] = n + 1
                return n

            where = {"doc": r["doc"], "cue": r["cue"], "cue_start": r["cue_start"], "cue_end": r["cue_end"],
                     "start": r["start"], "end": r["end"], "time": r["time"], "date": self.docs[r["doc"]]["date"]}
            yield f"doc:{r['doc']}", node, 0, "published", where  # the claim's first edge from its article
            if r["source"] not in hidden:
                yield node, f"src:{r['source']}", k(node, f"src:{r['source']}"), "attributed_to", where
            if len(r["chain"]) > 1 and r["chain"][-1] not in hidden:
                yield node, f"src:{r['chain'][-1]}", k(node, f"src:{r['chain'][-1]}"), "origin", where
            # each hop's version quotes the next hop upstream
            cid = clusters[key]
            prev = node
            for hop in r["chain"][1:-1]:
                if hop in hidden:
                    continue
                holder = held_by[(cid, hop)]
                version = _claim_node(holder) if holder is not None else f"version:{cid}:{hop}"
                if version != prev:
                    yield prev, version, k(prev, version), "quoted_from", where
                    if holder is None:
                        yield version, f"src:{hop}", k(version, f"src:{hop}"), "attributed_to", where
                prev = version
        shared.clear()
        for key, s in self.sentences.items():
            cid = clusters.get(key)
            lead = next((k for k in self.clusters().get(cid, ()) if k in self.claims), None)
            if lead is not None:
                u, v = f"doc:{s['doc']}", _claim_node(lead)
                n = shared[(u, v)] + (lead[0] == s["doc"])  # after the article's published edge, if it is its own
                shared[(u, v)] += 1
                yield u, v, n, "repeats", {
                    "doc": s["doc"], "start": s["start"], "end": s["end"], "text": s["text"],
                    "date": self.docs[s["doc"]]["date"]}

    def outlet_network(self, as_frame: bool = False):
        """The outlet citation network, as edges: for each pair of outlets
        next to each other in a chain (publisher first, the other hops of
        kind outlet in chain order), from the citing outlet to the cited one:
        ``claims`` (the weight: how many claims passed along it), ``stories``
        (their clusters), ``documents``, and the first and last days it was
        seen. ``to_networkx(view="outlets")`` makes it a graph."""
        rows = {}
        clusters = self._clusters if self._clusters is not None else self.index.clusters()
        self._clusters = clusters
        for key, r in self.claims.items():
            hops = [h for i, h in enumerate(r["chain"])
                    if (i == 0 or self.sources[h]["source_kind"] == "outlet") and h not in self.hidden]
            if not r["chain"] or r["chain"][0] in self.hidden:
                continue  # no publisher to start from
            day = self.days.get(r["doc"])
            for a, b in set(zip(hops, hops[1:])):  # once per claim, even if the chain loops
                if a == b:
                    continue
                e = rows.setdefault((a, b), {"claims": 0, "stories": set(), "documents": set(), "days": []})
                e["claims"] += 1
                e["stories"].add(clusters[key])
                e["documents"].add(r["doc"])
                if day:
                    e["days"].append(day)
        out = [
            {"outlet": self.sources[a]["name"], "outlet_id": a, "cites": self.sources[b]["name"], "cites_id": b,
             "claims": e["claims"], "stories": len(e["stories"]), "documents": len(e["documents"]),
             "first_seen": min(e["days"], default=None), "last_seen": max(e["days"], default=None)}
            for (a, b), e in sorted(rows.items(), key=lambda kv: (-kv[1]["claims"], kv[0]))
        ]
        return as_rows(out, as_frame, ("outlet", "outlet_id", "cites", "cites_id", "claims", "stories", "documents",
                                       "first_seen", "last_seen"))

    def outlet_nodes(self, edges: Optional[List[dict]] = None) -> Iterator[Tuple[str, dict]]:
        """The nodes of the outlet network: every publisher of an article and
        every outlet an edge touches, with how many articles it published."""
        edges = self.outlet_network() if edges is None else edges
        published: Counter = Counter(d["publisher"] for d in self.docs.values() if d["publisher"] is not None)
        days: Dict[str, List[str]] = defaultdict(list)
        for d, attrs in self.docs.items():
            if attrs["publisher"] is not None and self.days.get(d):
                days[attrs["publisher"]].append(self.days[d])
        cited: Counter = Counter()
        for e in edges:
            cited[e["cites_id"]] += e["claims"]
        ids = set(published) | {e["outlet_id"] for e in edges} | set(cited)
        for o in sorted(ids):
            s = self.sources.get(o, {})
            yield f"src:{o}", {"kind": "outlet", "label": s.get("name") or o, "identity": o,
                               "source_kind": s.get("source_kind"), "country": s.get("country"),
                               "state_media": s.get("state_media"), "articles": published.get(o, 0),
                               "cited": cited.get(o, 0),
                               "first_seen": min(days[o], default=None)}

    def to_networkx(self, view: str = "claims"):
        """A networkx graph (networkx is an optional extra: pip install
        attrib[graph]). ``view="claims"``: the provenance graph, a
        MultiDiGraph; ``view="outlets"``: the outlet citation network, a
        DiGraph of outlets whose edges carry ``weight`` (the claims that
        passed along them; ``outlet_network``)."""
        nx = _networkx()
        if view == "outlets":
            edges = self.outlet_network()
            g = nx.DiGraph()
            for n, attrs in self.outlet_nodes(edges):
                g.add_node(n, **attrs)
            for e in edges:
                g.add_edge(f"src:{e['outlet_id']}", f"src:{e['cites_id']}", weight=e["claims"],
                           **{k: e[k] for k in ("claims", "stories", "documents", "first_seen", "last_seen")})
            return g
        if view != "claims":
            raise ValueError(f"Unknown graph view {view!r}; choose one of {', '.join(VIEWS)}")
        g = nx.MultiDiGraph()
        for n, attrs in self.nodes():
            g.add_node(n, **attrs)
        for u, v, rel, attrs in self.edges():
            g.add_edge(u, v, key=None, relation=rel, **attrs)
        return g

    # --- exports ----------------------------------------------------------
    def write(self, path, format: str, cluster: Optional[int] = None, view: str = "claims") -> None:
        """Write the graph in one of ``attrib.export.FORMATS``; ``cluster``
        draws one story (dot, svg, png); ``view="outlets"`` writes the outlet
        citation network instead of the provenance graph."""
        from .export import write_graph

        write_graph(self, path, format, cluster=cluster, view=view)


def _units(doc: Document):
    """The units of a Document read back from JSON, which keeps none."""
    from .core.segment import find_quotes, split_units
    from .language import get_language

    return split_units(doc.text, find_quotes(doc.text), get_language(doc.lang).abbreviations)


def _origin(rec: dict) -> str:
    """Where a claim's chain starts: its last hop, or the source itself when
    the chain holds only the publisher (an unspecified source)."""
    return rec["chain"][-1] if len(rec["chain"]) > 1 else rec["source"]


def _claim_node(key: tuple) -> str:
    return f"claim:{key[0]}:{key[1]}"


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _networkx():
    try:
        import networkx
    except ImportError:
        raise ImportError("networkx is needed for graph exports: pip install 'attrib[graph]'") from None
    return networkx


def as_rows(rows: List[dict], as_frame: bool = False, columns: Tuple[str, ...] = ()):
    """Rows as given, or a pandas DataFrame when asked (pandas must be
    installed: pip install 'attrib[pandas]'). The frame has the rows' keys as
    columns even when there are no rows."""
    if not as_frame:
        return rows
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("pandas is needed for DataFrames: pip install 'attrib[pandas]'") from None
    return pd.DataFrame(rows, columns=list(columns) or None)
