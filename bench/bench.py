"""Throughput and peak memory of attrib.trace over the bundled corpus.

Repeats the corpus articles until the input reaches --mb megabytes (default
50) and traces each article in one process (one core). Runs the whole pass
--repeat times (default 3) and prints MB/s and articles/s for each pass, the
best and the median (CPU time of this process, so a busy machine skews it
less than wall time), and peak memory.

    python bench/bench.py [--mb 50] [--repeat 3] [--lang id] [--corpus corpus]
    python bench/bench.py --lang en          # the English gold articles, corpus/en

--corpus defaults to corpus/ for Indonesian and corpus/<lang>/ for another
language.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import attrib


def load(corpus: Path, pattern: str):
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob(pattern))]
    if not texts:
        sys.exit(f"no {pattern} files in {corpus}")
    return texts


def one_pass(texts, target: int, lang: str):
    nbytes = narticles = nattr = 0
    i = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    while nbytes < target:
        text = texts[i % len(texts)]
        doc = attrib.trace(text, lang=lang)
        nattr += len(doc.attributions)
        nbytes += len(text.encode("utf-8"))
        narticles += 1
        i += 1
    return nbytes, narticles, nattr, time.perf_counter() - wall0, time.process_time() - cpu0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="megabytes of text per pass")
    ap.add_argument("--repeat", type=int, default=3, help="passes")
    ap.add_argument("--lang", default="id")
    ap.add_argument("--corpus", default=None, help="folder of articles (default: corpus/, or corpus/<lang>/)")
    ap.add_argument("--pattern", default="*.txt")
    ap.add_argument("--tracemalloc", action="store_true", help="also measure the Python heap peak (slower)")
    args = ap.parse_args(argv)

    if args.corpus is None:
        root = Path(__file__).resolve().parent.parent / "corpus"
        args.corpus = str(root / args.lang if (root / args.lang).is_dir() else root)
    texts = load(Path(args.corpus), args.pattern)
    target = int(args.mb * 1_000_000)
    t0 = time.perf_counter()
    attrib.trace("", lang=args.lang)  # build the parser once, outside the timing
    build = time.perf_counter() - t0
    print(f"corpus:        {len(texts)} articles from {args.corpus}, lang={args.lang}")
    print(f"parser build:  {build * 1000:.0f} ms (once per process)")

    if args.tracemalloc:
        tracemalloc.start()
    rates = []
    for r in range(args.repeat):
        nbytes, narticles, nattr, wall, cpu = one_pass(texts, target, args.lang)
        mb = nbytes / 1_000_000
        rates.append((mb / cpu, narticles / cpu))
        print(
            f"pass {r + 1}:        {mb:.1f} MB, {narticles} articles, {nattr} attributions in "
            f"{cpu:.2f} s CPU ({wall:.2f} s wall): {mb / cpu:.2f} MB/s, {narticles / cpu:.0f} articles/s"
        )
    best = max(rates)
    med = statistics.median(r[0] for r in rates)
    print(f"throughput:    best {best[0]:.2f} MB/s ({best[1]:.0f} articles/s), median {med:.2f} MB/s, one core")
    if args.tracemalloc:
        print(f"heap peak:     {tracemalloc.get_traced_memory()[1] / 1e6:.1f} MB (tracemalloc)")
    print(f"peak RSS:      {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
