"""The ``attrib trace`` command (attrib.cli.main), run in-process."""

from __future__ import annotations

import io
import json
import re

import pytest

import attrib
from attrib.cli import main
from attrib.model import Document

SUMMARY_LINE = re.compile(r"^\s*(\d+)  (.+?) \| (.+?) \((\w+)\) \| (.*) \| (.+?)( \[borderline\])?$")


def run(capsys, *argv):
    rc = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return rc, out, err


def json_documents(out):
    """Parse one or more pretty-printed JSON documents printed one after another."""
    decoder = json.JSONDecoder()
    docs, pos = [], 0
    out = out.strip()
    while pos < len(out):
        data, pos = decoder.raw_decode(out, pos)
        docs.append(data)
        while pos < len(out) and out[pos].isspace():
            pos += 1
    return docs


def sections(out):
    """{header line: [attribution lines]} of the text summary."""
    result, current = {}, None
    for line in out.splitlines():
        if line.startswith("# "):
            current = line
            result[current] = []
        elif line.strip():
            assert current is not None, f"attribution line before any header: {line!r}"
            result[current].append(line)
    return result


# --- text summary -------------------------------------------------------------


def test_trace_prints_one_line_per_attribution_with_its_chain(capsys, seed_paths, traced):
    rc, out, err = run(capsys, "trace", seed_paths["004"])
    assert rc == 0, err
    doc = traced("004")
    secs = sections(out)
    assert len(secs) == 1
    header, lines = next(iter(secs.items()))
    assert str(seed_paths["004"]) in header
    assert "publisher Indopos" in header
    assert f"{len(doc.attributions)} attributions" in header
    assert len(lines) == len(doc.attributions)
    for line, a in zip(lines, doc.attributions):
        m = SUMMARY_LINE.match(line)
        assert m, line
        offset, cue, source, kind, _content, chain, borderline = m.groups()
        assert int(offset) == a.cue.span.start
        assert cue == a.cue.text
        assert source == (a.source.name or "(unspecified)")
        assert kind == a.source.kind.value
        assert chain == " → ".join(h.label for h in a.chain)
        assert bool(borderline) == (not a.core)
    assert any(line.endswith("| Indopos → Al Jazeera → Dmitry Peskov") for line in lines)


def test_trace_on_every_seed_meets_the_bar(capsys, seed_paths, traced):
    paths = [seed_paths[p] for p in sorted(seed_paths)]
    rc, out, err = run(capsys, "trace", *paths)
    assert rc == 0, err
    secs = sections(out)
    assert len(secs) == 5
    chains = [line.rsplit(" | ", 1)[1].replace(" [borderline]", "") for lines in secs.values() for line in lines]
    assert "Kontan → CNN → media pemerintah Rusia" in chains
    assert "Indopos → Al Jazeera → Dmitry Peskov" in chains
    assert "ArrahmahNews → CNA → TASS" in chains
    # the Sumber: CNA article: every chain passes through CNA
    (arrahmah,) = [lines for header, lines in secs.items() if "publisher ArrahmahNews, source CNA" in header]
    assert arrahmah and all(" | ArrahmahNews → CNA" in line for line in arrahmah)
    # no attribution is printed from a Baca Juga line (or any furniture)
    for prefix, path in seed_paths.items():
        doc = traced(prefix)
        (lines,) = [lines for header, lines in secs.items() if str(path) in header]
        baca = [m.span() for m in re.finditer(r"(?im)^baca juga[^\n]*", doc.text)]
        for line in lines:
            offset = int(line.split()[0])
            assert not any(s <= offset < e for s, e in baca), line
            assert not any(f.start <= offset < f.end for f in doc.furniture), line


def test_trace_reads_standard_input(capsys, monkeypatch, seeds):
    monkeypatch.setattr("sys.stdin", io.StringIO(seeds["001"]))
    rc, out, err = run(capsys, "trace", "-")
    assert rc == 0, err
    assert out.startswith("# -: publisher Kontan;")
    assert "Kontan → CNN → media pemerintah Rusia" in out


