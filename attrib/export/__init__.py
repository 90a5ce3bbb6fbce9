"""Exports of a ``ProvenanceGraph`` to the formats researchers' tools read.

- ``networkx-json``: node-link JSON (``networkx.node_link_data(G,
  edges="edges")``), lossless: every attribute as it is, ``null`` included;
- ``graphml`` and ``gexf`` (Gephi): these formats take only strings, numbers
  and booleans, so attributes are sanitised by one rule (``sanitise``): a
  ``None`` attribute is left out, a list, tuple or dict becomes its JSON text,
  booleans, ints, floats and strings stay as they are, and anything else
  becomes ``str(value)``;
  GraphML and GEXF are written as they go (``attrib.export.stream``), with
  no networkx graph and no XML tree in memory, and networkx reads them back
  as the graph its own writers give (``sanitised`` and ``on_timeline`` are
  that graph, kept as the reference); networkx is needed only for
  ``networkx-json`` and the outlet view's pictures;
- ``dot``: Graphviz source; ``svg`` and ``png`` render it with Graphviz's
  ``dot`` program when it is installed;
- ``prov-json``, ``prov-n`` and ``prov-ttl`` (PROV-O Turtle): W3C PROV through
  the ``prov`` package, an optional extra (``attrib.export.prov``).

GEXF is written for Gephi's timeline: a node or edge gets a ``start`` (its
day, ``timeformat="date"``) when it is known: articles, claims and edges
their article's; sources and versions the earliest of their edges'. Items of
undated articles have none (Gephi shows them at every time). GEXF reads
``start`` and ``end`` as times, so the content offsets that other formats call
``start`` and ``end`` are ``content_start`` and ``content_end`` there.

``view="outlets"`` writes the outlet citation network
(``ProvenanceGraph.outlet_network``) instead of the provenance graph: outlets,
and outlet → outlet edges with ``weight`` the claims that passed along them;
GEXF gives nodes and edges the day they were first seen. PROV describes the
provenance graph only.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

VIEWS = ("claims", "outlets")  # the provenance graph, the outlet citation network
FORMATS = ("networkx-json", "graphml", "gexf", "dot", "svg", "png", "prov-json", "prov-n", "prov-ttl")


class ExportError(RuntimeError):
    pass


def sanitise(value):
    """One attribute value for GraphML/GEXF, or None to leave it out."""
    if value is None:
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def sanitised(g):
    """A copy of a networkx graph with every attribute sanitised."""
    h = g.__class__()
    for n, attrs in g.nodes(data=True):
        h.add_node(n, **{k: sanitise(v) for k, v in attrs.items() if sanitise(v) is not None})
    if g.is_multigraph():
        for u, v, k, attrs in g.edges(keys=True, data=True):
            h.add_edge(u, v, key=k, **{a: sanitise(x) for a, x in attrs.items() if sanitise(x) is not None})
    else:  # the outlet network
        for u, v, attrs in g.edges(data=True):
            h.add_edge(u, v, **{a: sanitise(x) for a, x in attrs.items() if sanitise(x) is not None})
    return h


def write_graph(graph, path, format: str, cluster: int = None, view: str = "claims") -> None:
    """Write ``graph`` as ``format``; ``cluster`` keeps one claim cluster
    (one story) and what touches it, for the picture formats; ``view`` is
    ``claims`` (the provenance graph) or ``outlets`` (the outlet citation
    network)."""
    if format not in FORMATS:
        raise ExportError(f"Unknown graph format {format!r}; choose one of {', '.join(FORMATS)}")
    if view not in VIEWS:
        raise ExportError(f"Unknown graph view {view!r}; choose one of {', '.join(VIEWS)}")
    path = Path(path)
    if cluster is not None and format not in ("dot", "svg", "png"):
        raise ExportError("one story (a cluster) can be drawn as dot, svg or png; other formats hold the whole graph")
    if view == "outlets":
        if cluster is not None or format.startswith("prov-"):
            raise ExportError("the outlet network is written as networkx-json, graphml, gexf, dot, svg or png, "
                              "whole (PROV and one story describe the provenance graph)")
        _write_outlets(graph, path, format)
        return
    if format in ("dot", "svg", "png"):
        dot = to_dot(graph, cluster=cluster)
        if format == "dot":
            path.write_text(dot, encoding="utf-8")
        else:
            render(dot, path, format)
        return
    if format in ("prov-json", "prov-n", "prov-ttl"):
        from .prov import write_prov

        write_prov(graph, path, format)
        return
    if format == "graphml":
        from .stream import write_graphml

        write_graphml(path, lambda: _clean_nodes(graph.nodes()), lambda: _clean_edges(graph.keyed_edges()))
        return
    if format == "gexf":
        from .stream import write_gexf

        write_gexf(path, *timeline_streams(graph))
        return
    import networkx as nx

    g = graph.to_networkx()
    data = nx.node_link_data(g, edges="edges")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _clean(attrs: dict) -> dict:
    """``attrs`` sanitised, None left out (``sanitised`` for one item)."""
    out = {}
    for k, v in attrs.items():
        v = sanitise(v)
        if v is not None:
            out[k] = v
    return out


def _clean_nodes(nodes):
    for n, attrs in nodes:
        yield n, _clean(attrs)


def _clean_edges(edges):
    for u, v, key, rel, attrs in edges:
        yield u, v, key, _clean({"relation": rel, **attrs})


def timeline_streams(graph):
    """The nodes and edges streams of the provenance graph for GEXF: what
    ``on_timeline(sanitised(graph.to_networkx()), graph.days)`` holds, made
    as they are written. A source's or version's day, the earliest of its
    edges', is found first, in one pass over the edges."""
    days = graph.days
    earliest = {}  # source or version node -> its first day
    for u, v, _, _, a in graph.keyed_edges():
        when = days.get(a.get("doc"))
        if when:
            for n in (u, v):
                if n.startswith(("src:", "version:")) and (n not in earliest or earliest[n] > when):
                    earliest[n] = when

    def nodes():
        for n, a in graph.nodes():
            a = _clean(a)
            a.pop("start", None), a.pop("end", None)
            when = days.get(_article_of(n, a)) or (earliest.get(n) if a.get("kind") in ("source", "version") else None)
            if when:
                a["start"] = when
            yield n, a

    def edges():
        for u, v, key, rel, a in graph.keyed_edges():
            a = _clean({"relation": rel, **a})
            _edge_on_timeline(a, days)
            yield u, v, key, a

    return nodes, edges


