"""Corpus runs (issue 6): ``attrib trace`` over directories, globs, JSON Lines,
CSV/TSV and stdin, streamed to JSON Lines, CSV or Parquet, with a pool of
worker processes, error records, ``--fail-fast`` and ``--resume``.

Every run is ``attrib.cli.main`` in-process on the seed articles (corpus/0*.txt).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import shutil
import signal
import sys
import subprocess
import tempfile
import threading
import time
import types
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import attrib
from attrib.run.local import trace_many
from attrib.cli import main
from attrib.run.inputs import Failure, Record, count_inputs, read_inputs
from attrib.model import Document

SUMMARY = re.compile(r"^attrib: ([\d,]+) documents in, ([\d,]+) traced, ([\d,]+) errors?(.*)$", re.MULTILINE)
SURROGATE = re.compile("[\ud800-\udfff]")
KONTAN_CHAIN = "Kontan → CNN → media pemerintah Rusia"
NO_ATTRIBUTION = "Cuaca cerah hari ini di Jakarta. Suhu udara mencapai 33 derajat."


def run(capsys, *argv):
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def summary(err):
    """(documents in, traced, errors, rest of the line) of the closing summary on stderr."""
    found = SUMMARY.findall(err)
    assert len(found) == 1, f"expected one summary line on stderr, got {found!r}:\n{err}"
    n_in, traced, errors, rest = found[0]
    return int(n_in.replace(",", "")), int(traced.replace(",", "")), int(errors.replace(",", "")), rest


def lines_of(text):
    return [json.loads(line) for line in text.splitlines()]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def expected_doc(text, id, **meta):
    """What ``attrib trace`` (--lang auto) gives for one article."""
    return attrib.trace(text, "auto", id=id, **meta)


def no_traceback(err):
    assert "Traceback" not in err, err


# --- inputs ----------------------------------------------------------------------


def test_directory_with_nested_subdirectory_ids_are_relative_paths(capsys, tmp_path, seed_paths, seeds):
    root = tmp_path / "articles"
    (root / "kim" / "deep").mkdir(parents=True)
    shutil.copy(seed_paths["000"], root / "a.txt")
    shutil.copy(seed_paths["001"], root / "kim" / "kontan.txt")
    shutil.copy(seed_paths["004"], root / "kim" / "deep" / "indopos.txt")
    (root / "notes.md").write_text("not an article", encoding="utf-8")
    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-j", "1", root)
    assert rc == 0, err
    docs = lines_of(out)
    assert [d["id"] for d in docs] == ["a", "kim/deep/indopos", "kim/kontan"]
    by_id = {d["id"]: Document.from_dict(d) for d in docs}
    assert by_id["kim/kontan"] == expected_doc(seeds["001"], "kim/kontan")
    assert by_id["kim/deep/indopos"].text == seeds["004"]
    assert summary(err)[:3] == (3, 3, 0)


def test_glob_pattern_and_single_txt_file(capsys, tmp_path, seed_paths, seeds):
    root = tmp_path / "g"
    (root / "sub").mkdir(parents=True)
    for p in ("000", "002"):
        shutil.copy(seed_paths[p], root / f"{p}.txt")
    shutil.copy(seed_paths["003"], root / "sub" / "003.txt")
    (root / "skip.text").write_text("x", encoding="utf-8")

    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-q", str(root / "*.txt"))  # quoted: not the shell's
    assert rc == 0, err
    assert [d["id"] for d in lines_of(out)] == ["000", "002"]

    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-q", str(root / "**" / "*.txt"))
    assert rc == 0, err
    docs = lines_of(out)
    # ids are relative to the glob's fixed part, so two files of one name in different folders never share one
    assert [d["id"] for d in docs] == ["000", "002", "sub/003"]
    assert Document.from_dict(docs[2]).text == seeds["003"]

    rc, out, err = run(capsys, "trace", "--format", "jsonl", seed_paths["004"])
    assert rc == 0, err
    (doc,) = lines_of(out)
    assert Document.from_dict(doc) == expected_doc(seeds["004"], seed_paths["004"].stem)


def test_jsonl_input_with_metadata(capsys, tmp_path, seeds):
    src = write_jsonl(tmp_path / "feed.jsonl", [
        {"id": "k1", "text": seeds["001"], "date": "2023-09-18", "lang": "id"},
        {"id": 7, "text": seeds["002"]},
        {"text": seeds["000"]},  # no id: the file's stem and line
    ])
    rc, out, err = run(capsys, "trace", "--format", "jsonl", src)
    assert rc == 0, err
    docs = lines_of(out)
    assert [d["id"] for d in docs] == ["k1", "7", "feed:3"]
    assert docs[0]["date"] == "2023-09-18" and docs[0]["url"] is None
    assert Document.from_dict(docs[0]) == expected_doc(seeds["001"], "k1", date="2023-09-18")
    assert KONTAN_CHAIN in [" → ".join(h["name"] or h["mention"] for h in a["chain"]) for a in docs[0]["attributions"]]


def csv_bytes(rows, delimiter=","):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def test_csv_with_custom_columns_a_huge_cell_and_quoted_newlines(capsys, tmp_path, seeds):
    huge = "\n\n".join([seeds["001"]] * 28)
    assert len(huge) > 131_072 and "\n" in seeds["004"]
    src = tmp_path / "table.csv"
    src.write_bytes(csv_bytes([
        ["doc", "body", "url"],
        ["big", huge, ""],
        ["idp", seeds["004"], "https://www.indopos.co.id/internasional/kim"],
        ["crlf", "Baris satu.\r\nBaris dua, \"kata dia\".", ""],
    ]))
    rc, out, err = run(capsys, "trace", "--format", "jsonl", "--text-column", "body", "--id-column", "doc", src)
    assert rc == 0, err
    docs = lines_of(out)
    assert [d["id"] for d in docs] == ["big", "idp", "crlf"]
    assert docs[0]["text"] == huge
    assert docs[1]["text"] == seeds["004"] and docs[1]["url"].startswith("https://www.indopos.co.id/")
    assert docs[2]["text"] == "Baris satu.\r\nBaris dua, \"kata dia\"."
    assert Document.from_dict(docs[1]) == expected_doc(seeds["004"], "idp", url=docs[1]["url"])

    # the default column names are not there: one error naming the file and the option
    rc, out, err = run(capsys, "trace", "--format", "jsonl", src)
    assert rc == 1
    (rec,) = lines_of(out)
    assert rec["id"] == "table" and str(src) in rec["error"] and "--text-column" in rec["error"]


def test_tsv_input(capsys, tmp_path, seeds):
    src = tmp_path / "table.tsv"
    src.write_bytes(csv_bytes([["id", "text"], ["t1", seeds["003"]], ["t2", seeds["001"]]], delimiter="\t"))
    rc, out, err = run(capsys, "trace", "--format", "jsonl", src)
    assert rc == 0, err
    docs = lines_of(out)
    assert [(d["id"], d["text"]) for d in docs] == [("t1", seeds["003"]), ("t2", seeds["001"])]


class BinaryStdin:
    """A stand-in for sys.stdin whose bytes are in ``.buffer`` (worker processes close it when they start)."""

    def __init__(self, buffer):
        self.buffer = buffer

    def close(self):
        pass


def test_stdin_text_and_jsonl_through_buffer(capsys, monkeypatch, seeds):
    monkeypatch.setattr("sys.stdin", BinaryStdin(io.BytesIO(seeds["001"].encode("utf-8"))))
    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-")
    assert rc == 0, err
    (doc,) = lines_of(out)
    assert Document.from_dict(doc) == expected_doc(seeds["001"], "stdin")

    feed = "".join(json.dumps({"id": f"s{i}", "text": seeds[p]}) + "\n" for i, p in enumerate(["000", "004"]))
    monkeypatch.setattr("sys.stdin", BinaryStdin(io.BytesIO(feed.encode("utf-8"))))
    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-")
    assert rc == 0, err
    assert [(d["id"], d["text"]) for d in lines_of(out)] == [("s0", seeds["000"]), ("s1", seeds["004"])]

    # non-UTF-8 bytes on stdin: an error record, not a crash
    monkeypatch.setattr("sys.stdin", BinaryStdin(io.BytesIO(b"caf\xe9 au lait")))
    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-")
    assert rc == 1
    (rec,) = lines_of(out)
    assert rec["id"] == "stdin" and "<stdin>" in rec["error"] and "0xe9" in rec["error"]


def test_stdin_without_buffer(capsys, monkeypatch, seeds):
    monkeypatch.setattr("sys.stdin", io.StringIO(seeds["004"]))
    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-")
    assert rc == 0, err
    (doc,) = lines_of(out)
    assert doc["id"] == "stdin" and doc["text"] == seeds["004"]

    feed = json.dumps({"id": "only", "text": seeds["002"], "publisher": "Kontan"}, ensure_ascii=False) + "\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(feed))
    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-")
    assert rc == 0, err
    (doc,) = lines_of(out)
    assert doc["id"] == "only" and doc["text"] == seeds["002"] and doc["publisher"]["name"] == "Kontan"


def test_byte_order_marks_open_csv_and_jsonl_files(capsys, tmp_path, seeds):
    table = tmp_path / "excel.csv"
    table.write_bytes(b"\xef\xbb\xbf" + csv_bytes([["id", "text"], ["x1", seeds["001"]]]))
    feed = tmp_path / "bom.jsonl"
    feed.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "j1", "text": seeds["003"]}).encode() + b"\n")
    rc, out, err = run(capsys, "trace", "--format", "jsonl", table, feed)
    assert rc == 0, err
    assert [(d["id"], d["text"]) for d in lines_of(out)] == [("x1", seeds["001"]), ("j1", seeds["003"])]


def test_lone_surrogates_and_undecodable_file_names_never_break_the_output(capsys, tmp_path, seeds, seed_paths):
    feed = tmp_path / "esc.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in [  # ASCII JSON: the surrogates are written \\ud800
        {"id": "ok", "text": seeds["002"]},
        {"id": "lone", "text": "Kata dia \ud800 hari ini."},
        {"id": "meta", "text": seeds["002"], "url": "https://x.example/\udcff"},
    ]), encoding="ascii")
    folder = tmp_path / "names"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"\xff-kontan.txt"), "wb") as fh:
        fh.write(seed_paths["001"].read_bytes())
    for fmt in ("jsonl", "csv"):
        target = tmp_path / f"out.{fmt}"
        rc, _out, err = run(capsys, "trace", "--format", fmt, "-o", target, feed, folder)
        assert rc == 1, err
        no_traceback(err)
        assert summary(err)[:3] == (4, 2, 2)
        text = target.read_bytes().decode("utf-8")  # the whole output is UTF-8
        assert text.count("lone surrogate") == 2 and "ud800" in text and "udcff" in text
    recs = lines_of((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert [r["id"] for r in recs] == ["ok", "lone", "meta", "\ufffd-kontan"]
    assert recs[3]["text"] == seeds["001"]


def test_stdin_text_that_is_no_unicode(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Kata dia \ud800."))
    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-")
    assert rc == 1
    no_traceback(err)
    (rec,) = lines_of(out)
    assert rec["id"] == "stdin" and "not UTF-8" in rec["error"]


def test_an_unterminated_json_string_says_at_column_once(tmp_path, seeds):
    feed = tmp_path / "cut.jsonl"
    feed.write_text('{"id": "a", "text": "Kata\tdia"}\n{"id": "b", "text": "Kata dia', encoding="utf-8")
    tab, cut = read_inputs([feed])  # json's messages end in "at": "Unterminated string starting at"
    assert tab.reason.endswith("cut.jsonl:1: invalid JSON: Invalid control character at column 26"), tab
    assert cut.reason.endswith("cut.jsonl:2: invalid JSON: Unterminated string starting at column 21"), cut


# --- streams: pipes, FIFOs and /dev/fd/N from <(...) are read once (issue 16) ------------------


STREAM_IDS = ("p0", "p1", "p2")


def stream_bytes(seeds, fmt):
    """Three articles as JSON Lines or CSV."""
    texts = [seeds[p] for p in ("000", "002", "004")]
    if fmt == "jsonl":
        return "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in zip(STREAM_IDS, texts)).encode("utf-8")
    return csv_bytes([["id", "text"], *([i, t] for i, t in zip(STREAM_IDS, texts))])


def cli_subprocess(*argv, pass_fds=(), timeout=120):
    """attrib in a process of its own: a run that hangs fails the test (TimeoutExpired) instead of the suite."""
    return subprocess.run([sys.executable, "-m", "attrib.cli", *map(str, argv)], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout, pass_fds=pass_fds)


def filled_pipe(data):
    """The read end of a pipe that holds ``data`` and is closed for writing: what bash's <(cat FILE) gives."""
    r, w = os.pipe()
    os.write(w, data)  # the test data fits in the pipe's buffer
    os.close(w)
    return r


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_process_substitution_is_read_once_and_traced_whole(tmp_path, seeds, fmt):
    """attrib trace --input-format jsonl <(cat feed.jsonl): counting the inputs read the pipe, and the
    run then found it empty ("0 documents in"; for CSV "no column 'text' (columns: none)")."""
    data = stream_bytes(seeds, fmt)
    r = filled_pipe(data)
    try:
        proc = cli_subprocess("trace", "--input-format", fmt, f"/dev/fd/{r}", "--format", "jsonl", "-j", "1",
                              pass_fds=(r,))
    finally:
        os.close(r)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 0, err
    assert [d["id"] for d in lines_of(proc.stdout.decode("utf-8"))] == list(STREAM_IDS)
    assert summary(err)[:3] == (3, 3, 0)


