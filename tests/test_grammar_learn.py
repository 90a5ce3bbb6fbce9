"""Grammar's step-table learning: ``_learn`` gives the leaf that a plain
LALR run on a copy of the stack gives, and finds it again behind its
branches; ``_Plan._inline`` (index maps) gives the splice and drop indices
of the plain definition; on random stacks walked through each language's
parse table."""

from __future__ import annotations

import random

import pytest
from lark import Tree

import attrib
from attrib.core import grammar as grammar_mod
from attrib.core.grammar import Grammar
from attrib.language import START_RULES


class _TreeMaker:
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda children: Tree(name, children)


def _expected(g: Grammar, stack: list, t: str):
    """The leaf of t on this stack, by a plain LALR run on a copy of it."""
    st, low, reds = list(stack), len(stack), []
    while True:
        act = g._states[st[-1]].get(t)
        if act is None:
            return grammar_mod._REJECT
        kind, arg = act
        if kind == grammar_mod.SHIFT:
            st.append(arg)
            break
        size, origin, plan = arg
        if size:
            del st[-size:]
        low = min(low, len(st))
        reds.append(plan)
        st.append(g._states[st[-1]][origin][1])
    m = len(stack) - low
    return (m, tuple(st[low:]), g._reduced(reds), t, slice(-m, None) if m else grammar_mod._SLICES[0])


def _plain_inline(parent, child):
    at = len(parent.names) - 1
    return (
        parent.names[:at] + child.names,
        tuple([i for i in parent.splice if i < at] + [at + i for i in child.splice]),
        tuple([i for i in parent.drop if i < at] + [at + i for i in child.drop]),
    )


@pytest.mark.parametrize("lang", ["id", "en"])
def test_learn_and_inline_match_the_general_path(lang):
    g = Grammar(attrib.get_language(lang).grammar.path, START_RULES, _TreeMaker())
    terminals = sorted(t for t in g.terminals if t != "$END")
    rng = random.Random(22)
    checked = 0
    for _ in range(400):
        start = rng.choice(sorted(g._start_states))
        stack = [g._start_states[start]]
        for _ in range(rng.randrange(1, 30)):
            # mostly terminals the top state takes, so that walks go deep
            row = [s for s in g._states[stack[-1]] if s in g.terminals and s != "$END"]
            t = rng.choice(row) if row and rng.random() < 0.85 else rng.choice(terminals)
            want = _expected(g, stack, t)
            got = g._learn(stack, t)
            assert got == want
            assert g._leaf(stack, t) is got  # stored behind its branches
            checked += 1
            if got is grammar_mod._REJECT:
                continue
            if got[2] is not None:
                got[2].made()  # (as a parse does: the inlined plans checked below)
            stack[got[4]] = got[1]
    assert checked > 1000
    pairs = 0
    todo = [a[1][2] for row in g._states for a in row.values() if a[0] != grammar_mod.SHIFT]
    seen = set()
    while todo:
        parent = todo.pop()
        if id(parent) in seen:
            continue
        seen.add(id(parent))
        for child, made in parent._inlined.items():
            assert (made.names, made.splice, made.drop) == _plain_inline(parent, child)
            todo += [child, made]
            pairs += 1
    assert pairs > 20
