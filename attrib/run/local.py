"""Tracing many articles in this process or in a pool of worker processes:
``trace_many`` (records in, a Document or a Failure out for each) and
``run_corpus`` (inputs to a sink, with a progress bar and a RunReport).
docs/corpus-runs.md describes the pool.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import AbstractSet, Any, Callable, Iterable, Iterator, List, Optional, Sequence, Union

from ..model import Document
from .inputs import Failure, Record, count_inputs, read_inputs
from .report import RunReport, progress

__all__ = ["trace_many", "default_jobs", "run_corpus"]

_STATE: dict = {}


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init(lang: str, registry_files: Sequence[str], render: Optional[Callable[[Document], Any]],
          parent: Optional[int] = None) -> None:
    """Build what a worker needs once: the registry, the parser, the renderer.
    In a worker process (``parent`` is the pid of the run, not this one), also watch the process
    that started it: the run itself, or the fork server that ends with the run."""
    if parent is not None and parent != os.getpid():
        threading.Thread(target=_watch_parent, args=(os.getppid(),), name="attrib-watch-parent",
                         daemon=True).start()
    from ..language import get_language
    from ..registry import Registry

    registry = Registry.load(*registry_files) if registry_files else None
    _STATE.update(lang=lang, registry=registry, render=render)
    from ..language import available

    for code in (available() if lang == "auto" else [lang]):
        get_language(code, registry)  # builds the parser now, not on the first article


def _watch_parent(parent: int) -> None:
    """End this worker once the run that started it is gone (killed with SIGTERM or SIGKILL, so
    that it could not shut its pool down): a worker waiting on its queue would wait for ever."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _trace_one(item: Union[Record, Failure]):
    if isinstance(item, Failure):
        return item
    from ..pipeline import trace

    try:
        doc = trace(item.text, item.lang or _STATE["lang"], id=item.id, publisher=item.publisher,
                    registry=_STATE["registry"], url=item.url, date=item.date)
        render = _STATE["render"]
        return doc if render is None else render(doc)
    except Exception as exc:  # noqa: BLE001 - any failure of one article is reported, the run goes on
        return Failure(id=item.id, where=item.where, reason=f"{type(exc).__name__}: {exc}", stage="trace")


def _trace_chunk(chunk: List[Union[Record, Failure]]) -> list:
    return [_trace_one(item) for item in chunk]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def _died(chunk: list, exc: BaseException) -> list:
    return [
        item if isinstance(item, Failure) else
        Failure(id=item.id, where=item.where, stage="trace",
                reason=f"the worker process tracing this article's chunk died ({type(exc).__name__}: {exc})")
        for item in chunk
    ]


def trace_many(
    items: Iterable[Union[Record, Failure]],
    *,
    lang: str = "auto",
    registry_files: Sequence[str] = (),
    jobs: int = 1,
    ordered: bool = True,
    chunksize: int = 8,
    render: Optional[Callable[[Document], Any]] = None,
) -> Iterator[Any]:
    """Trace every record; yield a Document (or ``render(doc)``) or a Failure
    for each item, in input order unless ``ordered=False``.

    ``render`` runs in the worker (it must be a module-level function when
    ``jobs > 1``); the CLI uses it to turn documents into output lines there.
    """
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive int, got {jobs!r}")
    if not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive int, got {chunksize!r}")
    registry_files = tuple(str(f) for f in registry_files)
    if jobs == 1:
        _init(lang, registry_files, render)
        for item in items:
            yield _trace_one(item)
        return
    yield from _pool(items, lang, registry_files, jobs, ordered, chunksize, render)


def _pool(items, lang, registry_files, jobs, ordered, chunksize, render) -> Iterator[Any]:
    chunks = _chunks(items, chunksize)
    limit = jobs * 4

    def start():
        return ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                                   initargs=(lang, registry_files, render, os.getpid()))

    pool = start()
    pending: deque = deque()  # (future, chunk), in input order
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                try:
                    fut = pool.submit(_trace_chunk, chunk)
                except BrokenProcessPool:
                    # The pool broke after the chunks in flight were sent: they are reported as they
                    # come up. This chunk never reached it, so it goes to a new pool.
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = start()
                    fut = pool.submit(_trace_chunk, chunk)
                pending.append((fut, chunk))
            if not pending:
                return
            if ordered:
                fut, chunk = pending.popleft()
                done = [(fut, chunk)]
            else:
                live = [f for f, _ in pending if f is not None]
                if live and all(f is not None for f, _ in pending):
                    wait(live, return_when=FIRST_COMPLETED)
                done = [(f, c) for f, c in pending if f is None or f.done()]
                for entry in done:
                    pending.remove(entry)
            broken = None
            for fut, chunk in done:
                if fut is None:
                    yield from chunk
                    continue
                try:
                    results = fut.result()
                except BrokenProcessPool as exc:
                    broken = exc
                    results = _died(chunk, exc)
                yield from results
            if broken is not None:
                # Every chunk still in flight was in the dead pool: report them, start afresh.
                for fut, chunk in pending:
                    if fut is not None:
                        try:
                            results = fut.result()
                        except BrokenProcessPool:
                            results = _died(chunk, broken)
                        yield from results
                    else:
                        yield from chunk
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = start()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_corpus(
    inputs: Sequence[str],
    sink,
    *,
    input_format: str = "auto",
    text_column: str = "text",
    id_column: str = "id",
    lang: str = "auto",
    registry_files: Sequence[str] = (),
    jobs: Optional[int] = None,
    ordered: bool = True,
    done: AbstractSet[str] = frozenset(),
    resume: bool = False,
    fail_fast: bool = False,
    quiet: bool = False,
) -> RunReport:
    """Trace every article of ``inputs`` into ``sink`` (``attrib.run.outputs``,
    or any object with ``render``, ``write`` and ``close``; one with
    ``takes_where`` set gets ``(document, where)`` pairs), skipping the ids in
    ``done``. Failures are written to the sink and reported on stderr. The sink
    is closed at the end. ``jobs`` defaults to the cores, at most one per article."""
    total = count_inputs(inputs, input_format)
    explicit_jobs = jobs
    jobs = jobs or default_jobs()
    if total is not None:
        jobs = max(1, min(jobs, total))
    elif list(inputs) == ["-"] and input_format == "text" and not explicit_jobs:
        jobs = 1  # one article: a pool would only cost its start-up
    takes_where = getattr(sink, "takes_where", False)
    wheres = {}
    report = RunReport(jobs=jobs, resume=resume)
    bar = progress(total, quiet)

    def records():
        for rec in read_inputs(inputs, input_format=input_format, text_column=text_column, id_column=id_column):
            if rec.id in done:
                report.skipped += 1
                bar.update(1)
                continue
            if takes_where and not isinstance(rec, Failure):
                wheres[rec.id] = rec.where
            yield rec

    try:
        with bar:
            for item in trace_many(records(), lang=lang, registry_files=registry_files, jobs=jobs,
                                   ordered=ordered, render=sink.render):
                report.documents += 1
                bar.update(1)
                if isinstance(item, Failure):
                    report.errors += 1
                    bar.write(f"attrib: error: {item.reason}", file=sys.stderr)
                    sink.write(item)
                    if fail_fast:
                        bar.write("attrib: stopped at the first error (--fail-fast)", file=sys.stderr)
                        report.stopped = True
                        break
                    continue
                report.traced += 1
                sink.write((item, wheres.pop(item.id, item.id)) if takes_where else item)
    finally:
        sink.close()
    return report.finish()
