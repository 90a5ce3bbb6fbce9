"""The streaming GraphML and GEXF writers (attrib.export.stream) against
networkx's writers: on the graphs of corpus/ and corpus/en, both files read
back with networkx give the same graph: nodes, edges, keys, attributes and
their types, GEXF's timeline (``start``) included, for the provenance graph
and for the outlet view."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import attrib
from attrib.export import on_timeline, sanitised
from attrib.graph import ProvenanceGraph

nx = pytest.importorskip("networkx", reason="the reference is networkx's writer")

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# dated, undated and unreadable dates: items of undated articles have no start
DATES = ["2023-09-17", None, "2023-09-15T08:00:00Z", "2023/09/16", "17 September 2023", "2023-09-14"]


def _docs(folder: Path):
    return [attrib.trace(p.read_text(encoding="utf-8"), id=p.stem, date=DATES[i % len(DATES)])
            for i, p in enumerate(sorted(folder.glob("*.txt")))]


@pytest.fixture(scope="module", params=["corpus", "corpus/en"])
def graph(request):
    return ProvenanceGraph.from_documents(_docs(CORPUS.parent / request.param))


def _typed(attrs: dict) -> dict:
    return {k: (type(v).__name__, v) for k, v in attrs.items()}


def _same(a, b, drop=()):
    """Two graphs read back are equal: same class, nodes with their typed
    attributes, and edges (with keys on a multigraph) as a multiset."""
    assert type(a) is type(b)
    assert list(a.nodes) == list(b.nodes)
    assert {n: _typed(d) for n, d in a.nodes(data=True)} == {n: _typed(d) for n, d in b.nodes(data=True)}

    def edges(g):
        rows = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
        return sorted(repr((u, v, k, sorted(_typed({x: y for x, y in d.items() if x not in drop}).items())))
                      for u, v, k, d in rows)

    assert edges(a) == edges(b)
    assert a.number_of_edges() == b.number_of_edges() > 0


def _outlets_gexf_reference(graph, path):
    """What write_graph wrote before the streaming writers (networkx)."""
    h = sanitised(graph.to_networkx(view="outlets"))
    for _, a in h.nodes(data=True):
        if a.get("first_seen"):
            a["start"] = a["first_seen"]
    for u, v, a in h.edges(data=True):
        if a.get("first_seen"):
            a["start"] = a["first_seen"]
            for n in (u, v):
                if not h.nodes[n].get("start") or h.nodes[n]["start"] > a["start"]:
                    h.nodes[n]["start"] = a["start"]
    nx.write_gexf(h, path)


def test_graphml_reads_back_as_networkx_writes_it(graph, tmp_path):
    ref, new = tmp_path / "ref.graphml", tmp_path / "new.graphml"
    nx.write_graphml(sanitised(graph.to_networkx()), ref)
    graph.write(new, "graphml")
    _same(nx.read_graphml(ref), nx.read_graphml(new))


def test_gexf_reads_back_as_networkx_writes_it(graph, tmp_path):
    ref, new = tmp_path / "ref.gexf", tmp_path / "new.gexf"
    nx.write_gexf(on_timeline(sanitised(graph.to_networkx()), graph.days), ref)
    graph.write(new, "gexf")
    a, b = nx.read_gexf(ref), nx.read_gexf(new)
    # GEXF edge ids number the edges in write order: networkx groups them by
    # their first node, the stream writes them as the graph makes them
    _same(a, b, drop=("id",))
    starts = [d["start"] for _, d in b.nodes(data=True) if "start" in d]
    assert starts and set(starts) <= {"2023-09-17", "2023-09-15", "2023-09-16", "2023-09-14"}
    assert any("start" in d for *_, d in b.edges(data=True))
    assert any("start" not in d for _, d in b.nodes(data=True))  # items of undated articles


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_outlet_view_reads_back_as_networkx_writes_it(graph, tmp_path, fmt):
    ref, new = tmp_path / f"ref.{fmt}", tmp_path / f"new.{fmt}"
    if fmt == "graphml":
        nx.write_graphml(sanitised(graph.to_networkx(view="outlets")), ref)
    else:
        _outlets_gexf_reference(graph, ref)
    graph.write(new, fmt, view="outlets")
    read = getattr(nx, f"read_{fmt}")
    _same(read(ref), read(new))  # edges in networkx's order: the GEXF ids agree too
    if fmt == "gexf":
        assert any("start" in d for _, d in read(new).nodes(data=True))


def test_keyed_edges_are_networkx_keys(graph):
    G = graph.to_networkx()  # networkx numbers parallel edges itself
    ref = sorted(repr((u, v, k, d["relation"], d.get("start"), d.get("cue_start"))) for u, v, k, d in G.edges(keys=True, data=True))
    got = sorted(repr((u, v, k, rel, a.get("start"), a.get("cue_start"))) for u, v, k, rel, a in graph.keyed_edges())
    assert got == ref
    assert any(k > 0 for *_, k in G.edges(keys=True))  # the corpus has parallel edges to count


def test_awkward_text_is_escaped(tmp_path):
    from attrib.export.stream import write_gexf, write_graphml

    text = 'a <b> & "c"\n\td\u00e9 \U0001F600'
    nodes = [("n&1", {"label": text, "text": text, "n": 3, "x": 1.5, "flag": False}), ("n<2", {})]
    edges = [("n&1", "n<2", 0, {"text": text}), ("n&1", "n<2", 1, {})]
    g = nx.MultiDiGraph()
    for n, a in nodes:
        g.add_node(n, **a)
    for u, v, _, a in edges:
        g.add_edge(u, v, **a)
    for fmt, writer in (("graphml", write_graphml), ("gexf", write_gexf)):
        ref, new = tmp_path / f"ref.{fmt}", tmp_path / f"new.{fmt}"
        getattr(nx, f"write_{fmt}")(g, ref)
        writer(new, lambda: nodes, lambda: edges)
        read = getattr(nx, f"read_{fmt}")
        _same(read(ref), read(new))


def test_no_networkx_needed(graph, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "networkx", None)  # import networkx now fails
    for fmt in ("graphml", "gexf"):
        for view in ("claims", "outlets"):
            graph.write(tmp_path / f"g.{view}.{fmt}", fmt, view=view)
    with pytest.raises(ImportError):
        graph.write(tmp_path / "g.json", "networkx-json")


def test_characters_xml_cannot_hold_are_replaced(tmp_path):
    """Scraped text may hold control characters (an ESC): networkx's writers
    put them in the file and no XML reader opens it; these writers put
    U+FFFD in their place, so the text keeps its length."""
    from attrib.export.stream import write_gexf, write_graphml

    text = "being a father\x1b \u2014 \x00end\x0c"
    nodes = [("a\x1b", {"label": text, "text": text}), ("b", {})]
    edges = [("a\x1b", "b", 0, {"text": text})]
    clean = "being a father\ufffd \u2014 \ufffdend\ufffd"
    for fmt, writer in (("graphml", write_graphml), ("gexf", write_gexf)):
        out = tmp_path / f"g.{fmt}"
        writer(out, lambda: nodes, lambda: edges)
        back = getattr(nx, f"read_{fmt}")(out)
        assert back.nodes["a\ufffd"]["text"] == clean
        assert [d["text"] for *_, d in back.edges(data=True)] == [clean]
