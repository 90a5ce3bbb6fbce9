"""Tests of the PFSA-ID adapter (attrib.eval.pfsa).

The synthetic snippets are written here; the real development split is read
from ../shared/data/pfsa-id/ and never copied into the repository.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from attrib.cli import main
from attrib.eval.metrics import EvalError
from attrib.model import Attribution, Content, Cue, Document, Source, Span
from attrib.eval.pfsa import (
    PfsaReport,
    Token,
    article_statements,
    dateline_length,
    detokenise,
    evaluate_pfsa,
    labelled_spans,
    parse_pfsa,
    read_pfsa,
    score_article,
    split_articles,
)

PFSA_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pfsa-id" / "dev-20.txt"

# Two articles in the PFSA-ID layout: token<TAB>label, blank line between segments.
SNIPPET = """\
JAKARTA\tO
,\tO
KOMPAS\tO
—\tO
Menteri\tB-ROLE
Kesehatan\tL-ROLE
Budi\tB-PERSON
Gunadi\tI-PERSON
Sadikin\tL-PERSON
(\tO
BGS\tO
)\tO
mengatakan\tO
,\tO
kasus\tO
Covid\tO
-\tO
19\tO
turun\tO
pada\tO
13\tB-DATETIME
/\tI-DATETIME
04\tI-DATETIME
/\tI-DATETIME
2020\tL-DATETIME
.\tO
”\tB-STATEMENT

Kami\tI-STATEMENT
siap\tI-STATEMENT
,\tI-STATEMENT
”\tL-STATEMENT
kata\tU-CUE
Budi\tU-PERSONCOREF
.\tO

Ia\tO
menyebut\tO
program\tO
itu\tO
”\tO
vaksin\tO
gotong\tO
royong\tO
”\tO
.\tO

BANDUNG\tO
,\tO
KOMPAS\tO
-\tO
Warga\tO
antre\tO
.\tO
”\tO

