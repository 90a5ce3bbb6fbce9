"""Is a corpus run killed with ``kill -9`` and taken up with ``--resume`` the same
as a run never interrupted? (issue 16)

The input is a JSON Lines feed of real paragraphs (corpus/*.txt and
corpus/en/*.txt) whose ids repeat: duplicate ids are kept, and resume goes by
position. For each output format (jsonl, csv, parquet) the script makes one
clean run, then ``--rounds`` times (default 10):

- starts ``attrib trace FEED --format FMT -o OUT -j 2``;
- after a random delay (from 2 s, past the start-up, to the time the clean run
  took), sends SIGKILL either to the run itself (odd rounds:
  the run dies with its output cut anywhere) or to one of its worker processes
  (even rounds: the run goes on, with one "worker died" error record);
- runs ``--resume`` on OUT until it exits 0 (once, unless killed before it wrote
  anything);
- compares OUT with the clean output, byte for byte (for Parquet, every part
  file).

Parquet parts are cut every ``--rows-per-part`` rows (default 25, not 50,000)
so that a kill leaves some parts written and some not. Parquet needs pyarrow
(pip install 'attrib[parquet]'); without it that format is skipped, and said so.

    python bench/resume_check.py                 # 10 rounds per format
    python bench/resume_check.py --rounds 3 --formats jsonl

Exit 0 when every round gives the clean output, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The command line, with Parquet parts of a few rows (the real size would hold the whole feed in one part).
DRIVER = """
import sys
import attrib.run.outputs as outputs
real = outputs.ParquetSink.__init__
def small(self, target, resume=False, rows_per_part=50_000, **kw):
    real(self, target, resume, rows_per_part=int(sys.argv[1]), **kw)
outputs.ParquetSink.__init__ = small
from attrib.cli import main
sys.exit(main(sys.argv[2:]))
"""


def feed(path: Path, seed: int, copies: int = 8) -> int:
    """Paragraphs of the corpus, ``copies`` times over, as a JSON Lines feed (a run of a few
    seconds, so that kills land in the middle); ids repeat (one in four is "dup-N")."""
    paragraphs = []
    for txt in sorted(ROOT.glob("corpus/*.txt")) + sorted(ROOT.glob("corpus/en/*.txt")):
        paragraphs += [p for p in txt.read_text("utf-8").split("\n") if len(p) > 80]
    rng = random.Random(seed)
    paragraphs *= copies
    lines = []
    for i, text in enumerate(paragraphs):
        rid = f"dup-{rng.randrange(5)}" if i % 4 == 1 else f"p{i:04d}"
        lines.append(json.dumps({"id": rid, "text": text}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def command(fmt: str, out: Path, src: Path, rows_per_part: int, *extra: str) -> list:
    return [sys.executable, "-c", DRIVER, str(rows_per_part), "trace", str(src), "--format", fmt, "-o", str(out),
            "-j", "2", "-q", *extra]


def run(cmd: list) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def children(pid: int) -> list:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(stat.parent.name))
    return kids


def snapshot(path: Path):
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return path.read_bytes() if path.exists() else None


def killed_run(cmd: list, delay: float, target: str) -> str:
    """Start ``cmd``, SIGKILL it (``target`` "run") or one of its workers ("worker") after
    ``delay`` seconds; what happened, in a few words."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    what = "finished before the kill"
    if proc.poll() is None:
        if target == "worker":
            workers = children(proc.pid)
            if workers:
                os.kill(random.choice(workers), signal.SIGKILL)
                what = "one worker killed"
            else:
                what = "no worker yet: run killed"
                proc.kill()
        else:
            proc.kill()
            what = "run killed"
    proc.communicate(timeout=600)
    return f"{what} at {delay:.1f} s (exit {proc.returncode})"


def check(fmt: str, src: Path, work: Path, rounds: int, rows_per_part: int, rng: random.Random) -> bool:
    clean = work / f"clean-{fmt}"
    started = time.monotonic()
    res = run(command(fmt, clean, src, rows_per_part))
    took = time.monotonic() - started
    if res.returncode != 0:
        print(f"{fmt}: the clean run failed (exit {res.returncode}):\n{res.stderr}")
        return False
    want = snapshot(clean)
    ok = True
    for r in range(1, rounds + 1):
        out = work / f"out-{fmt}-{r}"
        target = "run" if r % 2 else "worker"
        what = killed_run(command(fmt, out, src, rows_per_part), rng.uniform(min(2.0, took / 2), took * 0.95), target)
        res = run(command(fmt, out, src, rows_per_part, "--resume"))
        same = snapshot(out) == want
        ok &= same and res.returncode == 0
        summary = (res.stderr.strip().splitlines() or ["(no summary)"])[-1]
        print(f"{fmt} round {r:2d}: {what}; --resume exit {res.returncode}; "
              f"{'byte-identical' if same else 'DIFFERENT'} — {summary}")
    return ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=10, help="kills per format (default 10)")
    ap.add_argument("--formats", nargs="+", default=["jsonl", "csv", "parquet"], choices=["jsonl", "csv", "parquet"])
    ap.add_argument("--rows-per-part", type=int, default=25, help="Parquet rows per part file (default 25)")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args(argv)
    if not Path("/proc/self/stat").exists():
        print("resume_check: needs Linux /proc to find the worker processes")
        return 2
    rng = random.Random(args.seed)
    results = {}
    with tempfile.TemporaryDirectory(prefix="attrib-resume-") as tmp:
        work = Path(tmp)
        src = work / "feed.jsonl"
        n = feed(src, args.seed)
        dups = n - len({json.loads(line)["id"] for line in src.read_text("utf-8").splitlines()})
        print(f"feed: {n} articles, {dups} of them with an id that came before")
        for fmt in args.formats:
            if fmt == "parquet":
                try:
                    import pyarrow.parquet  # noqa: F401
                except ImportError:
                    print("parquet: SKIPPED, pyarrow is not installed (pip install 'attrib[parquet]')")
                    continue
            results[fmt] = check(fmt, src, work, args.rounds, args.rows_per_part, rng)
    for fmt, ok in results.items():
        print(f"{fmt}: {'PASS' if ok else 'FAIL'} ({args.rounds} kill -9 rounds)")
    return 0 if results and all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
