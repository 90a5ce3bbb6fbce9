"""PersonNames.canonical's shortcut (no other spelling in the runs: no
variant) against the general reading, on the seed articles and on random
texts with typos of the names they repeat."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Optional

import pytest

import attrib
from attrib.core.resolve import PersonNames

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _general(names: PersonNames, name: str) -> Optional[str]:
    """canonical in the general order: the repeat test first, then every
    spelling compared (no early stop when the runs hold no other)."""
    words = name.split()
    if len(words) < 2 or names.text.count(name) > 1:
        return None
    return names._closest(name, names._spellings(words))


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word)) if len(word) > 1 else 0
    return word[:i] + rng.choice("aeiou") + word[i + 1 :]


def _names_of(text: str, rng: random.Random) -> list:
    """Names of two or three words from the text's runs of capitalised
    words, some with a typo, and words that stand in no run."""
    lang = attrib.get_language("id")
    probe = PersonNames(text, lang.is_name_word, lang.cap_words)
    probe._scan()
    out = []
    for m in probe._matches:
        words = text[m.start() : m.end()].split()
        for size in (2, 3):
            for s in range(0, max(0, len(words) - size) + 1):
                name = " ".join(words[s : s + size])
                out.append(name)
                out.append(" ".join(_typo(w, rng) if rng.random() < 0.5 else w for w in name.split()))
    out += ["Nama Tak Ada", "Kim Jon-un", "Solo"]
    return out


def _texts():
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    rng = random.Random(24)
    firsts, lasts = ["Kim", "Budi", "Ahmad", "Sri", "Joko"], ["Jong-un", "Santoso", "Hartono", "Widodo", "Mulyani"]
    for _ in range(30):
        sents = []
        for _ in range(rng.randrange(3, 12)):
            name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            if rng.random() < 0.3:
                name = " ".join(_typo(w, rng) for w in name.split())
            sents.append(rng.choice([f"Menurut {name}, harga naik.", f"{name} mengatakan hal itu.",
                                     f"Kata Menteri {name} di Jakarta.", f"Warga {name.split()[0]} datang."]))
        texts.append(" ".join(sents))
    return texts


@pytest.mark.parametrize("text", _texts())
def test_canonical_matches_the_general_reading(text):
    lang = attrib.get_language("id")
    rng = random.Random(len(text))
    names = _names_of(text, rng)
    fast = PersonNames(text, lang.is_name_word, lang.cap_words)
    general = PersonNames(text, lang.is_name_word, lang.cap_words)
    for name in names:
        assert fast.canonical(name) == _general(general, name), name
