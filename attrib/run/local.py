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


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


class _Timeout(BaseException):
    """Raised by the alarm in a run without worker processes (a BaseException: no
    ``except Exception`` in the pipeline may swallow it)."""


def _timeout_failure(item: Record, timeout: float) -> Failure:
    return Failure(id=item.id, where=item.where, stage="timeout",
                   reason=f"tracing took more than {timeout:g} s (--timeout); the run went on without it")


def _died_failure(item: Record, code: Optional[int]) -> Failure:
    how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return Failure(id=item.id, where=item.where, stage="worker died",
                   reason=f"the worker process died while tracing this article ({how})")


def _trace_with_alarm(item, timeout: Optional[float]):
    """``_trace_one`` under a per-article time limit, in this process: SIGALRM, which only
    the main thread can receive (elsewhere the article runs without a limit)."""
    import signal

    if not timeout or isinstance(item, Failure) or threading.current_thread() is not threading.main_thread():
        return _trace_one(item)

    def alarm(signum, frame):
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return _trace_one(item)
    except _Timeout:
        return _timeout_failure(item, timeout)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _worker(conn, lang, registry_files, render, parent) -> None:
    """A worker process: chunks in, one message per article out, so that the run always
    knows which article a worker is tracing (the one after its last result)."""
    try:
        _init(lang, registry_files, render, parent)
    except BaseException as exc:  # noqa: BLE001 - told to the run, which stops with it
        conn.send(("init-error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        key, items = task
        for item in items:
            conn.send((key, _trace_one(item)))


class _Slot:
    """One worker process and the chunk it is tracing: ``items`` still to come back,
    the first of them being traced since ``since``."""

    def __init__(self, ctx, args):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, *args), daemon=True, name="attrib-worker")
        self.proc.start()
        child.close()
        self.ready = False
        self.key = None
        self.items: deque = deque()
        self.since = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        self.conn.close()
        self.proc.join(timeout=None if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


def _pool(items, lang, registry_files, jobs, ordered, chunksize, render, timeout) -> Iterator[Any]:
    """Trace in ``jobs`` worker processes of our own (not ProcessPoolExecutor, whose pool breaks
    whole when one worker dies): a worker that dies, or that runs over ``timeout`` on one article
    and is killed, costs that article alone, reported as an error record; a new worker takes up
    the rest of its chunk."""
    import multiprocessing
    from multiprocessing.connection import wait as wait_any

    ctx = multiprocessing.get_context()
    args = (lang, registry_files, render, os.getpid())
    chunks = _chunks(items, chunksize)
    limit = jobs * 4  # chunks read ahead, traced or waiting: bounds memory
    queue: deque = deque()  # (key, items) not yet given to a worker; retried rests first
    results: dict = {}  # key -> results so far, in order
    sizes: dict = {}  # key -> size of the chunk
    order: deque = deque()  # keys not yet yielded, in input order
    exhausted = False
    next_key = 0
    deaths_at_start = 0
    slots = [_Slot(ctx, args) for _ in range(jobs)]

    def replace(slot):
        slots[slots.index(slot)] = _Slot(ctx, args)
        slot.stop(kill=True)

    def lost(slot, failure):
        """The article ``slot`` was tracing failed; the rest of its chunk goes to another worker."""
        results[slot.key].append(failure)
        slot.items.popleft()
        if slot.items:
            queue.appendleft((slot.key, list(slot.items)))
        slot.key, slot.items = None, deque()

    try:
        while True:
            # first what is complete (in input order, or as soon as it comes), then the next chunks:
            # a chunk is read and sent only after the results before it left, or the loop could wait
            # on idle workers for ever
            if ordered:
                while order and len(results[order[0]]) == sizes[order[0]]:
                    key = order.popleft()
                    del sizes[key]
                    yield from results.pop(key)
            else:
                for key in list(order):
                    got, results[key] = results[key], []
                    sizes[key] -= len(got)
                    if not sizes[key]:
                        order.remove(key)
                        del results[key], sizes[key]
                    yield from got
            while not exhausted and len(order) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                queue.append((next_key, chunk))
                results[next_key], sizes[next_key] = [], len(chunk)
                order.append(next_key)
                next_key += 1
            for slot in slots:
                if slot.ready and slot.key is None and queue:
                    key, chunk = queue.popleft()
                    try:
                        slot.conn.send((key, chunk))
                    except OSError:  # the worker died idle: the chunk waits for another one
                        queue.appendleft((key, chunk))
                        slot.ready = False
                        continue
                    slot.key, slot.items, slot.since = key, deque(chunk), time.monotonic()
            if exhausted and not order:
                return
            busy = [s for s in slots if s.key is not None]
            wait_for = None
            if timeout and busy:
                wait_for = max(0.0, min(s.since for s in busy) + timeout - time.monotonic())
            ready = wait_any([s.conn for s in slots] + [s.proc.sentinel for s in slots], wait_for)
            now = time.monotonic()
            for slot in list(slots):
                if slot.conn in ready or slot.proc.sentinel in ready:
                    try:
                        while slot.conn.poll():
                            tag, value = slot.conn.recv()
                            if tag == "init-error":
                                raise RuntimeError(f"a worker process could not start: {value}")
                            if tag == "ready":
                                slot.ready, deaths_at_start = True, 0
                                continue
                            results[tag].append(value)
                            slot.items.popleft()
                            slot.since = now
                            if not slot.items:
                                slot.key = None
                    except (EOFError, OSError):
                        pass  # the worker is gone: below
                    if not slot.proc.is_alive():
                        slot.proc.join()
                        if slot.key is not None:
                            lost(slot, _died_failure(slot.items[0], slot.proc.exitcode))
                        elif not slot.ready:
                            deaths_at_start += 1
                            if deaths_at_start > 3 * jobs:
                                raise RuntimeError(f"worker processes die as they start "
                                                   f"(exit code {slot.proc.exitcode})")
                        replace(slot)
                        continue
                if slot.key is not None and timeout and now - slot.since >= timeout:
                    lost(slot, _timeout_failure(slot.items[0], timeout))
                    replace(slot)
    finally:
        for slot in slots:
            try:
                slot.conn.send(None)
            except (OSError, ValueError):
                pass
        for slot in slots:
            slot.stop(kill=slot.key is not None)


def trace_many(
    items: Iterable[Union[Record, Failure]],
    *,
    lang: str = "auto",
    registry_files: Sequence[str] = (),
    jobs: int = 1,
    ordered: bool = True,
    chunksize: int = 8,
    render: Optional[Callable[[Document], Any]] = None,
    timeout: Optional[float] = None,
) -> Iterator[Any]:
    """Trace every record; yield a Document (or ``render(doc)``) or a Failure
    for each item, in input order unless ``ordered=False``.

    ``render`` runs in the worker (it must be a module-level function when
    ``jobs > 1``); the CLI uses it to turn documents into output lines there.

    An article that takes more than ``timeout`` seconds, or whose worker process
    dies, gives a Failure (stage "timeout" or "worker died") and the run goes on.
    With ``jobs=1`` the article runs in this process, under SIGALRM (main thread only).
    """
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive int, got {jobs!r}")
    if not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive int, got {chunksize!r}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    registry_files = tuple(str(f) for f in registry_files)
    if jobs == 1:
        _init(lang, registry_files, render)
        for item in items:
            yield _trace_with_alarm(item, timeout)
        return
    yield from _pool(items, lang, registry_files, jobs, ordered, chunksize, render, timeout)


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
    timeout: Optional[float] = None,
) -> RunReport:
    """Trace every article of ``inputs`` into ``sink`` (``attrib.run.outputs``,
    or any object with ``render``, ``write`` and ``close``; one with
    ``takes_where`` set gets ``(document, where)`` pairs). A sink opened with
    ``resume`` has a ``plan``: the first input records, which its output already
    holds, are skipped by position (their ids are checked), and the sink is cut
    to them (``begin``) before the first write. The ids in ``done`` are skipped
    too. Failures are written to the sink and reported on stderr, as are ids that
    come again (every article is traced). The sink is closed at the end. ``jobs``
    defaults to the cores, at most one per article; ``timeout`` is the time limit
    per article, in seconds."""
    total = count_inputs(inputs, input_format)
    explicit_jobs = jobs
    jobs = jobs or default_jobs()
    if total is not None:
        jobs = max(1, min(jobs, total))
    elif list(inputs) == ["-"] and input_format == "text" and not explicit_jobs:
        jobs = 1  # one article: a pool would only cost its start-up
    takes_where = getattr(sink, "takes_where", False)
    plan = getattr(sink, "plan", None)
    kept = plan.ids if plan is not None else []
    begin = getattr(sink, "begin", lambda: None)
    wheres: dict = {}
    report = RunReport(jobs=jobs, resume=resume)
    if plan is not None:
        report.kept_errors, report.redone = plan.errors, plan.redo
    bar = progress(total, quiet)
    seen: set = set()  # hashes of the ids read: 8 bytes an article, not the ids themselves

    def records():
        position = 0
        begun = False
        for rec in read_inputs(inputs, input_format=input_format, text_column=text_column, id_column=id_column):
            key = hash(rec.id)
            if key in seen:
                report.duplicates += 1
                if report.duplicates <= _DUPLICATES_SHOWN:
                    bar.write(f"attrib: warning: {rec.where or rec.id}: the id {rec.id!r} came before; "
                              f"both articles are traced"
                              + (" (further duplicates are only counted)" if report.duplicates == _DUPLICATES_SHOWN
                                 else ""), file=sys.stderr)
            seen.add(key)
            if position < len(kept):
                if rec.id != kept[position]:
                    raise ValueError(
                        f"cannot resume: record {position + 1} of the output is {kept[position]!r}, but input "
                        f"record {position + 1} ({rec.where or rec.id}) is {rec.id!r}; --resume takes up an "
                        f"output written in input order from the same inputs (not --unordered): start a new one")
                position += 1
                report.skipped += 1
                bar.update(1)
                continue
            position += 1
            if rec.id in done:
                report.skipped += 1
                bar.update(1)
                continue
            if not begun:
                begin()
                begun = True
            if takes_where and not isinstance(rec, Failure):
                wheres.setdefault(rec.id, deque()).append(rec.where)  # ids may repeat
            yield rec
        if position < len(kept):
            raise ValueError(f"cannot resume: the output holds {len(kept):,} records and the inputs only "
                             f"{position:,}: it was written from other inputs")
        if not begun:
            begin()

    try:
        with bar:
            for item in trace_many(records(), lang=lang, registry_files=registry_files, jobs=jobs,
                                   ordered=ordered, render=sink.render, timeout=timeout):
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
                sink.write((item, _where(wheres, item.id)) if takes_where else item)
    finally:
        sink.close()
    return report.finish()


def _where(wheres: dict, rid: str) -> str:
    queue = wheres.get(rid)
    if not queue:
        return rid
    where = queue.popleft()
    if not queue:
        del wheres[rid]
    return where


_DUPLICATES_SHOWN = 10  # duplicate ids named on stderr; the others are counted in the summary
