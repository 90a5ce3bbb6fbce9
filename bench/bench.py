"""Throughput of attrib.trace on text the process has not seen.

Each pass runs in a fresh Python process that builds the parser (untimed),
then traces every article of the corpus once, on one core, and reports CPU
time (of that process: a busy machine skews it less than wall time), MB/s,
articles/s and peak RSS. A fresh process and no repeated text keep the
lexer's word caches and the parser's step tables as cold as they are at the
start of a real run; repeating a few articles warms them and flatters.

Corpora, by default: for Indonesian, dev-id and the PFSA-ID dev split
(../shared/data, 217 articles); for English, PolNeAR-train (840 articles).
Without ../shared, the bundled corpus/ (or corpus/<lang>/) is used, which is
small (a few articles): the figure is then rough.

    python bench/bench.py                      # Indonesian, 3 passes
    python bench/bench.py --lang en
    python bench/bench.py --attrib /path/to/other/checkout   # the same text through another version
    python bench/bench.py --warm 50            # the old measure: the corpus repeated to 50 MB in one process

``--attrib`` puts another checkout first on the workers' PYTHONPATH, so two
versions are compared on the same texts, pass by pass (``--passes``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"


def load_texts(lang: str, corpus) -> tuple:
    """(texts, where they come from)."""
    if corpus is not None:
        paths = sorted(Path(corpus).glob("*.txt"))
        if not paths:
            sys.exit(f"no .txt files in {corpus}")
        return [p.read_text(encoding="utf-8") for p in paths], str(corpus)
    if lang == "id" and (SHARED / "dev-id").is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "dev-id").glob("*.txt"))]
        where = "dev-id"
        pfsa = SHARED / "pfsa-id" / "dev-20.txt"
        if pfsa.is_file():
            from attrib.eval.pfsa import detokenise, read_pfsa, split_articles

            texts += [detokenise(a.segments).text for a in split_articles(read_pfsa(pfsa))]
            where += " + PFSA-ID dev"
        return texts, where
    if lang == "en" and (SHARED / "polnear-train").is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted((SHARED / "polnear-train").glob("*.txt"))], "polnear-train"
    folder = ROOT / "corpus" / lang if (ROOT / "corpus" / lang).is_dir() else ROOT / "corpus"
    print(f"note: ../shared/data not found; timing the bundled {folder.relative_to(ROOT)} (small: a rough figure)")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))], str(folder.relative_to(ROOT))


def worker(feed: str, lang: str) -> int:
    """One pass: trace every text of the feed once; print the figures as JSON."""
    import attrib

    texts = json.loads(Path(feed).read_text(encoding="utf-8"))
    attrib.trace("", lang=lang)  # build the parser once, outside the timing
    nattr = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for text in texts:
        nattr += len(attrib.trace(text, lang=lang).attributions)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(json.dumps({
        "bytes": sum(len(t.encode("utf-8")) for t in texts), "articles": len(texts), "attributions": nattr,
        "cpu": cpu, "wall": wall, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "attrib": os.path.dirname(os.path.dirname(attrib.__file__)),
    }))
    return 0


def warm(texts, lang: str, mb: float, repeat: int) -> int:
    """The corpus repeated to ``mb`` megabytes per pass, in this process."""
    import attrib

    attrib.trace("", lang=lang)
    rates = []
    for r in range(repeat):
        nbytes = narticles = i = 0
        cpu0 = time.process_time()
        while nbytes < mb * 1_000_000:
            text = texts[i % len(texts)]
            attrib.trace(text, lang=lang)
            nbytes += len(text.encode("utf-8"))
            narticles += 1
            i += 1
        cpu = time.process_time() - cpu0
        rates.append(nbytes / 1e6 / cpu)
        print(f"warm pass {r + 1}:   {nbytes / 1e6:.1f} MB, {narticles} articles in {cpu:.2f} s CPU: {rates[-1]:.2f} MB/s")
    print(f"warm throughput: best {max(rates):.2f} MB/s, median {statistics.median(rates):.2f} MB/s (repeated text: caches warm)")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", default="id")
    ap.add_argument("--corpus", default=None, help="a folder of .txt articles (default: see above)")
    ap.add_argument("--passes", type=int, default=3, help="fresh processes, one pass each")
    ap.add_argument("--attrib", default=None, help="a checkout of attrib to time instead of this one")
    ap.add_argument("--warm", type=float, default=None, metavar="MB", help="the old in-process measure over repeated text")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.lang)

    texts, where = load_texts(args.lang, args.corpus)
    if args.warm is not None:
        print(f"corpus:        {len(texts)} articles from {where}, lang={args.lang}")
        return warm(texts, args.lang, args.warm, args.passes)
    env = dict(os.environ)
    checkout = str(Path(args.attrib).resolve()) if args.attrib else str(ROOT)
    env["PYTHONPATH"] = checkout + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "texts.json"
        feed.write_text(json.dumps(texts), encoding="utf-8")
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        print(f"corpus:        {len(texts)} articles ({mb:.2f} MB) from {where}, lang={args.lang}; attrib from {checkout}")
        rates = []
        for p in range(args.passes):
            out = subprocess.run([sys.executable, __file__, "--worker", str(feed), "--lang", args.lang],
                                 env=env, capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(f"pass {p + 1} failed:\n{out.stderr}")
            r = json.loads(out.stdout.strip().splitlines()[-1])
            rate = r["bytes"] / 1e6 / r["cpu"]
            rates.append((rate, r["articles"] / r["cpu"]))
            print(f"pass {p + 1}:        {r['articles']} articles, {r['attributions']} attributions in {r['cpu']:.2f} s CPU "
                  f"({r['wall']:.2f} s wall): {rate:.2f} MB/s, {r['articles'] / r['cpu']:.0f} articles/s, "
                  f"peak RSS {r['rss_mb']:.0f} MB")
    best = max(rates)
    print(f"throughput:    best {best[0]:.2f} MB/s ({best[1]:.0f} articles/s), "
          f"median {statistics.median(x[0] for x in rates):.2f} MB/s, one core, unseen text, fresh process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
