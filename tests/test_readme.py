"""The README is tested: every Python block runs, in a fresh process, from
the repository root (where its paths are), and the figures it quotes are what
the commands print now. Figures measured on ../shared data are checked when it
is there (slow) and skipped, saying so, when it is missing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import attrib
from attrib.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHARED = ROOT.parent / "shared" / "data"


def python_blocks():
    return [(README.count("\n", 0, m.start()) + 2, m.group(1))
            for m in re.finditer(r"```python\n(.*?)```", README, re.S)]


# What a block needs that the README leaves to the reader, found by a line of
# the block: (code run before it, code run after it to check it did its work,
# needs a Dask cluster). Every block must run, with or without an entry.
NEEDS = {
    "from attrib.run.dask import": (
        "import json, glob\n"
        "from distributed import Client, LocalCluster\n"
        "client = Client(LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=':0'))\n"
        "with open('feed.jsonl', 'w', encoding='utf-8') as fh:\n"
        "    for p in sorted(glob.glob('corpus/*.txt')):\n"
        "        fh.write(json.dumps({'id': p, 'text': open(p, encoding='utf-8').read()}) + '\\n')\n",
        "import glob\nassert glob.glob('out/part-*.parquet')\n",
        True),
    'attrib.Registry.load("my_outlets.tsv")': (
        "open('my_outlets.tsv', 'w', encoding='utf-8').write('id\\tname\\tkind\\tcountry\\tstate\\taliases\\tdomains\\n'"
        "'harian-contoh\\tHarian Contoh\\tnewspaper\\tID\\tno\\tContoh\\tcontoh.example\\n')\n"
        "text = 'JAKARTA, Harian Contoh - \"Kami siap,\" kata Menteri Pertahanan Budi Santoso.'\n",
        "assert registry.get('harian-contoh') and doc.attributions, doc\n",
        False),
    "class Malay(Language)": (
        "", "assert 'ms' in attrib.available_languages()\n", False),
    "graph = attrib.ProvenanceGraph": (
        "", "assert graph.outlet_network() and O.number_of_edges() > 0 and G.number_of_nodes() > 50\n", False),
    "doc = attrib.trace(text)": (
        "", "assert doc.attributions and same == doc\n", False),
    "trace_many(read_inputs": ("", "", False),
}


def _needs(code: str):
    found = [v for k, v in NEEDS.items() if k in code]
    assert len(found) <= 1, "a README block matches two entries of NEEDS"
    return found[0] if found else ("", "", False)


BLOCKS = python_blocks()


def test_the_readme_has_its_python_blocks():
    assert len(BLOCKS) >= 6
    assert all(any(k in code for _, code in BLOCKS) for k in NEEDS), "an entry of NEEDS matches no block"


@pytest.mark.parametrize("line, code", [pytest.param(n, c, id=f"line{n}",
                                                     marks=[pytest.mark.slow] if _needs(c)[2] else [])
                                        for n, c in BLOCKS])
def test_python_block_runs(line, code, tmp_path):
    before, after, dask = _needs(code)
    if dask:
        pytest.importorskip("distributed")
        pytest.importorskip("pyarrow")
    if "class Malay" in code:
        # a module of the package (a relative import): run as a module of one
        code = code.replace("from ..language import", "from attrib.language import") + "import attrib\n"
    if "to_networkx" in code:
        pytest.importorskip("networkx")
    if "as_frame=True" in code:
        pytest.importorskip("pandas")
    work = tmp_path / "repo"  # a copy of what the blocks read; what they write stays out of the checkout
    work.mkdir()
    for name in ("corpus", "attrib"):
        (work / name).symlink_to(ROOT / name)
    script = before + textwrap.dedent(code) + after
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], cwd=work, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"README.md line {line}:\n{done.stderr[-3000:]}"


# --- the figures it quotes ----------------------------------------------------


def quoted(row: str) -> list:
    """The six figures of a row of the README's accuracy table."""
    m = re.search(r"^\| " + re.escape(row) + r" \|(.*)\|$", README, re.M)
    assert m, f"no row {row!r} in the README's accuracy table"
    return [float(x) for x in m.group(1).split("|")]


def printed(capsys, *argv) -> list:
    """P, R, F1, source, chain and dq-speaker of the TOTAL line ``attrib eval`` prints."""
    assert main(["eval", *map(str, argv)]) == 0
    total = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("TOTAL"))
    cells = total.split()
    # TOTAL core bord pred TP FP FN ign P R F1 source content chain dq-spk dq-F1
    p, r, f1, source, _content, chain, dq = cells[8:15]
    return [float(x) for x in (p, r, f1, source, chain, dq)]


@pytest.mark.parametrize("row, folder", [("seeds, `corpus/` (rules v2 gold)", "corpus"),
                                         ("English, `corpus/en/`", "corpus/en")])
def test_quoted_scores_are_what_eval_prints(capsys, row, folder):
    assert printed(capsys, ROOT / folder) == quoted(row)


SHARED_ROWS = [
    ("dev-id, all 48", "dev-id", None),
    ("dev-id, study (36)", "dev-id", "dev-id.study.txt"),
    ("dev-id, score-only (12)", "dev-id", "dev-id.score.txt"),
    ("PolNeAR-train, all 840", "polnear-train", None),
    ("PolNeAR-train, study (630)", "polnear-train", "polnear-train.study.txt"),
    ("PolNeAR-train, score-only (210)", "polnear-train", "polnear-train.score.txt"),
]


@pytest.mark.slow
@pytest.mark.parametrize("row, folder, only", SHARED_ROWS)
def test_quoted_scores_on_shared_data(capsys, row, folder, only):
    if not (SHARED / folder).is_dir():
        pytest.skip(f"{SHARED / folder} is missing: the README's {row!r} figures are not checked")
    argv = [SHARED / folder] + (["--only", ROOT / "bench" / "splits" / only] if only else [])
    assert printed(capsys, *argv) == quoted(row)


def test_quoted_counts():
    gold = sorted((ROOT / "corpus" / "en").glob("*.gold.json"))
    assert f"the {len(gold)} gold articles of `corpus/en/`" in README
    n = len(attrib.Registry.load()._by_id)
    assert f"`attrib/data/registry.tsv`: {n} outlets and organisations" in README
