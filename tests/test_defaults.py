"""One default language in the API: "auto", as in the CLI (issue 17)."""

from __future__ import annotations

from pathlib import Path

import attrib
from attrib.run.inputs import Record

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
EN = (CORPUS / "en" / "en000_drone_gift_reuters.txt").read_text(encoding="utf-8")
ID = (CORPUS / "001_e0fdb214c7fbc621.txt").read_text(encoding="utf-8")


def test_trace_detects_english_by_default():
    doc = attrib.trace(EN)
    assert doc.lang == "en" and doc.attributions
    assert doc == attrib.trace(EN, "en")


def test_pipeline_defaults_to_auto():
    p = attrib.Pipeline()
    en, id_ = p.run(EN), p.run(ID)
    assert (en.lang, id_.lang) == ("en", "id")
    assert en == attrib.trace(EN) and id_ == attrib.trace(ID)
    assert attrib.Pipeline("id").run(EN).lang == "id"  # a code forces the language
    assert attrib.Pipeline(attrib.get_language("en")).run(EN) == en


def test_trace_many_detects_each_record():
    from attrib.run.local import trace_many

    docs = list(trace_many([Record(id="en", text=EN), Record(id="id", text=ID)], jobs=1))
    assert [d.lang for d in docs] == ["en", "id"] and all(d.attributions for d in docs)


def test_evaluate_scores_each_gold_file_in_its_language():
    total = attrib.evaluate(CORPUS / "en").to_dict()["total"]  # no lang=: each file's "en"
    assert total["f1"] > 0.95
    assert attrib.evaluate(CORPUS / "en", lang="auto").to_dict()["total"]["f1"] == total["f1"]
