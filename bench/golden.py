"""Byte-identical outputs across a refactor: snapshot, then compare.

Traces every article of every corpus at hand and writes one line of JSON per
document (``Document.to_dict()``), the gold-format prediction, and the
provenance graph's nodes and edges over each corpus of at most GRAPH_MAX
documents. Corpora: ``corpus/``,
``corpus/en``, the same with ``lang="auto"``, and, when ``../shared`` is
beside the checkout, dev-id, PFSA-ID dev and PolNeAR-train.

    python bench/golden.py snapshot /tmp/golden-before
    python bench/golden.py compare  /tmp/golden-before     # exit 1 on any difference
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import sys
from pathlib import Path

import attrib
from attrib.eval.gold import to_gold

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
GRAPH_MAX = 200  # documents: clustering a larger corpus takes minutes


def _texts(folder: Path):
    return [(p.name[:-4], p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def _pfsa():
    from attrib.eval.pfsa import detokenise, read_pfsa, split_articles

    path = SHARED / "pfsa-id" / "dev-20.txt"
    if not path.is_file():
        return []
    return [(f"pfsa-{a.index}", detokenise(a.segments).text) for a in split_articles(read_pfsa(path))]


def corpora():
    yield "corpus-id", "id", _texts(ROOT / "corpus")
    yield "corpus-en", "en", _texts(ROOT / "corpus" / "en")
    yield "corpus-auto", "auto", _texts(ROOT / "corpus") + _texts(ROOT / "corpus" / "en")
    for name, lang in (("dev-id", "id"), ("polnear-train", "en")):
        if (SHARED / name).is_dir():
            yield name, lang, _texts(SHARED / name)
    pfsa = _pfsa()
    if pfsa:
        yield "pfsa-dev", "id", pfsa


def lines_of(lang: str, texts):
    docs = []
    for name, text in texts:
        doc = attrib.trace(text, lang=lang, id=name)
        docs.append(doc)
        yield json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True)
        yield json.dumps(to_gold(doc, name), ensure_ascii=False, sort_keys=True)
    if len(docs) > GRAPH_MAX:
        return
    g = attrib.ProvenanceGraph.from_documents(docs)
    for node, data in sorted(g.nodes(), key=lambda x: x[0]):
        yield json.dumps(["node", node, data], ensure_ascii=False, sort_keys=True, default=str)
    for edge in sorted(g.edges(), key=lambda e: json.dumps(e, sort_keys=True, default=str)):
        yield json.dumps(["edge", *edge], ensure_ascii=False, sort_keys=True, default=str)


def snapshot(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, lang, texts in corpora():
        path = out / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for line in lines_of(lang, texts):
                f.write(line + "\n")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        print(f"{name}: {len(texts)} documents, sha256 {digest}")
    return 0


def compare(ref: Path) -> int:
    bad = 0
    for name, lang, texts in corpora():
        path = ref / f"{name}.jsonl"
        if not path.is_file():
            print(f"{name}: no snapshot in {ref}")
            bad += 1
            continue
        want = path.read_text(encoding="utf-8").splitlines()
        got = list(lines_of(lang, texts))
        if got == want:
            print(f"{name}: {len(texts)} documents, identical")
            continue
        bad += 1
        diff = [i for i, (a, b) in enumerate(zip(want, got)) if a != b]
        print(f"{name}: DIFFERENT ({len(diff)} lines differ, {len(want)} before, {len(got)} now)")
        for i in diff[:3]:
            for d in difflib.unified_diff(want[i][:4000].split(", "), got[i][:4000].split(", "), lineterm="", n=1):
                print("   ", d[:300])
    return 1 if bad else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("snapshot", "compare"))
    ap.add_argument("folder", type=Path)
    args = ap.parse_args(argv)
    return snapshot(args.folder) if args.mode == "snapshot" else compare(args.folder)


if __name__ == "__main__":
    sys.exit(main())
