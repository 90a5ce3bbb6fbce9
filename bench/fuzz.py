"""Fuzz attrib.trace: many generated inputs, every promise checked.

Each input is traced in a worker process, in Indonesian, English and
``auto`` in turn, and checked with ``attrib.eval.soundness`` (every span
reproduces its text, mentions included; content never empty; chains sound;
the JSON validates and round-trips). Every 50th input is traced twice, for
determinism. A crash or a broken promise is shrunk to a small reproduction
and written to ``--out`` as JSON (text, language, what broke).

Strategies, in turn:

- ``mutated``: a line of a bundled article (corpus/, corpus/en) with
  characters deleted, duplicated, swapped or replaced by quote marks, cue
  words and glue;
- ``short``: random short strings over a palette of letters, marks, quote
  marks, digits, spaces and rare Unicode;
- ``long-token``: one word of 500 to 5,000 characters among a few others;
- ``quote-storm``: runs of unbalanced and nested quotation marks around words;
- ``cue-storm``: cue words, names and commas with no sentence between.

    python bench/fuzz.py -n 1000000 --jobs 2       # the full run
    python bench/fuzz.py -n 2000 --seed 7          # a quick look

Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
import traceback
from pathlib import Path
from typing import List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("id", "en", "auto")
STRATEGIES = ("mutated", "short", "long-token", "quote-storm", "cue-storm")
QUOTES = ["“", "”", '"', "‘", "’", "«", "»", "„", "'", "''", "``"]
MARKS = [",", ".", ". ", ", ", "\n", "\n\n", "(", ")", "-", " - ", "–", " – ", "—", ":", "?", "!", ";", "|", "©"]
RARE = ["É", "é", "ǅ", "𝐀", "K", "ſ", "\u00a0", "\u200b", "\ufeff", "\t", "ß", "İ", "ı", "\u0301", "😀", "\x00"]
DETERMINISM_EVERY = 50
SHRINK_STEPS = 400  # traces spent shrinking one failure


def _lines() -> List[str]:
    out = []
    for folder in (ROOT / "corpus", ROOT / "corpus" / "en"):
        for p in sorted(folder.glob("*.txt")):
            out.extend(line for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
    return out


def _cue_words() -> List[str]:
    """Cue and function words of every bundled language (their word lists)."""
    words = []
    for lang in ("id", "en"):
        for p in sorted((ROOT / "grammars" / lang).glob("*.tsv")):
            for line in p.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    words.append(line.split("\t", 1)[0])
    return words


class Generator:
    """Inputs for one strategy, from a seeded random source."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.lines = _lines()
        self.cues = _cue_words()
        self.names = ["Peskov", "Budi Santoso", "Reuters", "AFP", "Kim Jong-un", "Émilie Dupont", "KCNA", "Dr.",
                      "Sen. Ann Roe", "ANTARA", "CNN", "Jokowi", "Mr. Trump", "O'Brien", "Ma’ruf Amin"]

    def make(self, strategy: str) -> str:
        return getattr(self, "_" + strategy.replace("-", "_"))()

    def _word(self) -> str:
        r = self.rng.random()
        if r < 0.4:
            return self.rng.choice(self.cues)
        if r < 0.7:
            return self.rng.choice(self.names)
        return "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFG") for _ in range(self.rng.randint(1, 9)))

    def _mutated(self) -> str:
        rng = self.rng
        text = rng.choice(self.lines)
        if rng.random() < 0.3:
            text += rng.choice(["\n", " ", "\n\n"]) + rng.choice(self.lines)
        chars = list(text)
        for _ in range(rng.randint(1, 8)):
            if not chars:
                break
            i = rng.randrange(len(chars))
            op = rng.random()
            if op < 0.2:
                del chars[i]
            elif op < 0.35:
                chars.insert(i, chars[i])
            elif op < 0.5 and i + 1 < len(chars):
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
            elif op < 0.7:
                chars[i:i] = list(rng.choice(QUOTES))
            elif op < 0.85:
                chars[i:i] = list(" " + self._word() + " ")
            else:
                chars[i:i] = list(rng.choice(MARKS + RARE))
        return "".join(chars)

    def _short(self) -> str:
        rng = self.rng
        palette = list("aAbBkK .,:;!?-()\n'\"0123456789") + QUOTES + RARE
        return "".join(rng.choice(palette) for _ in range(rng.randint(0, 40)))

    def _long_token(self) -> str:
        rng = self.rng
        token = "".join(rng.choice("aAbBnN'-.’") for _ in range(rng.randint(500, 5_000)))
        parts = [self._word() for _ in range(rng.randint(0, 6))]
        parts.insert(rng.randint(0, len(parts)), token)
        return " ".join(parts)

    def _quote_storm(self) -> str:
        rng = self.rng
        return " ".join(rng.choice(QUOTES) + (self._word() if rng.random() < 0.7 else "") for _ in range(rng.randint(1, 200)))

    def _cue_storm(self) -> str:
        rng = self.rng
        out = []
        for _ in range(rng.randint(1, 120)):
            out.append(self._word())
            if rng.random() < 0.3:
                out.append(rng.choice(MARKS + QUOTES))
        return " ".join(out)


