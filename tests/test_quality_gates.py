"""Quality gates: the extraction must reach these scores on the yardsticks.

- corpus/ (the hand-annotated gold files, scored by attrib.eval.score);
- corpus/en/ (the English gold articles, the same measures);
- the PFSA-ID development split (direct quotes and speakers, attrib.eval.pfsa),
  read from ../shared/data/pfsa-id/ and skipped when it is absent;
- dev-id, 48 real Indonesian articles with gold under rules v2 (all 48: the
  study part and the score-only part of bench/splits/), read from
  ../shared/data/dev-id/ and skipped when it is absent;
- PolNeAR-train, 840 real English articles by trained annotators (all 840:
  both parts of bench/splits/), read from ../shared/data/polnear-train/ and
  skipped when it is absent.

A failing gate prints the whole score table. Do not lower a threshold to make
a gate pass: improve the extraction.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from attrib.eval.score import Report, evaluate
from attrib.eval.pfsa import PfsaReport, evaluate_pfsa

# corpus/ gates. Issue 3 set 0.90 / 0.90 / 0.85 / 0.95; raised on 2026-11-22
# when attrib scored 1.000 on all four (the seeds are also the development
# set, so some headroom stays).
MIN_CORE_F1 = 0.95
MIN_SOURCE_ACCURACY = 0.95
MIN_CHAIN_ACCURACY = 0.95
MIN_DIRECT_SPEAKER_ACCURACY = 0.95
# PFSA-ID dev gates. Issue 3 set 0.85 / 0.85; the quote F1 floor was raised
# when attrib scored 0.923 (speaker accuracy, 0.882, is not a wide margin).
MIN_PFSA_QUOTE_F1 = 0.90
MIN_PFSA_SPEAKER_ACCURACY = 0.935  # raised in issue 14, when attrib reached 0.943

# corpus/en/ gates (issue 7), set a little under what attrib reached when
# English was added (2026-11-22: F1 0.975, source 0.974, chain 0.974,
# direct-quote speaker 0.960). The English articles were also the
# development set for grammars/en, so some headroom stays.
MIN_EN_CORE_F1 = 0.95
MIN_EN_SOURCE_ACCURACY = 0.95
MIN_EN_CHAIN_ACCURACY = 0.95
MIN_EN_DIRECT_SPEAKER_ACCURACY = 0.93

# dev-id gates (issue 14), set just under what attrib reached on all 48
# articles on 2026-12-07: F1 0.949, source 0.962, chain 0.907, direct-quote
# speaker 0.959 (study part 0.962 / 0.973 / 0.926 / 0.978, score-only part
# 0.893 / 0.909 / 0.818 / 0.865).
MIN_DEV_ID_F1 = 0.94
MIN_DEV_ID_SOURCE_ACCURACY = 0.95
MIN_DEV_ID_CHAIN_ACCURACY = 0.89
MIN_DEV_ID_DIRECT_SPEAKER_ACCURACY = 0.95

# PolNeAR-train gates (issue 15), set just under what attrib reached on all
# 840 articles on 2026-12-07: F1 0.839, source 0.946, chain 0.929,
# direct-quote speaker 0.869, direct-quote F1 0.883 (study part 0.837 /
# 0.941 / 0.926 / 0.863 / 0.877, score-only part 0.843 / 0.959 / 0.937 /
# 0.885 / 0.904).
MIN_POLNEAR_F1 = 0.83
MIN_POLNEAR_SOURCE_ACCURACY = 0.94
MIN_POLNEAR_CHAIN_ACCURACY = 0.92
MIN_POLNEAR_DIRECT_SPEAKER_ACCURACY = 0.86
MIN_POLNEAR_DIRECT_F1 = 0.875

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_EN = CORPUS / "en"
PFSA_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pfsa-id" / "dev-20.txt"
DEV_ID = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dev-id"
POLNEAR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear-train"


@lru_cache(maxsize=1)
def corpus_report() -> Report:
    return evaluate(CORPUS)


@lru_cache(maxsize=1)
def corpus_en_report() -> Report:
    return evaluate(CORPUS_EN)


@lru_cache(maxsize=1)
def dev_id_report() -> Report:
    return evaluate(DEV_ID)


@lru_cache(maxsize=1)
def polnear_report() -> Report:
    return evaluate(POLNEAR)


@lru_cache(maxsize=1)
def pfsa_report() -> PfsaReport:
    return evaluate_pfsa(PFSA_DEV)


def _gate(value, minimum, what, table):
    assert value is not None, f"{what}: nothing to score\n{table}"
    assert value >= minimum, f"{what} {value:.3f} < {minimum:.2f}\n{table}"


@pytest.mark.parametrize(
    "measure, minimum",
    [
        ("f1", MIN_CORE_F1),
        ("source_accuracy", MIN_SOURCE_ACCURACY),
        ("chain_accuracy", MIN_CHAIN_ACCURACY),
        ("direct_speaker_accuracy", MIN_DIRECT_SPEAKER_ACCURACY),
    ],
)
def test_corpus_gate(measure, minimum):
    report = corpus_report()
    _gate(getattr(report.total, measure), minimum, f"corpus {measure}", report.table())


@pytest.mark.parametrize(
    "measure, minimum",
    [
        ("f1", MIN_EN_CORE_F1),
        ("source_accuracy", MIN_EN_SOURCE_ACCURACY),
        ("chain_accuracy", MIN_EN_CHAIN_ACCURACY),
        ("direct_speaker_accuracy", MIN_EN_DIRECT_SPEAKER_ACCURACY),
    ],
)
def test_corpus_en_gate(measure, minimum):
    report = corpus_en_report()
    assert report.total.tp > 0, report.table()
    _gate(getattr(report.total, measure), minimum, f"corpus/en {measure}", report.table())


needs_dev = pytest.mark.skipif(not PFSA_DEV.is_file(), reason=f"PFSA-ID dev split not found at {PFSA_DEV}")


@needs_dev
@pytest.mark.parametrize(
    "measure, minimum",
    [("f1", MIN_PFSA_QUOTE_F1), ("speaker_accuracy", MIN_PFSA_SPEAKER_ACCURACY)],
)
def test_pfsa_gate(measure, minimum):
    report = pfsa_report()
    _gate(getattr(report, measure), minimum, f"PFSA-ID direct-quote {measure}", report.table())


@pytest.mark.skipif(not DEV_ID.is_dir(), reason=f"dev-id not found at {DEV_ID}")
@pytest.mark.parametrize(
    "measure, minimum",
    [
        ("f1", MIN_DEV_ID_F1),
        ("source_accuracy", MIN_DEV_ID_SOURCE_ACCURACY),
        ("chain_accuracy", MIN_DEV_ID_CHAIN_ACCURACY),
        ("direct_speaker_accuracy", MIN_DEV_ID_DIRECT_SPEAKER_ACCURACY),
    ],
)
def test_dev_id_gate(measure, minimum):
    report = dev_id_report()
    _gate(getattr(report.total, measure), minimum, f"dev-id {measure}", report.table())


@pytest.mark.skipif(not POLNEAR.is_dir(), reason=f"PolNeAR-train not found at {POLNEAR}")
@pytest.mark.parametrize(
    "measure, minimum",
    [
        ("f1", MIN_POLNEAR_F1),
        ("source_accuracy", MIN_POLNEAR_SOURCE_ACCURACY),
        ("chain_accuracy", MIN_POLNEAR_CHAIN_ACCURACY),
        ("direct_speaker_accuracy", MIN_POLNEAR_DIRECT_SPEAKER_ACCURACY),
        ("direct_f1", MIN_POLNEAR_DIRECT_F1),
    ],
)
def test_polnear_gate(measure, minimum):
    report = polnear_report()
    _gate(getattr(report.total, measure), minimum, f"PolNeAR-train {measure}", report.table())
