"""Time attrib.trace on hostile inputs (the bar: under a second per 100 KB).

    python bench/adversarial.py
"""

from __future__ import annotations

import random
import sys
import time

import attrib


def cases():
    rnd = random.Random(7)
    words = "kata menurut Presiden rusia dia mengatakan bahwa para ahli TASS dan ini itu yang".split()
    yield "1 MB, no punctuation", " ".join(rnd.choice(words) for _ in range(170_000))[:1_000_000]
    yield "10,000 nested opening marks", "“" * 10_000
    yield "10,000 alternating marks", "“a ”" * 2_500 + "‘b ’" * 2_500
    yield "10,000 unbalanced marks with words", " ".join(rnd.choice(["“kata", "dia”", "‘x", "\"", "”y"]) for _ in range(10_000))
    yield "5,000 cue words on one line", " ".join(["kata"] * 5_000)
    yield "5,000 mixed cues on one line", " ".join(rnd.choice(["kata", "menurut", "mengatakan", "seperti dilansir", "dilaporkan", "tambahnya", "TASS", ","]) for _ in range(5_000))
    yield "5,000 quotes each with a cue", "“Satu dua tiga,” kata Peskov. " * 5_000


def main() -> int:
    attrib.trace("")
    worst = 0.0
    for name, text in cases():
        t = time.perf_counter()
        doc = attrib.trace(text)
        dt = time.perf_counter() - t
        per100k = dt / max(len(text.encode("utf-8")) / 100_000, 1e-9)
        worst = max(worst, per100k if len(text) >= 100_000 else dt)
        print(f"{name:40s} {len(text):>9,} chars  {dt:6.2f} s  {per100k:5.2f} s/100KB  {len(doc.attributions):>6} attributions")
    print(f"worst: {worst:.2f} s per 100 KB (bar: 1.00)")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
