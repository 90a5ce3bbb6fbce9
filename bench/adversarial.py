"""Time and memory of attrib.trace on hostile inputs, at growing sizes.

Each case is traced at 100 KB, 1 MB and 4 MB, each in a fresh process: CPU
time, and the peak resident memory added by the trace (over the process
after the parser is built). The bars (issue 16):

- under 1 s per 100 KB at every size;
- linear: from one size to the next, time grows at most 1.5 times faster than
  the size (times under 0.05 s count as 0.05 s: start-up noise);
- under 300 MB of extra memory at 4 MB.

    python bench/adversarial.py                  # every case, every size
    python bench/adversarial.py --sizes 100000,1000000 --case menurut

Exit status 1 when a bar is missed.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

SIZES = (100_000, 1_000_000, 4_000_000)
PER_100KB = 1.0  # seconds
GROWTH = 1.5  # times faster than linear, per size step
MEMORY_AT_4MB = 300  # MB
NOISE_FLOOR = 0.05  # seconds
WORKER_LIMIT = 900  # seconds: a case slower than this has failed anyway


def _repeat(unit: str):
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _distinct(pattern: str):
    def make(size: int) -> str:
        parts, total, i = [], 0, 0
        while total < size:
            s = pattern.format(i)
            parts.append(s)
            total += len(s)
            i += 1
        return "".join(parts)[:size]
    return make


def _random_words(words, seed: int = 7, sep: str = " "):
    def make(size: int) -> str:
        rnd = random.Random(seed)
        out, total = [], 0
        while total < size:
            w = rnd.choice(words)
            out.append(w)
            total += len(w) + len(sep)
        return sep.join(out)[:size]
    return make


_ID_WORDS = "kata menurut Presiden rusia dia mengatakan bahwa para ahli TASS dan ini itu yang".split()

# name: (language, text of a given size in characters)
CASES = {
    "menurut": ("id", _repeat("Menurut X, Menurut Y, ")),
    "according": ("en", _repeat("According to X, ")),
    "distinct-names": ("id", _distinct("Menurut Juru Bicara A{}, ")),
    "unclosed-quotes": ("id", _repeat("“a ")),
    "nested-quotes": ("id", _repeat("“a ‘b ")),
    "no-punctuation": ("id", _random_words(_ID_WORDS)),
    "opening-marks": ("id", _repeat("“")),
    "alternating-marks": ("id", _repeat("“a ”‘b ’")),
    "unbalanced-marks": ("id", _random_words(["“kata", "dia”", "‘x", "\"", "”y"])),
    "cue-words": ("id", _repeat("kata ")),
    "mixed-cues": ("id", _random_words(["kata", "menurut", "mengatakan", "seperti dilansir", "dilaporkan",
                                        "tambahnya", "TASS", ","])),
    "quotes-with-cues": ("id", _repeat("“Satu dua tiga,” kata Peskov. ")),
    "quotes-with-cues-en": ("en", _repeat("“One two three,” Peskov said. ")),
}


def worker(name: str, size: int) -> int:
    import attrib

    lang, make = CASES[name]
    text = make(size)
    attrib.trace("", lang=lang)  # the parser, outside the figures
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu0 = time.process_time()
    doc = attrib.trace(text, lang=lang)
    cpu = time.process_time() - cpu0
    extra = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    print(json.dumps({"cpu": cpu, "mb": extra, "bytes": len(text.encode("utf-8")), "attributions": len(doc.attributions)}))
    return 0


def measure(name: str, size: int) -> dict:
    try:
        out = subprocess.run([sys.executable, __file__, "--worker", name, str(size)], capture_output=True, text=True,
                             timeout=WORKER_LIMIT)
    except subprocess.TimeoutExpired:
        return {"failed": f"over {WORKER_LIMIT} s"}
    if out.returncode != 0:
        return {"failed": (out.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="characters, comma-separated")
    ap.add_argument("--case", action="append", choices=sorted(CASES), help="only these cases (repeatable)")
    ap.add_argument("--worker", nargs=2, metavar=("CASE", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker[0], int(args.worker[1]))
    sizes = sorted(int(s) for s in args.sizes.split(","))
    misses = []
    print(f"{'case':22s} {'size':>10s} {'CPU s':>8s} {'s/100KB':>8s} {'growth':>7s} {'+MB':>7s} {'attributions':>12s}")
    for name in args.case or list(CASES):
        prev = None
        for size in sizes:
            r = measure(name, size)
            if "failed" in r:
                misses.append(f"{name} at {size:,}: {r['failed']}")
                print(f"{name:22s} {size:>10,} failed: {r['failed']}")
                break
            per = r["cpu"] / (r["bytes"] / 100_000)
            growth = ""
            if prev is not None:
                ratio = max(r["cpu"], NOISE_FLOOR) / max(prev["cpu"], NOISE_FLOOR)
                linear = r["bytes"] / prev["bytes"]
                growth = f"{ratio / linear:.2f}"
                if ratio > GROWTH * linear:
                    misses.append(f"{name}: time x{ratio:.1f} from {prev['bytes']:,} to {r['bytes']:,} bytes (linear: x{linear:.0f})")
            if per > PER_100KB:
                misses.append(f"{name} at {size:,}: {per:.2f} s per 100 KB")
            if size >= 4_000_000 and r["mb"] > MEMORY_AT_4MB:
                misses.append(f"{name} at {size:,}: {r['mb']:.0f} MB extra memory")
            print(f"{name:22s} {size:>10,} {r['cpu']:8.2f} {per:8.2f} {growth:>7s} {r['mb']:7.0f} {r['attributions']:>12,}")
            prev = r
    print()
    if misses:
        print("missed:\n  " + "\n  ".join(misses))
        return 1
    print(f"every case under {PER_100KB:g} s per 100 KB, linear within x{GROWTH}, under {MEMORY_AT_4MB} MB at 4 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
