"""Validate the hand-made gold annotation files in corpus/ (gold format v1).

The format and the rules are in ../shared/ANNOTATION.md and corpus/README.md.
This module uses only the standard library and pytest, and does not import
attrib, so it checks the yardstick independently of the code it measures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD_DIRS = [CORPUS, CORPUS / "en"]

TOP_FIELDS = ("doc", "lang", "publisher", "document_source", "credits", "attributions")
ATTR_FIELDS = (
    "cue",
    "source",
    "source_mention",
    "source_kind",
    "content",
    "direct",
    "core",
    "chain",
)
SOURCE_KINDS = {"person", "outlet", "organization", "anonymous", "unspecified"}
UNKNOWN_PUBLISHER = "?"


def gold_files() -> list[Path]:
    files: list[Path] = []
    for folder in GOLD_DIRS:
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.gold.json")))
    return files


def text_path(gold_path: Path) -> Path:
    """corpus/NAME.gold.json -> corpus/NAME.txt"""
    return gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")


def _alias_groups(gold: dict) -> list[set[str]]:
    groups = []
    aliases = gold.get("aliases") or {}
    if isinstance(aliases, dict):
        for name, others in aliases.items():
            group = {name}
            if isinstance(others, list):
                group.update(o for o in others if isinstance(o, str))
            groups.append(group)
    return groups


def _names_of(name: str, extra: list[str], groups: list[set[str]]) -> set[str]:
    """All names accepted for `name`: itself, `extra`, and any alias group holding it."""
    names = {name, *extra}
    for group in groups:
        if names & group:
            names |= group
    return names


def check_gold(gold: dict, text: str) -> list[str]:
    """Return a list of problems found in one gold dict against its article text."""
    problems: list[str] = []
    if not isinstance(gold, dict):
        return ["gold file is not a JSON object"]
    for field in TOP_FIELDS:
        if field not in gold:
            problems.append(f"missing top-level field {field!r}")
    if problems:
        return problems

    groups = _alias_groups(gold)
    if "aliases" in gold and not isinstance(gold["aliases"], dict):
        problems.append("'aliases' must be an object mapping a name to a list of names")

    publisher = gold["publisher"]
    document_source = gold["document_source"]
    for field in ("doc", "lang"):
        if not isinstance(gold[field], str) or not gold[field]:
            problems.append(f"{field!r} must be a non-empty string")
    for field in ("publisher", "document_source"):
        if gold[field] is not None and (not isinstance(gold[field], str) or not gold[field]):
            problems.append(f"{field!r} must be null or a non-empty string")

    credits = gold["credits"]
    if not isinstance(credits, list):
        problems.append("'credits' must be a list")
    else:
        for i, credit in enumerate(credits):
            if not isinstance(credit, dict):
                problems.append(f"credits[{i}] is not an object")
                continue
            for key in ("role", "name"):
                if not isinstance(credit.get(key), str) or not credit.get(key):
                    problems.append(f"credits[{i}] lacks a non-empty {key!r}")

    attributions = gold["attributions"]
    if not isinstance(attributions, list):
        return problems + ["'attributions' must be a list"]

    for i, attr in enumerate(attributions):
        where = f"attributions[{i}]"
        if not isinstance(attr, dict):
            problems.append(f"{where} is not an object")
            continue
        missing = [f for f in ATTR_FIELDS if f not in attr]
        if missing:
            problems.append(f"{where} missing field(s) {missing}")
            continue
        where = f"attributions[{i}] (cue {attr['cue']!r}, content {str(attr['content'])[:40]!r})"

        # source kind, and null source <=> unspecified
        kind = attr["source_kind"]
        if kind not in SOURCE_KINDS:
            problems.append(f"{where}: source_kind {kind!r} is not one of {sorted(SOURCE_KINDS)}")
        source = attr["source"]
        if source is not None and (not isinstance(source, str) or not source):
            problems.append(f"{where}: source must be null or a non-empty string")
        if (source is None) != (kind == "unspecified"):
            problems.append(f"{where}: source is null exactly when source_kind is 'unspecified'")
        for flag in ("direct", "core"):
            if not isinstance(attr[flag], bool):
                problems.append(f"{where}: {flag!r} must be true or false")

        # strings copied from the text
        for field in ("cue", "content"):
            value = attr[field]
            if not isinstance(value, str) or not value:
                problems.append(f"{where}: {field!r} must be a non-empty string")
            elif value not in text:
                problems.append(f"{where}: {field} {value!r} does not occur in the text")
        mention = attr["source_mention"]
        if mention is not None:
            if not isinstance(mention, str) or not mention:
                problems.append(f"{where}: source_mention must be null or a non-empty string")
            elif mention not in text:
                problems.append(f"{where}: source_mention {mention!r} does not occur in the text")

        content = attr["content"]
        if isinstance(content, str) and content:
            count = text.count(content)
            if "occurrence" in attr:
                occ = attr["occurrence"]
                if not isinstance(occ, int) or isinstance(occ, bool) or not 0 <= occ < count:
                    problems.append(
                        f"{where}: occurrence {occ!r} out of range (content occurs {count} time(s))"
                    )
            elif count > 1:
                problems.append(f"{where}: content occurs {count} times; add 'occurrence'")

        # chain
        chain = attr["chain"]
        source_aliases = attr.get("source_aliases", [])
        if not isinstance(source_aliases, list) or not all(
            isinstance(a, str) and a for a in source_aliases
        ):
            problems.append(f"{where}: source_aliases must be a list of non-empty strings")
            source_aliases = []
        if not isinstance(chain, list) or not chain:
            problems.append(f"{where}: chain must be a non-empty list")
            continue
        if any(not isinstance(hop, str) or not hop for hop in chain):
            problems.append(f"{where}: chain {chain!r} holds a null or empty entry")
            continue
        if publisher is None:
            if chain[0] != UNKNOWN_PUBLISHER:
                problems.append(f"{where}: publisher is null, so the chain must start with '?'")
        elif chain[0] not in _names_of(publisher, [], groups):
            problems.append(f"{where}: chain must start with the publisher {publisher!r}")
        if document_source is not None and (
            len(chain) < 2 or chain[1] not in _names_of(document_source, [], groups)
        ):
            problems.append(
                f"{where}: chain must pass through the document source {document_source!r}"
            )
        if isinstance(source, str) and source:
            if chain[-1] not in _names_of(source, source_aliases, groups):
                problems.append(
                    f"{where}: chain ends in {chain[-1]!r}, not the source {source!r} or an alias"
                )
    return problems


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
    assert "missing field(s) ['core']" in joined
    assert "source_kind 'spokesman'" in joined
    assert "holds a null" in joined
    assert "occurrence 1 out of range" in joined
    assert "credits[1] lacks a non-empty 'name'" in joined

    gold = _good_gold()
    gold["attributions"][0]["content"] = "sudah ada perjanjian"
    gold["attributions"][1]["chain"] = ["?", "Kremlin"]
    problems = check_gold(gold, _TEXT)
    assert any("'sudah ada perjanjian' does not occur" in p for p in problems)
    assert any("not the source 'Dmitry Peskov'" in p for p in problems)

    gold = _good_gold()
    del gold["publisher"]
    assert check_gold(gold, _TEXT) == ["missing top-level field 'publisher'"]
