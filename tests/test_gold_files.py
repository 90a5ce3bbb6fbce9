"""Validate the hand-made gold annotation files in corpus/ (gold format v1).

The format and the rules are in ../shared/ANNOTATION.md and corpus/README.md.
The checks are attrib.eval.gold.check_gold, the one validator that the evaluator
also relies on; the last tests prove that it reports broken files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attrib.eval.gold import check_gold

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD_DIRS = [CORPUS, CORPUS / "en"]

def gold_files() -> list[Path]:
    files: list[Path] = []
    for folder in GOLD_DIRS:
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.gold.json")))
    return files


def text_path(gold_path: Path) -> Path:
    """corpus/NAME.gold.json -> corpus/NAME.txt"""
    return gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")


@pytest.mark.parametrize(
    "gold_path", gold_files(), ids=lambda p: str(p.relative_to(CORPUS))
)
def test_gold_file(gold_path: Path) -> None:
    txt = text_path(gold_path)
    assert txt.is_file(), f"{gold_path.name} has no matching text file {txt.name}"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = txt.read_text(encoding="utf-8")
    problems = check_gold(gold, text)
    if isinstance(gold, dict) and gold.get("doc") != txt.stem:
        problems.append(f"'doc' is {gold.get('doc')!r}, expected {txt.stem!r}")
    assert not problems, f"{gold_path.name}:\n  " + "\n  ".join(problems)


def test_corpus_has_gold_files() -> None:
    assert gold_files(), f"no *.gold.json files under {CORPUS}"


_TEXT = "Kremlin mengatakan belum ada perjanjian. “Kami siap,” kata Peskov."


def _good_gold() -> dict:
    return {
        "doc": "x",
        "lang": "id",
        "publisher": None,
        "document_source": None,
        "credits": [{"role": "photo", "name": "Al Jazeera"}],
        "aliases": {"Dmitry Peskov": ["Peskov"]},
        "attributions": [
            {
                "cue": "mengatakan",
                "source": "Kremlin",
                "source_mention": "Kremlin",
                "source_kind": "organization",
                "content": "belum ada perjanjian",
                "direct": False,
                "core": True,
                "chain": ["?", "Kremlin"],
            },
            {
                "cue": "kata",
                "source": "Dmitry Peskov",
                "source_mention": "Peskov",
                "source_kind": "person",
                "content": "Kami siap,",
                "direct": True,
                "core": True,
                "chain": ["?", "Peskov"],
            },
        ],
    }


def test_validator_accepts_a_good_gold() -> None:
    assert check_gold(_good_gold(), _TEXT) == []


def test_validator_reports_broken_gold() -> None:
    gold = _good_gold()
    gold["attributions"][0]["content"] = "sudah ada perjanjian"  # not in the text
    gold["attributions"][1]["chain"] = ["?", None]
    gold["attributions"][1]["source_kind"] = "spokesman"
    gold["attributions"][1]["occurrence"] = 1  # "Kami siap," occurs once
    gold["credits"].append({"role": "editor"})
    del gold["attributions"][0]["core"]
    problems = check_gold(gold, _TEXT)
    joined = "\n".join(problems)
    assert "missing field(s) core" in joined
    assert "source_kind 'spokesman'" in joined
    assert "'chain' must be a non-empty list of non-empty strings" in joined

    gold = _good_gold()
    gold["attributions"][1]["occurrence"] = 1  # "Kami siap," occurs once
    gold["credits"].append({"role": "editor"})
    joined = "\n".join(check_gold(gold, _TEXT))
    assert "occurrence 1 out of range" in joined
    assert "credits[1] needs a non-empty 'role' and 'name'" in joined

    gold = _good_gold()
    gold["attributions"][0]["content"] = "sudah ada perjanjian"
    gold["attributions"][1]["chain"] = ["?", "Kremlin"]
    problems = check_gold(gold, _TEXT)
    assert any("'sudah ada perjanjian' does not occur" in p for p in problems)
    assert any("not the source 'Dmitry Peskov'" in p for p in problems)

    gold = _good_gold()
    del gold["publisher"]
    assert check_gold(gold, _TEXT) == ["missing top-level field 'publisher'"]
