"""The Dask engine (attrib.run.dask) on a LocalCluster of two worker processes:
the same Documents as attrib.trace, every broken input an error record, part
files that read back, and ``attrib trace --engine dask``."""

from __future__ import annotations

import json
import logging
import sys

import pytest

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")
psutil = pytest.importorskip("psutil")

import attrib  # noqa: E402
from attrib.run.local import trace_many  # noqa: E402
from attrib.cli import main  # noqa: E402
from attrib.run.inputs import Failure, Record, read_inputs  # noqa: E402
from attrib.run.dask import read_bag, trace_bag, write_bag  # noqa: E402
from attrib.run.outputs import render_jsonl, rows_of  # noqa: E402


def _new_children(before):
    """Processes started since ``before``, but multiprocessing's resource tracker: one per
    interpreter, started with the first worker and ending with the interpreter."""
    def tracker(p):
        try:
            return "resource_tracker" in " ".join(p.cmdline())
        except psutil.Error:
            return False

    return [p for p in psutil.Process().children(recursive=True) if p.pid not in before and not tracker(p)]


@pytest.fixture(scope="module")
def cluster():
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as cl:
        started = _new_children(before)
        assert started, "the cluster should run its workers in processes"
        yield cl
    _, alive = psutil.wait_procs(started, timeout=20)
    assert not alive, f"worker processes left behind: {alive}"


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster) as c:
        yield c


@pytest.fixture()
def feed(tmp_path, seeds):
    """A JSON Lines feed: the five seeds twice, and four broken articles among them."""
    lines = []
    for n in range(2):
        for prefix, text in seeds.items():
            lines.append(json.dumps({"id": f"{prefix}-{n}", "text": text, "publisher": "Kontan" if n else None},
                                    ensure_ascii=False).encode("utf-8"))
        if n == 0:
            lines += [
                b'{"id": "bad-json", "text": "kata dia',                     # cut JSON
                b'{"id": "not-utf8", "text": "caf\xe9 kata dia"}',           # a Latin-1 byte
                b'{"id": "no-text", "publisher": "Kontan"}',                  # no text
                b'{"id": "bad-lang", "text": "kata dia", "lang": "zz"}',      # the pipeline raises
                b"",
            ]
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


# line of the feed -> why that article fails
BROKEN = {6: "invalid JSON", 7: "not UTF-8", 8: "no 'text'", 9: "Unknown language"}


def broken_ids(feed):
    """The ids the local engine gives the broken articles."""
    return {f.id for f in trace_many(read_inputs([str(feed)]), lang="id") if isinstance(f, Failure)}


@pytest.mark.slow  # a LocalCluster of worker processes
def test_trace_bag_gives_the_documents_of_attrib_trace(client, seeds):
    records = [Record(id=p, text=t, where=p) for p, t in seeds.items()]
    out = trace_bag(db.from_sequence(records, npartitions=2)).compute()
    assert [d.to_dict() for d in out] == [attrib.trace(t, id=p).to_dict() for p, t in seeds.items()]
    # dicts work too, and render runs on the workers
    dicts = [{"id": p, "text": t} for p, t in seeds.items()]
    lines = trace_bag(db.from_sequence(dicts, npartitions=3), render=render_jsonl).compute()
    assert lines == [render_jsonl(attrib.trace(t, id=p)) for p, t in seeds.items()]


@pytest.mark.slow  # a LocalCluster of worker processes
def test_the_task_graph_holds_no_parser(client, seeds):
    # Lark parsers break under cloudpickle: the graph names attrib's functions, and holds no parser.
    import cloudpickle

    attrib.trace(seeds["000"])  # a parser exists in this process; it must not travel
    bag = trace_bag(db.from_sequence([Record(id="x", text=seeds["000"])], npartitions=1), lang="auto")
    blob = cloudpickle.dumps(dict(bag.__dask_graph__()))
    assert b"attrib.run.dask" in blob and b"_trace_partition" in blob
    assert b"lark" not in blob.lower() and b"Pipeline" not in blob and b"Language" not in blob


