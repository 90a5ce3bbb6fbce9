"""Unit tests of the gold-format scorer (attrib.eval.score, attrib.eval.gold) and `attrib eval`."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from attrib.cli import main
from attrib.eval.metrics import Aliases, same_name
from attrib.eval.score import Report, chain_matches, dedupe_chain, evaluate, score_document
from attrib.eval.gold import GoldError, gold_spans, load_gold, to_gold
from attrib.pipeline import trace

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

TEXT = (
    "Kremlin mengatakan belum ada perjanjian soal senjata. "
    "“Kami siap bekerja sama,” kata Peskov seperti dilansir Al Jazeera. "
    "Rusia disebut membujuk Korut untuk menjual senjata. "
    "Analis mengatakan kunjungan itu sangat penting bagi kedua negara."
)


def attribution(cue, source, content, chain, *, mention=None, kind="person", direct=False, core=True, **extra):
    return {
        "cue": cue,
        "source": source,
        "source_mention": mention if mention is not None else source,
        "source_kind": kind,
        "content": content,
        "direct": direct,
        "core": core,
        "chain": chain,
        **extra,
    }


KREMLIN = attribution("mengatakan", "Kremlin", "belum ada perjanjian soal senjata", ["Indopos", "Kremlin"],
                      kind="organization")
PESKOV = attribution("kata", "Dmitry Peskov", "Kami siap bekerja sama,", ["Indopos", "Al Jazeera", "Dmitry Peskov"],
                     mention="Peskov", direct=True)
PASSIVE = attribution("disebut", None, "Rusia disebut membujuk Korut untuk menjual senjata", ["Indopos"],
                      kind="unspecified", core=False)
ANALYST = attribution("mengatakan", "Analis", "kunjungan itu sangat penting bagi kedua negara", ["Indopos", "Analis"],
                      kind="anonymous")


def gold_doc(*attributions, aliases=None, publisher="Indopos"):
    return {
        "doc": "t",
        "lang": "id",
        "publisher": publisher,
        "document_source": None,
        "credits": [],
        "aliases": aliases if aliases is not None else {"Dmitry Peskov": ["Peskov"], "Indopos": ["INDOPOS.CO.ID"]},
        "attributions": [copy.deepcopy(a) for a in attributions],
    }


def pred_doc(*attributions):
    d = gold_doc(*attributions)
    del d["aliases"]
    return d


def score(gold, pred, text=TEXT):
    s, errors = score_document("t", text, gold, pred)
    return s, errors


def with_(a, **changes):
    a = copy.deepcopy(a)
    a.update(changes)
    return a


# --- names and chains -----------------------------------------------------------


def test_same_name_rules():
    assert same_name("TASS", "tass")
    assert same_name("Peskov", "Dmitry Peskov")  # token subset
    assert same_name("Kantor Berita Korea\u00a0KCNA", "kantor berita korea kcna")  # whitespace normalised
    assert same_name("Jeon Hak-kyou", "Jeon Hak-kyu")  # fuzzy ratio >= 85
    assert not same_name("Vladimir Putin", "Dmitry Peskov")
    assert not same_name("?", "Kontan")
    assert not same_name(None, "Kontan")


def test_dedupe_and_chain_rules():
    aliases = Aliases({"Indopos": ["INDOPOS.CO.ID"]})
    assert dedupe_chain(["Indopos", "Indopos", "TASS", "TASS"], aliases) == ["Indopos", "TASS"]
    assert dedupe_chain(["Indopos", "INDOPOS.CO.ID", "TASS"], aliases) == ["Indopos", "TASS"]
    names = aliases.expand(["Dmitry Peskov", "Peskov"])
    assert chain_matches(["?", "Dmitry Peskov"], ["Kontan", "Peskov"], names, aliases)
    assert not chain_matches(["Indopos", "Dmitry Peskov"], ["Indopos", "Al Jazeera", "Peskov"], names, aliases)


# --- the scorer -------------------------------------------------------------------


def test_perfect_prediction_scores_one():
    gold = gold_doc(KREMLIN, PESKOV, PASSIVE, ANALYST)
    s, errors = score(gold, pred_doc(KREMLIN, PESKOV, PASSIVE, ANALYST))
    assert (s.tp, s.fp, s.fn, s.ignored) == (3, 0, 0, 1)
    assert s.precision == s.recall == s.f1 == 1.0
    assert s.source_accuracy == s.chain_accuracy == s.content_f1 == 1.0
    assert s.direct_speaker_accuracy == 1.0
    assert errors == []


def test_missed_core_attribution_lowers_recall():
    gold = gold_doc(KREMLIN, PESKOV, ANALYST)
    s, errors = score(gold, pred_doc(KREMLIN, ANALYST))
    assert s.precision == 1.0
    assert s.recall == pytest.approx(2 / 3)
    assert s.direct_speaker_accuracy == 0.0  # the one direct quote was missed
    assert [e.kind for e in errors] == ["missed"]
    assert errors[0].gold_source == "Dmitry Peskov" and "Kami siap" in errors[0].content


def test_direct_quote_f1_counts_only_direct_quotes_against_core_direct_gold():
    # PESKOV is the one direct quote: found, it alone makes the direct-quote scores
    s, _ = score(gold_doc(KREMLIN, PESKOV, ANALYST), pred_doc(KREMLIN, PESKOV, ANALYST))
    assert (s.direct_tp, s.direct_predicted) == (1, 1) and s.direct_f1 == 1.0
    # missed: recall 0; predicted as indirect speech: no direct prediction either
    s, _ = score(gold_doc(KREMLIN, PESKOV), pred_doc(KREMLIN))
    assert (s.direct_tp, s.direct_predicted, s.direct_recall) == (0, 0, 0.0)
    s, _ = score(gold_doc(KREMLIN, PESKOV), pred_doc(KREMLIN, with_(PESKOV, direct=False)))
    assert s.tp == 2 and (s.direct_tp, s.direct_predicted) == (0, 0)
    # a direct prediction over indirect gold is a direct-quote false positive
    s, _ = score(gold_doc(KREMLIN, PESKOV), pred_doc(with_(KREMLIN, direct=True), PESKOV))
    assert (s.direct_tp, s.direct_predicted) == (1, 2) and s.direct_precision == 0.5
    # over borderline gold it is not counted at all
    s, _ = score(gold_doc(KREMLIN, PESKOV, PASSIVE), pred_doc(KREMLIN, PESKOV, with_(PASSIVE, direct=True)))
    assert (s.direct_tp, s.direct_predicted) == (1, 1)


def test_spurious_prediction_lowers_precision():
    gold = gold_doc(KREMLIN, PESKOV)
    s, errors = score(gold, pred_doc(KREMLIN, PESKOV, ANALYST))
    assert s.recall == 1.0
    assert s.precision == pytest.approx(2 / 3)
    assert [e.kind for e in errors] == ["spurious"]
    assert errors[0].pred_source == "Analis"


def test_prediction_over_borderline_gold_is_ignored():
    gold = gold_doc(KREMLIN, PESKOV, PASSIVE)
    # The same span as the borderline gold, and a shorter span inside it.
    partial = with_(PASSIVE, content="membujuk Korut untuk menjual senjata", cue="disebut")
    for extra in (PASSIVE, partial):
        s, errors = score(gold, pred_doc(KREMLIN, PESKOV, extra))
        assert (s.tp, s.fp, s.fn, s.ignored) == (2, 0, 0, 1)
        assert s.precision == s.recall == 1.0
        assert errors == []
    # Missing the borderline one costs nothing either.
    s, _ = score(gold, pred_doc(KREMLIN, PESKOV))
    assert s.recall == 1.0 and s.gold_core == 2 and s.gold_borderline == 1


def test_partial_content_overlap_matches_and_scores_content_f1():
    gold = gold_doc(KREMLIN)
    shorter = with_(KREMLIN, content="belum ada perjanjian")  # 3 of the 5 gold tokens
    s, _ = score(gold, pred_doc(shorter))
    assert s.tp == 1
    assert s.content_f1 == pytest.approx(2 * 3 / (5 + 3))
    too_short = with_(KREMLIN, content="senjata")  # 1 token: half of the shorter (1) is met
    s, _ = score(gold, pred_doc(too_short))
    assert s.tp == 1
    disjoint = with_(KREMLIN, content="Kremlin mengatakan")  # no shared token
    s, _ = score(gold, pred_doc(disjoint))
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_source_alias_mention_and_token_subset_count():
    gold = gold_doc(PESKOV, KREMLIN)
    for name in ("Peskov", "Dmitry Peskov", "dmitry peskov", "Dmitry Sergeyevich Peskov"):
        s, errors = score(gold, pred_doc(with_(PESKOV, source=name), KREMLIN))
        assert s.source_accuracy == 1.0, name
        assert s.direct_speaker_accuracy == 1.0, name
    # source_aliases on the gold attribution
    gold = gold_doc(with_(KREMLIN, source_aliases=["Istana Kremlin", "Moskow"]))
    s, _ = score(gold, pred_doc(with_(KREMLIN, source="Moskow")))
    assert s.source_accuracy == 1.0


def test_wrong_source_fails_source_and_speaker_accuracy():
    gold = gold_doc(PESKOV, KREMLIN)
    s, errors = score(gold, pred_doc(with_(PESKOV, source="Vladimir Putin"), KREMLIN))
    assert s.tp == 2
    assert s.source_accuracy == 0.5
    assert s.direct_speaker_accuracy == 0.0
    wrong = [e for e in errors if e.kind == "wrong source"]
    assert len(wrong) == 1 and wrong[0].gold_source == "Dmitry Peskov" and wrong[0].pred_source == "Vladimir Putin"


def test_wrong_chain_hop_fails_chain_accuracy():
    gold = gold_doc(PESKOV, KREMLIN)
    s, errors = score(gold, pred_doc(with_(PESKOV, chain=["Indopos", "Reuters", "Dmitry Peskov"]), KREMLIN))
    assert s.chain_accuracy == 0.5
    assert s.source_accuracy == 1.0
    assert [e.kind for e in errors] == ["wrong chain"]
    # a missing hop (different length) fails too
    s, _ = score(gold, pred_doc(with_(PESKOV, chain=["Indopos", "Dmitry Peskov"]), KREMLIN))
    assert s.chain_accuracy == 0.5


def test_unknown_publisher_in_gold_matches_any_hop():
    gold = gold_doc(with_(KREMLIN, chain=["?", "Kremlin"]), publisher=None)
    for first in ("Kontan", "?", "Indopos"):
        s, _ = score(gold, pred_doc(with_(KREMLIN, chain=[first, "Kremlin"])))
        assert s.chain_accuracy == 1.0, first


def test_repeated_hops_are_dropped_and_aliases_apply_to_any_hop():
    gold = gold_doc(PESKOV)
    for chain in (
        ["Indopos", "Indopos", "Al Jazeera", "Dmitry Peskov"],
        ["INDOPOS.CO.ID", "Al Jazeera", "Al Jazeera", "Peskov"],
        ["Indopos", "INDOPOS.CO.ID", "Al Jazeera", "Peskov"],
    ):
        s, _ = score(gold, pred_doc(with_(PESKOV, chain=chain)))
        assert s.chain_accuracy == 1.0, chain


def test_identical_strings_at_different_places_are_different():
    text = "Kata dia, “Kami siap.” Lalu Budi menjawab, “Kami siap.”"
    first = attribution("Kata", "dia", "Kami siap.", ["?", "dia"], direct=True)
    second = attribution("menjawab", "Budi", "Kami siap.", ["?", "Budi"], direct=True, occurrence=1)
    gold = gold_doc(second, publisher=None)
    assert gold_spans(gold, text)[0].start == text.rindex("Kami siap.")
    s, _ = score(gold, pred_doc(with_(second, occurrence=0)), text)  # the other place
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    s, _ = score(gold, pred_doc(second), text)
    assert s.tp == 1
    s, _ = score(gold_doc(first, second, publisher=None), pred_doc(second, first), text)
    assert s.tp == 2 and s.source_accuracy == 1.0


def test_equal_overlap_prefers_the_right_source():
    # Two sources side by side for the same content (TASS and KCNA).
    text = "Melalui laporan TASS dan KCNA, Rusia menggelar upacara pelepasan."
    tass = attribution("Melalui laporan", "TASS", "Rusia menggelar upacara pelepasan", ["?", "TASS"], kind="outlet")
    kcna = with_(tass, source="KCNA", source_mention="KCNA", chain=["?", "KCNA"])
    s, _ = score(gold_doc(tass, kcna, publisher=None), pred_doc(kcna, tass), text)
    assert s.tp == 2 and s.source_accuracy == 1.0 and s.chain_accuracy == 1.0


# --- gold files ------------------------------------------------------------------


def test_load_gold_reports_bad_files(tmp_path):
    bad = tmp_path / "x.gold.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match=r"x\.gold\.json: invalid JSON at line 1"):
        load_gold(bad)
    g = gold_doc(KREMLIN)
    del g["attributions"][0]["chain"]
    del g["publisher"]
    bad.write_text(json.dumps(g), encoding="utf-8")
    with pytest.raises(GoldError, match=r"x\.gold\.json: missing top-level field 'publisher'"):
        load_gold(bad)
    g["publisher"] = None
    bad.write_text(json.dumps(g), encoding="utf-8")
    with pytest.raises(GoldError, match=r"attributions\[0\] is missing field\(s\) chain"):
        load_gold(bad)


def test_gold_spans_reports_missing_content():
    g = gold_doc(with_(KREMLIN, content="tidak ada di teks"))
    with pytest.raises(GoldError, match="does not occur"):
        gold_spans(g, TEXT)
    g = gold_doc(with_(KREMLIN, occurrence=3))
    with pytest.raises(GoldError, match="occurrence 3 is out of range"):
        gold_spans(g, TEXT)


def corpus_doc(name="004_10afbb6f50542c20"):
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    return name, text, trace(text, id=name)


def test_to_gold_writes_the_gold_format():
    name, text, doc = corpus_doc("000_fa1c7606945b711f")
    g = to_gold(doc, name)
    assert g["doc"] == name and g["lang"] == "id"
    assert set(g) >= {"publisher", "document_source", "credits", "attributions"}
    for a, span in zip(g["attributions"], gold_spans(g, text)):
        assert text[span.start:span.end] == a["content"]
        assert a["chain"] and all(isinstance(h, str) and h for h in a["chain"])
        assert (a["source"] is None) == (a["source_kind"] == "unspecified")
    # spans survive the round trip, repeated contents included
    assert [s for s in gold_spans(g, text)] == [a.content.span for a in doc.attributions]


def test_to_gold_round_trip_scores_one(tmp_path):
    name, text, doc = corpus_doc()
    g = to_gold(doc, name)
    s, errors = score_document(name, text, g, g)
    assert s.f1 == 1.0 and s.source_accuracy == 1.0 and s.chain_accuracy == 1.0 and errors == []

    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    (gold_dir / f"{name}.txt").write_text(text, encoding="utf-8")
    (gold_dir / f"{name}.gold.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    (pred_dir / f"{name}.gold.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    report = evaluate(gold_dir, pred_dir)
    assert report.total.f1 == 1.0
    assert report.missing_predictions == []
    # tracing again (no pred_dir) gives the same predictions
    assert evaluate(gold_dir).total.f1 == 1.0


def test_missing_prediction_file_counts_as_empty(tmp_path):
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    (gold_dir / "t.txt").write_text(TEXT, encoding="utf-8")
    (gold_dir / "t.gold.json").write_text(json.dumps(gold_doc(KREMLIN, PESKOV)), encoding="utf-8")
    report = evaluate(gold_dir, pred_dir)
    assert report.missing_predictions == ["t"]
    assert report.total.recall == 0.0 and report.total.fn == 2
    assert "missing prediction files" in report.table()
    assert report.to_dict()["missing_predictions"] == ["t"]


# --- the command -------------------------------------------------------------------


def test_cli_prints_a_table_with_total(capsys):
    assert main(["eval", str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert "TOTAL" in out and "000_fa1c7606945b711f" in out


def test_cli_errors_lists_problems(capsys, tmp_path):
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "t.gold.json").write_text(json.dumps(gold_doc(KREMLIN, PESKOV, ANALYST)), encoding="utf-8")
    pred = tmp_path / "pred"
    pred.mkdir()
    (pred / "t.gold.json").write_text(json.dumps(pred_doc(KREMLIN, with_(PESKOV, source="Putin"))), encoding="utf-8")
    assert main(["eval", str(tmp_path), str(pred), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "[missed] t @" in out and "[wrong source] t @" in out and "predicted Putin" in out


def test_cli_json_is_valid(capsys):
    assert main(["eval", str(CORPUS), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["doc"] == "TOTAL"
    assert len(data["documents"]) == len(list(CORPUS.glob("*.gold.json")))
    assert "errors" not in data
    assert main(["eval", str(CORPUS), "--json", "--errors"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out)["errors"], list)


def test_cli_missing_inputs_exit_2(capsys, tmp_path):
    assert main(["eval", str(tmp_path / "nowhere")]) == 2
    assert "not found" in capsys.readouterr().err
    assert main(["eval", str(tmp_path)]) == 2  # exists, but holds no gold files
    assert "no *.gold.json files" in capsys.readouterr().err
    assert main(["eval", str(CORPUS), str(tmp_path / "nopred")]) == 2
    assert "prediction directory not found" in capsys.readouterr().err
    assert main(["eval", "--pfsa", str(tmp_path / "missing.txt")]) == 2
    assert "PFSA file not found" in capsys.readouterr().err
    assert main(["eval"]) == 2


def test_cli_bad_gold_file_exits_2(capsys, tmp_path):
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "t.gold.json").write_text("[1, 2", encoding="utf-8")
    assert main(["eval", str(tmp_path)]) == 2
    assert "t.gold.json: invalid JSON" in capsys.readouterr().err


def test_cli_gold_file_with_an_unknown_lang_or_deep_nesting_names_the_file(capsys, tmp_path):
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    gold = tmp_path / "t.gold.json"
    gold.write_text(json.dumps({**gold_doc(KREMLIN), "lang": "xx"}), encoding="utf-8")
    assert main(["eval", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "t.gold.json" in err and "'xx'" in err and "--lang" in err and "Traceback" not in err
    assert main(["eval", str(tmp_path), "--lang", "id"]) == 0  # the option overrides the file's lang
    capsys.readouterr()

    gold.write_text('{"doc": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(GoldError, match=r"t\.gold\.json: invalid JSON: maximum recursion depth"):
        load_gold(gold)
    assert main(["eval", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "t.gold.json: invalid JSON" in err and "Traceback" not in err


def test_json_messages_that_end_in_at_are_not_doubled(tmp_path):
    bad = tmp_path / "x.gold.json"
    bad.write_text('{"doc": "unterminated', encoding="utf-8")
    with pytest.raises(GoldError) as exc:
        load_gold(bad)
    assert str(exc.value).endswith("column 9: Unterminated string starting"), str(exc.value)


def test_report_to_dict_and_table():
    s, errors = score(gold_doc(KREMLIN, PESKOV), pred_doc(KREMLIN))
    report = Report([s], errors, gold_dir="g")
    d = report.to_dict()
    assert d["total"]["recall"] == 0.5 and len(d["errors"]) == 1
    table = report.table()
    assert table.splitlines()[0].startswith("doc") and "TOTAL" in table
