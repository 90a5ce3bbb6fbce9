"""Shortcuts of the content, chain and frames stages against the general
paths they stand for: the first clause break after a frame (against every
break of the unit, then bisection), the line breaks next to a position
(against the list of all), the nesting of a unit's two claims (against the
sweep) and the cue counts of a token's types (against counting)."""

from __future__ import annotations

import random

import pytest

import attrib
from attrib.core.content import _break_after, _first_after, _one_comma
from attrib.core.frames import _CueTypes


def _texts(seeds):
    lines = [line for t in seeds.values() for line in t.splitlines() if line.strip()]
    rng = random.Random(22)
    # and lines made to hold many clause breaks, commas and spaces
    words = ["although", "but", "because", "while", "meski", "namun", "sementara", "padahal", "x", "Butter", "whilex"]
    for _ in range(200):
        lines.append("".join(rng.choice([", ", ",", " ", "  ", ",  ", "a"]) + rng.choice(words) for _ in range(12)))
    return lines


@pytest.mark.parametrize("code", ["id", "en"])
def test_first_clause_break_after_a_position_agrees_with_the_general_path(seeds, code):
    breaks_re = attrib.get_language(code).clause_breaks
    assert _one_comma(breaks_re)
    rng = random.Random(code)
    for text in _texts(seeds):
        for _ in range(6):
            us = rng.randrange(0, len(text) + 1)
            uend = rng.randrange(us, len(text) + 1)
            fe = rng.randrange(us, uend + 1)
            stop = rng.randrange(fe, uend + 1)
            breaks = [m.start() for m in breaks_re.finditer(text, us, uend)]
            assert _break_after(text, breaks_re, max(fe + 1, us), stop, uend) == _first_after(breaks, fe, stop)


def test_cue_counts():
    lang = attrib.get_language("en")
    cues = lang.cue_terminals
    counts = _CueTypes(cues)
    some = sorted(cues)[:3]
    for types in [(), ("X",), tuple(some), ("X",) + tuple(some[:1]), tuple(some[:2]) + ("Y",)]:
        assert counts[types] == sum(1 for t in types if t in cues)
        assert bool(counts[types]) == (not cues.isdisjoint(types))


def test_line_breaks_next_to_positions_agree_with_the_list_of_all(seeds):
    import bisect

    from attrib.core.content import _Lines
    from attrib.core.segment import line_breaks

    rng = random.Random(7)
    texts = list(seeds.values()) + ["", "\n", "a", "\n\nab\n", "x" * 50]
    for _ in range(100):
        texts.append("".join(rng.choice(["\n", "a", " ", "\n\n", "bc"]) for _ in range(rng.randrange(0, 40))))
    for text in texts:
        breaks = line_breaks(text)
        for ordered in (True, False, None):
            lines = _Lines(text)
            pos = sorted(rng.randrange(0, len(text) + 1) for _ in range(30))
            if ordered is False:
                rng.shuffle(pos)
            for p in pos:
                if ordered is None and rng.random() < 0.5:
                    p = max(0, p - rng.randrange(0, 5))  # now and then a step back
                b = bisect.bisect_left(breaks, p)
                assert lines.before(p) == (breaks[b - 1] if b else -1)
                assert lines.after(p) == (breaks[b] if b < len(breaks) else len(text))


def test_two_claims_nest_as_the_general_sweep_says():
    from types import SimpleNamespace as NS

    from attrib.core.chain import _innermost, _pair

    rng = random.Random(5)

    def row(cs, ce, s, e):
        cue = NS(start_pos=cs, end_pos=ce)
        return NS(claim=NS(frame=NS(cue=cue), content=NS(start=s, end=e)))

    def some():
        cs = rng.randrange(0, 12)
        s = rng.randrange(0, 12)
        return row(cs, cs + rng.randrange(0, 3), s, s + rng.randrange(0, 8))

    for _ in range(20000):
        rows = [some(), some()]
        if rng.random() < 0.1:
            rows[1].claim.content = rows[0].claim.content
        general, fast = {}, {}
        _innermost(rows, [0, 1], general)
        _pair(rows, 0, 1, fast)
        assert fast == general
