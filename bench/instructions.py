"""Instructions (valgrind callgrind ``Ir``) to trace unseen articles: a
measure of work that the machine's load does not move, for comparing two
versions where wall and CPU time drift by 20-30%.

Runs ``attrib.trace`` in a fresh process under callgrind over the first N
articles of the same corpora as bench/bench.py, and again over none; the
difference is the tracing alone (without imports and the parser build).
Needs valgrind; a run takes about a minute per 100 articles.

    python bench/instructions.py --lang id -n 217
    python bench/instructions.py --lang en -n 200 --attrib /path/to/other/checkout
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import checkout_env, load_texts  # noqa: E402

_RUN = "import json, sys, attrib\ntexts = json.load(open(sys.argv[1]))\nattrib.trace('', lang=sys.argv[2])\nfor t in texts: attrib.trace(t, lang=sys.argv[2])\n"


def instructions(feed: Path, lang: str, env: dict, tmp: Path) -> int:
    out = tmp / "callgrind.out"
    script = tmp / "run.py"
    script.write_text(_RUN, encoding="utf-8")
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, str(script), str(feed), lang],
        env=env, check=True, capture_output=True,
    )
    m = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M)
    if m is None:
        sys.exit(f"no instruction count in {out}")
    return int(m.group(1))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", default="id")
    ap.add_argument("--corpus", default=None)
    ap.add_argument("-n", type=int, default=100, help="articles (the first n of the corpus)")
    ap.add_argument("--attrib", default=None, help="a checkout of attrib to measure instead of this one")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed")
    texts, where, _ = load_texts(args.lang, args.corpus)
    texts = texts[: args.n]
    checkout, env = checkout_env(args.attrib, PYTHONHASHSEED="0")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        full, empty = tmp / "texts.json", tmp / "none.json"
        full.write_text(json.dumps(texts), encoding="utf-8")
        empty.write_text("[]", encoding="utf-8")
        total = instructions(full, args.lang, env, tmp)
        start = instructions(empty, args.lang, env, tmp)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    work = total - start
    print(f"{len(texts)} articles ({mb:.2f} MB) from {where}, lang={args.lang}, attrib from {checkout}")
    print(f"instructions:  {work / 1e6:,.0f} M to trace them ({work / len(texts) / 1e6:,.2f} M per article, "
          f"{work / mb / 1e9:,.2f} G per MB); start-up and parser build {start / 1e6:,.0f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
