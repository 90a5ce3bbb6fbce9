"""Pre-tests of content and segment against the general paths they skip."""

import random

from attrib.core import content as C
from attrib.core import segment as S


def test_after_text_implies_text_from_the_line_start():
    rng = random.Random(7)
    alphabet = list("ab \t\u00a0\n\r.\"") + ["\u201c"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        for pos in range(len(text) + 1):
            para = text.rfind("\n", 0, pos) + 1
            general = C._NONSPACE.search(text, para, pos) is not None
            if C._after_text(text, pos):
                assert general, (text, pos)


def test_words_at_least_matches_its_pattern():
    rng = random.Random(8)
    alphabet = list("ab_1 ,.\n") + ["\u00e9", "\u2019"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        for k in (1, 2, 4, 8):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            general = S._AT_LEAST.get(k) or S.re.compile(rf"\W*+(?:\w++\W*+){{{k}}}")
            assert S._words_at_least(text, start, end, k) == (general.match(text, start, end) is not None)


def test_wordy_pretest_matches_the_search():
    for cp in range(0x3000):
        ch = chr(cp)
        if ch.isalnum():
            assert C._WORDY.search(ch) is not None, hex(cp)