def test_a_named_fifo_with_a_writer_is_traced_and_never_waits_for_a_second_one(tmp_path, seeds):
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    data = stream_bytes(seeds, "jsonl")

    def write():
        with open(fifo, "wb") as fh:  # one writer, once: a second open for reading would wait forever
            fh.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        proc = cli_subprocess("trace", fifo, "--format", "jsonl", "-j", "1", timeout=90)
    finally:
        if writer.is_alive():  # the run never opened the FIFO: let the writer's open return
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        writer.join(10)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 0, err
    assert [d["id"] for d in lines_of(proc.stdout.decode("utf-8"))] == list(STREAM_IDS)


def test_a_stream_is_never_counted_and_the_progress_bar_has_no_total(capsys, monkeypatch, tmp_path, seeds, feed):
    data = stream_bytes(seeds, "jsonl")
    r = filled_pipe(data)
    try:
        assert count_inputs([feed, f"/dev/fd/{r}"], "jsonl") is None
        assert os.read(r, len(data) + 1) == data  # not a byte was taken from the stream
    finally:
        os.close(r)
    assert count_inputs([feed]) == 12  # regular files still give the bar its total

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    r = filled_pipe(data)
    try:
        rc, _out, err = run(capsys, "trace", "--input-format", "jsonl", f"/dev/fd/{r}", "--format", "jsonl",
                            "-o", tmp_path / "o.jsonl", "-j", "1")
    finally:
        os.close(r)
    assert rc == 0, err
    assert "3doc" in err and "/3" not in err  # tqdm without a total: a count, no "3/3"
    assert [d["id"] for d in lines_of((tmp_path / "o.jsonl").read_text(encoding="utf-8"))] == list(STREAM_IDS)


def test_dask_plans_read_a_stream_on_the_client(seeds):
    from attrib.run.dask import _plan  # the plan needs no Dask installed

    r = filled_pipe(stream_bytes(seeds, "jsonl"))
    try:
        splits = _plan([f"/dev/fd/{r}"], input_format="jsonl")
    finally:
        os.close(r)
    assert [s["kind"] for s in splits] == ["records"]
    assert [rec.id for rec in splits[0]["items"]] == list(STREAM_IDS)


# --- metadata ----------------------------------------------------------------------


