"""Throughput of attrib.trace on text the process has not seen, beside a
regex scan, for Indonesian and English.

Each pass runs in a fresh Python process that builds the parser and the
regex peer (untimed), then takes every article of the corpus once, on one
core: attrib.trace, then the regex peer (bench/regex_peer.py) on the same
text, article by article, each timed in CPU time of that process (a busy
machine skews it less than wall time). It reports, per language, MB/s,
articles/s, attributions/s and peak RSS of attrib, the regex peer's MB/s
and hits, and the ratio of the two speeds. A fresh process and no repeated
text keep the lexer's word caches and the parser's step tables as cold as
they are at the start of a real run; repeating a few articles warms them
and flatters. That figure is printed too, on a second line labelled
"repeated text (caches warm)": a fresh process traces the corpus repeated
to 5 MB.

Corpora, by default: for Indonesian, dev-id and the PFSA-ID dev split
(../shared/data, 217 articles); for English, PolNeAR-train (840 articles).
Without ../shared, the bundled corpus/ (Indonesian) and corpus/en/ are
used, which are small (a few articles): the figures are then rough, and the
output says so.

    python bench/bench.py                      # Indonesian, then English; 3 passes each
    python bench/bench.py --lang en            # one language
    python bench/bench.py --attrib /path/to/other/checkout   # the same text through another version
    python bench/bench.py --warm 50            # only the warm measure: the corpus repeated to 50 MB
    python bench/bench.py --peer-hits 2        # also print the regex peer's hits in two articles of each corpus

``--attrib`` puts another checkout first on the workers' PYTHONPATH, so two
versions are compared on the same texts, pass by pass (``--passes``); the
regex peer's cue words are read here, from this checkout, so the peer is the
same for both. The last lines compare the figures with the bars of issue 18.
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
LANGS = {"id": "Indonesian", "en": "English"}
WARM_MB = 5.0
# Issue 18, on distinct articles, a fresh process and one core: (MB/s, ratio to the regex peer beside it)
BARS = {"id": (3.5, 0.35), "en": (2.5, 0.25)}


def load_texts(lang: str, corpus) -> tuple:
    """(texts, where they come from, whether that is the small fallback)."""
    if corpus is not None:
        paths = sorted(Path(corpus).glob("*.txt"))
        if not paths:
            sys.exit(f"no .txt files in {corpus}")
        return [p.read_text(encoding="utf-8") for p in paths], str(corpus), False
    if lang == "id" and (SHARED / "dev-id").is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "dev-id").glob("*.txt"))]
        where = "dev-id"
        pfsa = SHARED / "pfsa-id" / "dev-20.txt"
        if pfsa.is_file():
            from attrib.eval.pfsa import detokenise, read_pfsa, split_articles

            texts += [detokenise(a.segments).text for a in split_articles(read_pfsa(pfsa))]
            where += " + PFSA-ID dev"
        return texts, where, False
    if lang == "en" and (SHARED / "polnear-train").is_dir():
        paths = sorted((SHARED / "polnear-train").glob("*.txt"))
        return [p.read_text(encoding="utf-8") for p in paths], "polnear-train", False
    folder = ROOT / "corpus" / lang if (ROOT / "corpus" / lang).is_dir() else ROOT / "corpus"
    where = str(folder.relative_to(ROOT))
    print(f"note: {SHARED} not found; timing the bundled {where}/ (small: a rough figure)")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))], where, True


# --- in the fresh processes ----------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak RSS. On Linux VmHWM, as ru_maxrss carries over the RSS
    of the process that forked this one (the bench, holding the corpora)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1 << 20 if sys.platform == "darwin" else 1024)


def worker(feed: str) -> int:
    """One pass: each text once through attrib.trace and then the regex peer; print the figures as JSON."""
    import attrib
    from regex_peer import RegexPeer  # bench/, this file's folder, is first on sys.path

    job = json.loads(Path(feed).read_text(encoding="utf-8"))
    lang, texts = job["lang"], job["texts"]
    attrib.trace("", lang=lang)  # build the parser once, outside the timing
    peer = RegexPeer(lang, job["cue_forms"])
    peer.scan("")
    nattr = nhits = 0
    a_cpu = r_cpu = 0.0
    clock = time.process_time
    wall0 = time.perf_counter()
    for text in texts:
        t0 = clock()
        nattr += len(attrib.trace(text, lang=lang).attributions)
        t1 = clock()
        nhits += len(peer.scan(text))
        t2 = clock()
        a_cpu += t1 - t0
        r_cpu += t2 - t1
    wall = time.perf_counter() - wall0
    print(json.dumps({
        "bytes": sum(len(t.encode("utf-8")) for t in texts), "articles": len(texts), "attributions": nattr,
        "cpu": a_cpu, "regex_cpu": r_cpu, "regex_hits": nhits, "wall": wall,
        "rss_mb": peak_rss_mb(),
        "attrib": os.path.dirname(os.path.dirname(attrib.__file__)),
        # (which build ran: the optional compiled modules of attrib.accelerate, or pure Python)
        "build": f"compiled, {len(attrib.accelerated())} modules" if getattr(attrib, "accelerated", tuple)() else "pure Python",
    }))
    return 0


def warm_worker(feed: str) -> int:
    """The corpus repeated to ``mb`` megabytes, traced in this (fresh) process; print the figures as JSON."""
    import attrib

    job = json.loads(Path(feed).read_text(encoding="utf-8"))
    lang, texts, mb = job["lang"], job["texts"], job["mb"]
    attrib.trace("", lang=lang)
    nbytes = narticles = nattr = i = 0
    cpu0 = time.process_time()
    while nbytes < mb * 1_000_000:
        text = texts[i % len(texts)]
        nattr += len(attrib.trace(text, lang=lang).attributions)
        nbytes += len(text.encode("utf-8"))
        narticles += 1
        i += 1
    cpu = time.process_time() - cpu0
    print(json.dumps({"bytes": nbytes, "articles": narticles, "attributions": nattr, "cpu": cpu,
                      "rss_mb": peak_rss_mb()}))
    return 0


# --- in this process -------------------------------------------------------------------


def checkout_env(attrib, **extra) -> tuple:
    """(the checkout of attrib the workers import: ``attrib`` or this one, their
    environment with it first on PYTHONPATH)."""
    checkout = str(Path(attrib).resolve()) if attrib else str(ROOT)
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = checkout + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return checkout, env


def run_worker(flag: str, job: dict, env: dict, tmp: str) -> dict:
    feed = Path(tmp) / f"{job['lang']}.json"
    feed.write_text(json.dumps(job), encoding="utf-8")
    out = subprocess.run([sys.executable, __file__, flag, str(feed)], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"a {job['lang']} worker failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def rates(r: dict) -> dict:
    mb = r["bytes"] / 1e6
    out = {"mb_s": mb / r["cpu"], "art_s": r["articles"] / r["cpu"], "attr_s": r["attributions"] / r["cpu"]}
    if "regex_cpu" in r:
        out["regex_mb_s"] = mb / r["regex_cpu"]
        out["ratio"] = out["mb_s"] / out["regex_mb_s"]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=sorted(LANGS), default=None, help="one language (default: id, then en)")
    ap.add_argument("--corpus", default=None, help="a folder of .txt articles (with --lang; default: see above)")
    ap.add_argument("--passes", type=int, default=3, help="fresh processes, one pass each, per language")
    ap.add_argument("--attrib", default=None, help="a checkout of attrib to time instead of this one")
    ap.add_argument("--warm", type=float, default=None, metavar="MB",
                    help=f"only the measure over repeated text, to MB per pass (by default {WARM_MB:g} MB, once, "
                         "after the passes)")
    ap.add_argument("--no-warm", action="store_true", help="leave out the repeated-text line")
    ap.add_argument("--peer-hits", type=int, default=0, metavar="N",
                    help="print the regex peer's hits in the first N articles of each corpus (untimed)")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--warm-worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker)
    if args.warm_worker:
        return warm_worker(args.warm_worker)

    sys.path.insert(0, str(ROOT))  # this checkout: the corpora's readers and the peer's cue words
    from regex_peer import RegexPeer, cue_forms, show

    langs = [args.lang] if args.lang else (["id"] if args.corpus else list(LANGS))
    checkout, env = checkout_env(args.attrib)
    jobs, fallback = {}, False
    for lang in langs:
        texts, where, small = load_texts(lang, args.corpus)
        fallback |= small
        jobs[lang] = {"lang": lang, "texts": texts, "cue_forms": cue_forms(lang), "where": where}
    print(f"attrib from {checkout}; CPU time of each worker process, one core")
    for lang, job in jobs.items():
        mb = sum(len(t.encode("utf-8")) for t in job["texts"]) / 1e6
        print(f"{LANGS[lang]} ({lang}): {len(job['texts'])} articles ({mb:.2f} MB) from {job['where']}; "
              f"regex peer: {len(job['cue_forms'])} cue forms")
        if args.peer_hits:
            peer = RegexPeer(lang, job["cue_forms"])
            for i, text in enumerate(job["texts"][:args.peer_hits]):
                show(f"  {lang} article {i + 1}", text, peer.scan(text))

    with tempfile.TemporaryDirectory() as tmp:
        if args.warm is not None:
            return warm_only(jobs, args.warm, args.passes, env, tmp)
        # Passes take turns between the languages, so drift in the machine's speed touches both.
        runs = {lang: [] for lang in jobs}
        for p in range(args.passes):
            for lang, job in jobs.items():
                r = run_worker("--worker", job, env, tmp)
                x = rates(r)
                runs[lang].append((r, x))
                print(f"  {lang} pass {p + 1}: attrib {r['cpu']:.2f} s: {x['mb_s']:.2f} MB/s, "
                      f"{x['art_s']:.0f} articles/s, "
                      f"{x['attr_s']:,.0f} attributions/s ({r['attributions']:,}), peak RSS {r['rss_mb']:.0f} MB | "
                      f"regex {r['regex_cpu']:.2f} s: {x['regex_mb_s']:.2f} MB/s ({r['regex_hits']:,} hits) | "
                      f"ratio {x['ratio']:.2f}")
        warm = {}
        if not args.no_warm:
            for lang, job in jobs.items():
                warm[lang] = run_worker("--warm-worker", {**job, "mb": WARM_MB}, env, tmp)

    print()
    summary = {}
    for lang in jobs:
        xs = [x for _, x in runs[lang]]
        med = {k: statistics.median(x[k] for x in xs) for k in xs[0]}
        rss = max(r["rss_mb"] for r, _ in runs[lang])
        r0 = runs[lang][0][0]
        summary[lang] = med
        passes = f"{len(xs)} pass{'es' if len(xs) > 1 else ''}"
        print(f"{LANGS[lang]}, unseen text, fresh process, {r0['build']} (median of {passes}): {med['mb_s']:.2f} MB/s "
              f"(best {max(x['mb_s'] for x in xs):.2f}), {med['art_s']:.0f} articles/s, {med['attr_s']:,.0f} "
              f"attributions/s, peak RSS {rss:.0f} MB; regex peer {med['regex_mb_s']:.2f} MB/s "
              f"({r0['regex_hits']:,} hits); attrib / regex {med['ratio']:.2f}")
        if lang in warm:
            w = warm[lang]
            xw = rates(w)
            print(f"{' ' * len(LANGS[lang])}  repeated text (caches warm): {xw['mb_s']:.2f} MB/s, {xw['art_s']:.0f} "
                  f"articles/s ({w['bytes'] / 1e6:.1f} MB, {w['articles']:,} articles, one fresh process)")

    print()
    print("issue 18 bars (distinct articles, fresh process, one core; medians):"
          + (" (on the small bundled corpus: not the bench corpora)" if fallback or args.corpus else ""))
    for lang, med in summary.items():
        mb_bar, ratio_bar = BARS[lang]
        print(f"  {LANGS[lang]:10s}  {med['mb_s']:5.2f} MB/s >= {mb_bar} MB/s: "
              f"{'met' if med['mb_s'] >= mb_bar else 'NOT met'};  {med['ratio']:.2f} x the regex scan >= {ratio_bar}: "
              f"{'met' if med['ratio'] >= ratio_bar else 'NOT met'}")
    print("  Dask 1 -> 2 workers >= 0.85 efficiency: python bench/corpus_bench.py")
    return 0


def warm_only(jobs: dict, mb: float, passes: int, env: dict, tmp: str) -> int:
    """The old measure, alone: each pass a fresh process tracing the corpus repeated to ``mb`` megabytes."""
    for lang, job in jobs.items():
        got = []
        for p in range(passes):
            w = run_worker("--warm-worker", {**job, "mb": mb}, env, tmp)
            got.append(rates(w)["mb_s"])
            print(f"  {lang} warm pass {p + 1}: {w['bytes'] / 1e6:.1f} MB, {w['articles']:,} articles in "
                  f"{w['cpu']:.2f} s "
                  f"CPU: {got[-1]:.2f} MB/s")
        print(f"{LANGS[lang]}, repeated text (caches warm): best {max(got):.2f} MB/s, median "
              f"{statistics.median(got):.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
