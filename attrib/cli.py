"""The ``attrib`` command line."""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import List, Optional

from . import __version__, _accel
from .model import Document
from .registry import Registry, RegistryError
from .run.inputs import Failure


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


class _PerDocument:
    """Outputs of the text, json and gold formats: a summary, a JSON document or
    a gold file for each article, on stdout or one file per article in -o DIR
    (named by ``attrib.run.outputs.ArticleFiles``)."""

    render = None
    takes_where = True  # written with the place each article came from

    def __init__(self, format: str, out_dir: Optional[Path]):
        from .run.outputs import ArticleFiles

        self.format = format
        self.failed = 0  # articles traced whose file could not be written: errors of the run
        self.files = None if out_dir is None else ArticleFiles(out_dir, ".gold.json" if format == "gold" else ".json")

    def write(self, item) -> None:
        if isinstance(item, Failure):
            return  # reported on stderr and in the summary
        doc, where = item
        if self.format == "gold":
            from .eval.gold import to_gold

            rendered = json.dumps(to_gold(doc, doc.id), ensure_ascii=False, indent=2)
        elif self.format == "json":
            rendered = json.dumps(doc.to_dict(), ensure_ascii=False, indent=2)
            if self.files is None:
                print(rendered)
                return
        else:
            print(summary(doc, where))
            return
        from .run.outputs import ArticleFileError

        try:
            self.files.write(doc.id or "document", rendered + "\n")
        except ArticleFileError as exc:  # one article's bad id (a link on its path): its error, not the run's end
            from tqdm import tqdm

            self.failed += 1
            tqdm.write(f"attrib: error: {exc}", file=sys.stderr)

    def close(self) -> None:
        if self.files is not None:
            self.files.close()
        sys.stdout.flush()