def test_metadata_url_publisher_and_date_flow_into_the_document(capsys, tmp_path, seeds):
    kontan_url = "https://www.kontan.co.id/news/kim-jong-un-pulang"
    src = write_jsonl(tmp_path / "meta.jsonl", [
        # seed 004's dateline says Indopos; the URL is Kontan's, which wins
        {"id": "url", "text": seeds["004"], "url": kontan_url, "date": "2023-09-18T10:00:00+07:00"},
        # an explicit publisher beats the URL
        {"id": "given", "text": seeds["004"], "url": kontan_url, "publisher": "Tempo"},
        # a domain the registry does not know leaves the dateline's guess
        {"id": "unknown", "text": seeds["004"], "url": "https://news.example.org/kim"},
        {"id": "none", "text": seeds["004"]},
    ])
    rc, out, err = run(capsys, "trace", "--format", "jsonl", src)
    assert rc == 0, err
    docs = {d["id"]: d for d in lines_of(out)}
    pub = {k: (d["publisher"]["name"], d["publisher"]["method"]) for k, d in docs.items()}
    assert pub["url"] == ("Kontan", "url")
    assert pub["given"] == ("Tempo", "given")
    assert pub["unknown"] == pub["none"] == ("Indopos", "registry")
    assert docs["url"]["url"] == kontan_url and docs["url"]["date"] == "2023-09-18T10:00:00+07:00"
    assert docs["unknown"]["url"] == "https://news.example.org/kim" and docs["unknown"]["date"] is None
    doc = Document.from_dict(docs["url"])
    assert doc.url == kontan_url and doc.date == "2023-09-18T10:00:00+07:00"
    assert doc == expected_doc(seeds["004"], "url", url=kontan_url, date="2023-09-18T10:00:00+07:00")
    # the publisher heads every chain
    assert doc.attributions and all(a.chain[0].name == "Kontan" for a in doc.attributions)

    # the same through CSV columns, into the table
    table = tmp_path / "meta.csv"
    table.write_bytes(csv_bytes([["id", "text", "url", "date"], ["c", seeds["004"], kontan_url, "2023-09-18"]]))
    rc, out, err = run(capsys, "trace", "--format", "csv", table)
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {(r["publisher"], r["publisher_id"], r["url"], r["date"]) for r in rows} == {
        ("Kontan", "kontan", kontan_url, "2023-09-18")}
    assert all(r["chain"].startswith("Kontan → ") for r in rows)


# --- a broken corpus ----------------------------------------------------------------


@pytest.fixture
def broken_corpus(tmp_path, seeds, seed_paths):
    """A corpus with 4 good articles and 11 broken inputs: ``inputs`` (paths and patterns),
    ``good`` (ids), ``errors`` ({id: text its error must hold}) and ``order`` (every id, in input order)."""
    d = tmp_path / "broken"
    d.mkdir()
    feed = d / "feed.jsonl"
    lines = [
        json.dumps({"id": "j-good", "text": seeds["000"]}).encode(),
        b'{"id": "j-badjson", "text": "unterminated',
        b'{"id": "j-latin1", "text": "caf\xe9 ' + seeds["002"].split("\n")[0].encode() + b'"}',
        b'{"id": "j-notext", "url": "https://www.kontan.co.id/x"}',
        b'{"id": "j-num", "text": 42}',
        b'["an", "array", "line"]',
        json.dumps({"id": "j-xx", "text": seeds["001"], "lang": "xx"}).encode(),
        b"",
        json.dumps({"id": "j-good2", "text": seeds["004"]}).encode(),
    ]
    feed.write_bytes(b"\n".join(lines) + b"\n")
    bad_txt = d / "bad.txt"
    raw = seeds["001"].encode("utf-8")
    cut = raw.index(b"Mengutip CNN")
    bad_txt.write_bytes(raw[:cut] + b"\xff" + raw[cut:])
    bad_txt_line = raw[:cut].count(b"\n") + 1
    table = d / "table.csv"
    head = csv_bytes([["id", "text"], ["c-good", seeds["003"]]])
    table.write_bytes(head + b'c-bad,"Multi\nline \xfe\xff cell"\r\n')
    c_bad_line = head.count(b"\n") + 1  # c-good's cell holds newlines: rows are named by the line they start on
    nocol = d / "nocol.csv"
    nocol.write_bytes(csv_bytes([["id", "body"], ["x", seeds["003"]]]))
    missing = d / "missing.txt"
    empty_glob = str(d / "nothing" / "*.txt")
    good_txt = d / "good.txt"
    shutil.copy(seed_paths["002"], good_txt)
    inputs = [feed, bad_txt, table, nocol, missing, empty_glob, good_txt]
    errors = {
        "j-badjson": f"{feed}:2", "j-latin1": f"{feed}:3", "j-notext": f"{feed}:4", "j-num": f"{feed}:5",
        "feed:6": f"{feed}:6", "j-xx": "xx",
        "bad": f"{bad_txt}: not UTF-8 text: byte 0xff at byte offset {cut}, line {bad_txt_line} ",
        "c-bad": f"{table}:{c_bad_line}:", "nocol": str(nocol), str(missing): str(missing), empty_glob: empty_glob,
    }
    good = ["j-good", "j-good2", "c-good", "good"]
    order = ["j-good", "j-badjson", "j-latin1", "j-notext", "j-num", "feed:6", "j-xx", "j-good2", "bad", "c-good",
             "c-bad", "nocol", str(missing), empty_glob, "good"]
    return types.SimpleNamespace(inputs=inputs, good=good, errors=errors, order=order)


def test_broken_corpus_gives_one_error_record_per_broken_input(capsys, broken_corpus):
    inputs, good, errors = broken_corpus.inputs, broken_corpus.good, broken_corpus.errors
    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-j", "1", *inputs)
    assert rc == 1
    no_traceback(err)
    recs = lines_of(out)
    assert [r["id"] for r in recs] == broken_corpus.order
    failed = {r["id"]: r for r in recs if "error" in r}
    assert set(failed) == set(errors)
    for rid, needle in errors.items():
        assert needle in failed[rid]["error"], (rid, failed[rid])
        assert failed[rid]["stage"] == ("trace" if rid == "j-xx" else "read")
    assert "invalid JSON" in failed["j-badjson"]["error"]
    assert "expected a JSON object" in failed["feed:6"]["error"]
    assert "no 'text'" in failed["j-notext"]["error"] and "must be a string" in failed["j-num"]["error"]
    assert "no column 'text'" in failed["nocol"]["error"]
    assert "no such file" in failed[str(broken_corpus.inputs[4])]["error"]
    assert "no file matches" in failed[broken_corpus.inputs[5]]["error"]
    assert "0xe9" in failed["j-latin1"]["error"]
    assert "0xfe" in failed["c-bad"]["error"]
    assert "UnknownLanguage" in failed["j-xx"]["error"]
    assert [r["id"] for r in recs if "error" not in r] == good
    for r in recs:
        if "error" not in r:
            assert Document.from_dict(r).attributions
    assert summary(err)[:3] == (15, 4, 11)
    # every error is also reported on stderr as it happens
    assert err.count("attrib: error: ") == 11


def test_broken_corpus_same_output_with_a_pool(capsys, broken_corpus, tmp_path):
    inputs = broken_corpus.inputs
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run(capsys, "trace", "--format", "jsonl", "-j", "1", "-o", one, *inputs)[0] == 1
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "-j", "2", "-o", two, *inputs)
    assert rc == 1
    assert summary(err)[:3] == (15, 4, 11)
    assert one.read_bytes() == two.read_bytes()


def test_broken_corpus_to_csv_error_rows(capsys, broken_corpus, tmp_path):
    pd = pytest.importorskip("pandas")
    inputs, good, errors = broken_corpus.inputs, broken_corpus.good, broken_corpus.errors
    target = tmp_path / "rows.csv"
    rc, out, _err = run(capsys, "trace", "--format", "csv", "-o", target, *inputs)
    assert rc == 1 and out == ""
    df = pd.read_csv(target, dtype_backend="numpy_nullable")
    err_rows = df[df["error"].notna()]
    assert sorted(err_rows["doc_id"]) == sorted(errors)
    assert err_rows["attribution"].isna().all()
    assert set(df.loc[df["error"].isna(), "doc_id"]) == set(good)