@pytest.mark.slow  # a LocalCluster of worker processes
def test_broken_inputs_become_error_records_and_the_rest_is_traced(client, feed, seeds):
    out = trace_bag(read_bag([str(feed)], blocksize=4000), lang="id").compute()
    assert len(out) == 14
    failures = {f.where: f for f in out if isinstance(f, Failure)}
    assert set(failures) == {f"{feed}:{line}" for line in BROKEN}
    for line, reason in BROKEN.items():
        assert reason in failures[f"{feed}:{line}"].reason
    assert {f.id for f in failures.values()} == broken_ids(feed) >= {"bad-json", "no-text", "bad-lang"}
    assert [f.stage for f in failures.values()] == ["read", "read", "read", "trace"]
    docs = {d.id: d for d in out if not isinstance(d, Failure)}
    assert len(docs) == 10
    assert docs["004-0"].to_dict() == attrib.trace(seeds["004"], "id", id="004-0").to_dict()
    assert docs["004-1"].publisher.name == "Kontan"


@pytest.mark.slow  # a LocalCluster of worker processes
def test_read_bag_reads_as_read_inputs_across_byte_ranges(client, feed, tmp_path, seeds):
    # Small blocks: every range after the first must still number its lines as in the whole file.
    csv_path = tmp_path / "news.csv"
    rows = ["uid,body,publisher"]
    for i, text in enumerate(seeds.values()):
        rows.append('u%d,"%s",Kontan' % (i, text.replace('"', '""')))  # quoted cells holding newlines and "quotes"
        rows.append(f"u{i}b,short text number {i},")
    rows.append('u9,"cut, too many",cells,here')
    csv_path.write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
    texts = tmp_path / "texts"
    (texts / "sub").mkdir(parents=True)
    (texts / "a.txt").write_text(seeds["000"], encoding="utf-8")
    (texts / "sub" / "b.txt").write_bytes(b"caf\xe9")
    inputs = [str(feed), str(csv_path), str(texts), str(tmp_path / "missing.jsonl")]
    kw = {"text_column": "body", "id_column": "uid"}
    expected = list(read_inputs(inputs, **kw))
    assert sum(isinstance(r, Failure) for r in expected) == 6  # the feed's 3, the bad CSV row, b.txt, missing
    for blocksize in (1, 3000, None):
        assert read_bag(inputs, blocksize=blocksize, **kw).compute() == expected
    assert read_bag(inputs, blocksize=3000, **kw).npartitions > 5


@pytest.mark.slow  # a LocalCluster of worker processes
def test_write_bag_writes_part_files_that_read_back(client, feed, tmp_path):
    import pandas as pd

    expected = list(trace_many(read_inputs([str(feed)]), lang="id"))
    out = tmp_path / "jsonl"
    summary = write_bag(trace_bag(read_bag([str(feed)], blocksize=6000), lang="id"), out)
    assert len(summary) > 1 and sum(s["documents"] for s in summary) == 14
    assert sum(s["errors"] for s in summary) == 4 and sum(s["traced"] for s in summary) == 10
    assert {f["id"] for s in summary for f in s["failures"]} == broken_ids(feed)
    parts = sorted(out.glob("part-*.jsonl"))
    assert [p.name for p in parts] == sorted(s["part"] for s in summary if s["part"])
    lines = [json.loads(line) for p in parts for line in p.read_text(encoding="utf-8").splitlines()]
    assert lines == [json.loads(render_jsonl(d)) if not isinstance(d, Failure) else d.to_dict() for d in expected]
    assert not list(out.glob(".*.tmp"))

    with pytest.raises(ValueError, match="part files of an earlier run"):
        write_bag(trace_bag(read_bag([str(feed)])), out)
    more = write_bag(trace_bag(read_bag([str(feed)]), lang="id"), out, append=True)
    assert [s["part"] for s in more] == [f"part-{len(parts):05d}.jsonl"]

    pq_dir = tmp_path / "parquet"
    write_bag(trace_bag(read_bag([str(feed)], blocksize=6000), lang="id"), pq_dir, format="parquet")
    table = pd.read_parquet(pq_dir)
    want = list(rows_of(expected))
    assert len(table) == len(want) and list(table["doc_id"]) == [r["doc_id"] for r in want]
    assert set(table.loc[table["error"].notna(), "doc_id"]) == broken_ids(feed)


