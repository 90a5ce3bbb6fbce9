"""What a corpus run reports: its progress bar and its end-of-run counts
(documents in, traced, errors, skipped), the same for local and Dask runs."""

from __future__ import annotations

import sys
import time

import attrs

__all__ = ["RunReport", "progress"]


def progress(total, quiet: bool = False):
    """A progress bar on stderr (documents per second, ETA), off when stderr
    is not a terminal or when ``quiet``."""
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", dynamic_ncols=True, file=sys.stderr, smoothing=0.05,
                disable=quiet or not sys.stderr.isatty())


@attrs.define
class RunReport:
    """The counts of one run. ``documents`` are those read and traced or failed;
    ``skipped`` were already in the output (resume), ``kept_errors`` of them error
    records not traced again; ``redone`` were in the output but traced again (from its
    first error record retried on); ``duplicates`` are input records whose id came
    before (each is traced); ``stopped`` is set when the run ended at its first error
    (fail fast)."""

    jobs: int = 1
    resume: bool = False
    documents: int = 0
    traced: int = 0
    errors: int = 0
    skipped: int = 0
    kept_errors: int = 0
    redone: int = 0
    duplicates: int = 0
    stopped: bool = False
    started: float = attrs.field(factory=time.perf_counter)
    seconds: float = 0.0

    def finish(self) -> "RunReport":
        self.seconds = time.perf_counter() - self.started
        return self

    @property
    def ok(self) -> bool:
        # a resumed output that still holds error records is not a success either
        return not (self.errors or self.stopped or self.kept_errors)

    def summary(self) -> str:
        """The one line printed at the end of a run."""
        skipped = f", {self.skipped:,} skipped as already done (--resume)" if self.resume else ""
        if self.kept_errors:
            skipped += (f", {self.kept_errors:,} error record{'' if self.kept_errors == 1 else 's'} "
                        f"kept in the output (--retry-errors traces them again)")
        if self.redone:
            skipped += f", {self.redone:,} traced again from the first error record retried"
        if self.duplicates:
            skipped += (f", {self.duplicates:,} duplicate id{'' if self.duplicates == 1 else 's'} "
                        f"(each article traced)")
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        return (f"attrib: {self.documents + self.skipped:,} documents in, {self.traced:,} traced, "
                f"{self.errors:,} error{'' if self.errors == 1 else 's'}{skipped}; {self.seconds:.1f} s, "
                f"{rate:,.1f} documents/s, {self.jobs} job(s)")