def test_fail_fast_stops_at_the_first_error(capsys, broken_corpus):
    inputs = broken_corpus.inputs
    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-j", "1", "--fail-fast", *inputs)
    assert rc == 1
    no_traceback(err)
    recs = lines_of(out)
    assert [r["id"] for r in recs] == ["j-good", "j-badjson"]
    assert "error" in recs[1]
    assert "--fail-fast" in err
    assert summary(err)[:3] == (2, 1, 1)

    rc, out, err = run(capsys, "trace", "--format", "jsonl", "-j", "2", "--fail-fast", *inputs)
    assert rc == 1
    recs = lines_of(out)
    assert [r["id"] for r in recs] == ["j-good", "j-badjson"]


# --- resume ------------------------------------------------------------------------------


@pytest.fixture
def feed(tmp_path, seeds):
    """A JSON Lines corpus of 12 articles, one of them broken, one without attributions."""
    records = [{"id": f"a{i:02d}-{p}", "text": seeds[p]} for i, p in enumerate(list(seeds) * 2)]
    records.insert(4, {"id": "a-broken", "text": None})
    records.append({"id": "a-empty", "text": NO_ATTRIBUTION})
    return write_jsonl(tmp_path / "feed.jsonl", records)


def cut_mid_line(path, fraction=0.5):
    """Cut a file in the middle of a line, as an interrupted run leaves it."""
    data = path.read_bytes()
    at = int(len(data) * fraction)
    while data[at - 1:at] == b"\n" or data[at:at + 1] == b"\n":
        at += 1
    path.write_bytes(data[:at])
    return data[:at]


@pytest.mark.parametrize("fraction", [0.3, 0.7])
def test_resume_jsonl_after_an_interrupted_run(capsys, tmp_path, feed, fraction):
    fresh = tmp_path / "fresh.jsonl"
    assert run(capsys, "trace", "--format", "jsonl", "-o", fresh, feed)[0] == 1
    target = tmp_path / "out.jsonl"
    shutil.copy(fresh, target)
    kept = cut_mid_line(target, fraction)
    already = kept.count(b"\n")
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "-j", "2", "--resume", "-o", target, feed)
    assert rc == 1, err  # the broken article's error record is in the output, kept or new
    n_in, traced, errors, rest = summary(err)
    assert n_in == 12 and f"{already} skipped" in rest
    assert traced + errors == 12 - already
    ids = [r["id"] for r in lines_of(target.read_text(encoding="utf-8"))]
    assert len(ids) == len(set(ids)) == 12
    assert target.read_bytes() == fresh.read_bytes()

    # resuming a finished run traces nothing more, yet does not hide the error record it keeps
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "--resume", "-o", target, feed)
    assert rc == 1, err
    assert summary(err)[:3] == (12, 0, 0) and "12 skipped" in err and "1 error record kept" in err
    assert "--retry-errors" in err
    assert target.read_bytes() == fresh.read_bytes()


@pytest.mark.parametrize("cut", ["mid-line", "between rows of one article"])
def test_resume_csv_after_an_interrupted_run(capsys, tmp_path, feed, cut):
    fresh = tmp_path / "fresh.csv"
    assert run(capsys, "trace", "--format", "csv", "-o", fresh, feed)[0] == 1
    data = fresh.read_bytes()
    target = tmp_path / "out.csv"
    if cut == "mid-line":
        shutil.copy(fresh, target)
        cut_mid_line(target)
    else:
        # the buffer was flushed after the 2nd of an article's many rows: no line is cut,
        # yet the article is not whole
        lines = data.split(b"\r\n")  # no cell of this table holds a CRLF
        ids = [line.split(b",", 1)[0] for line in lines]
        # the first row of an article of 3 rows or more, past the first third; keep 2 of its rows
        k = next(k for k in range(len(lines) // 3, len(lines) - 2) if ids[k - 1] != ids[k] == ids[k + 1] == ids[k + 2])
        target.write_bytes(b"\r\n".join(lines[:k + 2]) + b"\r\n")
    rc, _out, err = run(capsys, "trace", "--format", "csv", "--resume", "-o", target, feed)
    assert rc in (0, 1), err  # 1 when the broken article was after the cut
    no_traceback(err)
    assert target.read_bytes() == data
    ids = [r["doc_id"] for r in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))]
    # each article's rows are together, once
    firsts = [i for k, i in enumerate(ids) if k == 0 or ids[k - 1] != i]
    assert len(firsts) == len(set(firsts)) == 12


