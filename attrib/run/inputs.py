"""Reading the inputs of corpus runs one article at a time: text files,
directories, globs, JSON Lines, CSV/TSV and standard input become a
``Record`` each, or a ``Failure`` saying why one cannot be read. Formats and
ids are described in docs/corpus-runs.md."""

from __future__ import annotations

import codecs
import csv
import glob as globmod
import io
import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import IO, Iterable, Iterator, List, Optional, Union

import attrs

from ..model import Document

__all__ = ["Record", "Failure", "read_inputs", "read_text", "load_document", "InputError", "FORMATS", "count_inputs",
           "expand", "format_of", "is_stream", "delimiter_of", "text_item", "record_of", "read_jsonl", "read_csv"]

FORMATS = ("auto", "text", "jsonl", "csv", "tsv")
_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".csv": "csv", ".tsv": "tsv"}
_FIELDS = ("publisher", "url", "date", "lang")
_DELIMITERS = {"csv": ",", "tsv": "\t"}
_ID_RE = re.compile(r'^\s*\{\s*"id"\s*:\s*"([^"\\]{1,200})"')
_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(Exception):
    """An input that cannot be read at all; the message names it."""


def _opt_str(value, name: str, where: str) -> Optional[str]:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and name in ("id", "date"):
        return str(value)
    if not isinstance(value, str):
        raise InputError(f"{where}: field {name!r} must be a string, got {type(value).__name__}")
    return _no_surrogate(value, name, where)


def _no_surrogate(value: str, name: str, where: str) -> str:
    """A JSON string may spell a lone surrogate ("\\ud800"): no text, and no output can hold it."""
    m = _SURROGATE.search(value)
    if m:
        raise InputError(f"{where}: field {name!r} holds a lone surrogate \\u{ord(m.group()):04x} "
                         f"at character {m.start()}, which is not text")
    return value


def _printable(value):
    """Ids, places and reasons are written to UTF-8 outputs: lone surrogates (from a file name
    that is not UTF-8, or a bad byte quoted in a message) become U+FFFD there."""
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


@attrs.frozen
class Record:
    """One article to trace. ``where`` says where it came from (file, or file:line)."""

    id: str = attrs.field(converter=_printable, validator=attrs.validators.instance_of(str))
    text: str = attrs.field(validator=attrs.validators.instance_of(str))
    where: str = attrs.field(default="", converter=_printable)
    publisher: Optional[str] = None
    url: Optional[str] = None
    date: Optional[str] = None
    lang: Optional[str] = None


@attrs.frozen
class Failure:
    """An article that could not be read or traced, and why. ``stage`` is
    "read" or "trace"."""

    id: str = attrs.field(converter=_printable)
    where: str = attrs.field(converter=_printable)
    reason: str = attrs.field(converter=_printable)
    stage: str = "read"

    def to_dict(self) -> dict:
        return {"id": self.id, "error": self.reason, "stage": self.stage, "where": self.where}


def _has_bad_bytes(s: str) -> Optional[int]:
    """Offset of the first byte that was not UTF-8 (read with surrogateescape), or None."""
    for i, ch in enumerate(s):
        if "\udc80" <= ch <= "\udcff":
            return i
    return None


def _decode(data: bytes, where: str, lines: bool = False) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = f", line {data.count(10, 0, exc.start) + 1}" if lines else ""  # 10: b"\n"
        raise InputError(
            f"{where}: not UTF-8 text: byte 0x{data[exc.start]:02x} at byte offset {exc.start}{line} ({exc.reason})"
        ) from None


def _check_text(s: str, where: str) -> str:
    bad = _has_bad_bytes(s)
    if bad is not None:
        raise InputError(f"{where}: not UTF-8 text: byte 0x{ord(s[bad]) - 0xDC00:02x} near character {bad}")
    return s


