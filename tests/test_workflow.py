"""The researcher's workflow end to end (issue 17): trace a corpus once, then
graph, origins and show read the traced output, and give what tracing the
texts directly gives; every bad input exits non-zero and clobbers nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import attrib
from attrib.cli import main
from attrib.run.documents import DocumentsError, Problem, read_items

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ROOT = CORPUS.parent
GOOD = "a good output of an earlier run\n"


def run(capsys, *argv):
    rc = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return rc, out, err


def graph_of(path: Path):
    if path.suffix == ".graphml":
        return nx.read_graphml(path)
    return nx.read_gexf(path)


def same_graph(a, b) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(map(repr, a.edges(data=True))) == sorted(map(repr, b.edges(data=True)))


@pytest.fixture(scope="module")
def traced_dirs(tmp_path_factory):
    """corpus/ and corpus/en traced once each to JSON Lines, as a researcher would."""
    out = {}
    for name, corpus in (("all", CORPUS), ("en", CORPUS / "en")):
        d = tmp_path_factory.mktemp(f"wf-{name}")
        rc = main(["trace", str(corpus), "--format", "jsonl", "-o", str(d / "docs.jsonl"), "--jobs", "1", "-q"])
        assert rc == 0
        out[name] = (corpus, d)
    return out


# --- the sequence ------------------------------------------------------------------


@pytest.mark.parametrize("which", ["all", "en"])
def test_trace_then_graph_origins_show(capsys, traced_dirs, monkeypatch, which):
    corpus, d = traced_dirs[which]
    monkeypatch.chdir(d)
    docs = Path("docs.jsonl")
    lines = docs.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(list(corpus.rglob("*.txt")))

    for fmt, suffix in (("graphml", "graphml"), ("gexf", "gexf"), ("prov-json", "prov.json")):
        rc, out, err = run(capsys, "graph", docs, "--format", fmt, "-o", f"g.{suffix}")
        assert rc == 0, err
        assert f"{len(lines)} articles" in err
        rc, out, err = run(capsys, "graph", corpus, "--format", fmt, "-o", f"direct.{suffix}")
        assert rc == 0, err
        if fmt == "prov-json":
            assert json.loads(Path("g.prov.json").read_text()) == json.loads(Path("direct.prov.json").read_text())
        else:
            g, direct = graph_of(Path(f"g.{suffix}")), graph_of(Path(f"direct.{suffix}"))
            same_graph(g, direct)
            # the graph is of articles, not of one article made of the JSON Lines text
            articles = [n for n, a in g.nodes(data=True) if a.get("kind") == "article"]
            assert len(articles) == len(lines)
            assert not any('"schema_version"' in a.get("text", "") for _, a in g.nodes(data=True))
    assert not list(Path(".").glob(".*.tmp"))  # no temporary file left behind

    # the library reads the same Documents, and they make the same graph as the texts traced directly
    read = list(attrib.read_documents(docs))
    texts = sorted(corpus.rglob("*.txt"))
    direct = [attrib.trace(p.read_text(encoding="utf-8"), id=p.relative_to(corpus).with_suffix("").as_posix())
              for p in texts]
    assert [x.id for x in read] == [x.id for x in direct]
    assert read == direct
    g1 = attrib.ProvenanceGraph.from_documents(read).to_networkx()
    g2 = attrib.ProvenanceGraph.from_documents(direct).to_networkx()
    same_graph(g1, g2)

    rc, out, err = run(capsys, "origins", docs)
    assert rc == 0, err
    origins = [line for line in out.splitlines() if line.startswith("  origins: ")]
    assert origins and not any("None" in line for line in origins)
    rc_t, out_t, _ = run(capsys, "origins", corpus)
    assert rc_t == 0 and out_t == out

    rc, out, err = run(capsys, "origins", docs, "--json")
    assert rc == 0, err
    rows = json.loads(out)
    assert all(isinstance(o, str) for r in rows for o in r["origins"])
    claim = " ".join(rows[0]["claim"].split()[:6])
    rc, out, err = run(capsys, "origins", docs, "--claim", claim)
    assert rc == 0, err
    assert out.startswith(f"cluster {rows[0]['cluster']}:")

    first = json.loads(lines[0])["id"]
    rc, out, err = run(capsys, "show", docs, "--id", first, "--html", "show.html")
    assert rc == 0, err
    rc, _, err = run(capsys, "show", corpus / f"{first}.txt", "--html", "show-text.html")
    assert rc == 0, err
    assert Path("show.html").read_text(encoding="utf-8") == Path("show-text.html").read_text(encoding="utf-8")


def test_origins_of_texts_names_an_unspecified_origin(capsys):
    """Was a TypeError: a cluster whose origin is an unspecified source had "origins": [null]."""
    rc, out, err = run(capsys, "origins", *sorted(CORPUS.glob("*.txt")), "--json")
    assert rc == 0, err
    rows = json.loads(out)
    unspecified = [r for r in rows if "unspecified" in r["origin_ids"]]
    assert unspecified, "the seed articles hold claims of unspecified sources"
    for r in unspecified:
        assert r["origins"][r["origin_ids"].index("unspecified")] == "unspecified source"
    rc, out, err = run(capsys, "origins", *sorted(CORPUS.glob("*.txt")))
    assert rc == 0, err
    assert "origins: " in out and "unspecified source" in out


def test_a_directory_of_json_documents_is_read(capsys, tmp_path):
    rc = main(["trace", str(CORPUS / "en"), "--format", "json", "-o", str(tmp_path / "jd"), "--jobs", "1", "-q"])
    assert rc == 0
    capsys.readouterr()
    rc, _, err = run(capsys, "graph", tmp_path / "jd", "--format", "graphml", "-o", tmp_path / "a.graphml")
    assert rc == 0, err
    rc, _, err = run(capsys, "graph", CORPUS / "en", "--format", "graphml", "-o", tmp_path / "b.graphml")
    assert rc == 0, err
    same_graph(graph_of(tmp_path / "a.graphml"), graph_of(tmp_path / "b.graphml"))


# --- the library reader --------------------------------------------------------------


def test_read_documents_reports_error_records_and_bad_lines(traced_dirs, tmp_path):
    docs = traced_dirs["en"][1] / "docs.jsonl"
    lines = docs.read_text(encoding="utf-8").splitlines()
    mixed = tmp_path / "mixed.jsonl"
    error = {"id": "lost", "error": "tracing took more than 600 s (--timeout)", "stage": "timeout", "where": "x"}
    mixed.write_text("\n".join([lines[0], json.dumps(error), lines[1], '{"id": "cut", "text": "Kata'])
                     + "\n", encoding="utf-8")
    with pytest.raises(DocumentsError, match=r"mixed.jsonl:2: error record of article 'lost'.*timeout"):
        list(attrib.read_documents(mixed))
    problems = []
    got = list(attrib.read_documents(mixed, on_error=problems.append))
    assert [d.id for d in got] == [json.loads(lines[0])["id"], json.loads(lines[1])["id"]]
    assert [p.where for p in problems] == [f"{mixed}:2", f"{mixed}:4"]
    assert problems[0].error_record and problems[0].id == "lost"
    assert not problems[1].error_record
    assert "invalid JSON" in problems[1].message and "at at" not in problems[1].message
    with pytest.warns(UserWarning) as warned:
        assert len(list(attrib.read_documents(mixed, on_error="warn"))) == 2
    assert [str(w.message) for w in warned] == [p.message for p in problems]


def test_read_documents_refuses_article_text_and_repeated_ids(traced_dirs, tmp_path):
    docs = traced_dirs["en"][1] / "docs.jsonl"
    text = CORPUS / "en" / "en000_drone_gift_reuters.txt"
    with pytest.raises(DocumentsError, match="article text .*not the output of attrib trace"):
        list(attrib.read_documents(text))
    problems = []
    got = list(attrib.read_documents([docs, docs], on_error=problems.append))
    assert len(got) == len(docs.read_text(encoding="utf-8").splitlines())
    assert len(problems) == len(got)
    assert problems[0].message.startswith(f"{docs}:1: the id ") and "came before" in problems[0].message


def test_content_not_name_tells_traced_output_from_text(traced_dirs, tmp_path):
    docs = traced_dirs["en"][1] / "docs.jsonl"
    disguised = tmp_path / "articles.txt"  # traced output under a text name
    disguised.write_bytes(docs.read_bytes())
    bracket = tmp_path / "bracket.json"  # article text under a JSON name
    bracket.write_text("[JAKARTA] Menteri itu mengatakan bahwa harga beras akan turun bulan depan.\n",
                       encoding="utf-8")
    kinds = [type(x).__name__ for x in read_items([disguised, bracket])]
    assert kinds == ["Document"] * len(docs.read_text().splitlines()) + ["Record"]
    unclear = tmp_path / "unclear.txt"
    unclear.write_text("{ Menteri itu mengatakan } bahwa ...\n", encoding="utf-8")
    (problem,) = read_items([unclear])
    assert isinstance(problem, Problem)
    assert "cannot tell which it is" in problem.message and "--input-format text" in problem.message
    (record,) = read_items([unclear], kind="text")
    assert record.text.startswith("{ Menteri")


# --- bad inputs: exit non-zero, the existing output untouched ---------------------------------


@pytest.fixture
def bad_inputs(tmp_path, traced_dirs):
    docs = traced_dirs["en"][1] / "docs.jsonl"
    first = docs.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "empty").mkdir()
    (tmp_path / "cut.jsonl").write_text(first + "\n" + first[: len(first) // 2], encoding="utf-8")
    (tmp_path / "unclear.txt").write_text('{"text": "Kata dia", \n', encoding="utf-8")
    (tmp_path / "notdoc.jsonl").write_text('{"id": "a", "text": "Menteri itu mengatakan hal itu."}\n',
                                           encoding="utf-8")
    rc = main(["trace", str(CORPUS / "en" / "en000_drone_gift_reuters.txt"), "--format", "csv",
               "-o", str(tmp_path / "rows.csv"), "-q"])
    assert rc == 0
    return {
        "nothing read": ["nope.txt"],
        "an empty directory": [tmp_path / "empty"],
        "one input missing": [docs, "nope.txt"],
        "a line cut short": [tmp_path / "cut.jsonl"],
        "an id twice": [docs, docs],
        "'{' that is not JSON": [tmp_path / "unclear.txt"],
        "articles to trace, not traced": [tmp_path / "notdoc.jsonl"],
        "trace's CSV rows": [tmp_path / "rows.csv"],
    }


CASES = ["nothing read", "an empty directory", "one input missing", "a line cut short", "an id twice",
         "'{' that is not JSON", "articles to trace, not traced", "trace's CSV rows"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_of_bad_input_exits_1_and_keeps_the_output(capsys, tmp_path, bad_inputs, case, fmt):
    out = tmp_path / f"g.{fmt}"
    out.write_text(GOOD, encoding="utf-8")
    rc, stdout, err = run(capsys, "graph", *bad_inputs[case], "--format", fmt, "-o", out)
    assert rc == 1, err
    assert out.read_text(encoding="utf-8") == GOOD
    assert "Traceback" not in err and "no output" in err
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("case", CASES)
def test_origins_of_bad_input_exits_1_and_prints_nothing(capsys, bad_inputs, case):
    rc, out, err = run(capsys, "origins", *bad_inputs[case])
    assert rc == 1, err
    assert out == ""
    assert "no cluster matches None" not in err + out


def test_messages_name_what_was_wrong(capsys, bad_inputs):
    expect = {
        "an empty directory": "holds no traced output",
        "a line cut short": "cut.jsonl:2: invalid JSON (the last line, cut short",
        "an id twice": "came before",
        "'{' that is not JSON": "cannot tell which it is",
        "articles to trace, not traced": "looks like an article to trace",
        "trace's CSV rows": "trace with --format jsonl",
    }
    for case, words in expect.items():
        rc, out, err = run(capsys, "origins", *bad_inputs[case])
        assert words in err, (case, err)
        assert "at at" not in err


def test_origins_of_an_unknown_claim_exits_1(capsys, traced_dirs):
    docs = traced_dirs["en"][1] / "docs.jsonl"
    rc, out, err = run(capsys, "origins", docs, "--claim", "zebra xylophone quantum")
    assert rc == 1
    assert "no cluster matches 'zebra xylophone quantum'" in err


def test_show_of_many_documents_without_id_keeps_the_page(capsys, traced_dirs, tmp_path):
    docs = traced_dirs["en"][1] / "docs.jsonl"
    page = tmp_path / "page.html"
    page.write_text(GOOD, encoding="utf-8")
    rc, out, err = run(capsys, "show", docs, "--html", page)
    assert rc == 1 and "choose one with --id" in err
    rc, out, err = run(capsys, "show", docs, "--id", "no-such-id", "--html", page)
    assert rc == 1 and "no document with id 'no-such-id'" in err
    assert page.read_text(encoding="utf-8") == GOOD


def test_output_is_replaced_only_when_complete(capsys, traced_dirs, tmp_path, monkeypatch):
    docs = traced_dirs["en"][1] / "docs.jsonl"
    out = tmp_path / "g.gexf"
    out.write_text(GOOD, encoding="utf-8")

    def half_written(self, path, format, cluster=None, view="claims"):
        Path(path).write_text("<gexf", encoding="utf-8")
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(attrib.ProvenanceGraph, "write", half_written)
    rc, _, err = run(capsys, "graph", docs, "--format", "gexf", "-o", out)
    assert rc == 2 and "No space left on device" in err
    assert out.read_text(encoding="utf-8") == GOOD
    assert not list(tmp_path.glob(".*.tmp"))


def test_output_to_a_directory_is_refused_before_reading(capsys, tmp_path):
    rc, _, err = run(capsys, "graph", "nope.txt", "--format", "gexf", "-o", tmp_path)
    assert rc == 2 and "is a directory" in err


def test_a_broken_pipe_is_silent(traced_dirs, tmp_path):
    docs = traced_dirs["all"][1] / "docs.jsonl"
    big = json.loads(subprocess.run([sys.executable, "-m", "attrib.cli", "origins", str(docs), "--json"],
                                    env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                                    timeout=300).stdout)
    assert len(json.dumps(big)) > 70_000  # more than a pipe holds: the writer meets the closed pipe
    p = subprocess.run(["bash", "-c", f"{sys.executable} -m attrib.cli origins {docs} --json | head -n 1; "
                                      f"exit ${{PIPESTATUS[0]}}"],
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert p.stdout == "[\n"
    assert p.stderr == ""
    assert p.returncode == 141  # as a shell reports a tool ended by SIGPIPE
