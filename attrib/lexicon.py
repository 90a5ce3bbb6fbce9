"""Word lists that class words into grammar terminals.

A lexicon is read from the ``.tsv`` files of a language folder under
``grammars/`` (``form<TAB>TERMINAL[<TAB>flags]``). A form may have several
words; the lexer walks ``trie`` to take the longest form that matches.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from attrs import frozen


class LexiconError(ValueError):
    pass


@frozen
class Entry:
    form: str
    terminal: str
    flags: Tuple[Tuple[str, str], ...] = ()
    case_sensitive: bool = False

    def flag(self, name: str, default: Optional[str] = None) -> Optional[str]:
        for k, v in self.flags:
            if k == name:
                return v
        return default


class Lexicon:
    def __init__(self, entries: Iterable[Entry] = ()):
        # key: tuple of lower-cased words -> entries in file order
        self._entries: Dict[Tuple[str, ...], List[Entry]] = {}
        self.trie: dict = {}  # word -> {"": entries key, next word -> ...}: multi-word forms, walked word by word
        self.words: set = set()  # every word of every form, lower-cased
        self._case_sensitive: set = set()  # keys with a case-sensitive entry
        for e in entries:
            self.add(e)

    def add(self, entry: Entry) -> None:
        words = tuple(entry.form.lower().split())
        if not words:
            raise LexiconError(f"Empty form for terminal {entry.terminal}")
        bucket = self._entries.setdefault(words, [])
        if entry.case_sensitive:
            self._case_sensitive.add(words)
        if not any(
            e.terminal == entry.terminal and e.case_sensitive == entry.case_sensitive
            and (not e.case_sensitive or e.form == entry.form)
            for e in bucket
        ):
            bucket.append(entry)
        node = self.trie
        for w in words:
            node = node.setdefault(w, {})
        node[""] = words
        self.words.update(words)

    def layered(self, entries: Iterable[Entry]) -> "Lexicon":
        """A copy of this lexicon with ``entries`` added on top."""
        lex = Lexicon()
        lex._entries = {k: list(v) for k, v in self._entries.items()}
        lex.trie = copy.deepcopy(self.trie)
        lex.words = set(self.words)
        lex._case_sensitive = set(self._case_sensitive)
        for e in entries:
            lex.add(e)
        return lex

    def get(self, words_lower: Tuple[str, ...], surface: str) -> List[Entry]:
        """Entries for a form; case-sensitive entries must match ``surface``."""
        found = self._entries.get(words_lower)
        if not found:
            return []
        if words_lower not in self._case_sensitive:
            return list(found)
        surface = " ".join(surface.split())
        return [e for e in found if not e.case_sensitive or surface == e.form]

    def case_sensitive(self, words_lower: Tuple[str, ...]) -> bool:
        """Whether a form has an entry that must match as written."""
        return words_lower in self._case_sensitive

    def keys(self):
        """Every form, as a tuple of lower-cased words."""
        return self._entries.keys()

    def forms(self, terminals: Iterable[str]) -> List[str]:
        wanted = set(terminals)
        return [e.form for bucket in self._entries.values() for e in bucket if e.terminal in wanted]

    def entries(self) -> Iterable[Entry]:
        for bucket in self._entries.values():
            yield from bucket

    @classmethod
    def load_dir(cls, folder: Path) -> "Lexicon":
        lex = cls()
        files = sorted(Path(folder).glob("*.tsv"))
        if not files:
            raise LexiconError(f"No lexicon files (*.tsv) in {folder}")
        for path in files:
            if path.name == "furniture.tsv":
                continue
            for entry in read_tsv(path):
                lex.add(entry)
        return lex


def read_tsv(path: Path) -> Iterable[Entry]:
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
            raise LexiconError(f"{path}:{lineno}: expected 'form<TAB>TERMINAL[<TAB>flags]', got {line!r}")
        flags = []
        cs = False
        for raw in (cols[2].split(",") if len(cols) > 2 else []):
            raw = raw.strip()
            if not raw:
                continue
            if raw == "cs":
                cs = True
            elif "=" in raw:
                k, v = raw.split("=", 1)
                flags.append((k.strip(), v.strip()))
            else:
                flags.append((raw, "yes"))
        yield Entry(cols[0].strip(), cols[1].strip(), tuple(flags), cs)


def read_list(path: Path) -> List[str]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out