def test_resume_parquet_adds_part_files(capsys, tmp_path, feed, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    import attrib.run.outputs

    real_init = attrib.run.outputs.ParquetSink.__init__

    def small_parts(self, target, resume=False, rows_per_part=50_000, **kw):
        real_init(self, target, resume, rows_per_part=40, **kw)

    monkeypatch.setattr(attrib.run.outputs.ParquetSink, "__init__", small_parts)

    fresh = tmp_path / "fresh"
    assert run(capsys, "trace", "--format", "parquet", "-o", fresh, feed)[0] == 1
    fresh_rows = pq.read_table(fresh).to_pylist()
    parts = sorted(fresh.glob("part-*.parquet"))
    assert len(parts) > 2
    # a part holds whole articles
    owner = {}
    for part in parts:
        for rid in set(pq.read_table(part, columns=["doc_id"]).column("doc_id").to_pylist()):
            assert rid not in owner, f"{rid} is split over {owner[rid]} and {part.name}"
            owner[rid] = part.name

    # interrupted after the 2nd part: the 3rd was being written
    target = tmp_path / "out"
    target.mkdir()
    for part in parts[:2]:
        shutil.copy(part, target / part.name)
    (target / ".part-00002.parquet.tmp").write_bytes(parts[2].read_bytes()[:100])
    rc, _out, err = run(capsys, "trace", "--format", "parquet", "-o", target, feed)
    assert rc == 2 and "--resume" in err  # an earlier run's parts are never mixed in by accident
    no_traceback(err)

    rc, _out, err = run(capsys, "trace", "--format", "parquet", "--resume", "-o", target, feed)
    assert rc in (0, 1), err
    assert sorted(p.name for p in target.glob("part-*.parquet")) == [p.name for p in parts]
    rows = pq.read_table(target).to_pylist()
    assert rows == fresh_rows
    firsts = [r["doc_id"] for k, r in enumerate(rows) if k == 0 or rows[k - 1]["doc_id"] != r["doc_id"]]
    assert len(firsts) == len(set(firsts)) == 12

    # a part removed by hand leaves the positions of the articles after it unknown: refused,
    # the parts left as they are; once the parts after it are gone too, they are traced again
    (target / parts[1].name).unlink()
    before = sorted(p.name for p in target.iterdir())
    rc, _out, err = run(capsys, "trace", "--format", "parquet", "--resume", "-o", target, feed)
    assert rc == 2 and f"{parts[1].name} is missing" in err, err
    no_traceback(err)
    assert sorted(p.name for p in target.iterdir()) == before
    for part in parts[2:]:
        (target / part.name).unlink()
    rc, _out, err = run(capsys, "trace", "--format", "parquet", "--resume", "-o", target, feed)
    assert rc in (0, 1), err
    assert sorted(p.name for p in target.glob("part-*.parquet")) == [p.name for p in parts]
    assert pq.read_table(target).to_pylist() == fresh_rows


# --- resume by position (issue 16) ---------------------------------------------------------------

DUP_IDS = ["x1", "dup", "x2", "dup", "x3"]


@pytest.fixture
def dup_feed(tmp_path, seeds):
    """Five real articles whose ids are x1, dup, x2, dup, x3: the two "dup" are different articles."""
    texts = [seeds[p] for p in sorted(seeds)]
    return write_jsonl(tmp_path / "dups.jsonl", [{"id": i, "text": t} for i, t in zip(DUP_IDS, texts)])


@pytest.fixture
def one_article_per_part(monkeypatch):
    """Parquet parts of one row: an interrupted run may have written any number of articles."""
    pytest.importorskip("pyarrow.parquet")
    import attrib.run.outputs

    real_init = attrib.run.outputs.ParquetSink.__init__

    def tiny_parts(self, target, resume=False, rows_per_part=50_000, **kw):
        real_init(self, target, resume, rows_per_part=1, **kw)

    monkeypatch.setattr(attrib.run.outputs.ParquetSink, "__init__", tiny_parts)


def snapshot(path):
    """The bytes of an output file, or of each file of an output directory."""
    path = Path(path)
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return path.read_bytes()


def write_output(fmt, target, items):
    """An output as an (interrupted) run writes it, through the sinks of attrib.run.outputs."""
    from attrib.run.outputs import open_sink

    sink = open_sink(fmt, target)
    for item in items:
        sink.write(item)
    sink.close()


def traced_items(feed_path):
    return [attrib.trace(r["text"], "auto", id=r["id"]) for r in lines_of(feed_path.read_text("utf-8"))]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_resume_by_position_keeps_duplicate_ids(capsys, tmp_path, dup_feed, fmt, request):
    """ids x1, dup, x2, dup, x3; a run killed after 2 records; --resume gives all 5, as a clean run."""
    if fmt == "parquet":
        request.getfixturevalue("one_article_per_part")
    clean = tmp_path / f"clean.{fmt}"
    rc, _out, err = run(capsys, "trace", "--format", fmt, "-o", clean, dup_feed)
    assert rc == 0, err
    assert summary(err)[:3] == (5, 5, 0) and "1 duplicate id" in err
    assert "dups.jsonl:4: the id 'dup' came before" in err

    target = tmp_path / f"out.{fmt}"
    write_output(fmt, target, traced_items(dup_feed)[:2])
    if fmt == "parquet":
        assert sorted(snapshot(target)) == ["part-00000.parquet", "part-00001.parquet"]
    else:
        assert snapshot(clean).startswith(snapshot(target))  # what the killed run had written
    rc, _out, err = run(capsys, "trace", "--format", fmt, "-j", "2", "--resume", "-o", target, dup_feed)
    assert rc == 0, err
    n_in, traced, errors, rest = summary(err)
    assert (n_in, traced, errors) == (5, 3, 0) and ", 2 skipped as already done" in rest, err
    assert snapshot(target) == snapshot(clean)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_resume_retries_dead_worker_and_timeout_records(capsys, tmp_path, dup_feed, fmt, request):
    if fmt == "parquet":
        request.getfixturevalue("one_article_per_part")
    clean = tmp_path / f"clean.{fmt}"
    assert run(capsys, "trace", "--format", fmt, "-o", clean, dup_feed)[0] == 0
    items = traced_items(dup_feed)
    items[1] = Failure(id="dup", where="dups.jsonl:2", stage="worker died",
                       reason="the worker process died while tracing this article (killed by signal 9)")
    items[3] = Failure(id="dup", where="dups.jsonl:4", stage="timeout", reason="tracing took more than 600 s")
    target = tmp_path / f"out.{fmt}"
    write_output(fmt, target, items)
    rc, _out, err = run(capsys, "trace", "--format", fmt, "--resume", "-o", target, dup_feed)
    assert rc == 0, err
    n_in, traced, errors, rest = summary(err)
    assert (n_in, traced, errors) == (5, 4, 0) and "1 skipped" in rest and "4 traced again" in rest, err
    assert snapshot(target) == snapshot(clean)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_resumed_output_with_error_records_exits_1_until_retry_errors(capsys, tmp_path, dup_feed, fmt):
    clean = tmp_path / f"clean.{fmt}"
    assert run(capsys, "trace", "--format", fmt, "-o", clean, dup_feed)[0] == 0
    items = traced_items(dup_feed)
    items[2] = Failure(id="x2", where="dups.jsonl:3", stage="trace", reason="RuntimeError: a bug since fixed")
    target = tmp_path / f"out.{fmt}"
    write_output(fmt, target, items)
    before = target.read_bytes()

    rc, _out, err = run(capsys, "trace", "--format", fmt, "--resume", "-o", target, dup_feed)
    assert rc == 1, err
    assert summary(err)[:3] == (5, 0, 0) and "1 error record kept in the output" in err
    assert "the output still holds 1 error record(s)" in err and "--retry-errors" in err
    assert target.read_bytes() == before

    rc, _out, err = run(capsys, "trace", "--format", fmt, "--resume", "--retry-errors", "-o", target, dup_feed)
    assert rc == 0, err
    assert summary(err)[:3] == (5, 3, 0) and "2 skipped" in err
    assert target.read_bytes() == clean.read_bytes()


def test_resume_refuses_an_output_of_other_inputs_and_leaves_it_alone(capsys, tmp_path, dup_feed, seeds):
    target = tmp_path / "out.jsonl"
    items = traced_items(dup_feed)
    write_output("jsonl", target, items[:3])
    with open(target, "ab") as fh:
        fh.write(b'{"id": "x3", "lang"')  # cut by the interruption
    before = target.read_bytes()
    other = write_jsonl(tmp_path / "other.jsonl", [{"id": i, "text": seeds["000"]} for i in ["x1", "x2", "dup"]])
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "--resume", "-o", target, other)
    assert rc == 2 and "cannot resume: record 2 of the output is 'dup', but input record 2" in err, err
    no_traceback(err)
    assert target.read_bytes() == before

    short = write_jsonl(tmp_path / "short.jsonl", lines_of(dup_feed.read_text("utf-8"))[:2])
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "--resume", "-o", target, short)
    assert rc == 2 and "the output holds 3 records and the inputs only 2" in err, err
    assert target.read_bytes() == before


def test_timeout_on_the_command_line_then_resume(capsys, tmp_path, dup_feed):
    """--timeout: every article over it is an error record of its own, the run ends; --resume
    (with the default limit) traces them again."""
    clean = tmp_path / "clean.jsonl"
    assert run(capsys, "trace", "--format", "jsonl", "-o", clean, dup_feed)[0] == 0
    target = tmp_path / "out.jsonl"
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "-j", "2", "--timeout", "0.001", "-o", target, dup_feed)
    n_in, traced, errors, _rest = summary(err)
    # on a busy machine the run may read an article's result before it looks at the clock
    # (the articles are short: some may be done within the limit)
    assert rc == 1 and n_in == 5 and errors >= 1 and traced + errors == 5, err
    recs = lines_of(target.read_text("utf-8"))
    assert [r["id"] for r in recs] == DUP_IDS
    timed_out = [r for r in recs if "error" in r]
    assert len(timed_out) == errors and all(r["stage"] == "timeout" for r in timed_out)
    assert "more than 0.001 s (--timeout)" in timed_out[0]["error"]
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "--resume", "-o", target, dup_feed)
    n_in, traced, errors, _rest = summary(err)
    # (from the first timed-out record on, everything is traced again)
    assert rc == 0 and n_in == 5 and errors == 0 and traced >= 1, err
    assert target.read_bytes() == clean.read_bytes()