Sudah\tO
lama\tO
,\tO
”\tO
ujar\tO
Tini\tO
.\tO
"""

ARTICLE_1 = (
    "JAKARTA, KOMPAS — Menteri Kesehatan Budi Gunadi Sadikin (BGS) mengatakan, kasus Covid-19 turun pada "
    "13/04/2020. ”Kami siap,” kata Budi. Ia menyebut program itu ”vaksin gotong royong”."
)
ARTICLE_2 = "BANDUNG, KOMPAS - Warga antre. ”Sudah lama,” ujar Tini."


def snippet_articles():
    return split_articles(parse_pfsa(SNIPPET.splitlines(keepends=True)))


def assert_spans_match(segments, detok):
    for si, seg in enumerate(segments):
        for ti, tok in enumerate(seg):
            text = tok.text if isinstance(tok, Token) else tok
            span = detok.spans[si][ti]
            assert detok.text[span.start:span.end] == text, (si, ti, text)


def test_detokenise_restores_natural_text_and_offsets():
    articles = snippet_articles()
    assert len(articles) == 2
    for article, expected in zip(articles, (ARTICLE_1, ARTICLE_2)):
        detok = detokenise(article.segments)
        assert detok.text == expected
        assert_spans_match(article.segments, detok)


def test_detokenise_plain_strings_and_quote_positions():
    segs = [["Dia", "berkata", ":", "“", "Ayo", "(", "cepat", ")", "!", "”"], ["Lalu", "pergi", "."]]
    detok = detokenise(segs)
    assert detok.text == "Dia berkata: “Ayo (cepat)!” Lalu pergi."
    assert_spans_match(segs, detok)
    # Kompas ” used both ways, no labels: decided by position and by what is open
    segs = [["Ia", "bilang", "”", "tidak", "”", ",", "lalu", "diam", "."], ["”", "Sudah", ",", "”", "katanya", "."]]
    detok = detokenise(segs)
    assert detok.text == "Ia bilang ”tidak”, lalu diam. ”Sudah,” katanya."
    assert_spans_match(segs, detok)
    # a clitic after a closing mark, a hyphenated word
    segs = [["ada", "“", "jeger", "-", "jeger", "”", "-nya", "."]]
    assert detokenise(segs).text == "ada “jeger-jeger”-nya."


def test_dateline_rule():
    assert dateline_length("JAKARTA , KOMPAS — Presiden".split()) == 4
    assert dateline_length("TANGERANG SELATAN , KOMPAS – Upaya".split()) == 5
    assert dateline_length("Di Jakarta , KOMPAS — x".split()) == 0
    assert dateline_length("Presiden Joko Widodo mengatakan".split()) == 0


def test_labelled_spans_repair_broken_sequences():
    seg = [Token("a", "B-PERSON"), Token("b", "I-PERSON"), Token("c", "B-PERSON"), Token("d", "O"),
           Token("e", "I-ROLE"), Token("f", "U-CUE")]
    spans = [(s.type, s.first, s.last) for s in labelled_spans([seg])]
    assert spans == [("PERSON", (0, 0), (0, 1)), ("PERSON", (0, 2), (0, 2)), ("ROLE", (0, 4), (0, 4)),
                     ("CUE", (0, 5), (0, 5))]


def test_statements_and_their_speakers():
    article = snippet_articles()[0]
    detok = detokenise(article.segments)
    (st,) = article_statements(article, detok)
    assert st.text == "”Kami siap,”"
    assert detok.text[st.span.start:st.span.end] == st.text
    assert st.speakers == ["Budi Gunadi Sadikin", "Budi"]
    assert st.nearest_before == "Budi Gunadi Sadikin"


def _doc_with_quote(text, content, source_name, mention):
    start = text.index(content)
    cue_start = text.index("kata")
    return Document(
        text=text,
        lang="id",
        attributions=[
            Attribution(
                cue=Cue("kata", Span(cue_start, cue_start + 4), "after"),
                source=Source("person", name=source_name, mention=mention),
                content=Content(content, Span(start, start + len(content)), True),
            )
        ],
    )


def test_score_article_counts_quotes_and_speakers():
    article = snippet_articles()[0]
    detok = detokenise(article.segments)
    for name, mention, ok in (("Budi Gunadi Sadikin", "Budi", 1), ("Budi", None, 1), ("Tini", "Tini", 0)):
        report = PfsaReport("snippet")
        score_article(article, detok, _doc_with_quote(detok.text, "Kami siap,", name, mention), report)
        assert (report.statements, report.predicted, report.tp) == (1, 1, 1)
        assert report.f1 == 1.0
        assert (report.speaker_judged, report.speaker_ok) == (1, ok)
        assert [e.kind for e in report.errors] == ([] if ok else ["wrong speaker"])
    # a quote elsewhere is spurious, and the statement is missed
    report = PfsaReport("snippet")
    score_article(article, detok, _doc_with_quote(detok.text, "vaksin gotong royong", "Budi", None), report)
    assert (report.tp, report.fp, report.fn) == (0, 1, 1)
    assert sorted(e.kind for e in report.errors) == ["missed statement", "spurious quote"]


def test_evaluate_pfsa_on_a_small_file(tmp_path):
    path = tmp_path / "mini.txt"
    path.write_text(SNIPPET, encoding="utf-8")
    report = evaluate_pfsa(path)
    assert report.articles == 2 and report.statements == 1
    d = report.to_dict()
    assert d["statements"] == 1 and "errors" in d
    assert "direct-quote P / R / F1" in report.table()


def test_bad_pfsa_lines_are_reported(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("JAKARTA\tO\nno-label-here\n", encoding="utf-8")
    with pytest.raises(EvalError, match="line 2: expected 'token<TAB>label'"):
        read_pfsa(path)
    with pytest.raises(EvalError, match="not found"):
        read_pfsa(tmp_path / "absent.txt")


# --- the real development split ---------------------------------------------------

needs_dev = pytest.mark.skipif(not PFSA_DEV.is_file(), reason=f"PFSA-ID dev split not found at {PFSA_DEV}")


@lru_cache(maxsize=1)
def dev_report() -> PfsaReport:
    return evaluate_pfsa(PFSA_DEV)


@needs_dev
def test_dev_split_articles_and_offsets():
    articles = split_articles(read_pfsa(PFSA_DEV))
    assert 150 <= len(articles) <= 180  # "about 170 articles"
    statements = 0
    for article in articles:
        detok = detokenise(article.segments)
        assert_spans_match(article.segments, detok)
        assert "\n" not in detok.text
        statements += len(article_statements(article, detok))
    assert statements == 828  # as the README says


@needs_dev
def test_dev_split_report():
    report = dev_report()
    assert report.statements == 828
    for value in (report.precision, report.recall, report.f1, report.speaker_accuracy):
        assert value is not None and 0.0 <= value <= 1.0
    assert report.tp + report.fn == report.statements
    assert report.errors, "a real run always leaves something to look at"


@needs_dev
def test_cli_pfsa_json(capsys):
    assert main(["eval", "--pfsa", str(PFSA_DEV), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["statements"] == 828 and "f1" in data