def _write_outlets(graph, path: Path, format: str) -> None:
    if format in ("graphml", "gexf"):
        from .stream import write_gexf, write_graphml

        nodes, edges = outlet_items(graph)
        if format == "graphml":
            write_graphml(path, lambda: nodes, lambda: edges, multigraph=False)
            return
        start = {}
        for n, a in nodes:
            if a.get("first_seen"):
                start[n] = a["first_seen"]
        for u, v, _, a in edges:
            if a.get("first_seen"):
                a["start"] = a["first_seen"]
                # an outlet appears no later than the first edge that touches it
                for n in (u, v):
                    if n not in start or start[n] > a["start"]:
                        start[n] = a["start"]
        for n, a in nodes:
            if n in start:
                a["start"] = start[n]
        write_gexf(path, lambda: nodes, lambda: edges, multigraph=False)
        return
    g = graph.to_networkx(view="outlets")
    if format in ("dot", "svg", "png"):
        out = ["digraph outlets {", '  node [fontname="Helvetica", fontsize=10, shape=ellipse]; edge [fontsize=8];']
        for n, a in g.nodes(data=True):
            style = ', style="filled", fillcolor="mistyrose"' if a.get("state_media") else ""
            out.append(f'  {_q(n)} [label={_q(a.get("label") or n)}{style}];')
        for u, v, a in g.edges(data=True):
            out.append(f'  {_q(u)} -> {_q(v)} [label={_q(a["weight"])}, penwidth={1 + min(a["weight"], 9) / 3:.2f}];')
        out.append("}")
        dot = "\n".join(out) + "\n"
        if format == "dot":
            path.write_text(dot, encoding="utf-8")
        else:
            render(dot, path, format)
        return
    import networkx as nx

    data = nx.node_link_data(g, edges="edges")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def outlet_items(graph):
    """The outlet network's nodes and edges, sanitised: lists (the network
    is small: outlets and the pairs of them that cite each other), in the
    order and with the attributes of ``graph.to_networkx(view="outlets")``."""
    rows = graph.outlet_network()
    nodes = [(n, _clean(a)) for n, a in graph.outlet_nodes(rows)]
    edges = [(f"src:{e['outlet_id']}", f"src:{e['cites_id']}", None,
              _clean({"weight": e["claims"], **{k: e[k] for k in ("claims", "stories", "documents", "first_seen",
                                                                   "last_seen")}}))
             for e in rows]
    # a DiGraph lists edges by their first node, in the order nodes were added
    order = {n: i for i, (n, _) in enumerate(nodes)}
    edges.sort(key=lambda e: order[e[0]])
    return nodes, edges


