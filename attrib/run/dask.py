"""Corpus runs on a Dask cluster (``pip install 'attrib[dask]'``): plans the
partitions and builds the bag; records are read with ``attrib.run.inputs``
and parts written with ``attrib.run.outputs``.

    from attrib.run.dask import read_bag, trace_bag, write_bag

    bag = read_bag(["feed.jsonl"])                   # byte ranges of the file, read on the workers
    summary = write_bag(trace_bag(bag, lang="auto"), "out/", format="parquet")

No Lark parser is ever in the task graph (docs/corpus-runs.md says why).
Paths must be the same for the client and the workers.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import sys
import threading
from collections.abc import Iterator
from itertools import repeat
from pathlib import Path
from typing import AbstractSet, Any, Callable, Iterable, List, Optional, Sequence

import attrs

from .inputs import (FORMATS, Failure, InputError, Record, delimiter_of, expand, format_of, is_stream, read_csv,
                     read_inputs, read_jsonl, record_of, text_item)
from .outputs import PART_RE, open_part, part_ids, require_pyarrow
from .report import RunReport, progress

__all__ = ["read_bag", "trace_bag", "write_bag", "run_corpus", "require_dask", "OUT_FORMATS", "SchedulerError"]

_MIN_BLOCK = 256 << 10
_MAX_BLOCK = 8 << 20
_MAX_REPORTED = 1000  # failures per partition sent back to the client; the part file holds all of them
OUT_FORMATS = ("jsonl", "parquet")


class SchedulerError(RuntimeError):
    """The Dask scheduler given cannot be used."""


def require_dask():
    """dask.bag, or an ImportError saying how to install it."""
    try:
        import dask.bag
        import distributed  # noqa: F401
    except ImportError:
        raise ImportError("the Dask engine needs dask and distributed: pip install 'attrib[dask]'") from None
    return dask.bag


# --- reading ------------------------------------------------------------------


@attrs.frozen
class _Skipped:
    """A record whose id is already in the output (--resume): counted, not traced or written."""

    id: str


class _Stream(Iterator):
    """A partition's items, produced lazily. Inside a fused task the next
    function streams through it; when Dask has to ship it (to the client or
    another worker) it pickles as a list, which a generator cannot do."""

    def __init__(self, items: Iterable):
        self._it = iter(items)

    def __next__(self):
        return next(self._it)

    def __reduce__(self):
        return (list, (list(self._it),))


def _target(total_bytes: int, workers: int, blocksize: Optional[int]) -> int:
    if blocksize:
        return max(1, int(blocksize))
    # About 16 partitions per worker: a short tail when partitions finish unevenly.
    target = min(_MAX_BLOCK, max(_MIN_BLOCK, total_bytes // (max(1, workers) * 16)))
    # An input under workers x the minimum block still gets a split per worker:
    # else --jobs 2 on a small feed ran (and reported) one job.
    # (Streams count 0 bytes: their size is unknown, so they keep the target.)
    return min(target, -(-total_bytes // max(1, workers))) if total_bytes else target


def _plan(inputs: Sequence[str], *, input_format: str = "auto", text_column: str = "text", id_column: str = "id",
          blocksize: Optional[int] = None, workers: int = 1) -> List[dict]:
    """Cut the inputs into splits, in input order: groups of text files, byte
    ranges of JSON Lines and CSV files (cut at row boundaries), or records
    already read (stdin, inputs that name nothing). One pass over each file on
    the client, which never holds the corpus (except stdin)."""
    if input_format not in FORMATS:
        raise ValueError(f"input format must be one of {', '.join(FORMATS)}; got {input_format!r}")
    items = list(expand(inputs))
    sizes = []
    for item in items:
        try:
            sizes.append(0 if isinstance(item, Failure) or is_stream(item[0]) else os.path.getsize(item[0]))
        except OSError:
            sizes.append(0)
    target = _target(sum(sizes), workers, blocksize)
    splits: List[dict] = []

    def add_records(recs: list) -> None:
        if splits and splits[-1]["kind"] == "records" and splits[-1]["bytes"] < target:
            splits[-1]["items"].extend(recs)
            splits[-1]["count"] += len(recs)
            splits[-1]["bytes"] += sum(len(r.text) for r in recs if isinstance(r, Record))
        else:
            splits.append({"kind": "records", "items": list(recs), "count": len(recs),
                           "bytes": sum(len(r.text) for r in recs if isinstance(r, Record))})

    for item, size in zip(items, sizes):
        if isinstance(item, Failure):
            add_records([item])
            continue
        path, rel = item
        if is_stream(path):  # stdin, a pipe or a FIFO: read once, here (workers could not open it)
            for rec in read_inputs([str(path)], input_format=input_format, text_column=text_column,
                                   id_column=id_column):
                add_records([rec])
            continue
        name, abspath = str(path), os.path.abspath(path)
        fmt = format_of(path, input_format)
        if fmt == "text":
            last = splits[-1] if splits else None
            if last and last["kind"] == "text" and last["bytes"] < target and last["count"] < 1000:
                last["files"].append((name, abspath, rel))
                last["count"] += 1
                last["bytes"] += size
            else:
                splits.append({"kind": "text", "files": [(name, abspath, rel)], "count": 1, "bytes": size})
        elif fmt == "jsonl":
            try:
                splits.extend(_jsonl_splits(name, abspath, size, target))
            except OSError as exc:
                add_records([Failure(id=rel or path.stem, where=name, reason=f"{name}: cannot read: {exc.strerror or exc}")])
        else:
            try:
                splits.extend(_csv_splits(name, abspath, delimiter_of(fmt), target, text_column))
            except OSError as exc:
                add_records([Failure(id=rel or path.stem, where=name, reason=f"{name}: cannot read: {exc.strerror or exc}")])
    return splits


def _jsonl_splits(name: str, path: str, size: int, target: int) -> List[dict]:
    out = []
    start, first = 0, 1
    with open(path, "rb") as fh:
        while start < size:
            if size - start <= target:
                end = size
            else:
                fh.seek(start + target - 1)
                fh.readline()  # to the end of the line holding the cut
                end = fh.tell()
            fh.seek(start)
            newlines, left, last = 0, end - start, b"\n"
            while left > 0:
                block = fh.read(min(1 << 20, left))
                if not block:
                    break
                newlines += block.count(b"\n")
                left -= len(block)
                last = block[-1:]
            out.append({"kind": "jsonl", "name": name, "path": path, "start": start, "end": end, "first": first,
                        "count": newlines + (last != b"\n"), "bytes": end - start})
            start, first = end, first + newlines
    return out


def _csv_splits(name: str, path: str, delimiter: str, target: int, text_column: str) -> List[dict]:
    """Byte ranges of a CSV file that end at row boundaries: the file is parsed
    here with the same csv module (a quoted cell may hold newlines), and each
    range is parsed again on a worker after the header."""
    csv.field_size_limit(2**31 - 1)
    whole = {"kind": "csv", "name": name, "path": path, "start": 0, "end": None, "header": b"", "pad": 0,
             "delimiter": delimiter, "count": 1, "bytes": 0}
    splits: List[dict] = []
    with open(path, "rb") as fh:
        pos = 0
        head: List[bytes] = []
        in_header = True

        def lines():
            nonlocal pos
            for raw in fh:
                pos += len(raw)
                if in_header:
                    head.append(raw)
                yield raw.decode("utf-8", "surrogateescape")

        reader = csv.reader(lines(), delimiter=delimiter)
        try:
            header = next(reader, None) or []
        except csv.Error:
            header = []
        if header:
            header[0] = header[0].removeprefix("\ufeff")  # a byte order mark, as read_csv drops it
        if text_column not in header:
            return [whole]  # the worker reports it as read_inputs does: one Failure for the file
        in_header = False
        header_bytes, header_lines = b"".join(head), reader.line_num
        start, start_line, count = pos, reader.line_num, 0
        while True:
            try:
                if not next(reader):
                    continue  # a blank line: no article
            except StopIteration:
                break
            except csv.Error:
                pass  # an error record for the row, as read_csv makes; the reader goes on after it
            count += 1
            if pos - start >= target:
                splits.append({**whole, "start": start, "end": pos, "header": header_bytes,
                               "pad": start_line - header_lines, "count": count, "bytes": pos - start})
                start, start_line, count = pos, reader.line_num, 0
        if pos > start:
            splits.append({**whole, "start": start, "end": None, "header": header_bytes,
                           "pad": start_line - header_lines, "count": count, "bytes": pos - start})
    return splits


def _describe(split: dict) -> str:
    kind = split["kind"]
    if kind == "jsonl":
        return f"{split['name']} lines {split['first']}-{split['first'] + max(split['count'], 1) - 1}"
    if kind == "csv":
        return f"{split['name']} bytes {split['start']}-{'end' if split['end'] is None else split['end']}"
    if kind == "text":
        return f"{split['count']} text file(s) from {split['files'][0][0]}"
    return f"{split['count']} record(s)"


def _read_split(split: dict, text_column: str, id_column: str) -> Iterator:
    kind = split["kind"]
    if kind == "records":
        yield from split["items"]
        return
    if kind == "text":
        for name, path, rel in split["files"]:
            yield text_item(path, rel, where=name)
        return
    name, stem = split["name"], Path(split["name"]).stem
    try:
        with open(split["path"], "rb") as fh:
            if kind == "jsonl":
                # Blank lines ahead of the range: read_jsonl skips them but counts them,
                # so it numbers this range's lines as in the whole file.
                yield from read_jsonl(_range_lines(fh, split["start"], split["end"], split["first"] - 1), name, stem)
                return
            fh.seek(split["start"])
            data = fh.read() if split["end"] is None else fh.read(split["end"] - split["start"])
        # The header, then blank lines (csv skips them but counts them) for read_csv's line numbers.
        stream = io.BytesIO(split["header"] + b"\n" * split["pad"] + data)
        yield from read_csv(stream, name, stem, split["delimiter"], text_column, id_column)
    except InputError as exc:
        yield Failure(id=stem, where=name, reason=str(exc))
    except csv.Error as exc:
        yield Failure(id=stem, where=name, reason=f"{name}: {exc}")
    except OSError as exc:
        yield Failure(id=stem, where=name, reason=f"{name}: cannot read: {exc.strerror or exc}")


def _range_lines(fh, start: int, end: int, pad: int) -> Iterator[bytes]:
    yield from repeat(b"\n", pad)
    fh.seek(start)
    left = end - start
    while left > 0:
        raw = fh.readline()
        if not raw:
            return
        left -= len(raw)
        yield raw


def _read_partition(splits: list, text_column: str, id_column: str, skip=None) -> _Stream:
    def gen():
        for split in splits:
            for item in _read_split(split, text_column, id_column):
                yield _Skipped(item.id) if skip and item.id in skip else item

    return _Stream(gen())


def _splits_bag(splits: List[dict], text_column: str, id_column: str, skip=None):
    db = require_dask()
    if not splits:
        return db.from_sequence([], npartitions=1)
    # One split per partition; the read is the first step of each partition's task.
    return db.from_sequence(splits, npartitions=len(splits)).map_partitions(
        _read_partition, text_column, id_column, skip)


def read_bag(inputs: Sequence[str], *, input_format: str = "auto", text_column: str = "text",
             id_column: str = "id", blocksize: Optional[int] = None, workers: int = 1):
    """A bag of ``Record``s (and ``Failure``s) from the same inputs as
    ``attrib.run.inputs.read_inputs``, read on the workers: JSON Lines and CSV
    files are cut into byte ranges of about ``blocksize`` bytes (default: from
    the corpus size and ``workers``); line numbers and error reports are those
    of ``read_inputs``."""
    splits = _plan(inputs, input_format=input_format, text_column=text_column, id_column=id_column,
                   blocksize=blocksize, workers=workers)
    return _splits_bag(splits, text_column, id_column)


# --- tracing ------------------------------------------------------------------

_REGISTRIES: dict = {}
_LOCK = threading.Lock()


def _worker_registry(registry_files: tuple):
    """The registry of these files, loaded once per worker process, so that
    get_language (cached per registry) builds the parser once."""
    if not registry_files:
        return None
    with _LOCK:
        reg = _REGISTRIES.get(registry_files)
        if reg is None:
            from ..registry import Registry

            reg = _REGISTRIES[registry_files] = Registry.load(*registry_files)
    return reg


def _as_record(item) -> Any:
    if isinstance(item, (Record, Failure, _Skipped)):
        return item
    if not isinstance(item, dict):
        return Failure(id="", where="", reason=f"expected a Record or a dict, got {type(item).__name__}")
    return record_of(item)


def _trace_partition(items, lang: str, registry_files: tuple, render) -> _Stream:
    def gen():
        from ..pipeline import trace

        registry = _worker_registry(registry_files)
        for item in items:
            rec = _as_record(item)
            if not isinstance(rec, Record):
                yield rec
                continue
            try:
                doc = trace(rec.text, rec.lang or lang, id=rec.id, publisher=rec.publisher, registry=registry,
                            url=rec.url, date=rec.date)
                yield doc if render is None else render(doc)
            except Exception as exc:  # noqa: BLE001 - one article's failure is reported, the run goes on
                yield Failure(id=rec.id, where=rec.where, reason=f"{type(exc).__name__}: {exc}", stage="trace")

    return _Stream(gen())


def trace_bag(bag, *, lang: str = "auto", registry_files: Sequence[str] = (),
              render: Optional[Callable] = None):
    """Trace a bag of ``Record``s (or dicts with id, text and optional
    publisher, url, date, lang): a bag with a Document (or ``render(doc)``)
    or a ``Failure`` for each input, in the same partitions and order.

    ``render`` runs on the workers; make it a module-level function (such as
    ``attrib.run.outputs.render_jsonl``) so that it is pickled by reference."""
    require_dask()
    registry_files = tuple(os.path.abspath(f) for f in registry_files)
    return bag.map_partitions(_trace_partition, lang, registry_files, render)


# --- writing ------------------------------------------------------------------


def _write_partition(items, part: int, directory: str, fmt: str) -> list:
    """Write one partition to DIR/part-NNNNN.FMT (whole, under a temporary
    name, then renamed: an interrupted run leaves no half part) and return its
    counts."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    summary = {"part": None, "partition": part, "documents": 0, "traced": 0, "errors": 0, "skipped": 0,
               "failures": [], "failures_not_listed": 0}
    writer = None
    try:
        for item in items:
            if isinstance(item, _Skipped):
                summary["skipped"] += 1
                continue
            if writer is None:
                writer = open_part(fmt, out, part)
            summary["documents"] += 1
            if isinstance(item, Failure):
                summary["errors"] += 1
                if len(summary["failures"]) < _MAX_REPORTED:
                    summary["failures"].append(item.to_dict())
                else:
                    summary["failures_not_listed"] += 1
            else:
                summary["traced"] += 1
            writer.write(item)
        if writer is not None:
            writer.close()
            summary["part"] = writer.name
            writer = None
    finally:
        if writer is not None:
            writer.discard()
    return [summary]