def expand(inputs: Iterable[str]) -> Iterator[Union[tuple, Failure]]:
    """(path or "-", id prefix base) for each input, directories and globs
    expanded in sorted order; a Failure for an input that names nothing."""
    for name in inputs:
        if name == "-":
            yield ("-", None)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not files:
                yield Failure(id=name, where=name, reason=f"{name}: directory holds no .txt file")
            for p in files:
                yield (p, p.relative_to(path).with_suffix("").as_posix())
        elif path.exists():
            yield (path, None)
        elif any(c in name for c in "*?["):
            files = sorted(Path(p) for p in globmod.glob(name, recursive=True) if Path(p).is_file())
            if not files:
                yield Failure(id=name, where=name, reason=f"{name}: no file matches")
            for p in files:  # ids as for a directory: data/**/*.txt gives a/x and b/x, never x twice
                yield (p, _glob_id(p, name))
        else:
            yield Failure(id=name, where=name, reason=f"{name}: no such file or directory")


def is_stream(path: Union[str, Path]) -> bool:
    """True for "-" and for what is not a regular file (a pipe, a FIFO, /dev/fd/N from
    ``<(...)``, a device): it can be read once only, so it is never counted beforehand."""
    if str(path) == "-":
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)  # stat, not open: opening a FIFO would wait for a writer
    except OSError:
        return False  # reading it reports why


def format_of(path: Path, input_format: str = "auto") -> str:
    """How to read a file: ``input_format``, or from the suffix when it is "auto"."""
    return input_format if input_format != "auto" else _SUFFIX.get(path.suffix.lower(), "text")


def delimiter_of(fmt: str) -> str:
    """The cell delimiter of the "csv" or "tsv" input format."""
    return _DELIMITERS[fmt]


def _glob_id(path: Path, pattern: str) -> str:
    fixed = []
    for part in Path(pattern).parts[:-1]:
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    try:
        return path.relative_to(Path(*fixed) if fixed else Path(".")).with_suffix("").as_posix()
    except ValueError:
        return path.stem


def read_inputs(
    inputs: Iterable[str],
    *,
    input_format: str = "auto",
    text_column: str = "text",
    id_column: str = "id",
    stdin: Optional[IO[bytes]] = None,
) -> Iterator[Union[Record, Failure]]:
    """Records (and Failures) from every input, one at a time, in order."""
    if input_format not in FORMATS:
        raise ValueError(f"input format must be one of {', '.join(FORMATS)}; got {input_format!r}")
    for item in expand(inputs):
        if isinstance(item, Failure):
            yield item
            continue
        path, rel = item
        try:
            if path == "-":
                yield from _read_stdin(stdin if stdin is not None else _stdin_bytes(), input_format,
                                       text_column, id_column)
                continue
            fmt = format_of(path, input_format)
            if fmt == "text":
                yield text_item(path, rel)
            elif fmt == "jsonl":
                with open(path, "rb") as fh:
                    yield from read_jsonl(fh, str(path), path.stem)
            else:
                with open(path, "rb") as fh:
                    yield from read_csv(fh, str(path), path.stem, delimiter_of(fmt), text_column, id_column)
        except InputError as exc:
            yield Failure(id=rel or (path.stem if path != "-" else "stdin"), where=str(path), reason=str(exc))
        except OSError as exc:
            yield Failure(id=rel or (path.stem if path != "-" else "stdin"), where=str(path),
                          reason=f"{path}: cannot read: {exc.strerror or exc}")


def _stdin_bytes() -> IO[bytes]:
    buf = getattr(sys.stdin, "buffer", None)
    if buf is not None:
        return buf
    text = sys.stdin.read()
    try:
        return io.BytesIO(text.encode("utf-8", "surrogateescape"))
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte: reported as not UTF-8
        return io.BytesIO(text.encode("utf-8", "surrogatepass"))


def read_text(path: Union[str, Path], where: Optional[str] = None) -> str:
    """A UTF-8 text file, or an InputError naming the file as ``where`` (default:
    its path) and, for bad bytes, their offset and line."""
    where = str(path) if where is None else where
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{where}: cannot read: {exc.strerror or exc}") from None
    return _decode(data, where, lines=True)


