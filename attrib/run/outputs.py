"""Outputs of corpus runs, written one document at a time: JSON Lines, and
CSV or Parquet tables with one row per attribution (``ROW_COLUMNS``).

Sinks (``open_sink``) stream a whole run to one file or directory and know
the ids they already hold (``done_ids``, for ``--resume``); part files
(``open_part``) are the ``part-NNNNN`` files of a directory, written whole
under a temporary name. docs/corpus-runs.md describes the formats.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import IO, Iterable, List, Optional, Set, Tuple, Union

from ..graph import UNKNOWN, parse_date
from ..model import Document
from .inputs import Failure
from .resume import plan_csv, plan_jsonl, plan_parquet

__all__ = ["ROW_COLUMNS", "attribution_rows", "failure_row", "table_rows", "jsonl_line", "render_jsonl",
           "open_sink", "done_ids", "JsonlSink", "CsvSink", "ParquetSink", "SINK_FORMATS", "require_pyarrow",
           "parquet_schema", "parquet_row", "PARQUET_COLUMNS", "PART_RE", "part_name", "open_part", "JsonlPart", "ParquetPart", "part_ids",
           "ArticleFiles", "ArticleFileError", "safe_name", "NAMES_FILE"]

SINK_FORMATS = ("jsonl", "csv", "parquet")
PART_RE = re.compile(r"^part-(\d+)\.(jsonl|parquet)$")

ROW_COLUMNS = (
    "doc_id", "publisher", "publisher_id", "url", "date", "lang", "attributions",
    "attribution", "cue", "cue_start", "cue_end",
    "source", "source_kind", "source_id", "source_role", "source_start", "source_end",
    "content", "content_start", "content_end", "direct", "core", "time",
    "chain", "chain_ids", "chain_length", "origin", "origin_id", "error",
)
_INT = {"attributions", "attribution", "cue_start", "cue_end", "source_start", "source_end",
        "content_start", "content_end", "chain_length"}
_BOOL = {"direct", "core"}
# Parquet has types CSV lacks: chain_ids a list of strings (JSON text in CSV),
# date a date (the day; null when the input's date is no ISO date), and the
# date as the input gave it in date_text, last, so nothing is lost.
PARQUET_COLUMNS = ROW_COLUMNS + ("date_text",)


def _doc_columns(doc: Document) -> dict:
    pub = doc.publisher
    return {
        "doc_id": doc.id, "publisher": pub.name if pub else None, "publisher_id": pub.identity if pub else None,
        "url": doc.url, "date": doc.date, "lang": doc.lang, "attributions": len(doc.attributions),
    }


def attribution_rows(doc: Document) -> List[dict]:
    """One flat row per attribution (``ROW_COLUMNS``); the chain is written as
    "Kontan → CNN → media pemerintah Rusia" and its ids as JSON."""
    base = _doc_columns(doc)
    if not doc.attributions:
        return [{**dict.fromkeys(ROW_COLUMNS), **base}]
    rows = []
    for i, a in enumerate(doc.attributions):
        src = a.source
        # the unknown publisher is "unknown" here as in the graph (its label is "?")
        chain_ids = [h.identity or (UNKNOWN if h.name == "?" else h.label) for h in a.chain]
        rows.append({
            **dict.fromkeys(ROW_COLUMNS), **base,
            "attribution": i, "cue": a.cue.text, "cue_start": a.cue.span.start, "cue_end": a.cue.span.end,
            "source": src.name or src.mention, "source_kind": src.kind.value, "source_id": src.identity,
            "source_role": src.role,
            "source_start": src.span.start if src.span else None, "source_end": src.span.end if src.span else None,
            "content": a.content.text, "content_start": a.content.span.start, "content_end": a.content.span.end,
            "direct": a.direct, "core": a.core, "time": a.time.text if a.time else None,
            "chain": " → ".join(h.label for h in a.chain), "chain_ids": json.dumps(chain_ids, ensure_ascii=False),
            "chain_length": len(a.chain),
            "origin": a.chain[-1].label if a.chain else None, "origin_id": chain_ids[-1] if chain_ids else None,
        })
    return rows


def failure_row(f: Failure) -> dict:
    return {**dict.fromkeys(ROW_COLUMNS), "doc_id": f.id, "error": f"{f.stage}: {f.reason}"}


def render_jsonl(doc: Document) -> str:
    """A document as one JSON line (runs in the worker process)."""
    return json.dumps(doc.to_dict(), ensure_ascii=False)


def table_rows(item) -> List[dict]:
    """The table rows of a Document, a Failure, a row or a list of rows."""
    if isinstance(item, Failure):
        return [failure_row(item)]
    if isinstance(item, list):  # rendered by attribution_rows
        return item
    if isinstance(item, dict):
        return [item]
    if isinstance(item, str):
        raise TypeError("tables take Documents or rows, not JSON lines; trace without render=")
    return attribution_rows(item)


def jsonl_line(item) -> str:
    """The JSON line (without its newline) of a rendered line, a Failure, a dict or a Document."""
    if isinstance(item, str):
        return item
    if isinstance(item, Failure):
        return json.dumps(item.to_dict(), ensure_ascii=False)
    if isinstance(item, dict):
        return json.dumps(item, ensure_ascii=False)
    return render_jsonl(item)


class _Sink:
    render = None  # the function workers apply to each document
    plan = None  # with --resume: where the earlier run's output is taken up (attrib.run.resume)

    def begin(self) -> None:
        """Cut the output to the records a resumed run keeps; called once they are checked
        against the inputs, before the first write."""

    def write(self, item) -> None:  # a rendered document, or a Failure
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class JsonlSink(_Sink):
    render = staticmethod(render_jsonl)

    def __init__(self, target: Union[str, Path, None], resume: bool = False, retry_errors: bool = False):
        self.path = Path(target) if target not in (None, "-") else None
        if self.path is None:
            self.fh: Optional[IO[str]] = sys.stdout
        elif resume:
            self.plan = plan_jsonl(self.path, retry_errors)
            self.fh = None  # opened by begin()
        else:
            self.fh = open(self.path, "w", encoding="utf-8")

    def begin(self) -> None:
        if self.plan is not None and self.fh is None:
            if self.path.exists():
                os.truncate(self.path, self.plan.cut)
            self.fh = open(self.path, "a", encoding="utf-8")

    @staticmethod
    def done_ids(path: Union[str, Path]) -> Set[str]:
        ids: Set[str] = set()
        path = Path(path)
        if not path.exists():
            return ids
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if not line.endswith("\n"):
                    break  # cut by the interruption: traced again
                try:
                    rid = json.loads(line).get("id")
                except (json.JSONDecodeError, AttributeError):
                    continue
                if rid is not None:
                    ids.add(str(rid))
        return ids

    def write(self, item) -> None:
        self.fh.write(jsonl_line(item) + "\n")

    def close(self) -> None:
        if self.path is None:
            self.fh.flush()
        elif self.fh is not None:
            self.fh.close()


class CsvSink(_Sink):
    render = staticmethod(attribution_rows)

    def __init__(self, target: Union[str, Path, None], resume: bool = False, retry_errors: bool = False):
        self.path = Path(target) if target not in (None, "-") else None
        self.fh: Optional[IO[str]] = None
        if self.path is None:
            self._open(sys.stdout, fresh=True)
        elif resume:
            self.plan = plan_csv(self.path, retry_errors, ROW_COLUMNS)  # opened by begin()
        else:
            self._open(open(self.path, "w", encoding="utf-8", newline=""), fresh=True)

    def _open(self, fh, fresh: bool) -> None:
        self.fh = fh
        self.writer = csv.DictWriter(self.fh, fieldnames=ROW_COLUMNS)
        if fresh:
            self.writer.writeheader()

    def begin(self) -> None:
        if self.plan is not None and self.fh is None:
            if self.path.exists():
                os.truncate(self.path, self.plan.cut)
            self._open(open(self.path, "a", encoding="utf-8", newline=""), fresh=self.plan.cut == 0)

    @staticmethod
    def done_ids(path: Union[str, Path]) -> Set[str]:
        return set(plan_csv(path, False, ROW_COLUMNS).ids)

    def write(self, item) -> None:
        self.writer.writerows(table_rows(item))

    def close(self) -> None:
        if self.path is None:
            self.fh.flush()
        elif self.fh is not None:
            self.fh.close()


def require_pyarrow():
    """pyarrow, or an ImportError saying how to install it."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ImportError("Parquet output needs pyarrow: pip install 'attrib[parquet]'") from None
    return pyarrow