def cmd_trace(args) -> int:
    from .run.outputs import SINK_FORMATS, open_sink

    if args.retry_errors and not args.resume:
        print("attrib trace: --retry-errors goes with --resume", file=sys.stderr)
        return 2
    if args.engine == "dask":
        return _trace_on_dask(args)
    if args.scheduler:
        print("attrib trace: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    streaming = args.format in SINK_FORMATS
    if args.format == "gold" and not args.output:
        print("attrib trace: --format gold needs -o DIR", file=sys.stderr)
        return 2
    if args.resume and not (streaming and args.output):
        print("attrib trace: --resume needs --format jsonl, csv or parquet and -o", file=sys.stderr)
        return 2
    registry_files = tuple(args.registry or ())
    if registry_files:
        Registry.load(*registry_files)  # a bad registry file stops the run here, not in every worker
    sink = open_sink(args.format, args.output, resume=args.resume, retry_errors=args.retry_errors) if streaming \
        else _PerDocument(args.format, Path(args.output) if args.output else None)
    from .run import local

    report = local.run_corpus(
        args.inputs, sink, input_format=args.input_format, text_column=args.text_column, id_column=args.id_column,
        lang=args.lang, registry_files=registry_files, jobs=args.jobs, ordered=not args.unordered,
        resume=args.resume, fail_fast=args.fail_fast, quiet=args.quiet,
        timeout=args.timeout if args.timeout is not None else DEFAULT_TIMEOUT)
    if getattr(sink, "failed", 0):  # traced, but the file could not be written
        report.traced, report.errors = report.traced - sink.failed, report.errors + sink.failed
    if report.errors or args.resume or report.documents > 1 or streaming or report.duplicates:
        print(report.summary(), file=sys.stderr)
    if report.kept_errors:
        print(f"attrib: the output still holds {report.kept_errors:,} error record(s) of an earlier run; "
              f"run again with --resume --retry-errors to trace them again", file=sys.stderr)
    return 0 if report.ok else 1


def _trace_on_dask(args) -> int:
    """``attrib trace --engine dask``: a directory of part files, written by the workers."""
    from .run import dask as on_dask

    on_dask.require_dask()

    def refuse(message: str) -> int:
        print(f"attrib trace: {message}", file=sys.stderr)
        return 2

    if args.retry_errors or args.timeout is not None:
        return refuse("--retry-errors and --timeout are options of the local engine")
    if args.format not in on_dask.OUT_FORMATS:
        return refuse(f"--engine dask writes --format jsonl or parquet (a directory of part files), "
                      f"not {args.format}")
    if not args.output or args.output == "-":
        return refuse("--engine dask writes a directory of part files: give it with -o DIR")
    registry_files = tuple(args.registry or ())
    if registry_files:
        Registry.load(*registry_files)  # a bad registry file stops the run here, not on every worker
    try:
        report = on_dask.run_corpus(
            args.inputs, args.output, args.format, input_format=args.input_format, text_column=args.text_column,
            id_column=args.id_column, lang=args.lang, registry_files=registry_files, scheduler=args.scheduler,
            jobs=args.jobs, resume=args.resume, fail_fast=args.fail_fast, quiet=args.quiet)
    except on_dask.SchedulerError as exc:
        return refuse(str(exc))
    print(report.summary(), file=sys.stderr)
    return 0 if report.ok else 1


class _Reading:
    """The Documents of a command's inputs (``attrib.run.documents.read_items``): traced
    output read back, article text traced. Each problem is reported on stderr as it is
    read; ``ok`` says whether every input was read."""

    SHOWN = 20  # problems named on stderr; the others are counted

    def __init__(self, args, registry, command: str):
        self.args, self.registry, self.command = args, registry, command
        self.documents = 0
        self.problems = 0  # inputs, lines or articles that could not be read or traced
        self.error_records = 0  # articles attrib trace could not do, as its output says

    def report(self, problem) -> None:
        if problem.error_record:
            self.error_records += 1
        else:
            self.problems += 1
        if self.problems + self.error_records <= self.SHOWN:
            kind = "warning" if problem.error_record else "error"
            print(f"attrib {self.command}: {kind}: {problem}", file=sys.stderr)

    def __iter__(self):
        from .run.documents import Problem, read_items
        from .pipeline import trace

        for item in read_items(self.args.inputs, kind=self.args.input_format):
            if isinstance(item, Problem):
                self.report(item)
                continue
            if not isinstance(item, Document):  # article text: traced here, as attrib trace would
                try:
                    item = trace(item.text, item.lang or self.args.lang, id=item.id, publisher=item.publisher,
                                 registry=self.registry, url=item.url, date=item.date)
                except (KeyError, ValueError, LookupError) as exc:
                    self.report(Problem(item.where, f"{item.where}: cannot trace: {exc}", item.id))
                    continue
            self.documents += 1
            yield item

    def ok(self) -> bool:
        """Say on stderr what went wrong; true when every input was read and something was."""
        shown = self.problems + self.error_records
        if shown > self.SHOWN:
            print(f"attrib {self.command}: ... {shown - self.SHOWN:,} more not shown", file=sys.stderr)
        if self.error_records:
            print(f"attrib {self.command}: {self.error_records:,} error record(s) in the inputs: articles attrib "
                  f"trace could not do, left out of the {self.documents:,} read", file=sys.stderr)
        if self.problems:
            print(f"attrib {self.command}: {self.problems:,} input(s) or record(s) could not be read; "
                  f"no output", file=sys.stderr)
            return False
        if not self.documents:
            print(f"attrib {self.command}: read no document; no output", file=sys.stderr)
            return False
        return True


def _check_output(path: str) -> None:
    """Refuse an output that cannot be written before reading a corpus for it."""
    target = Path(path)
    if target.is_dir():
        raise OSError(errno.EISDIR, "is a directory; give a file name", str(target))
    parent = target.parent
    if not parent.is_dir():
        raise OSError(errno.ENOENT, f"no directory {parent} to write it in", str(target))


def _write_whole(path: str, write) -> None:
    """``write(tmp)`` writes the output to a temporary file beside ``path``, which
    then takes its place: an existing file is replaced only by a complete one."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        try:
            mode = target.stat().st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)  # mkstemp makes it 0600
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_graph(args) -> int:
    from .graph import ProvenanceGraph

    _check_output(args.output)
    reading = _Reading(args, _registry(args), "graph")
    g = ProvenanceGraph.from_documents(reading, drop=args.drop or ())
    if not reading.ok():
        return 1
    cluster = None
    if args.claim:
        rows = g.origins(args.claim)
        if not rows:
            print(f"attrib graph: no cluster matches {args.claim!r}; nothing written", file=sys.stderr)
            return 1
        cluster = rows[0]["cluster"]
    _write_whole(args.output, lambda tmp: g.write(tmp, args.format, cluster=cluster, view=args.view))
    print(f"attrib: wrote {args.format} to {args.output}: {len(g.docs)} articles, {len(g.claims)} claims, "
          f"{len(g.clusters())} clusters, {len(g.sources)} sources", file=sys.stderr)
    return 0


def cmd_origins(args) -> int:
    from .graph import ProvenanceGraph

    reading = _Reading(args, _registry(args), "origins")
    g = ProvenanceGraph.from_documents(reading)
    if not reading.ok():
        return 1
    rows = g.origins(args.claim)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    if not rows:  # grep's convention: nothing found is exit 1
        print(f"attrib origins: no cluster matches {args.claim!r}" if args.claim is not None else
              f"attrib origins: the {reading.documents:,} document(s) hold no attributed claim", file=sys.stderr)
        return 1
    if args.json:
        return 0
    for r in rows:
        print(f"cluster {r['cluster']}: {len(r['documents'])} article(s) {', '.join(r['documents'])}; "
              f"{r['claims']} attributed claim(s)")
        print(f"  claim:   {' '.join(r['claim'].split())[:120]}")
        print(f"  origins: {', '.join(r['origins'])}")
        for chain in r["chains"]:
            print(f"  chain:   {' → '.join(chain)}")
    return 0


def _names(path: Optional[str]) -> Optional[List[str]]:
    """The document names listed in a file, or None without one."""
    if path is None:
        return None
    from .eval.metrics import EvalError
    from .lexicon import read_list

    try:
        return read_list(Path(path))
    except OSError as exc:
        raise EvalError(f"cannot read the list of documents {path}: {exc}") from None


def cmd_eval(args) -> int:
    """``attrib eval GOLD_DIR [PRED_DIR] [--errors] [--json]`` and ``attrib eval --pfsa PATH``.

    Exit 0 when scoring ran (whatever the scores), 2 for a missing directory
    or file, no gold files, or unusable gold/prediction files.
    """
    from .eval.gold import GoldError
    from .eval.metrics import EvalError
    from .eval.score import evaluate

    if not args.gold and not args.pfsa:
        print("attrib eval: give a GOLD_DIR (folder of NAME.gold.json beside NAME.txt) or --pfsa PATH", file=sys.stderr)
        return 2
    if args.pfsa and not Path(args.pfsa).is_file():
        print(f"attrib eval: PFSA file not found: {args.pfsa}", file=sys.stderr)
        return 2

    results: dict = {}
    try:
        if args.gold:
            results["corpus"] = evaluate(args.gold, args.pred, lang=args.lang, only=_names(args.only))
        if args.pfsa:
            from .eval.pfsa import evaluate_pfsa

            results["pfsa"] = evaluate_pfsa(args.pfsa, lang=args.lang or "id")
    except (EvalError, GoldError) as exc:
        print(f"attrib eval: {exc}", file=sys.stderr)
        return 2

    if args.json:
        dicts = {k: r.to_dict(errors=args.errors) for k, r in results.items()}
        print(json.dumps(next(iter(dicts.values())) if len(dicts) == 1 else dicts, ensure_ascii=False, indent=2))
        return 0
    blocks = []
    for r in results.values():
        blocks.append(r.table())
        if args.errors:
            blocks.append(r.errors_text())
    print("\n\n".join(blocks))
    return 0


def cmd_show(args) -> int:
    from .run.documents import Problem, read_items
    from .pipeline import trace
    from .show import render_html, render_terminal

    def fail(message) -> int:
        print(f"attrib show: error: {message}", file=sys.stderr)
        return 1

    if args.html:
        try:
            _check_output(args.html)
        except OSError as exc:
            return fail(f"{exc.filename}: cannot write: {exc.strerror}")
    doc, ids = None, []
    for item in read_items([args.file], kind=args.input_format):
        if isinstance(item, Problem):
            if args.id is None or item.id == args.id or not item.error_record:
                return fail(item)
            continue
        if args.id is not None and item.id != args.id:
            continue
        ids.append(item.id)
        if doc is not None:  # a file of many documents: which one is not for attrib to guess
            return fail(f"{args.file} holds several documents ({', '.join(map(repr, ids))}, ...): "
                        f"choose one with --id")
        doc = item
        if args.id is not None:
            break
    if doc is None:
        return fail(f"{args.file}: no document with id {args.id!r}" if args.id is not None else
                    f"{args.file}: holds no document")
    if not isinstance(doc, Document):
        try:
            doc = trace(doc.text, doc.lang or args.lang, id=doc.id, publisher=doc.publisher, url=doc.url,
                        date=doc.date)
        except (KeyError, ValueError, LookupError) as exc:
            return fail(f"{doc.where}: cannot trace: {exc}")
    if args.html:
        try:
            _write_whole(args.html, lambda tmp: tmp.write_text(render_html(doc), encoding="utf-8"))
        except OSError as exc:
            return fail(f"{args.html}: cannot write: {exc.strerror or exc}")
        print(f"attrib show: wrote {args.html} ({len(doc.attributions)} attributions)", file=sys.stderr)
        return 0
    try:
        render_terminal(doc)
    except ImportError as exc:
        return fail(exc)
    return 0


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return n


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        n = 0.0
    if not 0 < n < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {value!r}")
    return n


DEFAULT_TIMEOUT = 600.0  # seconds per article: generous, for no real article takes a minute


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="attrib", description="Trace who said what in news text.")
    p.add_argument("--version", action="version", version=f"attrib {__version__} ({_accel.describe()})")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("trace", help="find the attributions in articles, from one file to a corpus",
                       description="Trace articles: text files, directories, globs, JSON Lines, CSV or - (stdin).")
    t.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a .txt file, a directory of .txt files, a glob, a .jsonl/.csv/.tsv file, or - for stdin")
    t.add_argument("--format", choices=("text", "json", "gold", "jsonl", "csv", "parquet"), default="text",
                   help="text: one attribution per line; json: the full Document; gold: the gold annotation "
                        "format; jsonl: one Document per line; csv, parquet: one row per attribution")
    t.add_argument("-o", "--output", help="jsonl, csv: the file (default stdout); parquet: a directory of part "
                                          "files; json, gold: a directory with one file per article")
    t.add_argument("--input-format", choices=("auto", "text", "jsonl", "csv", "tsv"), default="auto",
                   help="how to read the inputs (default: by file suffix; stdin: JSON Lines if it starts with '{')")
    t.add_argument("--text-column", default="text", help="CSV/TSV column holding the article text (default: text)")
    t.add_argument("--id-column", default="id", help="CSV/TSV column holding the article id (default: id)")
    t.add_argument("--jobs", "-j", type=_positive, default=None, help="worker processes (default: all cores)")
    t.add_argument("--unordered", action="store_true", help="write results as they finish, not in input order")
    t.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    t.add_argument("--fail-fast", action="store_true", help="stop at the first article that fails")
    t.add_argument("--resume", action="store_true",
                   help="take up an interrupted run: keep the records already in the output (-o), by position "
                        "in the input, and trace the rest; error records of dead workers and timeouts are "
                        "traced again")
    t.add_argument("--retry-errors", action="store_true",
                   help="with --resume: trace every error record again, not only those of dead workers and timeouts")
    t.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                   help=f"time limit per article (default: {DEFAULT_TIMEOUT:g}); an article over it becomes "
                        f"an error record and the run goes on")
    t.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: processes on this machine; dask: a Dask cluster (pip install 'attrib[dask]')")
    t.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster")
    t.add_argument("--lang", default="auto",
                   help="language code, or auto to pick each article's from its stop words (default: auto)")
    t.add_argument("--registry", action="append", help="extra source registry file (TSV), merged over the bundled one")
    t.set_defaults(func=cmd_trace)

    g = sub.add_parser("graph", help="build the provenance graph of many articles and write it out")
    g.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="the output of attrib trace (--format jsonl or json: files or directories), or article "
                        "text files and directories, traced here; told apart by content")
    g.add_argument("--format", required=True,
                   choices=("networkx-json", "graphml", "gexf", "prov-json", "prov-n", "prov-ttl", "dot", "svg", "png"))
    g.add_argument("-o", "--output", required=True, help="file to write")
    g.add_argument("--claim", help="draw only the story whose claims match these words (dot, svg, png)")
    g.add_argument("--view", choices=("claims", "outlets"), default="claims",
                   help="claims: the provenance graph (default); outlets: the outlet citation network, outlet -> "
                        "outlet edges weighted by the claims that passed along them")
    g.add_argument("--drop", action="append", choices=("borderline", "unspecified", "unknown"),
                   help="leave out borderline attributions, the unspecified source or the unknown-publisher "
                        "placeholder, so they do not become hubs (repeat the option to drop more)")
    g.add_argument("--lang", default="auto", help="language code, or auto (default)")
    g.add_argument("--registry", action="append", help="extra source registry file (TSV)")
    g.add_argument("--input-format", choices=("auto", "traced", "text"), default="auto",
                   help="what the inputs are: traced (output of attrib trace), text (articles to trace, read as attrib trace reads them), or auto: told by content (default)")
    g.set_defaults(func=cmd_graph)

    o = sub.add_parser("origins", help="where did a claim come from: its clusters, origins and chains")
    o.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="the output of attrib trace (--format jsonl or json), or article text files, traced here")
    o.add_argument("--claim", help="words of the claim (default: every cluster)")
    o.add_argument("--json", action="store_true", help="print the rows as JSON")
    o.add_argument("--lang", default="auto", help="language code, or auto (default)")
    o.add_argument("--registry", action="append", help="extra source registry file (TSV)")
    o.add_argument("--input-format", choices=("auto", "traced", "text"), default="auto",
                   help="what the inputs are: traced (output of attrib trace), text (articles to trace, read as attrib trace reads them), or auto: told by content (default)")
    o.set_defaults(func=cmd_origins)

    e = sub.add_parser("eval", help="score attrib (or given predictions) against gold files")
    e.add_argument("gold", nargs="?", help="directory of NAME.gold.json files beside NAME.txt")
    e.add_argument("pred", nargs="?", help="directory of predicted NAME.gold.json files (default: trace the texts)")
    e.add_argument("--errors", action="store_true", help="list every miss, spurious attribution and wrong source/chain")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.add_argument("--pfsa", metavar="PATH", help="score direct quotes and speakers on a PFSA-ID split")
    e.add_argument("--lang", default=None, help="language code (default: each gold file's lang)")
    e.add_argument("--only", metavar="FILE", help="score only the documents named in FILE (one name a line, # comments)")
    e.set_defaults(func=cmd_eval)

    s = sub.add_parser("show", help="show an article with its attributions highlighted (terminal or HTML)")
    s.add_argument("file", help="article text file (UTF-8, traced on the fly), or the output of attrib trace "
                                "(--format json or jsonl)")
    s.add_argument("--id", help="the document to show, of a file that holds several")
    s.add_argument("--html", metavar="OUT.html", help="write a self-contained HTML page instead of printing")
    s.add_argument("--lang", default="auto", help="language code for text files, or auto (default)")
    s.add_argument("--input-format", choices=("auto", "traced", "text"), default="auto",
                   help="what the inputs are: traced (output of attrib trace), text (articles to trace, read as attrib trace reads them), or auto: told by content (default)")
    s.set_defaults(func=cmd_show)
    return p


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `attrib origins ... | head`: the reader has what it wanted; silent, as in Unix tools
        _quiet_stdout()
        return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe
    except (RegistryError, ValueError, ImportError, RuntimeError) as exc:
        print(f"attrib: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an output that cannot be written, a full disk
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"attrib: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("attrib: interrupted; what was written is complete: run again with --resume to finish",
              file=sys.stderr)
        return 130


def _quiet_stdout() -> None:
    """Point stdout at /dev/null: the interpreter flushes it at exit, which would fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is no file (captured in tests)
        pass


if __name__ == "__main__":
    sys.exit(main())