def _article_of(n: str, a: dict):
    """The article whose day an article or claim node starts on (None for others)."""
    kind = a.get("kind")
    return n[len("doc:"):] if kind == "article" else a.get("doc") if kind == "claim" else None


def _edge_on_timeline(a: dict, days: dict):
    """An edge's attributes for GEXF, in place: the content offsets renamed
    (GEXF reads ``start`` and ``end`` as times) and its article's day as
    ``start`` when known; returns that day."""
    for k in ("start", "end"):
        if k in a:
            a["content_" + k] = a.pop(k)
    when = days.get(a.get("doc"))
    if when:
        a["start"] = when
    return when


def on_timeline(g, days: dict):
    """A sanitised provenance graph made ready for GEXF: the content offsets
    renamed (GEXF reads ``start`` and ``end`` as times), and a ``start`` day on
    every node and edge whose day is known (see the module docstring).
    ``days``: article id -> ISO day or None (``ProvenanceGraph.days``)."""
    for n, a in g.nodes(data=True):
        a.pop("start", None), a.pop("end", None)
        doc = _article_of(n, a)
        if days.get(doc):
            a["start"] = days[doc]
    for u, v, a in g.edges(data=True):
        when = _edge_on_timeline(a, days)
        if when:
            for n in (u, v):  # a source or version: the earliest of its edges
                node = g.nodes[n]
                if node.get("kind") in ("source", "version") and (not node.get("start") or node["start"] > when):
                    node["start"] = when
    return g


_SHAPE = {"article": "note", "source": "ellipse", "claim": "box", "version": "box"}
_COLOUR = {"published": "gray40", "attributed_to": "steelblue", "quoted_from": "darkorange", "origin": "firebrick",
           "repeats": "gray70"}


def to_dot(graph, cluster: int = None) -> str:
    """Graphviz source for the graph, or for one claim cluster and what
    touches it."""
    nodes = dict(graph.nodes())
    edges = list(graph.edges())
    if cluster is not None:
        keep = {n for n, a in nodes.items() if a.get("cluster") == cluster}
        edges = [e for e in edges if e[0] in keep or e[1] in keep]
        keep |= {e[0] for e in edges} | {e[1] for e in edges}
        nodes = {n: a for n, a in nodes.items() if n in keep}
    out = ["digraph provenance {", '  rankdir=RL; node [fontname="Helvetica", fontsize=10]; edge [fontsize=8];']
    for n, a in nodes.items():
        style = ', style="filled", fillcolor="mistyrose"' if a.get("state_media") else ""
        out.append(f'  {_q(n)} [label={_q(a.get("label") or n)}, shape={_SHAPE.get(a.get("kind"), "box")}{style}];')
    for u, v, rel, a in edges:
        out.append(f'  {_q(u)} -> {_q(v)} [label={_q(rel)}, color={_COLOUR.get(rel, "black")}];')
    out.append("}")
    return "\n".join(out) + "\n"


def _q(s) -> str:
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def render(dot: str, path: Path, format: str) -> None:
    exe = shutil.which("dot")
    if exe is None:
        raise ExportError(f"Rendering {format} needs Graphviz's dot program (Debian: apt-get install graphviz)")
    done = subprocess.run([exe, f"-T{format}", "-o", str(path)], input=dot.encode("utf-8"), capture_output=True)
    if done.returncode != 0:
        raise ExportError(f"dot failed: {done.stderr.decode('utf-8', 'replace').strip()}")
