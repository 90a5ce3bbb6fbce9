"""Reading back what ``attrib trace`` wrote, and telling it from article text.

``read_documents(paths)`` yields the ``Document``s of JSON Lines files
(``--format jsonl``, and the part files of ``--engine dask``), JSON files
(``--format json``: one file per article, or several documents printed one
after another) and directories of those, one at a time: a corpus need not fit
in memory.

What a file holds is told by its content, never by its name: a file whose
first line is a JSON object with the keys of a Document (``DOCUMENT_KEYS``) or
of an error record is traced output; a file that does not begin with "{" is
article text; anything else (JSON that is neither, or "{" that is not JSON)
is reported as a ``Problem`` that says what could not be told.

Error records (articles ``attrib trace`` could not do), unreadable lines and
repeated ids are reported, never skipped in silence: by default
``read_documents`` raises ``DocumentsError`` at the first one.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
import warnings
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

import attrs

from ..model import Document
from .inputs import Failure, InputError, Record, read_inputs, text_item

__all__ = ["read_documents", "read_items", "DocumentsError", "Problem", "DOCUMENT_KEYS", "INPUT_KINDS"]

# Keys every Document.to_dict() has: a JSON object with all of them is traced output.
DOCUMENT_KEYS = frozenset({"text", "lang", "attributions"})
_ERROR_KEYS = frozenset({"id", "error"})  # an error record: {"id", "error", "stage", "where"}
INPUT_KINDS = ("auto", "traced", "text")
_TRACED_SUFFIXES = (".json", ".jsonl")
_NOT_TRACED = (".gold.json",)  # gold annotations, not Documents
_NAMES_FILE = "attrib-names.jsonl"  # the file-name list of ``trace --format json -o DIR`` (run.outputs.NAMES_FILE)


class DocumentsError(ValueError):
    """Traced output that cannot be read, or that holds an error record; the message names the file and line."""

    def __init__(self, problem: "Problem"):
        super().__init__(problem.message)
        self.problem = problem


@attrs.frozen
class Problem:
    """Something read that gives no Document: ``message`` names the file (and line).
    ``error_record`` is true for an article that ``attrib trace`` could not do (its
    error record), false for an input that could not be read or told apart."""

    where: str
    message: str
    id: Optional[str] = None
    error_record: bool = False

    def __str__(self) -> str:
        return self.message


OnError = Union[str, Callable[[Problem], None]]


def read_documents(paths: Union[str, Path, Iterable[Union[str, Path]]], *, on_error: OnError = "raise"
                   ) -> Iterator[Document]:
    """The Documents in files and directories written by ``attrib trace``
    (``--format jsonl`` or ``json``, or the part files of ``--engine dask``), in
    order, one at a time.

    ``on_error`` says what to do with an error record, an unreadable line, an
    id read twice or an input that is not traced output: "raise" (the default)
    raises ``DocumentsError``; "warn" issues a warning and goes on; a callable
    is given each ``Problem`` and the reading goes on."""
    handle = _handler(on_error)
    for item in read_items(paths, kind="traced"):
        if isinstance(item, Problem):
            handle(item)
        else:
            yield item


def _handler(on_error: OnError) -> Callable[[Problem], None]:
    if callable(on_error):
        return on_error
    if on_error == "raise":
        def fail(problem: Problem) -> None:
            raise DocumentsError(problem)
        return fail
    if on_error == "warn":
        return lambda problem: warnings.warn(problem.message, stacklevel=3)
    raise ValueError(f"on_error must be 'raise', 'warn' or a function, not {on_error!r}")


def read_items(paths: Union[str, Path, Iterable[Union[str, Path]]], kind: str = "auto"
               ) -> Iterator[Union[Document, Record, Problem]]:
    """Everything the inputs hold, in order: a Document for each traced article,
    a Record for each article of text still to trace (not with ``kind="traced"``),
    a Problem for what gives neither. ``kind`` is "auto" (told by content),
    "traced" or "text" (every input is article text, read as ``attrib trace`` reads it).
    An id that came before is a Problem, and the second article is left out."""
    if kind not in INPUT_KINDS:
        raise ValueError(f"kind must be one of {', '.join(INPUT_KINDS)}, not {kind!r}")
    if isinstance(paths, (str, Path)):
        paths = [paths]
    seen: dict = {}  # id -> where it was first read
    for item in _items([str(p) for p in paths], kind):
        if isinstance(item, tuple):  # (Document, where)
            item, where = item
        elif isinstance(item, Record):
            where = item.where
        else:
            yield item
            continue
        if item.id is not None:
            if item.id in seen:
                yield Problem(where, f"{where}: the id {item.id!r} came before (at {seen[item.id]}); "
                                     f"every article needs its own id, so this one is left out", item.id)
                continue
            seen[item.id] = where
        yield item


def _items(names, kind: str) -> Iterator[Union[tuple, Record, Problem]]:
    for name in names:
        if name == "-":
            yield from _stream(sys.stdin.buffer, "stdin", "stdin", kind)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _directory(path, kind)
        elif path.exists():
            yield from _file(path, None, kind)
        elif any(c in name for c in "*?["):
            import glob as globmod
            from .inputs import _glob_id

            files = sorted(Path(p) for p in globmod.glob(name, recursive=True) if Path(p).is_file())
            if not files:
                yield Problem(name, f"{name}: no file matches")
            for p in files:
                yield from _file(p, _glob_id(p, name), kind)
        else:
            yield Problem(name, f"{name}: cannot read: no such file or directory")


def _directory(path: Path, kind: str) -> Iterator[Union[tuple, Record, Problem]]:
    """A directory of traced output (the files of ``--format json -o DIR``, the part files of
    ``--engine dask``) or of article text (.txt, as ``attrib trace`` reads it), not both."""
    files = sorted(p for p in path.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(path).parts))  # .part-N.tmp
    traced = [p for p in files if p.suffix.lower() in _TRACED_SUFFIXES and p.name != _NAMES_FILE
              and not p.name.lower().endswith(_NOT_TRACED)]
    texts = [p for p in files if p.suffix.lower() == ".txt"]
    if kind == "text" or (texts and not traced and kind == "auto"):
        yield from _records([str(path)], str(path))
    elif traced and texts and kind == "auto":
        yield Problem(str(path), f"{path}: holds both article text (.txt) and .json/.jsonl files: cannot tell "
                                 f"which are the articles; name the files, or give --input-format traced or text")
    elif traced:
        for p in traced:
            yield from _file(p, p.relative_to(path).with_suffix("").as_posix(), "traced")
    elif any(p.suffix.lower() == ".parquet" for p in files):
        yield Problem(str(path), f"{path}: Parquet part files hold one row per attribution, not Documents; "
                                 f"trace with --format jsonl to read the articles back")
    else:
        yield Problem(str(path), f"{path}: holds no traced output (.json, .jsonl files of attrib trace)"
                                 + ("" if kind == "traced" else " nor article text (.txt)"))


def _records(names, where: str) -> Iterator[Union[Record, Problem]]:
    """Article text as ``attrib trace`` reads it (same ids), still to trace."""
    for rec in read_inputs(names):
        if isinstance(rec, Failure):
            yield Problem(rec.where or where, rec.reason, rec.id)
        else:
            yield rec


def _file(path: Path, rel: Optional[str], kind: str) -> Iterator[Union[tuple, Record, Problem]]:
    if kind == "text":
        yield from (_records([str(path)], str(path)) if rel is None else [_text(path, rel)])
        return
    if path.suffix.lower() in (".csv", ".tsv"):
        yield from _table(path, kind)
        return
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Problem(str(path), f"{path}: cannot read: {exc.strerror or exc}")
        return
    with fh:
        yield from _stream(fh, str(path), rel or path.stem, kind, path=path)


def _text(path: Path, rel: Optional[str]) -> Union[Record, Problem]:
    item = text_item(path, rel)
    return Problem(item.where, item.reason, item.id) if isinstance(item, Failure) else item


def _table(path: Path, kind: str) -> Iterator[Union[Record, Problem]]:
    """CSV/TSV: articles to trace, or the attribution rows of ``trace --format csv``, which hold no text."""
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            header = next(csv.reader(fh, delimiter="\t" if path.suffix.lower() == ".tsv" else ","), [])
    except OSError as exc:
        yield Problem(str(path), f"{path}: cannot read: {exc.strerror or exc}")
        return
    if {"doc_id", "chain_ids"} <= set(header):
        yield Problem(str(path), f"{path}: the attribution rows of attrib trace --format csv, which do not hold "
                                 f"the articles' text: trace with --format jsonl to read the Documents back")
    else:
        yield Problem(str(path), f"{path}: a table of articles to trace, not traced output: trace it first "
                                 f"(attrib trace {path} --format jsonl -o docs.jsonl), or give --input-format text")


def _stream(fh, where: str, stem: str, kind: str, path: Optional[Path] = None
            ) -> Iterator[Union[tuple, Record, Problem]]:
    """One file or stdin, told by its first line that is not blank."""
    if kind == "text":  # (stdin: files of text are read by _file)
        yield from _records_of_bytes(fh.read(), where)
        return
    head, lineno, first = [], 0, b""
    for raw in fh:
        lineno += 1
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        head.append(raw)
        if raw.strip():
            first = raw.strip()
            break
    if first.startswith(b"["):  # a JSON array is no article; "[JAKARTA] ..." is
        data = b"".join(head) + fh.read()
        if _json_line(data) is not None:
            yield Problem(where, f"{where}: not a Document JSON of attrib trace: a JSON array")
            return
        head = [data]
    if not first.startswith(b"{"):
        # article text (an empty file too: an article with no words, as attrib trace reads it)
        if kind == "traced":
            yield Problem(where, f"{where}: article text (it does not begin with '{{'), not the output of attrib trace"
                                 + ("" if not first else "; trace it first: attrib trace FILE --format jsonl -o docs.jsonl"))
        elif path is not None:
            yield _text(path, stem if stem != path.stem else None)
        else:
            data = b"".join(head) + fh.read()
            yield from _records_of_bytes(data, where)
        return
    obj = _json_line(first)
    if isinstance(obj, dict):
        # JSON Lines of traced output: read a line at a time
        yield _object(obj, f"{where}:{lineno}", f"{stem}:{lineno}" if lineno > 1 else stem, kind)
        for raw in fh:
            lineno += 1
            if raw.strip():
                yield _line(raw, f"{where}:{lineno}", f"{stem}:{lineno}", kind)
        return
    yield from _json_values(b"".join(head) + fh.read(), where, stem, kind)


def _records_of_bytes(data: bytes, where: str) -> Iterator[Union[Record, Problem]]:
    from .inputs import _read_stdin

    for rec in _read_stdin(io.BytesIO(data), "auto", "text", "id"):
        yield Problem(rec.where or where, rec.reason, rec.id) if isinstance(rec, Failure) else rec


def _json_line(raw: bytes):
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # (UnicodeDecodeError and JSONDecodeError are ValueErrors)
        return None


def _line(raw: bytes, where: str, fallback_id: str, kind: str) -> Union[tuple, Problem]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(where, f"{where}: not UTF-8: byte 0x{raw[exc.start]:02x} at byte {exc.start} of the line")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        cut = "" if raw.endswith(b"\n") else " (the last line, cut short: an interrupted run?)"
        return Problem(where, f"{where}: invalid JSON{cut}: {exc.msg.removesuffix(' at')} at column {exc.colno}")
    except (ValueError, RecursionError) as exc:
        return Problem(where, f"{where}: invalid JSON: {str(exc)[:120]}")
    return _object(obj, where, fallback_id, kind)


def _object(obj, where: str, fallback_id: str, kind: str) -> Union[tuple, Problem]:
    """(Document, where), or a Problem."""
    if not isinstance(obj, dict):
        return Problem(where, f"{where}: a JSON {type(obj).__name__}, not a Document of attrib trace")
    if "error" in obj and _ERROR_KEYS <= obj.keys() and "text" not in obj:
        rid = obj.get("id")
        stage = obj.get("stage") or "error"
        return Problem(where, f"{where}: error record of article {rid!r}: attrib trace could not do it "
                              f"({stage}: {obj.get('error')}); it is not among the documents read", 
                       str(rid) if rid is not None else None, error_record=True)
    if not DOCUMENT_KEYS <= obj.keys():
        missing = ", ".join(repr(k) for k in sorted(DOCUMENT_KEYS - obj.keys()))
        hint = ("; it looks like an article to trace: attrib trace FILE --format jsonl -o docs.jsonl, "
                "then read docs.jsonl" if "text" in obj else "")
        return Problem(where, f"{where}: not a Document JSON of attrib trace (no {missing}) nor an error "
                              f"record{hint}")
    try:
        doc = Document.from_dict(obj if obj.get("id") is not None else {**obj, "id": fallback_id})
    except KeyError as exc:
        return Problem(where, f"{where}: not a Document JSON: missing key {exc}", _id(obj))
    except (ValueError, TypeError, AttributeError) as exc:
        return Problem(where, f"{where}: not a Document JSON: {exc}", _id(obj))
    return doc, where


def _id(obj: dict) -> Optional[str]:
    rid = obj.get("id")
    return rid if isinstance(rid, str) else None


def _json_values(data: bytes, where: str, stem: str, kind: str) -> Iterator[Union[tuple, Problem]]:
    """A JSON file: one Document (``--format json -o DIR``), or several printed one after
    another (``--format json`` on stdout)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Problem(where, f"{where}: not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}")
        return
    decoder = json.JSONDecoder()
    values, pos = [], 0
    try:
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos == len(text):
                break
            value, pos = decoder.raw_decode(text, pos)
            values.append(value)
    except json.JSONDecodeError as exc:
        yield Problem(where, f"{where}: invalid JSON at line {exc.lineno}, column {exc.colno} "
                             f"({exc.msg.removesuffix(' at')}): it begins with '{{', so it is not article text, "
                             f"but it is not traced output either: cannot tell which it is"
                             + ("" if kind == "traced" else "; if it is article text, give --input-format text"))
        return
    except RecursionError:
        yield Problem(where, f"{where}: JSON nested too deep to read")
        return
    for n, value in enumerate(values, 1):
        at = where if len(values) == 1 else f"{where} (document {n})"
        yield _object(value, at, stem if len(values) == 1 else f"{stem}:{n}", kind)