def _children(pid):
    """Pids of the live processes whose parent is ``pid`` (Linux /proc):
    bench/resume_check.py finds the workers to kill the same way."""
    spec = importlib.util.spec_from_file_location("resume_check", Path(__file__).resolve().parent.parent / "bench" / "resume_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.children(pid)


def _alive(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    return fields[0] != "Z"


@pytest.mark.slow  # a 1,000-article run in a subprocess, killed and resumed
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_run_killed_with_sigterm_leaves_no_worker_and_resumes(capsys, tmp_path, seeds):
    """A real interruption: the run is killed (its buffered output ends where it ends), its
    workers go away by themselves, and --resume finishes the job."""
    import signal
    import subprocess
    import time

    prefixes = sorted(seeds)
    src = write_jsonl(tmp_path / "many.jsonl",
                      [{"id": f"m{i:04d}", "text": seeds[prefixes[i % 5]]} for i in range(1000)])
    target = tmp_path / "many.out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "attrib.cli", "trace", "--format", "jsonl", "-j", "2",
                             "-o", str(target), str(src)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            if len(workers) == 2 and target.exists() and target.stat().st_size > 40_000:
                break
            time.sleep(0.05)
        assert proc.poll() is None and len(workers) == 2, "the run ended before it could be interrupted"
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers), "worker processes outlived the run"
    finally:
        for pid in [proc.pid, *workers]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()

    cut = target.read_bytes()
    assert 0 < cut.count(b"\n") < 1000
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "-j", "2", "--resume", "-o", target, src)
    assert rc == 0, err
    recs = lines_of(target.read_text(encoding="utf-8"))
    assert [r["id"] for r in recs] == [f"m{i:04d}" for i in range(1000)]
    fresh = {p: attrib.trace(seeds[p], "auto").to_dict() for p in prefixes}
    for i, r in enumerate(recs):
        assert r == {**fresh[prefixes[i % 5]], "id": r["id"]}, r["id"]


# --- order -------------------------------------------------------------------------------


def test_jobs_do_not_change_the_output_and_unordered_keeps_every_line(capsys, tmp_path, seeds):
    records = [{"id": f"o{i:02d}", "text": seeds[p]} for i, p in enumerate(list(seeds) * 5)]
    records.insert(9, {"id": "o-bad", "text": ["no"]})
    src = write_jsonl(tmp_path / "order.jsonl", records)
    outs = {}
    for name, extra in (("one", ["-j", "1"]), ("two", ["-j", "2"]), ("unordered", ["-j", "2", "--unordered"])):
        target = tmp_path / f"{name}.jsonl"
        rc, _, err = run(capsys, "trace", "--format", "jsonl", "-o", target, *extra, src)
        assert rc == 1 and summary(err)[:3] == (26, 25, 1), err
        outs[name] = target.read_bytes()
    assert outs["two"] == outs["one"]
    assert sorted(outs["unordered"].splitlines()) == sorted(outs["one"].splitlines())
    assert [json.loads(x)["id"] for x in outs["one"].splitlines()] == [r["id"] for r in records]


# --- tables ------------------------------------------------------------------------------


@pytest.fixture
def table_feed(tmp_path, seeds):
    return write_jsonl(tmp_path / "table.jsonl", [
        {"id": "kontan", "text": seeds["001"]},
        {"id": "quiet", "text": NO_ATTRIBUTION},
        {"id": "broken", "text": 3.5},
        {"id": "indopos", "text": seeds["004"]},
    ])


def check_rows(df, seeds):
    import pandas as pd

    texts = {"kontan": seeds["001"], "indopos": seeds["004"], "quiet": NO_ATTRIBUTION}
    docs = {k: attrib.trace(v, "auto", id=k) for k, v in texts.items()}
    assert not docs["quiet"].attributions and docs["kontan"].attributions
    assert list(dict.fromkeys(df["doc_id"])) == ["kontan", "quiet", "broken", "indopos"]
    for rid, doc in docs.items():
        rows = df[df["doc_id"] == rid]
        assert len(rows) == max(1, len(doc.attributions)), rid
        assert (rows["attributions"] == len(doc.attributions)).all()
        assert rows["error"].isna().all()
    quiet = df[df["doc_id"] == "quiet"]
    for col in ("attribution", "cue", "content", "content_start", "chain", "chain_length", "source"):
        assert quiet[col].isna().all(), col
    kontan = df[df["doc_id"] == "kontan"]
    assert KONTAN_CHAIN in set(kontan["chain"])
    assert (kontan["publisher"] == "Kontan").all()
    assert list(kontan["chain"]) == [" → ".join(h.label for h in a.chain) for a in docs["kontan"].attributions]
    assert list(kontan["chain_length"]) == [len(a.chain) for a in docs["kontan"].attributions]
    for rid in ("kontan", "indopos"):
        text = texts[rid]
        for _, r in df[df["doc_id"] == rid].iterrows():
            assert text[int(r["content_start"]):int(r["content_end"])] == r["content"]
            assert text[int(r["cue_start"]):int(r["cue_end"])] == r["cue"]
            if not pd.isna(r["source_start"]):
                assert 0 <= int(r["source_start"]) <= int(r["source_end"]) <= len(text)
            ids = r["chain_ids"]  # JSON text in CSV, a list of strings in Parquet
            assert (json.loads(ids) if isinstance(ids, str) else list(ids))[0] == r["publisher_id"]
    broken = df[df["doc_id"] == "broken"]
    assert len(broken) == 1
    assert "'text' must be a string" in broken.iloc[0]["error"]


def test_csv_rows_one_per_attribution(capsys, tmp_path, table_feed, seeds, traced):
    pd = pytest.importorskip("pandas")
    target = tmp_path / "rows.csv"
    rc, out, err = run(capsys, "trace", "--format", "csv", "-o", target, table_feed)
    assert rc == 1
    assert summary(err)[:3] == (4, 3, 1)
    df = pd.read_csv(target, dtype_backend="numpy_nullable", keep_default_na=False, na_values=[""])
    check_rows(df, seeds)
    assert str(df["content_start"].dtype) == "Int64"
    # and the same table on stdout
    rc, out, err = run(capsys, "trace", "--format", "csv", table_feed)
    assert out.encode("utf-8") == target.read_bytes()


def test_parquet_rows_and_dtypes(capsys, tmp_path, table_feed, seeds, traced):
    pd = pytest.importorskip("pandas")
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    target = tmp_path / "rows"
    rc, out, _err = run(capsys, "trace", "--format", "parquet", "-o", target, table_feed)
    assert rc == 1 and out == ""
    schema = pq.read_table(target).schema
    for col in ("attributions", "attribution", "cue_start", "content_start", "content_end", "chain_length"):
        assert schema.field(col).type == pa.int64(), col
    assert schema.field("direct").type == pa.bool_()
    assert schema.field("chain").type == pa.string()
    assert schema.field("chain_ids").type == pa.list_(pa.string())
    assert schema.field("date").type == pa.date32() and schema.field("date_text").type == pa.string()
    df = pd.read_parquet(target, dtype_backend="numpy_nullable")
    assert str(df["content_start"].dtype) == "Int64" and str(df["direct"].dtype) == "boolean"
    check_rows(df, seeds)
    # the CSV table holds the same rows
    csv_target = tmp_path / "rows.csv"
    run(capsys, "trace", "--format", "csv", "-o", csv_target, table_feed)
    from_csv = pd.read_csv(csv_target, dtype_backend="numpy_nullable", keep_default_na=False, na_values=[""])
    assert list(from_csv["chain"].fillna("")) == list(df["chain"].fillna(""))
    assert list(from_csv["content_start"]) == list(df["content_start"])


def test_parquet_dates_and_chain_ids_are_typed(capsys, tmp_path, seeds):
    pq = pytest.importorskip("pyarrow.parquet")
    import datetime

    feed = write_jsonl(tmp_path / "dated.jsonl", [
        {"id": "drones", "text": seeds["000"], "date": "2023-09-18T07:30:00+07:00"},  # no publisher in the text
        {"id": "kontan", "text": seeds["001"], "date": "19/9/2023"},  # day first: kept as text only
    ])
    assert run(capsys, "trace", "--format", "parquet", "-o", tmp_path / "pq", "-q", feed)[0] == 0
    rows = pq.read_table(tmp_path / "pq").to_pylist()
    drones = [r for r in rows if r["doc_id"] == "drones"]
    assert {r["date"] for r in drones} == {datetime.date(2023, 9, 18)}
    assert {r["date_text"] for r in drones} == {"2023-09-18T07:30:00+07:00"}
    kontan = [r for r in rows if r["doc_id"] == "kontan"]
    assert {r["date"] for r in kontan} == {None} and {r["date_text"] for r in kontan} == {"19/9/2023"}
    assert ["kontan", "cnn", "desc:state-media:RU"] in [r["chain_ids"] for r in kontan]
    # the unknown publisher has the graph's identity, not its "?" label
    assert all(r["chain_ids"][0] == "unknown" for r in drones)
    csv_rows = run(capsys, "trace", "--format", "csv", "-q", feed)[1]
    assert '""unknown""' in csv_rows and '""?""' not in csv_rows


