"""Where ``--resume`` takes up a run: the records of an earlier run's output,
read by position. An output written in input order holds one record per input
record (a JSON line; one CSV or Parquet row per attribution), so its k-th
record is that of the k-th input record, whatever the ids (they may repeat).

The kept part of an output ends at its first cut record (the run was killed
while writing it) or at its first error record that is traced again: those of
stage "worker died" and "timeout", or every one with ``retry_errors``. Each
record from there on is traced again, so that the output stays in input order
and equals that of a run never interrupted."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import List

import attrs

__all__ = ["RETRIED", "ResumePlan", "plan_jsonl", "plan_csv", "plan_parquet", "retried"]

RETRIED = ("worker died", "timeout")  # the stages of error records --resume always traces again
_FAILURE_KEYS = {"id", "error", "stage", "where"}  # Failure.to_dict()


@attrs.define
class ResumePlan:
    """``ids``: those of the records kept, in order; ``errors``: error records among
    them; ``redo``: records after them in the output, traced again; ``cut``: the byte
    offset (JSON Lines, CSV) or the number of part files (Parquet) kept."""

    ids: List[str] = attrs.field(factory=list)
    errors: int = 0
    redo: int = 0
    cut: int = 0


def retried(stage: str, retry_errors: bool) -> bool:
    return retry_errors or stage in RETRIED


def _not_ours(where: str) -> ValueError:
    return ValueError(f"{where}: not a record of attrib's output; --resume appends only to output "
                      f"an earlier run wrote")


def _plan(entries, retry_errors: bool) -> ResumePlan:
    """``entries``: (id, error stage or None, offset after the record), in output order."""
    plan = ResumePlan()
    for rid, stage, end in entries:
        if plan.redo or (stage is not None and retried(stage, retry_errors)):
            plan.redo += 1
            continue
        plan.ids.append(rid)
        plan.errors += stage is not None
        plan.cut = end
    return plan


def plan_jsonl(path, retry_errors: bool = False) -> ResumePlan:
    path = Path(path)
    if not path.exists():
        return ResumePlan()

    def entries():
        end = 0
        with open(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                if not raw.endswith(b"\n"):
                    return  # cut by the interruption: traced again
                end += len(raw)
                try:
                    obj = json.loads(raw)
                except ValueError:
                    raise _not_ours(f"{path}:{n}") from None
                if not isinstance(obj, dict) or "id" not in obj:
                    raise _not_ours(f"{path}:{n}")
                failed = set(obj) == _FAILURE_KEYS
                yield str(obj["id"]), obj["stage"] if failed else None, end

    return _plan(entries(), retry_errors)


_COL = {c: i for i, c in enumerate(("doc_id", "attributions", "attribution", "error"))}


def _articles(rows, where: str):
    """(id, error stage or None, end) of each whole article in table rows given as
    (doc_id, attributions, attribution, error, end): an article's rows are its
    attributions, numbered from 0, or one row when it has none or is an error."""
    rows = iter(rows)
    for doc_id, count, index, error, end in rows:
        if error:
            yield doc_id, error.split(":", 1)[0], end
            continue
        if index not in (None, "", 0, "0"):
            raise _not_ours(f"{where}: the rows of {doc_id!r}")
        for k in range(1, int(count or 0)):
            nxt = next(rows, None)
            if nxt is None:
                return  # its other rows were not written: the article is traced again
            if nxt[0] != doc_id or str(nxt[2]) != str(k):
                raise _not_ours(f"{where}: the rows of {doc_id!r}")
            end = nxt[4]
        yield doc_id, None, end


def plan_csv(path, retry_errors: bool = False, columns=None) -> ResumePlan:
    """The plan of a CSV table. A row cut by the interruption (no newline at its end,
    or a quoted cell left open) is not read, nor is an article missing rows."""
    path = Path(path)
    if not path.exists():
        return ResumePlan()
    csv.field_size_limit(2**31 - 1)
    rows = []  # (cells, offset after the row)
    with open(path, "rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(max(0, size - 1))
        whole = fh.read(1) == b"\n"
        fh.seek(0)
        pos = 0

        def lines():
            nonlocal pos
            for raw in fh:
                pos += len(raw)
                yield raw.decode("utf-8", "surrogateescape")

        try:
            for cells in csv.reader(lines(), strict=True):
                rows.append((cells, pos))
        except csv.Error:
            pass  # the file ends inside a quoted cell: that row is cut
    if rows and rows[-1][1] == size and not whole:
        rows.pop()
    if not rows:
        return ResumePlan()  # not even the header line is whole: start afresh
    header = rows[0][0]
    if columns is not None and header != list(columns):
        raise ValueError(f"{path}: its header is not that of attrib's CSV table; "
                         f"--resume appends only to a table an earlier run wrote")
    at = [header.index(c) for c in _COL]
    def body():
        for n, (cells, end) in enumerate(rows[1:], 2):
            if len(cells) != len(header):
                raise _not_ours(f"{path}: row {n}")
            yield cells[at[0]], cells[at[1]], cells[at[2]], cells[at[3]], end


    plan = _plan(_articles(body(), str(path)), retry_errors)
    if not plan.ids:
        plan.cut = rows[0][1]  # the header stays
    return plan


def plan_parquet(directory, retry_errors: bool = False) -> ResumePlan:
    """The plan of a directory of part files (each written whole, so never cut): the
    parts before the first one holding an error record traced again are kept."""
    import re

    import pyarrow.parquet as pq

    directory = Path(directory)
    parts = sorted((int(m.group(1)), p) for p in directory.glob("part-*.parquet")
                   if (m := re.fullmatch(r"part-(\d+)\.parquet", p.name)))
    for k, (number, p) in enumerate(parts):
        if number != k:
            raise ValueError(f"{directory}: part-{k:05d}.parquet is missing, so the positions of the "
                             f"articles after it are unknown; remove {p.name} and the parts after it "
                             f"to trace them again")

    def entries():
        for k, (_n, p) in enumerate(parts):
            t = pq.read_table(p, columns=list(_COL))
            cols = [t.column(c).to_pylist() for c in _COL]
            rows = zip(*cols, [k] * t.num_rows)
            yield from _articles(rows, str(p))

    by_part: List[list] = [[] for _ in parts]
    for rid, stage, k in entries():
        by_part[k].append((rid, stage))
    plan = ResumePlan()
    for k, arts in enumerate(by_part):
        if plan.redo or any(s is not None and retried(s, retry_errors) for _r, s in arts):
            plan.redo += len(arts)  # the part is written again, whole, and those after it
            continue
        plan.ids.extend(r for r, _s in arts)
        plan.errors += sum(s is not None for _r, s in arts)
        plan.cut = k + 1
    return plan
