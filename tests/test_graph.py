"""The provenance graph over the five seed articles: structure, questions,
exports, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import attrib
from attrib.cli import main
from attrib.graph import ProvenanceGraph, source_id

nx = pytest.importorskip("networkx", reason="networkx is the graph extra: pip install 'attrib[graph]'")

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("00*.txt"))


@pytest.fixture(scope="module")
def docs():
    return [attrib.trace(p.read_text(encoding="utf-8"), id=p.name[:3]) for p in SEEDS]


@pytest.fixture(scope="module")
def graph(docs):
    return ProvenanceGraph.from_documents(iter(docs))  # any iterable: documents stream in


@pytest.fixture(scope="module")
def G(graph):
    return graph.to_networkx()


def test_node_and_edge_kinds(G):
    kinds = {d["kind"] for _, d in G.nodes(data=True)}
    assert kinds >= {"article", "source", "claim"}
    relations = {d["relation"] for *_, d in G.edges(data=True)}
    assert relations >= {"published", "attributed_to", "quoted_from", "origin"}
    assert isinstance(G, nx.MultiDiGraph)


def test_graph_keeps_no_documents(graph):
    assert not any(isinstance(v, attrib.Document) for v in vars(graph).values())
    assert all(isinstance(r["text"], str) for r in graph.claims.values())


def test_every_edge_leads_back_to_the_sentence(graph, docs):
    texts = {d.id: d.text for d in docs}
    checked = 0
    for u, v, rel, a in graph.edges():
        if rel in ("published", "attributed_to", "origin", "quoted_from"):
            text = texts[a["doc"]]
            assert text[a["cue_start"] : a["cue_end"]] == a["cue"]
            assert a["start"] < a["end"] <= len(text)
            checked += 1
    assert checked > 100


def test_the_cnn_chain_is_quoted_hop_by_hop(G, graph):
    key = next(k for k, r in graph.claims.items() if r["doc"] == "001" and r["cue"] == "Mengutip" and "drone" in r["text"])
    node = f"claim:{key[0]}:{key[1]}"
    quoted = [v for _, v, d in G.out_edges(node, data=True) if d["relation"] == "quoted_from"]
    assert len(quoted) == 1
    version = quoted[0]
    holders = [v for _, v, d in G.out_edges(version, data=True) if d["relation"] == "attributed_to"]
    assert holders == ["src:cnn"]
    origin = [v for _, v, d in G.out_edges(node, data=True) if d["relation"] == "origin"]
    assert origin == ["src:desc:state-media:RU"]
    assert G.nodes["src:desc:state-media:RU"]["state_media"] is True
    assert G.nodes["src:kontan"]["kind"] == "source"


def test_citations(graph):
    rows = {(r["outlet_id"], r["cites_id"]): r["count"] for r in graph.citations()}
    assert rows[("kontan", "cnn")] == 2  # Mengutip CNN ..., and "seperti yang dikutip dari CNN"
    # "kata Peskov seperti dilansir Al Jazeera", and Peskov's later claim:
    # the outlet carries over to the same speaker (rules v2)
    assert rows[("indopos", "al-jazeera")] == 2
    assert rows[("arrahmahnews", "cna")] >= 4  # "Sumber: CNA": every chain of the article
    assert ("indopos", "indopos") not in rows


def test_unnamed_share(graph):
    rows = {r["outlet_id"]: r for r in graph.unnamed_share()}
    kontan = rows["kontan"]
    assert kontan["anonymous"] >= 4  # para ahli asing, banyak pakar, para pejabat, pakar lain, para analis
    # agentless passives name no source: counted apart, out of the share
    assert kontan["agentless"] >= 1 and kontan["unspecified"] == 0
    named = kontan["attributions"] - kontan["agentless"]
    assert kontan["unnamed_share"] == pytest.approx(kontan["anonymous"] / named, abs=1e-4)
    assert rows["indopos"]["anonymous"] == 0
    assert rows["unknown"]["agentless"] >= 3 and rows["unknown"]["unnamed_share"] == 0.0  # 000: only passives unnamed


def test_unnamed_share_counts_agentless_passives_when_asked(graph):
    rows = {r["outlet_id"]: r for r in graph.unnamed_share(agentless=True)}
    kontan = rows["kontan"]
    assert kontan["unspecified"] == kontan["agentless"] >= 1
    assert kontan["unnamed_share"] == pytest.approx((kontan["anonymous"] + kontan["unspecified"]) / kontan["attributions"], abs=1e-4)
    assert rows["unknown"]["unnamed_share"] > 0


def test_state_media_claims(graph):
    rows = graph.state_media_claims()
    drones = {r["doc"]: r for r in rows if "lima drone" in r["claim"]}
    assert drones["000"]["state_media"] == ["TASS"]
    assert drones["001"]["state_media"] == ["media pemerintah Rusia"]
    assert drones["001"]["chain"] == ["Kontan", "CNN", "media pemerintah Rusia"]
    assert drones["000"]["cluster"] == drones["001"]["cluster"]
    assert all(r["state_media"] for r in rows)
    assert not any(r["chain"] == ["Indopos", "Dmitry Peskov"] for r in rows)


def test_longest_chains(graph):
    rows = graph.longest_chains(5)
    assert rows[0]["length"] == 3
    assert ["Kontan", "CNN", "media pemerintah Rusia"] in [r["chain"] for r in graph.longest_chains(20)]
    assert ["Indopos", "Al Jazeera", "Dmitry Peskov"] in [r["chain"] for r in graph.longest_chains(20)]


QUESTIONS = ["origins", "citations", "unnamed_share", "state_media_claims", "longest_chains"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_questions_as_data_frames(graph, question):
    pd = pytest.importorskip("pandas")
    rows = getattr(graph, question)()
    df = getattr(graph, question)(as_frame=True)
    assert isinstance(df, pd.DataFrame)
    assert len(df) == len(rows) > 0
    assert list(df.columns) == list(rows[0])
    assert df.to_dict("records") == rows


@pytest.mark.parametrize("question", QUESTIONS)
def test_questions_on_an_empty_graph_keep_their_columns(question):
    pd = pytest.importorskip("pandas")
    g = ProvenanceGraph()
    assert getattr(g, question)() == []
    df = getattr(g, question)(as_frame=True)
    assert isinstance(df, pd.DataFrame) and len(df) == 0 and len(df.columns) >= 4


def test_source_ids():
    assert source_id(None) == "unknown"
    assert source_id(attrib.Source(kind="anonymous", name="para ahli")) == "anon:para ahli"
    assert source_id(attrib.Source(kind="unspecified")) == "unspecified"
    assert source_id(attrib.Source(kind="outlet", name="TASS", identity="tass")) == "tass"


def test_bad_input():
    g = ProvenanceGraph()
    with pytest.raises(TypeError, match="expects a Document"):
        g.add("not a document")
    d = attrib.trace("“Kami siap,” kata Peskov.", id="x")
    g.add(d)
    with pytest.raises(ValueError, match="added twice"):
        g.add(d)


# --- clusters and origins -----------------------------------------------------


def _cluster_with(graph, doc, words):
    """The cluster whose claims match ``words`` and that holds article ``doc``."""
    rows = graph.origins(words)
    for r in rows:
        if doc in r["documents"]:
            return r
    raise AssertionError(f"no cluster matching {words!r} holds {doc}: {rows}")


def test_drone_cluster_spans_three_articles_and_starts_at_russian_state_media(graph):
    r = _cluster_with(graph, "001", "lima drone")
    assert set(r["documents"]) >= {"000", "001", "002"}
    assert set(r["origin_ids"]) == {"tass", "desc:state-media:RU"}
    assert ["Kontan", "CNN", "media pemerintah Rusia"] in r["chains"]


def test_kremlin_no_agreement_cluster(graph):
    r = _cluster_with(graph, "003", "belum ada perjanjian")
    assert set(r["documents"]) == {"000", "003"}
    assert r["origin_ids"] == ["kremlin"]


def test_rifle_exchange_cluster(graph):
    r = _cluster_with(graph, "004", "senapan")
    assert {"000", "004"} <= set(r["documents"])
    assert "person:dmitry peskov" in r["origin_ids"]


def test_unrelated_claims_stay_apart(graph):
    drone = _cluster_with(graph, "001", "lima drone")["cluster"]
    kremlin = _cluster_with(graph, "003", "belum ada perjanjian")["cluster"]
    rifle = _cluster_with(graph, "004", "senapan")["cluster"]
    assert len({drone, kremlin, rifle}) == 3


def test_unspecified_claims_have_no_named_origin(graph):
    for r in graph.origins():
        assert "unknown" not in r["origin_ids"]


# --- exports ----------------------------------------------------------------


def test_node_link_json_is_lossless(graph, G, tmp_path):
    out = tmp_path / "g.json"
    graph.write(out, "networkx-json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "edges" in data
    back = nx.node_link_graph(data, edges="edges", multigraph=True, directed=True)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    for n, attrs in G.nodes(data=True):
        assert back.nodes[n] == attrs  # None values included
    time_edges = [d for *_, d in back.edges(data=True) if d.get("time")]
    assert time_edges


@pytest.mark.parametrize("fmt, reader", [("graphml", "read_graphml"), ("gexf", "read_gexf")])
def test_graphml_and_gexf_read_back(graph, G, tmp_path, fmt, reader):
    out = tmp_path / f"g.{fmt}"
    graph.write(out, fmt)
    back = getattr(nx, reader)(out)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    # the sanitising rule: None left out, booleans kept, lists as JSON text
    n = "src:desc:state-media:RU"
    assert back.nodes[n]["state_media"] in (True, "true", "True")
    claim = next(node for node, d in G.nodes(data=True) if d["kind"] == "claim")
    assert back.nodes[claim]["text"] == G.nodes[claim]["text"]


def test_sanitise_rule():
    from attrib.export import sanitise

    assert sanitise(None) is None
    assert sanitise(True) is True
    assert sanitise(3) == 3 and sanitise(2.5) == 2.5 and sanitise("x") == "x"
    assert sanitise(["a", "b"]) == '["a", "b"]'
    assert sanitise({"k": 1}) == '{"k": 1}'
    assert sanitise(Path("p")) == "p"


def test_dot(graph, tmp_path):
    out = tmp_path / "g.dot"
    graph.write(out, "dot")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("digraph provenance {") and text.rstrip().endswith("}")
    assert '"src:cnn"' in text and "quoted_from" in text


def test_unknown_format(graph, tmp_path):
    from attrib.export import ExportError

    with pytest.raises(ExportError, match="Unknown graph format"):
        graph.write(tmp_path / "x", "xml")


# --- dates, titles and the timeline -------------------------------------------

# Dates out of id order, and 003 without one: date order must be visible.
DATES = {"000": "2023-09-18T07:30:00Z", "001": "2023-09-19", "002": "2023/09/17", "004": "2023-09-20"}


@pytest.fixture(scope="module")
def dated():
    docs = [attrib.trace(p.read_text(encoding="utf-8"), id=p.name[:3], date=DATES.get(p.name[:3]),
                         url=f"https://example.org/{p.name[:3]}") for p in SEEDS]
    return ProvenanceGraph.from_documents(docs)


def test_parse_date():
    from attrib.graph import parse_date

    assert str(parse_date("2023-09-18T07:30:00Z")) == "2023-09-18"
    assert str(parse_date("2023/9/7")) == "2023-09-07"
    assert parse_date("17/9/2023") is None  # day-first forms are ambiguous: no guess
    assert parse_date("2023-02-30") is None and parse_date(None) is None


def test_article_nodes_carry_date_url_and_title(dated):
    G = dated.to_networkx()
    a = G.nodes["doc:004"]
    assert a["date"] == "2023-09-20" and a["url"] == "https://example.org/004"
    assert a["title"] == "Kim Jong Un dan Vladimir Putin Saling Tukar Hadiah Senapan"
    assert G.nodes["doc:000"]["title"].startswith("Pulang dari Rusia")  # not the section name "News"
    assert G.nodes["doc:001"]["title"] is None  # starts with credits, then the lead paragraph
    assert G.nodes["doc:003"]["date"] is None
    claim = next(n for n, d in G.nodes(data=True) if d["kind"] == "claim" and d["doc"] == "001")
    assert G.nodes[claim]["date"] == "2023-09-19"


def test_origins_lists_first_sightings_by_date(dated, graph):
    r = _cluster_with(dated, "001", "lima drone")
    # 002 (17 Sep) before 000 (18 Sep) before 001 (19 Sep), whatever the ids say
    assert r["documents"][:3] == ["002", "000", "001"]
    assert r["first_seen"] == "2023-09-17" and r["first_document"] == "002"
    undated = _cluster_with(graph, "001", "lima drone")
    assert undated["documents"] == sorted(undated["documents"]) and undated["first_seen"] is None
    kremlin = _cluster_with(dated, "003", "belum ada perjanjian")
    assert kremlin["documents"] == ["000", "003"]  # an undated article comes after the dated ones


def test_gexf_has_a_timeline(dated, tmp_path):
    out = tmp_path / "g.gexf"
    dated.write(out, "gexf")
    xml = out.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in xml and 'timeformat="date"' in xml
    back = nx.read_gexf(out)
    assert back.nodes["doc:002"]["start"] == "2023-09-17"
    assert "start" not in back.nodes["doc:003"]  # no date: always shown
    assert back.nodes["src:cnn"]["start"] == "2023-09-19"  # first cited in 001
    assert back.nodes["src:kcna"]["start"] == "2023-09-17"  # the earliest article that cites it: 002
    assert back.nodes["src:tass"]["start"] == "2023-09-18"  # 000, not 004 of the 20th
    edges = [d for *_, d in back.edges(data=True) if d.get("relation") == "published"]
    assert {d.get("start") for d in edges} >= {"2023-09-17", "2023-09-19"}
    # the offsets are not times in GEXF
    assert all(isinstance(d["content_start"], int) and d["content_start"] < d["content_end"] for d in edges)


# --- the outlet network -------------------------------------------------------


def test_outlet_network(dated):
    rows = {(r["outlet_id"], r["cites_id"]): r for r in dated.outlet_network()}
    assert rows[("kontan", "cnn")]["claims"] == 2
    assert rows[("cnn", "desc:state-media:RU")]["claims"] == 1  # Kontan → CNN → media pemerintah Rusia, hop by hop
    assert ("kontan", "desc:state-media:RU") not in rows  # not a jump over CNN
    assert rows[("indopos", "al-jazeera")]["first_seen"] == "2023-09-20"
    assert all(a != b for a, b in rows)
    G = dated.to_networkx(view="outlets")
    assert isinstance(G, nx.DiGraph) and not G.is_multigraph()
    assert G["src:kontan"]["src:cnn"]["weight"] == 2
    assert {d["kind"] for _, d in G.nodes(data=True)} == {"outlet"}
    assert G.nodes["src:beritasatu"]["articles"] == 1
    assert G.nodes["src:tass"]["cited"] == sum(r["claims"] for (a, b), r in rows.items() if b == "tass")


def test_outlet_network_gexf_for_gephi(dated, tmp_path):
    out = tmp_path / "outlets.gexf"
    dated.write(out, "gexf", view="outlets")
    back = nx.read_gexf(out)
    assert back["src:kontan"]["src:cnn"]["weight"] == 2
    assert back.nodes["src:kontan"]["start"] == "2023-09-19"
    with pytest.raises(attrib.export.ExportError, match="outlet network"):
        dated.write(tmp_path / "o.json", "prov-json", view="outlets")
    with pytest.raises(attrib.export.ExportError, match="view"):
        dated.write(tmp_path / "o.gexf", "gexf", view="people")


# --- dropping would-be hubs ---------------------------------------------------


def test_drop_unknown_publisher(docs):
    g = ProvenanceGraph.from_documents(docs, drop=["unknown"])
    G = g.to_networkx()
    assert "src:unknown" not in G and G.nodes["doc:000"]["publisher"] is None
    assert not any("unknown" in pair for pair in ((r["outlet_id"], r["cites_id"]) for r in g.outlet_network()))
    assert "unknown" not in {r["outlet_id"] for r in g.citations()} | {r["outlet_id"] for r in g.unnamed_share()}
    assert len(g.claims) == len(ProvenanceGraph.from_documents(docs).claims)  # the claims stay
    full = ProvenanceGraph.from_documents(docs)
    assert "unknown" in {r["outlet_id"] for r in full.outlet_network()}


def test_drop_unspecified_sources(docs, G):
    assert "src:unspecified" in G  # the hub to drop: every agentless passive points at it
    g = ProvenanceGraph.from_documents(docs, drop=["unspecified"])
    H = g.to_networkx()
    assert "src:unspecified" not in H
    assert not any(v == "src:unspecified" for _, v in H.edges())
    assert H.number_of_nodes() == G.number_of_nodes() - 1


def test_drop_borderline_attributions(docs, graph):
    g = ProvenanceGraph.from_documents(docs, drop="borderline")
    assert g.claims and all(r["core"] for r in g.claims.values())
    assert len(g.claims) < len(graph.claims)
    # a dropped attribution's sentence is not taken for an unattributed repeat
    assert set(g.sentences) <= set(graph.sentences)
    with pytest.raises(ValueError, match="cannot drop"):
        ProvenanceGraph(drop=["people"])


def test_prov_leaves_out_dropped_agents(docs):
    pytest.importorskip("prov")
    from attrib.export.prov import to_prov

    g = ProvenanceGraph.from_documents(docs, drop=["unknown", "unspecified"])
    text = to_prov(g).get_provn()
    assert "src:unknown" not in text and "src:unspecified" not in text
    assert "src:unknown" in to_prov(ProvenanceGraph.from_documents(docs)).get_provn()


def test_origins_name_every_origin(graph):
    for r in graph.origins():
        assert all(isinstance(name, str) and name for name in r["origins"])


# --- CLI ----------------------------------------------------------------------


def test_cli_outlet_view_and_drop(tmp_path):
    out = tmp_path / "outlets.graphml"
    assert main(["graph", *map(str, SEEDS), "--format", "graphml", "--view", "outlets", "--drop", "unknown",
                 "-o", str(out)]) == 0
    back = nx.read_graphml(out)
    assert back["src:kontan"]["src:cnn"]["weight"] == 2
    assert "src:unknown" not in back and "src:tass" in back


def test_cli_graph_and_origins(tmp_path, capsys):
    out = tmp_path / "g.graphml"
    assert main(["graph", *map(str, SEEDS), "--format", "graphml", "-o", str(out)]) == 0
    assert nx.read_graphml(out).number_of_edges() > 100
    capsys.readouterr()
    assert main(["origins", *map(str, SEEDS), "--claim", "belum ada perjanjian"]) == 0
    printed = capsys.readouterr().out
    assert "Kremlin" in printed and "chain:" in printed


def test_cli_graph_from_json_documents(tmp_path, capsys):
    assert main(["trace", *map(str, SEEDS[:2]), "--format", "json", "-o", str(tmp_path)]) == 0
    out = tmp_path / "g.json"
    assert main(["graph", *map(str, sorted(tmp_path.glob("*.json"))), "--format", "networkx-json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert any(n["id"] == "doc:000_fa1c7606945b711f" or n["id"].startswith("doc:") for n in data["nodes"])


def test_cli_graph_reports_a_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe kata")
    out = tmp_path / "g.dot"
    # issue 17: an input that cannot be read fails the command, and no partial graph is written
    assert main(["graph", str(SEEDS[0]), str(bad), "--format", "dot", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.txt" in err and "not UTF-8" in err and "1 input(s) or record(s) could not be read" in err
    assert not out.exists()


def test_cli_draws_one_story(tmp_path):
    out = tmp_path / "drones.dot"
    assert main(["graph", *map(str, SEEDS), "--format", "dot", "--claim", "lima drone", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert '"src:cnn"' in text and '"src:tass"' in text
    assert "belum ada perjanjian" not in text  # another story stays out


@pytest.mark.skipif(__import__("shutil").which("dot") is None, reason="Graphviz dot is not installed")
def test_svg_renders(graph, tmp_path):
    out = tmp_path / "g.svg"
    graph.write(out, "svg", cluster=_cluster_with(graph, "001", "lima drone")["cluster"])
    assert out.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
