"""The str.find scan for quotation marks against the _MARKS regex it stands for."""

import random

from attrib.core import segment as S


def _regex(text):
    return [m.start() for m in S._MARKS.finditer(text)]


def test_mark_positions_match_regex_random():
    rng = random.Random(23)
    alphabet = list(S._MARK_CHARS + "`") + list("ab1_ \n.é")
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert S._mark_positions(text) == _regex(text), text


def test_mark_positions_match_regex_samples():
    texts = [
        "It's “a test,” she said. ‘Ma’ruf’ 'quoted' ``pair'' rock 'n' roll",
        "„Guten“ «tag» ‹x› ‚y‘ don’t ’90s o'clock '",
        "’" * 5 + "a’b’c" + "'" * 3,
    ]
    for text in texts:
        assert S._mark_positions(text) == _regex(text), text