def parquet_schema():
    pa = require_pyarrow()
    kinds = {"chain_ids": pa.list_(pa.string()), "date": pa.date32()}
    return pa.schema([
        (c, kinds.get(c) or (pa.int64() if c in _INT else pa.bool_() if c in _BOOL else pa.string()))
        for c in PARQUET_COLUMNS
    ])


def parquet_row(row: dict) -> dict:
    """A table row (``attribution_rows``, as CSV writes it) with Parquet's types."""
    ids = row.get("chain_ids")
    date = row.get("date")
    return {**row, "chain_ids": json.loads(ids) if isinstance(ids, str) else ids,
            "date": parse_date(date), "date_text": date if isinstance(date, str) else row.get("date_text")}


def part_name(number: int, fmt: str) -> str:
    return f"part-{number:05d}.{fmt}"


class _Part:
    """One part file of a directory, written under a temporary name and renamed
    when closed: an interrupted run leaves no half part."""

    def __init__(self, directory: Union[str, Path], number: int, fmt: str):
        self.name = part_name(number, fmt)
        self.path = Path(directory) / self.name
        self.tmp = Path(directory) / f".{self.name}.tmp"

    def write(self, item) -> None:
        raise NotImplementedError

    def _close_file(self, flush: bool) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._close_file(flush=True)
        self.tmp.replace(self.path)

    def discard(self) -> None:
        """Drop the part (the run failed while writing it)."""
        try:
            self._close_file(flush=False)
        finally:
            self.tmp.unlink(missing_ok=True)


