"""Time and peak memory of building a provenance graph from traced output at
scale (issue 17): N traced documents (100,000 by default) in one JSON Lines
file, read back as a stream by ``attrib graph`` and written as GraphML and as
GEXF.

The documents are real articles traced once: corpus/ (with corpus/en) and,
when they are there, ../shared/data/dev-id and ../shared/data/polnear-train,
traced with ``attrib trace --format jsonl``; then cycled, each copy with its
own id ("000123/d001"), into one JSON Lines file of N lines. None of that is
timed. Each graph is then built by ``attrib graph DOCS --format FMT -o OUT``
(attrib.cli.main) in a fresh child process, whose wall time and ru_maxrss
(resource.getrusage, its own peak resident memory) are reported.

    python bench/graph_bench.py                       # 100,000 documents
    python bench/graph_bench.py --docs 10000 --workdir /tmp/gb

Measured (2 cores, 24 GiB; 906 traced articles cycled), with the streaming
writers (attrib.export.stream):

    10,000 docs (128,468 claims): graphml 43.7 s, 546 MiB; gexf 48.4 s, 551 MiB
        (networkx's writers before: graphml 71.8 s, 3,487 MiB)
    100,000 docs (1,284,083 claims): graphml 496 s, 3,116 MiB (2.4 GiB written);
        gexf 531 s, 3,142 MiB (3.1 GiB written; measured just before the U+FFFD fix)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpus", ROOT.parent / "shared" / "data" / "dev-id", ROOT.parent / "shared" / "data" / "polnear-train"]


def child(fmt: str, docs: str, out: str) -> None:
    """One graph, built in this process: print its time and peak memory as JSON."""
    sys.path.insert(0, str(ROOT))
    from attrib.cli import main

    start = time.perf_counter()
    rc = main(["graph", docs, "--format", fmt, "-o", out])
    seconds = time.perf_counter() - start
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"rc": rc, "seconds": seconds, "peak_rss_mib": rss_kib / 1024,
                      "bytes": os.path.getsize(out) if os.path.exists(out) else 0}))


def traced_articles(work: Path) -> Path:
    """The real articles, traced once (kept in WORKDIR for later runs)."""
    base = work / "articles.jsonl"
    if base.exists():
        return base
    inputs = [str(p) for p in SOURCES if p.is_dir()]
    print(f"tracing the articles of {', '.join(inputs)} ...", file=sys.stderr)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    tmp = work / "articles.jsonl.part"
    rc = subprocess.run([sys.executable, "-m", "attrib.cli", "trace", *inputs, "--format", "jsonl",
                         "-o", str(tmp), "-q"], env=env).returncode
    if rc not in (0, 1):  # 1: some articles failed; their error records are left out below
        sys.exit(f"attrib trace failed (exit {rc})")
    tmp.replace(base)
    return base


def corpus_of(base: Path, n: int, out: Path) -> int:
    """N documents cycled from the traced articles, each with its own id; returns the number of articles."""
    articles = []
    with open(base, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if "attributions" in d:  # not an error record
                articles.append(d)
    seen = set()
    unique = []
    for d in articles:  # ids of different inputs may be alike (two directories): one each
        if d["id"] not in seen:
            seen.add(d["id"])
            unique.append(d)
    if out.exists() and out.stat().st_mtime >= base.stat().st_mtime:
        with open(out, "rb") as fh:
            if sum(1 for _ in fh) == n:  # made before from these articles: kept (1.9 GiB at 100,000)
                return len(unique)
    with open(out, "w", encoding="utf-8") as fh:
        for k in range(n):
            d = unique[k % len(unique)]
            fh.write(json.dumps({**d, "id": f"{k:06d}/{d['id']}"}, ensure_ascii=False) + "\n")
    return len(unique)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000, help="traced documents in the graph (default 100,000)")
    ap.add_argument("--workdir", default="/tmp/attrib-graph-bench", help="where the files go")
    ap.add_argument("--formats", nargs="+", default=["graphml", "gexf"])
    ap.add_argument("--child", nargs=3, metavar=("FMT", "DOCS", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    docs = work / f"docs-{args.docs}.jsonl"
    articles = corpus_of(traced_articles(work), args.docs, docs)
    print(f"{args.docs:,} documents from {articles} traced articles: {docs} "
          f"({docs.stat().st_size / 2**20:,.0f} MiB)", flush=True)
    for fmt in args.formats:
        out = work / f"graph-{args.docs}.{fmt}"
        p = subprocess.run([sys.executable, __file__, "--child", fmt, str(docs), str(out)],
                           capture_output=True, text=True)
        summary = [line for line in p.stderr.splitlines() if line.startswith("attrib: wrote")]
        try:
            r = json.loads(p.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            print(f"{fmt}: the child failed (exit {p.returncode}): {p.stderr[-2000:]}", flush=True)
            continue
        print(f"{fmt:8s} {args.docs:,} docs: {r['seconds']:,.1f} s, peak RSS {r['peak_rss_mib']:,.0f} MiB, "
              f"{r['bytes'] / 2**20:,.0f} MiB written, exit {r['rc']}; {summary[-1] if summary else p.stderr[-500:]}",
              flush=True)


if __name__ == "__main__":
    main()
