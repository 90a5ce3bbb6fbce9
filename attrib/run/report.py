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
    ``skipped`` were already in the output (resume); ``stopped`` is set when
    the run ended at its first error (fail fast)."""

    jobs: int = 1
    resume: bool = False
    documents: int = 0
    traced: int = 0
    errors: int = 0
    skipped: int = 0
    stopped: bool = False
    started: float = attrs.field(factory=time.perf_counter)
    seconds: float = 0.0

    def finish(self) -> "RunReport":
        self.seconds = time.perf_counter() - self.started
        return self

    @property
    def ok(self) -> bool:
        return not (self.errors or self.stopped)

    def summary(self) -> str:
        """The one line printed at the end of a run."""
        skipped = f", {self.skipped:,} skipped as already done (--resume)" if self.resume else ""
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        return (f"attrib: {self.documents + self.skipped:,} documents in, {self.traced:,} traced, "
                f"{self.errors:,} error{'' if self.errors == 1 else 's'}{skipped}; {self.seconds:.1f} s, "
                f"{rate:,.1f} documents/s, {self.jobs} job(s)")