class JsonlPart(_Part):
    def __init__(self, directory: Union[str, Path], number: int):
        super().__init__(directory, number, "jsonl")
        self.fh = open(self.tmp, "w", encoding="utf-8")

    def write(self, item) -> None:
        self.fh.write(jsonl_line(item) + "\n")

    def _close_file(self, flush: bool) -> None:
        self.fh.close()


class ParquetPart(_Part):
    """A Parquet part file, its rows written in groups of ``rows_per_group``."""

    def __init__(self, directory: Union[str, Path], number: int, rows_per_group: int = 20_000):
        super().__init__(directory, number, "parquet")
        self.pa = require_pyarrow()
        self.schema = parquet_schema()
        self.rows_per_group = rows_per_group
        self.rows = 0  # written so far
        self.pending: List[dict] = []
        self.writer = None  # opened with the first group: a part not yet flushed is not on disk

    def write(self, item) -> None:
        rows = [parquet_row(r) for r in table_rows(item)]
        self.pending.extend(rows)
        self.rows += len(rows)
        if len(self.pending) >= self.rows_per_group:
            self.flush()

    def flush(self) -> None:
        import pyarrow.parquet as pq

        if self.writer is None:
            self.writer = pq.ParquetWriter(self.tmp, self.schema)
        if self.pending:
            self.writer.write_table(self.pa.Table.from_pylist(self.pending, schema=self.schema))
            self.pending = []

    def _close_file(self, flush: bool) -> None:
        if flush:
            self.flush()
        if self.writer is not None:
            self.writer.close()


def open_part(fmt: str, directory: Union[str, Path], number: int) -> _Part:
    if fmt == "jsonl":
        return JsonlPart(directory, number)
    if fmt == "parquet":
        return ParquetPart(directory, number)
    raise ValueError(f"part files are jsonl or parquet, not {fmt!r}")