def _prepare_dir(path, fmt: str, append: bool) -> int:
    """Check the output directory; the number of the first part to write."""
    if fmt not in OUT_FORMATS:
        raise ValueError(f"the Dask engine writes {' or '.join(OUT_FORMATS)}, not {fmt!r}")
    if fmt == "parquet":
        require_pyarrow()
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out}: the Dask engine writes a directory of part files, and this is a file")
    out.mkdir(parents=True, exist_ok=True)
    parts = [m for m in (PART_RE.match(p.name) for p in out.iterdir()) if m]
    if parts and not append:
        raise ValueError(f"{out}: holds part files of an earlier run; use --resume, or another directory")
    other = [m.group(0) for m in parts if m.group(2) != fmt]
    if other:
        raise ValueError(f"{out}: holds {other[0]}, not {fmt}; use another directory")
    if append:
        for stale in out.glob(".part-*.tmp"):  # left by an interrupted run
            stale.unlink(missing_ok=True)
    return max((int(m.group(1)) for m in parts), default=-1) + 1


def _write_tasks(bag, directory: str, fmt: str, first: int) -> list:
    """One Delayed per partition that writes it and returns its counts. Each
    write takes exactly one partition, so Dask fuses read, trace and write
    into one task and the documents stream through it."""
    from dask.bag.core import Bag
    from dask.base import tokenize
    from dask.highlevelgraph import HighLevelGraph

    name = "attrib-write-" + tokenize(bag, directory, fmt, first)
    dsk = {(name, i): (_write_partition, (bag.name, i), first + i, directory, fmt) for i in range(bag.npartitions)}
    graph = HighLevelGraph.from_collections(name, dsk, dependencies=[bag])
    return Bag(graph, name, bag.npartitions).to_delayed(optimize_graph=True)


