"""segment._word_start finds what the search it replaced found."""

import random

from attrib.core.segment import _WORD_END, _word_start


def test_word_start_matches_the_search():
    chars = "aB1_. -\u00e9\u0663\u2177\u0301\n\u212a"
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 14)))
        end = rng.randint(0, len(text))
        pos = rng.randint(0, end)
        assert _word_start(text, pos, end) == _WORD_END(text, pos, end).start(), (text, pos, end)
