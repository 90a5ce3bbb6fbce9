"""Word lists that class words into grammar terminals.

A lexicon is read from the ``.tsv`` files of a language folder under
``grammars/`` (``form<TAB>TERMINAL[<TAB>flags]``). A form may have several
words; the lexer walks ``trie`` to take the longest form that matches.

A folder may also hold ``morphology.tsv`` (affix rules: prefixes with their
assimilation to a stem's first letters, and the derived forms with the
terminal each gets) and ``stems.tsv`` (stems with the forms they take):
``expand`` derives word-list entries from the two at load time. A form the
word lists already hold keeps only its listed entries.
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
        folder = Path(folder)
        files = sorted(folder.glob("*.tsv"))
        if not files:
            raise LexiconError(f"No lexicon files (*.tsv) in {folder}")
        for path in files:
            if path.name in NOT_WORD_LISTS:
                continue
            for entry in read_tsv(path):
                lex.add(entry)
        morphology, stems = folder / MORPHOLOGY, folder / STEMS
        if stems.is_file():
            if not morphology.is_file():
                raise LexiconError(f"{stems}: stems need the affix rules of {morphology.name} beside them")
            listed = set(lex.keys())
            for entry in expand(Morphology.read(morphology), read_stems(stems)):
                if tuple(entry.form.lower().split()) not in listed:
                    lex.add(entry)
        return lex


MORPHOLOGY = "morphology.tsv"
STEMS = "stems.tsv"
NOT_WORD_LISTS = frozenset({"furniture.tsv", MORPHOLOGY, STEMS})
STEM = "STEM"  # the stem's place in a form's pattern
_ANY = "*"  # a prefix rule for any other first letter
_MONO = "mono"  # a prefix rule for one-syllable stems (an extra variant)
_DROP = "drop"  # the stem's first letter goes, when a vowel follows it
_MORPHOLOGY_CELLS = {  # the cells a row of each kind takes, its kind included
    "vowels": (2, "'vowels<TAB>LETTERS'"),
    "prefix": (5, "'prefix<TAB>NAME<TAB>INITIALS<TAB>SURFACE[<TAB>drop]'"),
    "form": (5, "'form<TAB>NAME<TAB>PATTERN<TAB>TERMINAL[<TAB>flags]'"),
    "swap": (4, "'swap<TAB>FLAG<TAB>TERMINAL<TAB>NEW TERMINAL'"),
}


@frozen
class Prefix:
    """How a prefix meets a stem's first letters: ``(initials, surface,
    drop)`` rules, the longest initial first, and the surfaces it takes on
    one-syllable stems besides."""

    rules: Tuple[Tuple[str, str, bool], ...]
    default: Tuple[str, bool]
    mono: Tuple[str, ...] = ()


@frozen
class Form:
    name: str
    pattern: Tuple[str, ...]  # morphs, STEM among them
    terminal: str
    flags: Tuple[Tuple[str, str], ...] = ()


@frozen
class Morphology:
    """Affix rules read from a language's ``morphology.tsv``."""

    vowels: str
    prefixes: Dict[str, Prefix]
    forms: Dict[str, Form]
    swaps: Dict[str, Tuple[str, str]]  # stem flag -> (terminal, terminal it becomes)

    @classmethod
    def read(cls, path: Path) -> "Morphology":
        vowels = ""
        rules: Dict[str, list] = {}
        defaults: Dict[str, Tuple[str, bool]] = {}
        mono: Dict[str, list] = {}
        forms: Dict[str, Form] = {}
        swaps: Dict[str, Tuple[str, str]] = {}
        for lineno, cols in _rows(path):
            kind, rest = cols[0], cols[1:]
            where = f"{path}:{lineno}"
            if kind in _MORPHOLOGY_CELLS:
                _no_extra(cols, _MORPHOLOGY_CELLS[kind][0], where, _MORPHOLOGY_CELLS[kind][1])
            if kind == "vowels" and len(rest) >= 1:
                vowels = rest[0].replace(" ", "").lower()
            elif kind == "prefix" and len(rest) >= 3:
                name, initials, surface = rest[0], rest[1].split(), rest[2]
                drop = len(rest) > 3 and rest[3] == _DROP
                for ini in initials:
                    if ini == _ANY:
                        defaults[name] = (surface, drop)
                    elif ini == _MONO:
                        mono.setdefault(name, []).append(surface)
                    else:
                        rules.setdefault(name, []).append((ini.lower(), surface, drop))
            elif kind == "form" and len(rest) >= 3:
                pattern = tuple(m for m in rest[1].split("+") if m)
                if STEM not in pattern:
                    raise LexiconError(f"{where}: a form's pattern needs {STEM}, got {rest[1]!r}")
                forms[rest[0]] = Form(rest[0], pattern, rest[2], _flags(rest[3] if len(rest) > 3 else "")[0])
            elif kind == "swap" and len(rest) >= 3:
                swaps[rest[0]] = (rest[1], rest[2])
            else:
                raise LexiconError(f"{where}: expected vowels, prefix, form or swap, got {cols!r}")
        prefixes = {}
        for name in set(rules) | set(defaults) | set(mono):
            ordered = tuple(sorted(rules.get(name, ()), key=lambda r: -len(r[0])))
            prefixes[name] = Prefix(ordered, defaults.get(name, (name, False)), tuple(mono.get(name, ())))
        return cls(vowels, prefixes, forms, swaps)

    def attach(self, prefix: str, stem: str) -> List[str]:
        """The surfaces of ``prefix`` + ``stem``: meN + sebut -> menyebut."""
        p = self.prefixes[prefix]
        low = stem.lower()
        surface, drop = p.default
        for initials, s, d in p.rules:
            if low.startswith(initials):
                surface, drop = s, d
                break
        n = len(initials) if drop and low.startswith(initials) else 0
        if n and not (len(low) > n and low[n] in self.vowels):
            n = 0  # a cluster keeps its first letter: klaim -> mengklaim
        out = [surface + stem[n:]]
        if p.mono and self.syllables(low) == 1:
            out.extend(m + stem for m in p.mono)
        return out

    def syllables(self, word: str) -> int:
        count, prev = 0, False
        for ch in word:
            v = ch in self.vowels
            if v and not prev:
                count += 1
            prev = v
        return count

    def derive(self, stem: str, form: Form) -> List[str]:
        surfaces = [""]
        i, morphs = 0, form.pattern
        while i < len(morphs):
            m = morphs[i]
            if m in self.prefixes and i + 1 < len(morphs) and morphs[i + 1] == STEM:
                surfaces = [s + a for s in surfaces for a in self.attach(m, stem)]
                i += 2
                continue
            surfaces = [s + (stem if m == STEM else m) for s in surfaces]
            i += 1
        return surfaces