def check(text: str, lang: str, twice: bool = False) -> Optional[str]:
    """What broke when tracing text, or None."""
    import attrib
    from attrib.eval.soundness import problems

    try:
        doc = attrib.trace(text, lang=lang)
        got = problems(text, doc)
        if got:
            return got[0]
        if twice and attrib.trace(text, lang=lang) != doc:
            return "not deterministic: a second trace of the same text differs"
    except Exception:
        return "crash: " + traceback.format_exc(limit=6).strip().splitlines()[-1]
    return None


def _kind(problem: str) -> str:
    return problem.split(":", 1)[0]


def shrink(text: str, lang: str, problem: str) -> str:
    """A shorter text that breaks the same promise (greedy chunk removal)."""
    kind = _kind(problem)
    budget = SHRINK_STEPS
    chunk = max(1, len(text) // 2)
    while chunk >= 1 and budget > 0:
        i = 0
        while i < len(text) and budget > 0:
            candidate = text[:i] + text[i + chunk :]
            budget -= 1
            got = check(candidate, lang)
            if got is not None and _kind(got) == kind:
                text = candidate
            else:
                i += chunk
        chunk //= 2
    return text


def _work(args: Tuple[int, int, int]) -> dict:
    """Inputs first..first+count-1 of the run with this seed."""
    seed, first, count = args
    gen = Generator(seed * 1_000_003 + first)
    failures = []
    for k in range(first, first + count):
        strategy = STRATEGIES[k % len(STRATEGIES)]
        lang = LANGS[(k // len(STRATEGIES)) % len(LANGS)]
        text = gen.make(strategy)
        problem = check(text, lang, twice=k % DETERMINISM_EVERY == 0)
        if problem is not None:
            failures.append({"input": k, "strategy": strategy, "lang": lang, "problem": problem,
                             "text": shrink(text, lang, problem), "original_length": len(text)})
    return {"count": count, "failures": failures}


def run(n: int, seed: int = 1, jobs: int = 1, batch: int = 500, out: Optional[Path] = None, quiet: bool = False) -> dict:
    """Fuzz n inputs; returns {"inputs", "failures", "seconds"}."""
    tasks = [(seed, first, min(batch, n - first)) for first in range(0, n, batch)]
    failures: list = []
    done = 0
    start = time.perf_counter()
    if jobs > 1:
        ctx = multiprocessing.get_context("spawn")  # (a fresh interpreter: no state from the parent)
        with ctx.Pool(jobs) as pool:
            results = pool.imap_unordered(_work, tasks)
            for r in results:
                done, failures = _take(r, done, failures, n, start, quiet)
    else:
        for t in tasks:
            done, failures = _take(_work(t), done, failures, n, start, quiet)
    seconds = time.perf_counter() - start
    if out is not None and failures:
        out.mkdir(parents=True, exist_ok=True)
        for f in failures:
            (out / f"failure-{f['input']}.json").write_text(json.dumps(f, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"inputs": done, "failures": failures, "seconds": seconds}


def _take(r: dict, done: int, failures: list, n: int, start: float, quiet: bool):
    done += r["count"]
    failures = failures + r["failures"]
    if not quiet:
        rate = done / max(time.perf_counter() - start, 1e-9)
        print(f"\r{done:,} of {n:,} inputs, {len(failures)} failures, {rate:,.0f} inputs/s", end="", file=sys.stderr,
              flush=True)
    return done, failures


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=10_000, help="inputs (default 10,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--out", default="fuzz-failures", help="folder for the reproductions of failures")
    args = ap.parse_args(argv)
    if args.n < 1 or args.jobs < 1:
        ap.error("-n and --jobs must be at least 1")
    got = run(args.n, args.seed, args.jobs, out=Path(args.out))
    print(file=sys.stderr)
    print(f"{got['inputs']:,} inputs ({', '.join(STRATEGIES)}; {', '.join(LANGS)}) in {got['seconds']:.0f} s: "
          f"{len(got['failures'])} failures")
    for f in got["failures"][:20]:
        print(f"  input {f['input']} ({f['strategy']}, {f['lang']}): {f['problem']}\n    shrunk to {f['text'][:200]!r}")
    if got["failures"]:
        print(f"reproductions written to {args.out}/")
    return 1 if got["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
