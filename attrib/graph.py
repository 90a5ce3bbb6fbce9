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
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from .model import Document, Source, SourceKind

UNKNOWN = "unknown"  # identity of an unknown publisher


def source_id(src: Optional[Source]) -> str:
    """A stable node key for a source, also for those without a registry
    identity: unnamed groups by their words, unspecified sources as one."""
    if src is None or src.name == "?":
        return UNKNOWN
    if src.identity:
        return src.identity
    if src.kind == SourceKind.UNSPECIFIED:
        return "unspecified"
    label = " ".join((src.name or src.mention or "?").casefold().split())
    if src.kind == SourceKind.ANONYMOUS:
        return "anon:" + label
    return f"{src.kind.value}:{label}"


class ProvenanceGraph:
    """Claims, sources and articles from many documents, and their links."""

    def __init__(self, index=None):
        if index is None:
            from .cluster import ClaimIndex

            index = ClaimIndex()
        self.index = index
        self.docs: Dict[str, dict] = {}
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
        self.docs[doc_id] = {"publisher": pub, "lang": doc.lang, "attributions": len(doc.attributions)}
        if doc.publisher is not None:
            self._source(doc.publisher)
        covered = []
        for n, a in enumerate(doc.attributions):
            chain = [self._source(h) for h in a.chain]
            if chain and chain[0] == UNKNOWN and pub != UNKNOWN:
                chain[0] = pub
            src = self._source(a.source)
            rec = {
                "doc": doc_id,
                "text": a.content.text,
                "direct": a.content.direct,
                "core": a.core,
                "cue": a.cue.text,
                "cue_start": a.cue.span.start,
                "cue_end": a.cue.span.end,
                "start": a.content.span.start,
                "end": a.content.span.end,
                "time": a.time.text if a.time else None,
                "source": src,
                "source_kind": a.source.kind.value,
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
        key = source_id(src)
        if key not in self.sources:
            name = src.name if src.name and src.name != "?" else ("unknown publisher" if key == UNKNOWN else src.mention)
            self.sources[key] = {
                # every source has a name: an unspecified one has no words of its own (origins printed None)
                "name": name or ("unspecified source" if key == "unspecified" else key),
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
        the chains themselves."""
        from rapidfuzz import fuzz

        rows = []
        for cid, keys in self.clusters().items():
            recs = [self.claims[k] for k in keys if k in self.claims]
            if claim is not None and max(fuzz.partial_ratio(claim.casefold(), r["text"].casefold()) for r in recs) < min_score:
                continue
            origins = Counter(_origin(r) for r in recs)
            rows.append({
                "cluster": cid,
                "claim": recs[0]["text"],
                "claims": len(recs),
                "documents": sorted({r["doc"] for r in recs} | {k[0] for k in keys if k not in self.claims}),
                "origins": [self.sources[o]["name"] for o, _ in origins.most_common()],
                "origin_ids": [o for o, _ in origins.most_common()],
                "chains": [[self.sources[h]["name"] for h in r["chain"]] for r in recs],
            })
        rows.sort(key=lambda r: (-len(r["documents"]), -r["claims"], r["cluster"]))
        return as_rows(rows, as_frame, ("cluster", "claim", "claims", "documents", "origins", "origin_ids", "chains"))

    def citations(self, as_frame: bool = False):
        """For each publishing outlet, the outlets it cites (any later hop of
        a chain that is an outlet) and how often."""
        counts: Counter = Counter()
        for r in self.claims.values():
            pub = r["chain"][0] if r["chain"] else UNKNOWN
            for hop in r["chain"][1:]:
                if hop != pub and self.sources[hop]["source_kind"] == "outlet":
                    counts[(pub, hop)] += 1
        rows = [
            {"outlet": self.sources[p]["name"], "outlet_id": p, "cites": self.sources[c]["name"], "cites_id": c, "count": n}
            for (p, c), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        return as_rows(rows, as_frame, ("outlet", "outlet_id", "cites", "cites_id", "count"))

    def unnamed_share(self, as_frame: bool = False):
        """For each publisher: attributions, and the share to unnamed
        (anonymous) or unspecified sources."""
        per: Dict[str, Counter] = defaultdict(Counter)
        for r in self.claims.values():
            pub = self.docs[r["doc"]]["publisher"]
            per[pub]["attributions"] += 1
            per[pub][r["source_kind"]] += 1
        rows = []
        for pub, c in sorted(per.items()):
            unnamed = c["anonymous"] + c["unspecified"]
            rows.append({
                "outlet": self.sources.get(pub, {}).get("name", pub), "outlet_id": pub,
                "attributions": c["attributions"], "anonymous": c["anonymous"], "unspecified": c["unspecified"],
                "unnamed_share": round(unnamed / c["attributions"], 4) if c["attributions"] else 0.0,
            })
        return as_rows(rows, as_frame, ("outlet", "outlet_id", "attributions", "anonymous", "unspecified", "unnamed_share"))

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
            yield f"src:{s}", {"kind": "source", "label": attrs["name"] or s, "identity": s, **attrs}
        clusters = self._clusters if self._clusters is not None else self.index.clusters()
        self._clusters = clusters
        for key, r in self.claims.items():
            yield _claim_node(key), {
                "kind": "claim", "label": _short(r["text"]), "text": r["text"], "doc": r["doc"],
                "cluster": clusters[key], "direct": r["direct"], "core": r["core"],
            }
        for cid, hop in self._versions():
            yield f"version:{cid}:{hop}", {"kind": "version", "label": f"{self.sources[hop]['name']} (cluster {cid})",
                                           "cluster": cid, "holder": hop}

    def _versions(self) -> List[Tuple[int, str]]:
        seen = set()
        for key, r in self.claims.items():
            cid = self._clusters[key]
            for hop in r["chain"][1:-1]:
                if (cid, hop) not in seen and self._published_by(cid, hop) is None:
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
        clusters = self._clusters if self._clusters is not None else self.index.clusters()
        self._clusters = clusters
        for key, r in self.claims.items():
            node = _claim_node(key)
            where = {"doc": r["doc"], "cue": r["cue"], "cue_start": r["cue_start"], "cue_end": r["cue_end"],
                     "start": r["start"], "end": r["end"], "time": r["time"]}
            yield f"doc:{r['doc']}", node, "published", where
            yield node, f"src:{r['source']}", "attributed_to", where
            if len(r["chain"]) > 1:
                yield node, f"src:{r['chain'][-1]}", "origin", where
            # each hop's version quotes the next hop upstream
            cid = clusters[key]
            prev = node
            for hop in r["chain"][1:-1]:
                held = self._published_by(cid, hop)
                version = _claim_node(held) if held is not None else f"version:{cid}:{hop}"
                if version != prev:
                    yield prev, version, "quoted_from", where
                    if held is None:
                        yield version, f"src:{hop}", "attributed_to", where
                prev = version
        for key, s in self.sentences.items():
            cid = clusters.get(key)
            lead = next((k for k in self.clusters().get(cid, ()) if k in self.claims), None)
            if lead is not None:
                yield f"doc:{s['doc']}", _claim_node(lead), "repeats", {"doc": s["doc"], "start": s["start"], "end": s["end"], "text": s["text"]}

    def to_networkx(self):
        """A networkx MultiDiGraph (networkx is an optional extra: pip install attrib[graph])."""
        nx = _networkx()
        g = nx.MultiDiGraph()
        for n, attrs in self.nodes():
            g.add_node(n, **attrs)
        for u, v, rel, attrs in self.edges():
            g.add_edge(u, v, key=None, relation=rel, **attrs)
        return g

    # --- exports ----------------------------------------------------------
    def write(self, path, format: str, cluster: Optional[int] = None) -> None:
        """Write the graph in one of ``attrib.export.FORMATS``; ``cluster``
        draws one story (dot, svg, png)."""
        from .export import write_graph

        write_graph(self, path, format, cluster=cluster)


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