def _run(capsys, *argv):
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.slow  # a LocalCluster of worker processes
def test_cli_on_a_scheduler_writes_what_the_local_engine_writes(cluster, feed, tmp_path, capsys):
    rc, _, err = _run(capsys, "trace", feed, "--format", "jsonl", "-o", tmp_path / "local.jsonl", "--lang", "id",
                      "--jobs", "1", "-q")
    assert rc == 1, err
    local_errors = sorted(line for line in err.splitlines() if line.startswith("attrib: error:"))
    out = tmp_path / "out"
    args = ("trace", feed, "--engine", "dask", "--scheduler", cluster.scheduler_address, "--format", "jsonl",
            "-o", out, "--lang", "id", "-q")
    rc, _, err = _run(capsys, *args)
    assert rc == 1, err
    assert sorted(line for line in err.splitlines() if line.startswith("attrib: error:")) == local_errors
    assert "attrib: 14 documents in, 10 traced, 4 errors;" in err
    merged = b"".join(p.read_bytes() for p in sorted(out.glob("part-*.jsonl")))
    assert merged == (tmp_path / "local.jsonl").read_bytes()

    # --resume: nothing left to do, then only what a lost part held
    rc, _, err = _run(capsys, *args, "--resume")
    assert rc == 0 and "14 documents in, 0 traced, 0 errors, 14 skipped as already done (--resume)" in err
    parts = len(list(out.glob("part-*.jsonl")))
    lost = (out / "part-00000.jsonl").read_bytes().count(b"\n")
    (out / "part-00000.jsonl").unlink()
    rc, _, err = _run(capsys, *args, "--resume")
    assert f"14 documents in, " in err and f", {14 - lost} skipped as already done (--resume)" in err, err
    assert len(list(out.glob("part-*.jsonl"))) == parts

    rc, _, err = _run(capsys, "trace", feed, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                      "--format", "parquet", "-o", tmp_path / "pq", "-q", "--fail-fast")
    assert rc == 1 and "--fail-fast" in err
    rc, _, err = _run(capsys, "trace", feed, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                      "--format", "parquet", "-o", tmp_path / "pq", "-q")
    assert rc == 2 and "earlier run" in err


@pytest.mark.parametrize("argv, message", [
    (["--format", "csv", "-o", "x.csv"], "jsonl or parquet"),
    (["--format", "jsonl"], "-o DIR"),
])
def test_cli_refuses_what_it_cannot_write(capsys, feed, argv, message):
    rc, _, err = _run(capsys, "trace", feed, "--engine", "dask", *argv)
    assert rc == 2 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.slow  # a LocalCluster of worker processes
def test_cli_starts_and_stops_its_own_local_cluster(capsys, tmp_path, seed_paths):
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    rc, _, err = _run(capsys, "trace", *seed_paths.values(), "--engine", "dask", "--jobs", "1",
                      "--format", "jsonl", "-o", tmp_path / "out", "-q")
    assert rc == 0, err
    assert "5 documents in, 5 traced, 0 errors" in err
    docs = [json.loads(line) for p in sorted((tmp_path / "out").glob("part-*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in docs] == [p.stem for p in seed_paths.values()]
    _, alive = psutil.wait_procs(_new_children(before), timeout=20)
    assert not alive, f"processes left behind: {alive}"


def test_without_dask_the_cli_says_what_to_install(capsys, monkeypatch, feed, tmp_path):
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    rc, _, err = _run(capsys, "trace", feed, "--engine", "dask", "--format", "jsonl", "-o", tmp_path / "o")
    assert rc == 2
    assert err.strip() == "attrib: error: the Dask engine needs dask and distributed: pip install 'attrib[dask]'"



def test_a_small_corpus_is_cut_for_every_job_asked():
    """--jobs 2 on the five seeds ran one worker and reported "1 job(s)": the
    minimum block size kept the whole corpus in one split."""
    from pathlib import Path

    from attrib.run.dask import _plan

    seeds = sorted(str(p) for p in (Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
    assert len(_plan(seeds, workers=1)) == 1
    splits = _plan(seeds, workers=2)
    assert len(splits) == 2 and sum(s["count"] for s in splits) == len(seeds)


def test_read_trace_and_write_of_a_partition_are_one_task(feed, tmp_path):
    """The Documents of a partition never leave the task that traces them: read,
    trace and write are fused, one task per partition (else each Document would
    be pickled from the trace task to the write task)."""
    from attrib.run.dask import _write_tasks

    bag = trace_bag(read_bag([str(feed)], blocksize=4000), lang="id")
    assert bag.npartitions > 1
    tasks = _write_tasks(bag, str(tmp_path / "out"), "jsonl", 0)
    graph = dict(tasks[0].__dask_graph__())
    # a task for each partition, and at most an alias of its key
    assert len(graph) <= 2 * bag.npartitions, sorted(graph)[:8]