@frozen
class Stem:
    stem: str
    forms: Tuple[str, ...]
    flags: Tuple[Tuple[str, str], ...] = ()


def read_stems(path: Path) -> List[Stem]:
    """``stem<TAB>form names[<TAB>flags]`` lines."""
    out = []
    for lineno, cols in _rows(path):
        if len(cols) < 2:
            raise LexiconError(f"{path}:{lineno}: expected 'stem<TAB>forms[<TAB>flags]', got {cols!r}")
        _no_extra(cols, 3, f"{path}:{lineno}", "'stem<TAB>forms[<TAB>flags]'")
        forms = tuple(f for f in cols[1].replace(",", " ").split() if f)
        out.append(Stem(cols[0], forms, _flags(cols[2] if len(cols) > 2 else "")[0]))
    return out


def expand(morphology: Morphology, stems: Iterable[Stem]) -> List[Entry]:
    """Word-list entries derived from stems: each form a stem takes, with the
    form's terminal (or the one a stem flag swaps it for) and the form's and
    the stem's other flags."""
    out = []
    for st in stems:
        swaps = dict(morphology.swaps[k] for k, _ in st.flags if k in morphology.swaps)
        extra = tuple(f for f in st.flags if f[0] not in morphology.swaps)
        for name in st.forms:
            form = morphology.forms.get(name)
            if form is None:
                raise LexiconError(f"stem {st.stem!r}: no form {name!r} in the morphology")
            terminal = swaps.get(form.terminal, form.terminal)
            for surface in morphology.derive(st.stem, form):
                out.append(Entry(surface, terminal, form.flags + extra))
    return out


def _text(path: Path) -> str:
    """A lexicon file's text; bytes that are not UTF-8 are an error naming the file and line."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}:{data.count(10, 0, exc.start) + 1}: not UTF-8 text: byte "
                           f"0x{data[exc.start]:02x} at byte offset {exc.start}") from None


def _no_extra(cols: List[str], n: int, where: str, expected: str) -> None:
    """Cells past the ``n`` a row takes are an error (empty ones are padding): they were ignored."""
    extra = [c for c in cols[n:] if c.strip()]
    if extra:
        raise LexiconError(f"{where}: {len(cols)} cells, expected {expected}; extra cell {extra[0].strip()!r}")


def _rows(path: Path):
    for lineno, line in enumerate(_text(path).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield lineno, [c.strip() for c in line.split("\t")]


def _flags(raw_flags: str) -> Tuple[Tuple[Tuple[str, str], ...], bool]:
    flags = []
    cs = False
    for raw in raw_flags.split(","):
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
    return tuple(flags), cs


def read_tsv(path: Path) -> Iterable[Entry]:
    for lineno, line in enumerate(_text(path).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
            raise LexiconError(f"{path}:{lineno}: expected 'form<TAB>TERMINAL[<TAB>flags]', got {line!r}")
        _no_extra(cols, 3, f"{path}:{lineno}", "'form<TAB>TERMINAL[<TAB>flags]'")
        flags, cs = _flags(cols[2] if len(cols) > 2 else "")
        yield Entry(cols[0].strip(), cols[1].strip(), flags, cs)


def read_list(path: Path) -> List[str]:
    out = []
    for line in _text(path).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out