# --- JSON -----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["001", "003", "004"])
def test_json_output_round_trips_through_document_from_dict(capsys, seed_paths, seeds, prefix):
    rc, out, err = run(capsys, "trace", "--format", "json", seed_paths[prefix])
    assert rc == 0, err
    (data,) = json_documents(out)
    doc = Document.from_dict(data)
    assert doc.text == seeds[prefix]
    assert doc.id == seed_paths[prefix].stem
    assert doc.to_dict() == data
    assert doc == attrib.trace(seeds[prefix], id=seed_paths[prefix].stem)
    assert doc.attributions
    for a, d in zip(doc.attributions, data["attributions"]):
        assert d["cue"]["text"] == a.cue.text
        assert d["content"]["text"] == a.content.text
        assert [h["name"] or h["mention"] for h in d["chain"]] == [h.label for h in a.chain]


def test_json_for_several_files(capsys, seed_paths):
    rc, out, err = run(capsys, "trace", "--format", "json", seed_paths["000"], seed_paths["002"])
    assert rc == 0, err
    docs = json_documents(out)
    assert [d["id"] for d in docs] == [seed_paths["000"].stem, seed_paths["002"].stem]
    assert [Document.from_dict(d).publisher.name if d["publisher"] else None for d in docs] == [None, "Beritasatu"]


def test_json_to_an_output_directory(capsys, tmp_path, seed_paths, seeds):
    out_dir = tmp_path / "out"
    rc, out, err = run(capsys, "trace", "--format", "json", "-o", out_dir, seed_paths["004"])
    assert rc == 0, err
    written = out_dir / f"{seed_paths['004'].stem}.json"
    data = json.loads(written.read_text(encoding="utf-8"))
    assert Document.from_dict(data) == attrib.trace(seeds["004"], id=seed_paths["004"].stem)


# --- bad input ---------------------------------------------------------------------


def test_non_utf8_file_names_file_and_byte_offset_and_others_still_run(capsys, tmp_path, seeds, seed_paths):
    # Seed 004 saved as Windows-1252 (the usual way a non-UTF-8 article arrives):
    # its first non-ASCII character is where decoding fails.
    text = seeds["004"]
    first = next(i for i, ch in enumerate(text) if ord(ch) > 127)
    offset = len(text[:first].encode("utf-8"))
    bad = tmp_path / "indopos-cp1252.txt"
    bad.write_bytes(text.encode("cp1252"))

    rc, out, err = run(capsys, "trace", bad, seed_paths["002"])
    assert rc != 0
    assert str(bad) in err
    assert f"byte offset {offset}" in err
    # the other file in the same call is still traced
    secs = sections(out)
    assert len(secs) == 1
    (header,) = secs
    assert str(seed_paths["002"]) in header and "publisher Beritasatu" in header
    assert secs[header]
    assert str(bad) not in out


def test_invalid_byte_in_the_middle(capsys, tmp_path, seeds, seed_paths):
    raw = seeds["001"].encode("utf-8")
    cut = raw.index("Mengutip CNN".encode("utf-8"))
    bad = tmp_path / "kontan-broken.txt"
    bad.write_bytes(raw[:cut] + b"\xff" + raw[cut:])
    rc, out, err = run(capsys, "trace", seed_paths["003"], bad)
    assert rc != 0
    assert str(bad) in err
    assert f"byte offset {cut}" in err
    assert "ArrahmahNews → CNA → TASS" in out


def test_missing_file_is_reported_and_others_still_run(capsys, tmp_path, seed_paths):
    missing = tmp_path / "no-such-article.txt"
    rc, out, err = run(capsys, "trace", missing, seed_paths["004"])
    assert rc != 0
    assert str(missing) in err
    assert "Indopos → Al Jazeera → Dmitry Peskov" in out


# --- empty text ------------------------------------------------------------------------


def test_empty_text_gives_an_empty_document():
    doc = attrib.trace("")
    assert doc.text == ""
    assert doc.attributions == ()
    assert doc.credits == ()
    assert doc.furniture == ()
    assert doc.publisher is None
    assert doc.document_source is None
    assert Document.from_dict(doc.to_dict()) == doc


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"], ids=["empty", "blank lines"])
def test_empty_file_on_the_command_line(capsys, tmp_path, content):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(content)
    rc, out, err = run(capsys, "trace", "--format", "json", empty)
    assert rc == 0, err
    (data,) = json_documents(out)
    doc = Document.from_dict(data)
    assert doc.text == content.decode()
    assert doc.attributions == () and doc.credits == () and doc.publisher is None

    rc, out, err = run(capsys, "trace", empty)
    assert rc == 0, err
    assert out.strip() == f"# {empty}: publisher ?; 0 attributions"
