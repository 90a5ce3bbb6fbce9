"""The language contract: a language is a grammar, word lists and hooks; the
core names no word of any language.

- a toy language, written to a temporary folder, traces text with no edit to
  ``attrib/`` (its names start with a capital outside ASCII);
- no cue or function word of a bundled lexicon is a string literal in the
  engine's source: ``attrib/`` outside ``attrib/languages/`` and outside the
  wings that write attrib's own English interface (messages, labels and the
  graph's node kinds: ``cli``, ``show``, ``graph``, ``export``, ``run``,
  ``eval``);
- a grammar without the contract's start rules is refused with a clear error.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import attrib
import attrib.language as language_mod
from attrib.language import Language, LanguageError, grammars_dir, register
from attrib.lexicon import read_tsv

ATTRIB = Path(attrib.__file__).resolve().parent

TOY_GRAMMAR = r"""
// Zorbish, a toy language: "X blorft ke ...", "'...,' zaid X".
%declare NAME WORD NUM DATE DOMAIN QUOTE COMMA COLON DOT DASH PIPE LPAR RPAR PUNCT KNOWN
%declare CUE_VERB CUE_POST THAT ROLE BY CREDIT_KEY SOURCE_KEY CLAUSE_BREAK VIA
?frame: frame_verb | frame_post
frame_verb: subject CUE_VERB THAT?   -> verb
frame_post: lead CUE_POST speaker    -> post
lead: QUOTE COMMA? | COMMA
?subject: sources
speaker: np
sources: appos
appos: np
np: (NAME | ROLE | KNOWN)+
?meta: dateline
dateline: (DOMAIN | KNOWN) DASH
"""

TOY_WORDS = "blorft\tCUE_VERB\nzaid\tCUE_POST\nke\tTHAT\nvorsitzer\tROLE\n"

TOY_TEXT = (
    "nachrichten.zz - Vorsitzer Émilie Dupont blorft ke zug zug ist gut und morgen ist gut.\n\n"
    "“Zug zug ist gut, morgen ist besser und übermorgen ist am besten,” zaid Dupont.\n"
)


@pytest.fixture
def toy(tmp_path, monkeypatch):
    (tmp_path / "zz.lark").write_text(TOY_GRAMMAR, encoding="utf-8")
    data = tmp_path / "zz"
    data.mkdir()
    (data / "words.tsv").write_text(TOY_WORDS, encoding="utf-8")
    (data / "domains.txt").write_text("zz\n", encoding="utf-8")
    (data / "stopwords.txt").write_text("ist\nund\nke\n", encoding="utf-8")

    # the registry of languages is restored after the test
    monkeypatch.setattr(language_mod, "_LANGUAGES", dict(language_mod._LANGUAGES))
    monkeypatch.setattr(language_mod, "_INSTANCES", dict(language_mod._INSTANCES))
    monkeypatch.setattr(language_mod, "_STOPWORDS", dict(language_mod._STOPWORDS))

    @register
    class Zorbish(Language):
        code = "zz"
        name = "Zorbish"
        folder = tmp_path

    return Zorbish


def test_toy_language_traces_with_no_core_edit(toy):
    assert "zz" in attrib.available_languages()
    doc = attrib.trace(TOY_TEXT, lang="zz")
    assert doc.lang == "zz"
    assert doc.publisher is not None and doc.publisher.mention == "nachrichten.zz"
    got = [(a.cue.text, a.source.name, a.source.role, a.content.text, a.direct) for a in doc.attributions]
    assert got == [
        ("blorft", "Émilie Dupont", "Vorsitzer", "zug zug ist gut und morgen ist gut", False),
        ("zaid", "Émilie Dupont", None, "Zug zug ist gut, morgen ist besser und übermorgen ist am besten,", True),
    ]
    for a in doc.attributions:
        for part in (a.cue, a.content, a.source):
            assert doc.text[part.span.start : part.span.end] in (getattr(part, "text", None), getattr(part, "mention", None))


def test_toy_language_is_detected(toy):
    assert attrib.detect_language(TOY_TEXT) == "zz"
    assert attrib.trace(TOY_TEXT, lang="auto").lang == "zz"


def test_a_grammar_without_the_start_rules_is_refused(tmp_path, monkeypatch):
    (tmp_path / "broken.lark").write_text("%declare NAME\nframe: NAME\n", encoding="utf-8")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "words.tsv").write_text("x\tNAME\n", encoding="utf-8")
    monkeypatch.setattr(language_mod, "_LANGUAGES", dict(language_mod._LANGUAGES))

    class Broken(Language):
        code = "broken"
        folder = tmp_path

    with pytest.raises(LanguageError, match="start rules"):
        Broken()


def _own_names() -> set:
    """Names of attrib's own vocabulary that a lexicon may share: the
    grammars' rule names and aliases, and the keys and values of the JSON
    schema (``"via"``, ``"before"``)."""
    import json
    import re

    names = set()
    for lang in attrib.available_languages():
        grammar = (grammars_dir() / f"{lang}.lark").read_text(encoding="utf-8")
        names.update(re.findall(r"^\??(\w+):", grammar, re.M))
        names.update(re.findall(r"->\s*(\w+)", grammar))

    def walk(node):
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for v in node.get("enum", []):
                if isinstance(v, str):
                    names.add(v)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads((ATTRIB / "schema" / "document.schema.json").read_text(encoding="utf-8")))
    return names


def _lexicon_words() -> set:
    """Every cue and function word of the bundled lexicons, and each word of
    their multi-word forms, lower-cased."""
    words = set()
    for lang in attrib.available_languages():
        for name in ("cues.tsv", "function.tsv"):
            path = grammars_dir() / lang / name
            for entry in read_tsv(path):
                form = entry.form.lower()
                words.add(form)
                words.update(w for w in form.split() if len(w) > 1)
    return words


def _string_literals(path: Path):
    """(line, value) of every string constant that is not a docstring, a
    dict key or an attribute name in ``__slots__`` (names, not text)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                names.add(id(body[0].value))
        elif isinstance(node, ast.Dict):
            names.update(id(k) for k in node.keys if k is not None)
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__slots__" for t in node.targets):
            names.update(id(c) for c in ast.walk(node.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in names:
            yield node.lineno, node.value


def test_no_word_of_any_language_in_the_core():
    words = _lexicon_words() - _own_names()
    assert len(words) > 300, "the lexicons' cue and function words were not found"
    interface = {"languages", "export", "run", "eval", "cli.py", "show.py", "graph.py"}
    core = [p for p in ATTRIB.rglob("*.py") if interface.isdisjoint(p.relative_to(ATTRIB).parts)]
    assert len(core) > 15
    found = []
    for path in core:
        for line, value in _string_literals(path):
            # (lexicon forms are lower case: a terminal name such as "VIA" is not a word)
            if " ".join(value.split()) in words:
                found.append(f"{path.relative_to(ATTRIB)}:{line}: {value!r}")
    assert not found, "words of a language in the core:\n" + "\n".join(found)


def test_binding_a_language_takes_its_tables_out_of_the_collectors_walks():
    # The parser and lexicon tables live as long as the process: full
    # collections would walk them all again every few thousand articles.
    import gc

    from attrib.language import get_language
    from attrib.registry import Registry

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    lang = get_language("id", Registry())  # a new registry: a new binding
    assert gc.get_freeze_count() > 0
    doc = attrib.trace("Budi mengatakan ekonomi tumbuh.", lang="id", registry=lang.registry)
    assert [(a.source.name, a.content.text) for a in doc.attributions] == [("Budi", "ekonomi tumbuh")]