class ParquetSink(_Sink):
    """A directory of Parquet part files, a new one every ``rows_per_part`` rows
    (after a whole article)."""

    render = staticmethod(attribution_rows)

    def __init__(self, target: Union[str, Path, None], resume: bool = False, rows_per_part: int = 50_000,
                 retry_errors: bool = False):
        if target in (None, "-"):
            raise ValueError("Parquet output needs a directory: -o DIR")
        require_pyarrow()
        self.dir = Path(target)
        if self.dir.exists() and not self.dir.is_dir():
            raise ValueError(f"{self.dir}: Parquet output is a directory of part files, and this is a file")
        self.dir.mkdir(parents=True, exist_ok=True)
        existing = sorted(self.dir.glob("part-*.parquet"))
        if existing and not resume:
            raise ValueError(f"{self.dir}: holds part files of an earlier run; use --resume, or another directory")
        if resume:
            # by position: the parts from the first one holding an error record traced again
            # are written again, numbered as in a run never interrupted
            self.plan = plan_parquet(self.dir, retry_errors)
        self.part = self.plan.cut if self.plan is not None else 0
        self.rows_per_part = rows_per_part
        self.current: Optional[ParquetPart] = None

    @staticmethod
    def done_ids(path: Union[str, Path]) -> Set[str]:
        require_pyarrow()
        import pyarrow.parquet as pq

        ids: Set[str] = set()
        for part in sorted(Path(path).glob("part-*.parquet")):
            ids.update(v for v in pq.read_table(part, columns=["doc_id"]).column("doc_id").to_pylist() if v)
        return ids

    def begin(self) -> None:
        if self.plan is not None:
            for p in self.dir.glob("part-*.parquet"):
                m = PART_RE.match(p.name)
                if m and int(m.group(1)) >= self.plan.cut:
                    p.unlink()
            for stale in self.dir.glob(".part-*.tmp"):  # left by an interrupted run
                stale.unlink(missing_ok=True)

    def write(self, item) -> None:
        if self.current is None:
            # one row group per part, as the part is written at once
            self.current = ParquetPart(self.dir, self.part, rows_per_group=self.rows_per_part)
        self.current.write(item)
        if self.current.rows >= self.rows_per_part:
            self.flush()

    def flush(self) -> None:
        if self.current is None:
            return
        self.current.close()
        self.current = None
        self.part += 1

    def close(self) -> None:
        self.flush()


def open_sink(format: str, target, resume: bool = False, retry_errors: bool = False) -> _Sink:
    """A sink; with ``resume`` it takes up the output by position (``attrib.run.resume``),
    tracing again the error records of stage "worker died" and "timeout", or all with
    ``retry_errors``."""
    if format == "jsonl":
        return JsonlSink(target, resume, retry_errors=retry_errors)
    if format == "csv":
        return CsvSink(target, resume, retry_errors=retry_errors)
    if format == "parquet":
        return ParquetSink(target, resume, retry_errors=retry_errors)
    raise ValueError(f"unknown output format {format!r}; one of {', '.join(SINK_FORMATS)}")


def done_ids(format: str, target) -> Set[str]:
    if target in (None, "-"):
        raise ValueError("--resume needs an output file or directory (-o)")
    return {"jsonl": JsonlSink, "csv": CsvSink, "parquet": ParquetSink}[format].done_ids(target)


def rows_of(items: Iterable) -> Iterable[dict]:
    """Rows of documents and failures (for callers that hold Documents)."""
    for item in items:
        yield from table_rows(item)


def part_ids(directory: Union[str, Path], fmt: str) -> Set[str]:
    """The ids already in the part files of ``directory`` (for ``--resume``)."""
    directory = Path(directory)
    if not directory.is_dir():
        return set()
    if fmt == "parquet":
        return ParquetSink.done_ids(directory)
    ids: Set[str] = set()
    for p in sorted(directory.glob("part-*.jsonl")):
        ids |= JsonlSink.done_ids(p)
    return ids



# --- one file per article (--format gold|json -o DIR) ---------------------------------------------

NAMES_FILE = "attrib-names.jsonl"  # ends in .jsonl: never the name of an article file (.json, .gold.json)
_NAME_BYTES = 240  # a file name holds at most 255 bytes on common file systems; room for "~N"
_PATH_BYTES = 1024  # of the name below DIR, well within PATH_MAX (4096) for any DIR
_STEM_BYTES = 100  # of a hashed name, before its hash


class ArticleFileError(Exception):
    """An article whose file cannot be written; the message names the file."""


def safe_name(rid: str) -> str:
    """A relative path for an article id (ids from JSON Lines may hold
    anything): "/" keeps the sub-directories of a directory input, and no
    part may climb out ("..") or be empty."""
    parts = [re.sub(r"[^\w.\-]+", "_", p).strip(".") for p in rid.split("/")]
    return "/".join(p for p in parts if p) or "document"


def _cut(name: str, limit: int) -> str:
    """``name`` cut to at most ``limit`` UTF-8 bytes, on a character boundary."""
    return name.encode("utf-8")[:limit].decode("utf-8", "ignore")