def test_parquet_output_onto_a_file_is_a_clear_error(capsys, tmp_path, table_feed):
    pytest.importorskip("pyarrow")
    target = tmp_path / "afile"
    target.write_text("x", encoding="utf-8")
    rc, _out, err = run(capsys, "trace", "--format", "parquet", "-o", target, table_feed)
    assert rc == 2 and "directory" in err
    no_traceback(err)


# --- the worker pool ------------------------------------------------------------------------


def _render_id_or_die(doc):
    """A renderer for trace_many that kills its worker with SIGKILL (as ``kill -9`` does) on
    the article "kill" and sleeps a minute on "slow"."""
    if doc.id == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if doc.id == "slow":
        time.sleep(60)
    if doc.id == "nap":
        time.sleep(1.5)
    return doc.id


@pytest.fixture(scope="module")
def paragraph():
    text = (Path(__file__).resolve().parent.parent / "corpus" / "001_e0fdb214c7fbc621.txt").read_text("utf-8")
    (line,) = [x for x in text.split("\n") if "Mengutip CNN" in x]
    return line


def test_trace_many_pulls_records_lazily(paragraph):
    pulled = 0

    def records():
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield Record(id=f"r{i:03d}", text=paragraph, where="gen")

    results = trace_many(records(), lang="id", jobs=2, chunksize=4, render=_render_id_or_die)
    first = next(results)
    assert first == "r000"
    assert pulled <= 2 * 4 * 4 + 4, pulled
    rest = list(results)
    assert [first, *rest] == [f"r{i:03d}" for i in range(200)]

    pulled = 0
    unordered = list(trace_many(records(), lang="id", jobs=2, chunksize=4, ordered=False,
                                render=_render_id_or_die))
    assert sorted(unordered) == [f"r{i:03d}" for i in range(200)] and pulled == 200


@pytest.mark.parametrize("ordered", [True, False])
def test_a_killed_worker_costs_only_the_article_it_was_tracing(paragraph, ordered):
    """kill -9 of a worker: that article alone is an error record, named by its place; the rest
    of its chunk and every other chunk in flight are traced by the other and a new worker."""
    ids = [f"r{i:03d}" for i in range(100)]
    ids[10] = ids[57] = "kill"  # the 3rd of a chunk of 4, twice: the pool is rebuilt each time
    records = [Record(id=i, text=paragraph, where=f"gen:{n}") for n, i in enumerate(ids)]
    records.insert(30, Failure(id="unread", where="gen:x", reason="gen:x: unreadable"))
    results = list(trace_many(iter(records), lang="id", jobs=2, chunksize=4, ordered=ordered,
                              render=_render_id_or_die))
    failures = [r for r in results if isinstance(r, Failure)]
    assert sorted((f.id, f.where, f.stage) for f in failures) == [
        ("kill", "gen:10", "worker died"), ("kill", "gen:57", "worker died"), ("unread", "gen:x", "read")]
    assert all("died while tracing this article (killed by signal 9)" in f.reason
               for f in failures if f.id == "kill")
    done = [r for r in results if isinstance(r, str)]
    assert sorted(done) == sorted(i for i in ids if i != "kill")
    if ordered:
        assert [r if isinstance(r, str) else r.id for r in results] == [r.id for r in records]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_over_the_time_limit_is_an_error_record_and_the_run_goes_on(paragraph, jobs):
    import time as clock

    ids = [f"t{i:02d}" for i in range(12)]
    ids[3] = "slow"  # sleeps a minute
    records = [Record(id=i, text=paragraph, where=f"gen:{n}") for n, i in enumerate(ids)]
    started = clock.monotonic()
    results = list(trace_many(records, lang="id", jobs=jobs, chunksize=2, timeout=2,
                              render=_render_id_or_die))
    assert clock.monotonic() - started < 40
    (failure,) = [r for r in results if isinstance(r, Failure)]
    assert (failure.id, failure.where, failure.stage) == ("slow", "gen:3", "timeout")
    assert "more than 2 s (--timeout)" in failure.reason
    assert [r if isinstance(r, str) else r.id for r in results] == ids


@pytest.mark.parametrize("ordered", [True, False])
def test_the_pool_goes_on_when_every_chunk_in_flight_is_done_at_once(paragraph, ordered):
    """The first article naps while the other worker traces every chunk read ahead: all of them
    are done when it wakes, both workers idle. The run must read on, not wait for ever."""
    import threading

    ids = ["nap"] + [f"n{i:02d}" for i in range(59)]
    records = [Record(id=i, text=paragraph, where=f"gen:{n}") for n, i in enumerate(ids)]
    results = []
    runner = threading.Thread(target=lambda: results.extend(
        trace_many(records, lang="id", jobs=2, chunksize=1, ordered=ordered, render=_render_id_or_die)), daemon=True)
    runner.start()
    runner.join(60)
    assert not runner.is_alive(), f"the run hangs after {len(results)} results"
    assert sorted(results) == sorted(ids)


def test_trace_many_rejects_bad_arguments():
    with pytest.raises(ValueError, match="jobs"):
        list(trace_many([], jobs=0))
    with pytest.raises(ValueError, match="chunksize"):
        list(trace_many([], jobs=2, chunksize=0))
    with pytest.raises(ValueError, match="timeout"):
        list(trace_many([], jobs=2, timeout=0))


# --- progress bar and arguments ---------------------------------------------------------------


def test_progress_bar_only_on_a_terminal_and_quiet_turns_it_off(capsys, monkeypatch, tmp_path, feed, seeds):
    target = tmp_path / "o.jsonl"
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "-o", target, feed)
    assert rc == 1
    assert "\r" not in err and "doc/s" not in err and "%|" not in err
    assert summary(err)[:3] == (12, 11, 1)

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "-o", target, feed)
    assert "12/12" in err and "doc" in err  # tqdm drew its bar

    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "-o", target, "--quiet", feed)
    assert "\r" not in err and "12/12" not in err
    assert summary(err)[:3] == (12, 11, 1)

    # the bar's total counts CSV rows, not lines (a cell holds a whole article)
    table = tmp_path / "t.csv"
    table.write_bytes(csv_bytes([["id", "text"], ["a", seeds["001"]], ["b", seeds["004"]]]))
    rc, _out, err = run(capsys, "trace", "--format", "jsonl", "-o", target, table)
    assert rc == 0 and "2/2" in err


@pytest.mark.parametrize("argv, needle", [
    (["--jobs", "0"], "positive"),
    (["-j", "-3"], "positive"),
    (["--jobs", "many"], "positive"),
    (["--format", "parquet", "--input-format", "xml"], "invalid choice"),
    (["--timeout", "0"], "positive number of seconds"),
    (["--timeout", "nan"], "positive number of seconds"),
])
def test_bad_option_values_exit_2(capsys, argv, needle, seed_paths):
    with pytest.raises(SystemExit) as exc:
        main(["trace", *argv, str(seed_paths["000"])])
    assert exc.value.code == 2
    _out, err = capsys.readouterr()
    assert needle in err and "usage:" in err
    no_traceback(err)


@pytest.mark.parametrize("argv, needle", [
    (["--format", "jsonl", "--resume"], "--resume needs"),
    (["--format", "text", "--resume", "-o", "x"], "--resume needs"),
    (["--format", "parquet"], "Parquet output needs a directory"),
    (["--format", "gold"], "--format gold needs -o"),
    (["--format", "jsonl", "-o", "x", "--retry-errors"], "--retry-errors goes with --resume"),
])
def test_bad_combinations_exit_2(capsys, argv, needle, seed_paths):
    rc, out, err = run(capsys, "trace", *argv, seed_paths["000"])
    assert rc == 2
    assert needle in err and err.startswith("attrib")
    no_traceback(err)
    assert out == ""


# --- property: read_inputs never raises -----------------------------------------------------