def write_bag(bag, path, format: str = "jsonl", *, append: bool = False, compute: bool = True):
    """Write each partition of a bag of Documents and Failures (or of
    ``trace_bag(..., render=render_jsonl)`` lines) to ``path/part-NNNNN.jsonl``
    or ``.parquet`` (the rows of ``attrib.run.outputs``), on the workers. Returns one
    small summary per partition: ``part``, ``documents``, ``traced``,
    ``errors``, ``failures`` (the first 1000 error records). A partition with
    nothing to write writes no file.

    ``append=True`` numbers the new parts after those already in ``path``
    (otherwise a directory holding part files is refused). ``compute=False``
    returns the Delayed writes, one per partition, to compute yourself."""
    require_dask()
    directory = str(Path(path).resolve())
    first = _prepare_dir(directory, format, append)
    tasks = _write_tasks(bag, directory, format, first)
    if not compute:
        return tasks
    import dask

    return [s for part in dask.compute(*tasks) for s in part]


def run_corpus(
    inputs: Sequence[str],
    output,
    format: str = "jsonl",
    *,
    input_format: str = "auto",
    text_column: str = "text",
    id_column: str = "id",
    lang: str = "auto",
    registry_files: Sequence[str] = (),
    scheduler: Optional[str] = None,
    jobs: Optional[int] = None,
    resume: bool = False,
    fail_fast: bool = False,
    quiet: bool = False,
) -> RunReport:
    """Trace every article of ``inputs`` into the directory ``output`` of part
    files, on the Dask ``scheduler`` (an address) or on a local cluster of
    ``jobs`` worker processes (default: the cores). With ``resume`` the ids
    already in ``output`` are skipped and new parts added. Failures are
    reported on stderr; with ``fail_fast`` the partitions still running are
    cancelled at the first one with an error."""
    require_dask()
    from distributed import Client, LocalCluster, as_completed

    from .local import default_jobs

    registry_files = tuple(os.path.abspath(f) for f in registry_files)
    out = Path(output).resolve()
    first = _prepare_dir(out, format, append=resume)
    done: AbstractSet[str] = part_ids(out, format) if resume else set()

    report = RunReport(resume=resume)
    cluster = client = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, set_as_default=False, timeout="10s")
                client.wait_for_workers(1, timeout=60)
            except (OSError, TimeoutError) as exc:
                raise SchedulerError(f"cannot use the Dask scheduler at {scheduler}: {exc}") from None
            workers = sum(client.nthreads().values()) or 1
        else:
            workers = jobs or default_jobs()
        report.jobs = workers
        splits = _plan(inputs, input_format=input_format, text_column=text_column, id_column=id_column,
                       workers=workers)
        import dask

        if client is None:
            workers = report.jobs = max(1, min(workers, len(splits)))
            # The workers' statistical profiler (a thread that walks the tracing thread's stack
            # every 10 ms, for the dashboard) costs a few per cent of the trace; no one reads it here.
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       # ":0": a free port for the HTTP server, which starts even without a dashboard
                                       dashboard_address=":0", silence_logs=logging.ERROR)
            client = Client(cluster, set_as_default=False)

        skip = dask.delayed(frozenset(done), pure=True) if done else None
        bag = trace_bag(_splits_bag(splits, text_column, id_column, skip), lang=lang, registry_files=registry_files)
        tasks = _write_tasks(bag, str(out), format, first) if splits else []
        futures = client.compute(tasks)
        which = {f.key: i for i, f in enumerate(futures)}
        bar = progress(sum(s["count"] for s in splits), quiet)
        with bar:
            for fut in as_completed(futures, loop=client.loop):
                split = splits[which[fut.key]]
                if fut.status != "finished":
                    # The task failed whole (its workers died, the disk is full...): nothing of it was written.
                    report.errors += split["count"]
                    report.documents += split["count"]
                    bar.update(split["count"])
                    bar.write(f"attrib: error: {_describe(split)}: not traced ({type(fut.exception()).__name__}: "
                              f"{fut.exception()}); --resume traces it again", file=sys.stderr)
                    failed = True
                else:
                    (s,) = fut.result()
                    for f in s["failures"]:
                        bar.write(f"attrib: error: {f['error']}", file=sys.stderr)
                    if s["failures_not_listed"]:
                        bar.write(f"attrib: error: and {s['failures_not_listed']:,} more in {s['part']}",
                                  file=sys.stderr)
                    report.documents += s["documents"]
                    report.traced += s["traced"]
                    report.errors += s["errors"]
                    report.skipped += s["skipped"]
                    bar.update(s["documents"] + s["skipped"])
                    failed = s["errors"] > 0
                if failed and fail_fast:
                    client.cancel([f for f in futures if not f.done()])
                    bar.write("attrib: stopped at the first partition with an error (--fail-fast); "
                              "partitions still running were cancelled", file=sys.stderr)
                    report.stopped = True
                    break
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    return report.finish()
