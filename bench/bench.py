"""Throughput and peak memory of attrib.trace over the bundled corpus.

Repeats the corpus articles until the input reaches --mb megabytes (default
50), traces each article in one process (one core), and prints MB/s,
articles/s and peak memory (tracemalloc for Python objects, and the process's
peak resident size).

    python bench/bench.py [--mb 50] [--lang id] [--corpus corpus]
"""

from __future__ import annotations

import argparse
import resource
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="megabytes of text to trace")
    ap.add_argument("--lang", default="id")
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parent.parent / "corpus"))
    ap.add_argument("--pattern", default="*.txt")
    ap.add_argument("--tracemalloc", action="store_true", help="also measure Python heap peak (slower)")
    args = ap.parse_args(argv)

    texts = load(Path(args.corpus), args.pattern)
    target = int(args.mb * 1_000_000)
    t0 = time.perf_counter()
    attrib.trace("", lang=args.lang)  # build the parser once, outside the timing
    build = time.perf_counter() - t0

    if args.tracemalloc:
        tracemalloc.start()
    nbytes = narticles = nattr = 0
    i = 0
    start = time.perf_counter()
    cpu0 = time.process_time()
    while nbytes < target:
        text = texts[i % len(texts)]
        doc = attrib.trace(text, lang=args.lang)
        nattr += len(doc.attributions)
        nbytes += len(text.encode("utf-8"))
        narticles += 1
        i += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    heap_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    rss_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    mb = nbytes / 1_000_000
    print(f"corpus:        {len(texts)} articles from {args.corpus}, lang={args.lang}")
    print(f"parser build:  {build * 1000:.0f} ms (once per process)")
    print(f"input:         {mb:.1f} MB, {narticles} articles, {nattr} attributions")
    print(f"time:          {elapsed:.2f} s wall, {cpu:.2f} s CPU, one process")
    print(f"throughput:    {mb / elapsed:.2f} MB/s, {narticles / elapsed:.0f} articles/s (wall)")
    print(f"               {mb / cpu:.2f} MB/s, {narticles / cpu:.0f} articles/s (CPU time)")
    if heap_peak is not None:
        print(f"heap peak:     {heap_peak / 1e6:.1f} MB (tracemalloc)")
    print(f"peak RSS:      {rss_peak_kb / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
