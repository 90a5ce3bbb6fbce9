"""The ``attrib`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import List, Optional

from . import __version__
from .model import Document
from .pipeline import trace
from .registry import Registry, RegistryError


class InputError(Exception):
    """A file that cannot be read as text; the message names it."""


def read_text(path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text: byte 0x{data[exc.start]:02x} at byte offset {exc.start} ({exc.reason})"
        ) from None


def summary(doc: Document, name: str = "") -> str:
    """One line per attribution: cue | source | content | chain."""
    lines = []
    head = name or (doc.id or "document")
    pub = doc.publisher.name if doc.publisher else "?"
    extra = f", source {doc.document_source.name}" if doc.document_source else ""
    lines.append(f"# {head}: publisher {pub}{extra}; {len(doc.attributions)} attributions")
    for a in doc.attributions:
        content = " ".join(a.content.text.split())
        if len(content) > 90:
            content = content[:87] + "..."
        quote = f"“{content}”" if a.direct else content
        src = a.source.name or a.source.mention or "—"
        flag = "" if a.core else " [borderline]"
        lines.append(
            f"{a.cue.span.start:>6}  {a.cue.text} | {src} ({a.source.kind.value}) | {quote} | "
            f"{' → '.join(h.label for h in a.chain)}{flag}"
        )
    return "\n".join(lines)


def _registry(args) -> Optional[Registry]:
    if not getattr(args, "registry", None):
        return None
    return Registry.load(*args.registry)


def cmd_trace(args) -> int:
    registry = _registry(args)
    failed = 0
    out_dir = Path(args.output) if args.output else None
    if args.format == "gold" and out_dir is None:
        print("attrib trace: --format gold needs -o DIR", file=sys.stderr)
        return 2
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    for name in args.files:
        path = Path(name)
        try:
            text = sys.stdin.read() if name == "-" else read_text(path)
        except InputError as exc:
            print(f"attrib: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        doc = trace(text, lang=args.lang, id=path.stem if name != "-" else "stdin", registry=registry)
        if args.format == "gold":
            from .gold import to_gold

            target = out_dir / f"{path.stem}.gold.json"
            target.write_text(json.dumps(to_gold(doc, path.stem), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            continue
        if args.format == "json":
            rendered = json.dumps(doc.to_dict(), ensure_ascii=False, indent=2)
            if out_dir is not None:
                (out_dir / f"{path.stem}.json").write_text(rendered + "\n", encoding="utf-8")
                continue
        else:
            rendered = summary(doc, str(name))
        print(rendered)
    if failed:
        print(f"attrib: {failed} of {len(args.files)} input(s) could not be read", file=sys.stderr)
        return 1
    return 0


def _documents(args, registry):
    """Documents from inputs: .json files hold a Document (attrib trace
    --format json); anything else is article text, traced. Unreadable inputs
    are reported and counted, not dropped in silence."""
    failed = 0
    for name in args.inputs:
        path = Path(name)
        try:
            if path.suffix == ".json":
                try:
                    data = json.loads(read_text(path))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
                doc = Document.from_dict(data)
                if doc.id is None:
                    doc = Document.from_dict({**data, "id": path.stem})
            else:
                doc = trace(read_text(path), lang=args.lang, id=path.stem, registry=registry)
        except (InputError, ValueError, TypeError, KeyError) as exc:
            print(f"attrib: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        yield doc
    if failed:
        print(f"attrib: {failed} of {len(args.inputs)} input(s) could not be read", file=sys.stderr)


def cmd_graph(args) -> int:
    from .graph import ProvenanceGraph

    g = ProvenanceGraph.from_documents(_documents(args, _registry(args)))
    cluster = None
    if args.claim:
        rows = g.origins(args.claim)
        if not rows:
            print(f"attrib: no cluster matches {args.claim!r}", file=sys.stderr)
            return 1
        cluster = rows[0]["cluster"]
    g.write(args.output, args.format, cluster=cluster)
    print(f"attrib: wrote {args.format} to {args.output}: {len(g.docs)} articles, {len(g.claims)} claims, "
          f"{len(g.clusters())} clusters, {len(g.sources)} sources", file=sys.stderr)
    return 0


def cmd_origins(args) -> int:
    from .graph import ProvenanceGraph

    g = ProvenanceGraph.from_documents(_documents(args, _registry(args)))
    rows = g.origins(args.claim)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"no cluster matches {args.claim!r}")
        return 0
    for r in rows:
        print(f"cluster {r['cluster']}: {len(r['documents'])} article(s) {', '.join(r['documents'])}; "
              f"{r['claims']} attributed claim(s)")
        print(f"  claim:   {' '.join(r['claim'].split())[:120]}")
        print(f"  origins: {', '.join(r['origins'])}")
        for chain in r["chains"]:
            print(f"  chain:   {' → '.join(chain)}")
    return 0


def cmd_eval(args) -> int:
    from .evaluate import cli_eval

    return cli_eval(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="attrib", description="Trace who said what in news text.")
    p.add_argument("--version", action="version", version=f"attrib {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("trace", help="find the attributions in articles")
    t.add_argument("files", nargs="+", help="article text files (UTF-8), or - for standard input")
    t.add_argument("--format", choices=("text", "json", "gold"), default="text",
                   help="text: one attribution per line; json: the full Document; gold: the gold annotation format")
    t.add_argument("-o", "--output", help="directory to write one file per input into")
    t.add_argument("--lang", default="id", help="language code (default: id)")
    t.add_argument("--registry", action="append", help="extra source registry file (TSV), merged over the bundled one")
    t.set_defaults(func=cmd_trace)

    g = sub.add_parser("graph", help="build the provenance graph of many articles and write it out")
    g.add_argument("inputs", nargs="+", help="article text files, or Document JSON files from trace --format json")
    g.add_argument("--format", required=True,
                   choices=("networkx-json", "graphml", "gexf", "prov-json", "prov-n", "prov-ttl", "dot", "svg", "png"))
    g.add_argument("-o", "--output", required=True, help="file to write")
    g.add_argument("--claim", help="draw only the story whose claims match these words (dot, svg, png)")
    g.add_argument("--lang", default="id")
    g.add_argument("--registry", action="append", help="extra source registry file (TSV)")
    g.set_defaults(func=cmd_graph)

    o = sub.add_parser("origins", help="where did a claim come from: its clusters, origins and chains")
    o.add_argument("inputs", nargs="+", help="article text files, or Document JSON files")
    o.add_argument("--claim", help="words of the claim (default: every cluster)")
    o.add_argument("--json", action="store_true", help="print the rows as JSON")
    o.add_argument("--lang", default="id")
    o.add_argument("--registry", action="append", help="extra source registry file (TSV)")
    o.set_defaults(func=cmd_origins)

    e = sub.add_parser("eval", help="score attrib (or given predictions) against gold files")
    e.add_argument("gold", nargs="?", help="directory of NAME.gold.json files beside NAME.txt")
    e.add_argument("pred", nargs="?", help="directory of predicted NAME.gold.json files (default: trace the texts)")
    e.add_argument("--errors", action="store_true", help="list every miss, spurious attribution and wrong source/chain")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.add_argument("--pfsa", metavar="PATH", help="score direct quotes and speakers on a PFSA-ID split")
    e.add_argument("--lang", default=None, help="language code (default: each gold file's lang)")
    e.set_defaults(func=cmd_eval)
    return p


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (RegistryError, FileNotFoundError, ValueError, ImportError, RuntimeError) as exc:
        print(f"attrib: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