class ArticleFiles:
    """The files of ``DIR``, one per article, named from its id by ``safe_name``.

    An id whose name is too long, or clashes with another article's name (its file,
    or a directory on its path; case is ignored, as some file systems ignore it) gets
    a flat name with a hash of the id, ``STEM-HASH.json``; the same id again gets
    ``NAME~N``. Every such name is listed in ``DIR/attrib-names.jsonl``
    ({"id", "file"} a line), written only when there is one. A file is never
    written through a symbolic link nor outside ``DIR``: ``write`` raises
    ArticleFileError for that article, and the run goes on."""

    def __init__(self, directory: Union[str, Path], suffix: str):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.root = self.dir.resolve()
        self.suffix = suffix
        self.files: dict = {NAMES_FILE: None}  # casefolded name -> id, of the files of this run
        self.dirs: Set[str] = set()  # casefolded directories on the paths of those files
        self.count: dict = {}  # how many times an id was named
        self.names_fh: Optional[IO[str]] = None
        try:
            (self.dir / NAMES_FILE).unlink()  # an earlier run's list would name files this run did not write
        except OSError:
            pass  # none (or not a file: writing the list then fails, for the article that needs it)

    def _free(self, name: str) -> bool:
        key = name.casefold()
        parents = key.split("/")[:-1]
        return (key not in self.files and key not in self.dirs and len(name.encode("utf-8")) <= _PATH_BYTES
                and all(len(p.encode("utf-8")) <= _NAME_BYTES for p in name.split("/"))
                and not any("/".join(parents[:i]) in self.files for i in range(1, len(parents) + 1)))

    def _take(self, name: str, rid: str) -> str:
        key = name.casefold()
        self.files[key] = rid
        parts = key.split("/")[:-1]
        self.dirs.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        return name

    def name(self, rid: str) -> Tuple[str, bool]:
        """The file name (below DIR) of the next article with id ``rid``, and whether it is
        other than its plain name (and so listed in the names file)."""
        n = self.count.get(rid, 0)
        self.count[rid] = n + 1
        plain = safe_name(rid)
        if n == 0 and self._free(plain + self.suffix):
            return self._take(plain + self.suffix, rid), False
        if n > 0 and self._free(f"{plain}~{n}{self.suffix}"):  # the same id again: numbered, as before
            return self._take(f"{plain}~{n}{self.suffix}", rid), True
        digest = hashlib.sha256(rid.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        stem = f"{_cut(plain.replace('/', '_'), _STEM_BYTES)}-{digest}"
        name, k = f"{stem}{self.suffix}", n
        while not self._free(name):
            k += 1
            name = f"{stem}~{k}{self.suffix}"
        return self._take(name, rid), True

    def write(self, rid: str, content: str) -> Path:
        """Write one article's file; an ArticleFileError (naming the file) if it cannot be."""
        name, renamed = self.name(rid)
        target = self.dir / name
        try:
            folder = self.dir
            for part in name.split("/")[:-1]:
                folder = folder / part
                if folder.is_symlink():
                    raise ArticleFileError(f"{target}: not written: {folder} is a symbolic link "
                                           f"(id {rid!r}); attrib writes no file through one")
                folder.mkdir(exist_ok=True)
            if not folder.resolve().is_relative_to(self.root):  # belt and braces: the links are refused above
                raise ArticleFileError(f"{target}: not written: outside {self.dir} (id {rid!r})")
            # O_NOFOLLOW: a symbolic link in the file's place (left in DIR) is refused, not followed
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
            try:
                fd = os.open(target, flags, 0o666)
            except OSError as exc:
                if target.is_symlink():
                    raise ArticleFileError(f"{target}: not written: a symbolic link (id {rid!r}); "
                                           f"attrib writes no file through one") from None
                raise
            with open(fd, "w", encoding="utf-8") as fh:
                fh.write(content)
            if renamed:
                self._list(rid, name)
        except OSError as exc:
            raise ArticleFileError(f"{exc.filename or target}: cannot write the file of id {rid!r}: "
                                   f"{exc.strerror or exc}") from None
        return target

    def _list(self, rid: str, name: str) -> None:
        if self.names_fh is None:
            fd = os.open(self.dir / NAMES_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0),
                         0o666)
            self.names_fh = open(fd, "w", encoding="utf-8")
        self.names_fh.write(json.dumps({"id": rid, "file": name}, ensure_ascii=False) + "\n")
        self.names_fh.flush()  # an interrupted run keeps the names of the files it wrote

    def close(self) -> None:
        if self.names_fh is not None:
            self.names_fh.close()
            self.names_fh = None