def load_document(name: Union[str, Path], lang: str = "auto", registry=None) -> Document:
    """A Document from a .json file (attrib trace --format json) or from article
    text, traced. Raises InputError with a one-line message naming the file."""
    from ..pipeline import trace

    path = Path(name)
    text = read_text(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg.removesuffix(' at')}") from None
        try:
            doc = Document.from_dict(data)
        except KeyError as exc:
            raise InputError(f"{path}: not a Document JSON: missing key {exc}") from None
        except (ValueError, TypeError) as exc:
            raise InputError(f"{path}: not a Document JSON: {exc}") from None
        if doc.id is None:
            doc = Document.from_dict({**data, "id": path.stem})
        return doc
    try:
        return trace(text, lang=lang, id=path.stem, registry=registry)
    except (KeyError, ValueError, LookupError) as exc:
        raise InputError(f"{path}: cannot trace: {exc}") from None


def text_item(path: Union[str, Path], rel: Optional[str] = None, where: Optional[str] = None
              ) -> Union[Record, Failure]:
    """A text file as a Record, or a Failure: ``where`` names it (default: its
    path), ``rel`` is its id (default: the stem of ``where``)."""
    where = str(path) if where is None else where
    rid = rel or Path(where).stem
    try:
        return Record(id=rid, text=read_text(path, where), where=where)
    except InputError as exc:
        return Failure(id=rid, where=where, reason=str(exc))


def record_of(item: dict) -> Union[Record, Failure]:
    """A Record from a dict with "id", "text" and optional "where", "publisher",
    "url", "date", "lang"; a Failure saying what is wrong with it."""
    where = str(item.get("where") or "")
    try:
        rid = _opt_str(item.get("id"), "id", where or "record") or where
        text = item.get("text")
        if not isinstance(text, str):
            raise InputError(f"{where or rid or 'record'}: no 'text' string" if text is None else
                             f"{where or rid or 'record'}: 'text' must be a string, got {type(text).__name__}")
        meta = {k: _opt_str(item.get(k), k, where or rid) for k in _FIELDS}
        return Record(id=rid, text=text, where=where, **meta)
    except InputError as exc:
        rid = item.get("id")
        return Failure(id=str(rid) if rid is not None else where, where=where, reason=str(exc))


def _read_stdin(fh: IO[bytes], input_format: str, text_column: str, id_column: str) -> Iterator[Union[Record, Failure]]:
    if input_format in ("jsonl", "csv", "tsv"):
        fmt = input_format
        head = b""
    else:
        head = fh.read(4096)
        fmt = "jsonl" if head.lstrip()[:1] == b"{" and input_format == "auto" else "text"
    stream = _Prefixed(head, fh)
    if fmt == "jsonl":
        yield from read_jsonl(stream, "<stdin>", "stdin")
    elif fmt in ("csv", "tsv"):
        yield from read_csv(stream, "<stdin>", "stdin", delimiter_of(fmt), text_column, id_column)
    else:
        yield Record(id="stdin", text=_decode(stream.read(), "<stdin>", lines=True), where="-")


