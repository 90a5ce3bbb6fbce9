"""Where the time of attrib.trace goes, stage by stage, on unseen text.

A fresh process per language builds the parser (untimed), then traces every
article of the bench corpora once (the same texts as bench/bench.py), with a
CPU timer around each stage that ``Pipeline`` calls: language detection,
segmentation, candidates, frames (lexing and the grammar), content, names
(resolve), chains, and the Document built from them (the rest of ``run``).

    python bench/stages.py                       # id and en
    python bench/stages.py --lang en --attrib /path/to/other/checkout

The timers cost a few microseconds per stage per article (under 1%); the
figures are shares of one run, not a throughput (bench/bench.py is that).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import checkout_env, load_texts  # noqa: E402

# (name in attrib.pipeline, label): the stages in the order run calls them
STAGES = (
    ("detect_language", "language"),
    ("segment", "segment"),
    ("find_candidates", "candidates"),
    ("read_frames", "frames"),
    ("find_content", "content"),
    ("resolve", "names"),
    ("base_chain", "chains"),
    ("find_chains", "chains"),
)


def worker(feed: str, lang: str) -> int:
    import attrib
    import attrib.pipeline as P

    texts = json.loads(Path(feed).read_text(encoding="utf-8"))
    attrib.trace("", lang=lang)
    spent = {label: 0.0 for _, label in STAGES}
    clock = time.process_time

    def timed(fn, label):
        def run(*a, **k):
            t0 = clock()
            try:
                return fn(*a, **k)
            finally:
                spent[label] += clock() - t0
        return run

    for name, label in STAGES:
        if hasattr(P, name):  # (an older checkout may call fewer stages by these names)
            setattr(P, name, timed(getattr(P, name), label))
    t0 = clock()
    for text in texts:
        attrib.trace(text, lang=lang)
    total = clock() - t0
    spent["document"] = total - sum(spent.values())
    print(json.dumps({"total": total, "bytes": sum(len(t.encode("utf-8")) for t in texts), "stages": spent,
                      "attrib": os.path.dirname(os.path.dirname(attrib.__file__))}))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", action="append", choices=("id", "en"), help="default: both")
    ap.add_argument("--attrib", default=None, help="a checkout of attrib to time instead of this one")
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(*args.worker)
    _, env = checkout_env(args.attrib)
    for lang in args.lang or ("id", "en"):
        texts, where, _ = load_texts(lang, None)
        with tempfile.TemporaryDirectory() as tmp:
            feed = Path(tmp) / "texts.json"
            feed.write_text(json.dumps(texts), encoding="utf-8")
            out = subprocess.run([sys.executable, __file__, "--worker", str(feed), lang], env=env,
                                 capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"{lang} failed:\n{out.stderr}")
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{lang}: {len(texts)} articles from {where}, {r['bytes'] / 1e6:.2f} MB in {r['total']:.2f} s CPU "
              f"({r['bytes'] / 1e6 / r['total']:.2f} MB/s); attrib from {r['attrib']}")
        for label, s in sorted(r["stages"].items(), key=lambda kv: -kv[1]):
            print(f"  {label:11s} {s * 1000:8.0f} ms  {100 * s / r['total']:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