_JSONISH = st.lists(st.sampled_from([
    b"{", b"}", b"[", b"]", b'"id"', b'"text"', b'"url"', b'"lang"', b":", b",", b'"x"', b"1", b"null", b"true",
    b'"\\ud800"', b'"\\udc80 a"', b'"\\u00e9"', b"\xff", b"\xe9", b"\xed\xa0\x80", b"\x00", b"\n", b"\r\n",
    "“kata dia”".encode(), b'"' + b"9" * 5000 + b'"', b"9" * 5000, b"[" * 3000,
]), max_size=40).map(b"".join)
_CSVISH = st.lists(st.sampled_from([
    b"id", b"text", b"url", b",", b"\t", b'"', b'""', b"\n", b"\r", b"\r\n", b"\xff", b"\xc3", b"\x00", b"a b",
    b"Menurut TASS,", b"\xed\xa0\x80",
]), max_size=60).map(b"".join)


@settings(max_examples=min(150, settings().max_examples), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=400), _JSONISH, _CSVISH))
@example(data=b'{"id": "a", "text": "\\ud83d"}\n')
@example(data=b'{"id": "\\udcff", "text": "ok"}\n')
@example(data=b"id,text\n\xff,body\n")
@example(data=b"i\xffd,te\xfext\nx,y\n")
@example(data=b"[" * 3000)
@example(data=b'{"id": 1' + b"0" * 5000 + b', "text": "t"}')
def test_read_inputs_never_raises_on_arbitrary_bytes(data):
    with tempfile.TemporaryDirectory() as d:
        for name in ("in.jsonl", "in.csv", "in.tsv", "in.txt"):
            path = Path(d) / name
            path.write_bytes(data)
            items = list(read_inputs([str(path)]))
            for item in items:
                assert isinstance(item, (Record, Failure))
                if isinstance(item, Record):
                    assert isinstance(item.text, str) and not SURROGATE.search(item.text)
                    fields = [item.id, item.where, item.publisher, item.url, item.date, item.lang]
                else:
                    fields = [item.id, item.where, item.reason]
                # everything a sink writes must encode as UTF-8
                for value in fields:
                    if value is not None:
                        value.encode("utf-8")


def test_per_article_files_keep_sub_directories_and_never_overwrite(capsys, tmp_path, seeds):
    src = tmp_path / "in"
    for sub in ("a", "b"):
        (src / sub).mkdir(parents=True)
        (src / sub / "x.txt").write_text(seeds["004"], encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": rid, "text": seeds["002"]}) + "\n"
                            for rid in ("../escape", "a b", "a_b")), encoding="utf-8")
    out = tmp_path / "out"
    rc, _, err = run(capsys, "trace", src, feed, "--format", "json", "-o", out, "-q")
    assert rc == 0, err
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    names = {r["id"]: r["file"] for r in lines_of((out / "attrib-names.jsonl").read_text(encoding="utf-8"))}
    assert names.keys() == {"a_b"}  # "a b" took a_b.json: the other id gets a hashed name, listed
    assert re.fullmatch(r"a_b-[0-9a-f]{16}\.json", names["a_b"])
    assert written == sorted(["a/x.json", "a_b.json", names["a_b"], "b/x.json", "escape.json"])
    assert not (tmp_path / "escape.json").exists()
    ids = {json.loads(p.read_text(encoding="utf-8"))["id"] for p in out.rglob("*.json")}
    assert ids == {"a/x", "b/x", "../escape", "a b", "a_b"}


@pytest.mark.parametrize("fmt, suffix", [("gold", ".gold.json"), ("json", ".json")])
def test_one_bad_id_is_one_error_and_the_later_articles_are_written(capsys, tmp_path, seeds, fmt, suffix):
    """Issue 16, failure 6: an id of 300 characters ("File name too long"), an id whose directory is
    an earlier article's file ("File exists"), and a link inside DIR (written outside it) each ended
    the run with exit 2 and the later articles unwritten."""
    text = seeds["002"]
    ids = ["x" * 300, "ok", f"ok{suffix}/sub", "link/escape", "ok", "Ok", "é" * 200, "last"]
    feed = write_jsonl(tmp_path / "ids.jsonl", [{"id": i, "text": text} for i in ids])
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "link").symlink_to(outside, target_is_directory=True)
    (out / "attrib-names.jsonl").write_text('{"id": "stale", "file": "stale.json"}\n', encoding="utf-8")
    rc, _, err = run(capsys, "trace", feed, "--format", fmt, "-o", out, "-q", "-j", "1")
    no_traceback(err)
    assert rc == 1
    assert summary(err)[:3] == (8, 7, 1)
    assert "link/escape" in err and "symbolic link" in err
    assert list(outside.iterdir()) == []  # nothing through the link

    names = {r["id"]: r["file"] for r in lines_of((out / "attrib-names.jsonl").read_text(encoding="utf-8"))}
    assert names.keys() == {"x" * 300, f"ok{suffix}/sub", "ok", "Ok", "é" * 200}  # the stale list is gone
    assert names["ok"] == f"ok~1{suffix}"  # the same id again: numbered
    assert re.fullmatch(r"x{100}-[0-9a-f]{16}" + re.escape(suffix), names["x" * 300])
    assert re.fullmatch(r"ok" + re.escape(suffix) + r"_sub-[0-9a-f]{16}" + re.escape(suffix), names[f"ok{suffix}/sub"])
    assert re.fullmatch(r"Ok-[0-9a-f]{16}" + re.escape(suffix), names["Ok"])  # ok and Ok are one file on macOS
    assert all(len(n.encode("utf-8")) < 256 for n in names.values())
    files = sorted(p.name for p in out.iterdir() if p.name not in ("link", "attrib-names.jsonl"))
    assert files == sorted([f"ok{suffix}", f"last{suffix}", *names.values()])
    key = "doc" if fmt == "gold" else "id"
    for rid, name in [*names.items(), ("last", f"last{suffix}")]:
        assert json.loads((out / name).read_text(encoding="utf-8"))[key] == rid


def test_article_files_refuse_a_link_in_a_files_place_and_stay_in_their_directory(tmp_path):
    from attrib.run.outputs import ArticleFileError, ArticleFiles

    out, outside = tmp_path / "out", tmp_path / "outside.json"
    outside.write_text("theirs", encoding="utf-8")
    out.mkdir()
    (out / "taken.json").symlink_to(outside)
    files = ArticleFiles(out, ".json")
    with pytest.raises(ArticleFileError, match=r"taken\.json.*symbolic link"):
        files.write("taken", "{}\n")
    assert outside.read_text(encoding="utf-8") == "theirs"
    for rid in ("../../up", "/abs/path", "..", "a/../../b"):
        path = files.write(rid, "{}\n")
        assert path.resolve().is_relative_to(out.resolve())
    assert not (out / "attrib-names.jsonl").exists()  # no name was hashed yet: no list
    # a directory first, then an article whose file would be that directory
    assert files.name("d.json/x") == ("d.json/x.json", False)
    name, renamed = files.name("d")
    assert renamed and re.fullmatch(r"d-[0-9a-f]{16}\.json", name)
    files.close()


def test_an_interrupt_says_how_to_finish(capsys, monkeypatch, seed_paths):
    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr("attrib.run.local.trace_many", interrupted)
    rc, _, err = run(capsys, "trace", seed_paths["004"], "-q")
    assert rc == 130 and "--resume" in err and "Traceback" not in err


def test_scheduler_needs_the_dask_engine(capsys, seed_paths):
    rc, _, err = run(capsys, "trace", seed_paths["004"], "--scheduler", "tcp://127.0.0.1:1", "-q")
    assert rc == 2 and "--engine dask" in err


def test_an_output_that_cannot_be_written_is_one_line(capsys, tmp_path, seed_paths):
    target = tmp_path / "no-such-dir" / "out.jsonl"
    rc, _, err = run(capsys, "trace", seed_paths["004"], "--format", "jsonl", "-o", target, "-q")
    assert rc == 2 and str(target) in err and "Traceback" not in err
