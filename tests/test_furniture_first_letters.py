"""The furniture patterns' first-letter lookahead against the patterns
without it (the general path it cuts short)."""

import random

import attrib
from attrib.core.segment import FurnitureRules, find_furniture


class _General(FurnitureRules):
    """The same rules compiled without the lookahead."""

    def first_letters(self) -> str:
        return ""


def _both(rules: FurnitureRules):
    general = _General(rules.line, rules.list, rules.exact, rules.max_list_words).compile()
    return rules.compile(), general


def _rules(lang: str) -> FurnitureRules:
    from attrib.language import Language, grammars_dir

    return Language._furniture_rules(grammars_dir() / lang / "furniture.tsv")


def test_lookahead_is_in_the_patterns():
    for lang in ("id", "en"):
        rules = _rules(lang)
        fast, general = _both(rules)
        assert rules.first_letters().startswith("(?=[")
        assert rules.first_letters() in fast[1].pattern and "(?=[" not in general[1].pattern
        # it turns a plain line away before the alternation
        assert fast[1].match("\nzzz") is None and general[1].match("\nzzz") is None
    assert FurnitureRules().first_letters() == ""
    assert FurnitureRules(line=("a", " ")).first_letters() == ""


def test_same_furniture_on_the_seeds(seeds):
    fast, general = _both(_rules("id"))
    for text in seeds.values():
        assert find_furniture(text, fast) == find_furniture(text, general)


def test_same_furniture_on_random_lines():
    rng = random.Random(29)
    for lang in ("id", "en"):
        rules = _rules(lang)
        fast, general = _both(rules)
        phrases = list(rules.line + rules.list + rules.exact)
        # case variants and the characters IGNORECASE matches beyond ASCII
        # (Kelvin sign, long s, dotless i, dotted I)
        extra = ["\u212a", "\u017f", "\u0131", "\u0130", "\u00e9", "(", ")", ".", "-", "\u2022", "x", "Z", "1"]
        pieces = phrases + [p.upper() for p in phrases] + [p.title() for p in phrases] + extra
        seps = ["\n", "\n\n", " ", "\t", "\u00a0", " \n ", ": ", ""]
        for _ in range(4000):
            text = "".join(rng.choice(seps) + rng.choice(pieces) for _ in range(rng.randint(1, 8)))
            assert find_furniture(text, fast) == find_furniture(text, general), text
        # every phrase's first character swapped for each character that
        # differs from it only in case
        for p in phrases:
            for c in {p[0].lower(), p[0].upper(), *extra}:
                text = "x\n" + c + p[1:] + "\n  " + c + p[1:] + " tail\n"
                assert find_furniture(text, fast) == find_furniture(text, general), text


def test_same_language_rules_as_bundled():
    # the bundled languages compile their rules with the lookahead
    for lang in ("id", "en"):
        assert _rules(lang).first_letters() in attrib.get_language(lang).furniture[1].pattern