class _Prefixed(io.RawIOBase):
    """A binary stream that first gives back the bytes already read from it."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(b))
        n = len(data)
        b[:n] = data
        return n

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            data, self._head = self._head + self._rest.read(), b""
            return data
        return super().read(size)

    def __iter__(self):
        return iter(io.BufferedReader(self).readline, b"")


def read_jsonl(fh, where: str, stem: str) -> Iterator[Union[Record, Failure]]:
    """Records of the JSON Lines in ``fh`` (byte lines), named ``where:LINE``;
    a record without an id is ``stem:LINE``."""
    for lineno, raw in enumerate(fh, 1):
        at = f"{where}:{lineno}"
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]  # a byte order mark opens the file, not the first record
        if not raw.strip():
            continue
        rid = None
        try:
            line = _decode(raw, at)
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                # json's own messages may end in "at" ("Unterminated string starting at"): said once
                raise InputError(f"{at}: invalid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}") from None
            except (ValueError, RecursionError) as exc:  # a number of 4,300 digits, arrays nested too deep
                raise InputError(f"{at}: invalid JSON: {str(exc)[:120]}") from None
            if not isinstance(obj, dict):
                raise InputError(f"{at}: expected a JSON object, got {type(obj).__name__}")
            rid = _opt_str(obj.get("id"), "id", at) or f"{stem}:{lineno}"
            text = obj.get("text")
            if not isinstance(text, str):
                raise InputError(f"{at}: no 'text' string" if text is None else
                                 f"{at}: 'text' must be a string, got {type(text).__name__}")
            _no_surrogate(text, "text", at)
            meta = {k: _opt_str(obj.get(k), k, at) for k in _FIELDS}
            yield Record(id=rid, text=text, where=at, **meta)
        except InputError as exc:
            if rid is None:  # name the article in the report when its id can still be read
                m = _ID_RE.search(raw.decode("utf-8", "replace"))
                rid = m.group(1) if m else f"{stem}:{lineno}"
            yield Failure(id=rid, where=at, reason=str(exc))


def read_csv(fh, where: str, stem: str, delimiter: str, text_column: str, id_column: str
              ) -> Iterator[Union[Record, Failure]]:
    """Records of the CSV rows in the binary stream ``fh``, after its header line."""
    csv.field_size_limit(2**31 - 1)  # articles are longer than csv's default 128 KB cell
    # utf-8-sig: a byte order mark (as spreadsheets write it) is no part of the first column's name
    text = io.TextIOWrapper(fh if isinstance(fh, io.BufferedIOBase) else io.BufferedReader(fh),
                            encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        yield from _csv_rows(csv.reader(text, delimiter=delimiter), where, stem, text_column, id_column)
    finally:
        try:
            text.detach()  # the caller owns and closes fh; the wrapper must not close it again when collected
        except ValueError:
            pass


def _csv_rows(reader, where: str, stem: str, text_column: str, id_column: str) -> Iterator[Union[Record, Failure]]:
    try:
        columns = next(reader, None) or []
    except csv.Error as exc:
        raise InputError(f"{where}:1: cannot read the header: {exc}") from None
    if text_column not in columns:
        raise InputError(f"{where}: no column {text_column!r} (columns: {', '.join(columns) or 'none'}); "
                         f"name the text column with --text-column")
    while True:
        start = reader.line_num + 1  # a row is named by the line it starts on (a cell may hold newlines)
        at = f"{where}:{start}"
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Failure(id=f"{stem}:{start}", where=at, reason=f"{at}: not CSV: {exc}")
            continue
        if not cells:
            continue  # a blank line
        row = dict(zip(columns, cells))
        rid = (row.get(id_column) or "").strip() or f"{stem}:{start}"
        try:
            if len(cells) > len(columns):
                raise InputError(f"{at}: {len(cells)} cells for {len(columns)} columns")
            body = row.get(text_column)
            if body is None:
                raise InputError(f"{at}: row has no {text_column!r} cell")
            _check_text(body, at)
            _check_text(rid, at)
            meta = {k: (row.get(k) or None) for k in _FIELDS}
            for v in meta.values():
                if v is not None:
                    _check_text(v, at)
            yield Record(id=rid, text=body, where=at, **meta)
        except InputError as exc:
            yield Failure(id=rid, where=at, reason=str(exc))


def count_inputs(inputs: List[str], input_format: str = "auto") -> Optional[int]:
    """How many articles the inputs hold, cheaply (lines of JSON Lines files,
    rows of CSV files: a cell may hold many lines), or None when unknown: stdin,
    pipes and FIFOs are read once, by the run, and never counted."""
    total = 0
    for item in expand(inputs):
        if isinstance(item, Failure):
            total += 1
            continue
        path, _ = item
        if is_stream(path):
            return None
        fmt = format_of(path, input_format)
        if fmt == "text":
            total += 1
            continue
        if fmt in ("csv", "tsv"):
            total += _count_rows(path, delimiter_of(fmt))
            continue
        try:
            with open(path, "rb") as fh:
                n = 0
                last = b"\n"
                for block in iter(lambda: fh.read(1 << 20), b""):
                    n += block.count(b"\n")
                    last = block[-1:]
                n += last != b"\n"
        except OSError:
            n = 1
        total += n
    return total


def _count_rows(path: Path, delimiter: str) -> int:
    csv.field_size_limit(2**31 - 1)
    try:
        with io.TextIOWrapper(open(path, "rb"), encoding="utf-8-sig", errors="surrogateescape", newline="") as text:
            rows = sum(1 for cells in csv.reader(text, delimiter=delimiter) if cells)
    except (OSError, csv.Error):
        return 1
    return max(rows - 1, 1)  # the header is no article; a file without rows is one error record
