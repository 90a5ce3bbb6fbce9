"""The Lark front: loads a language's grammar, builds its LALR parser once per
process (read as plain tables by ``lark_tables``, the one module that touches
Lark's internals), and parses windows of terminals.

A window is parsed as its *longest accepted prefix*: the driver steps through
the LALR table on terminal types alone (no trees, no copies), notes each point
where the start rule could end, and then parses only that prefix for real with
the inline transformer. Among a token's candidate types the driver takes the
first one the current state accepts. Both walk step tables learnt from the
LALR table (see ``Grammar._learn``): one lookup per token does all of its
reductions and its shift.

Lark parsers do not survive pickling, so each process builds (or loads from
Lark's cache) its own; nothing here is meant to cross a process boundary.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from lark import Token, Transformer

from . import lark_tables
from .lark_tables import SHIFT, Tables
from .lexer import Lexed


class GrammarError(RuntimeError):
    pass


class Tok(Token):
    """A token that also carries the lexicon entries behind its word."""

    __slots__ = ("entries",)
    # Windows have no lines and columns: read-only None, so that making a
    # token costs five stores, not nine (and it pickles by _tok).
    line = column = end_line = end_column = None

    def __reduce__(self):
        return _tok, (self.type, self.value, self.start_pos, self.end_pos, self.entries)


def _tok(type_: str, value: str, start: int, end: int, entries) -> Tok:
    # str.__new__ and the slots, not Token(): its constructor handles
    # deprecated arguments, and windows make tokens by the thousand.
    tok = str.__new__(Tok, value)
    tok.type, tok.value, tok.start_pos, tok.end_pos, tok.entries = type_, value, start, end, entries
    return tok


# Step-table nodes are tuples, told apart by their first item (cheap to
# test in the hot loops): a leaf (states popped >= 0, states pushed,
# its _Reduced or None, terminal or None at the end, the slice of the stack
# that the pushed states replace), or a branch (-depth, {state at that
# depth: node}).
_REJECT = (0, None, None, None, None)  # the leaf of a terminal (or end) the stack cannot take
_MISSING = (0, (), (), None, None)  # not learnt yet (a distinct tuple: equal constants are merged)
# The slices of stack tops that leaves replace, shared (a slice from past
# the end appends).
_SLICES = (slice(sys.maxsize, None),) + tuple(slice(-m, None) for m in range(1, 32))
_NSLICES = len(_SLICES)
_MAX_NODES = 50_000  # step-table nodes per grammar (about 200 bytes each)
_OPENINGS = 4096  # first tokens' types kept per start (see Grammar._opening)
_NEXTS = 256  # and second tokens' types per opening


def _identity(children):
    return children[0]


class _Splice(list):
    """The children of an inlined rule (``_name``, and Lark's ``__x_star``
    helpers), spliced into the parent's children."""


class _Plan:
    """How a reduction shapes its children: Lark's tree-shaping semantics
    (``_rule`` inlined into its parent, ``?rule`` with one child replaced by
    it, the transformer method named by the alias or the rule)."""

    __slots__ = ("origin", "names", "base", "splice", "drop", "expand1", "callback", "_inlined", "size", "tail", "pair")

    def __init__(self, origin: str, names: tuple, base, splice: tuple, drop: tuple, expand1: bool):
        self.origin, self.names, self.base = origin, names, base
        self.splice, self.drop, self.expand1 = splice, drop, expand1
        self.callback = _make_callback(base, splice, drop, expand1, len(names))
        self.size = len(names)
        self.pair = (self.size, self.callback)  # its item in a leaf's reductions (made once)
        # the last child when it is a ``_rule`` (inlined here), else None
        self.tail = names[-1] if names and names[-1].startswith("_") else None
        self._inlined: Dict["_Plan", "_Plan"] = {}  # (bounded by the grammar's rules)

    def inlined(self, child: "_Plan") -> "_Plan":
        """This reduction with the one before it, whose ``_rule`` is its last
        child, done at once: the child's children take its place (both
        reductions run back to back, so the last child is the one just made).
        Made once per child: many reduction sequences share the pair."""
        got = self._inlined.get(child)
        if got is None:
            got = self._inlined[child] = self._inline(child)
        return got

    def _inline(self, child: "_Plan") -> "_Plan":
        at = len(self.names) - 1
        # (indices ascend: only the last can be ``at``; maps, not
        # comprehensions: this runs for each new pair met while learning)
        splice, drop = self.splice, self.drop
        if splice and splice[-1] == at:
            splice = splice[:-1]
        if drop and drop[-1] == at:
            drop = drop[:-1]
        shift = at.__add__
        return _Plan(
            self.origin,
            self.names[:at] + child.names,
            self.base,
            splice + tuple(map(shift, child.splice)) if child.splice else splice,
            drop + tuple(map(shift, child.drop)) if child.drop else drop,
            self.expand1,
        )


def _plans(rules, transformer) -> Dict:
    """Per-rule plans (rules as lark_tables.Rule), with callbacks that skip
    Lark's generic wrappers: windows are tiny and parsed by the thousand."""
    table = {}
    for rule in rules:
        n = len(rule.expansion)
        splice = tuple(i for i in range(n) if not rule.is_term[i] and rule.expansion[i].startswith("_"))
        drop = tuple(i for i in range(n) if rule.filter_out[i])
        expand1 = rule.expand1 and not rule.alias  # as Lark: an alias is never expanded
        if rule.origin.startswith("_"):
            base = _Splice
        else:
            name = rule.alias or rule.origin
            base = getattr(transformer, name, None)
            if base is None and expand1 and n == 1:
                base = list  # ?rule: x, always replaced by its child
            elif base is None:
                raise GrammarError(f"the transformer has no method for rule {name!r}")
        table[rule] = _Plan(rule.origin, rule.expansion, base, splice, drop, expand1)
    return table


def _reductions(plans: list) -> tuple:
    """The value reductions of a step, as (size, callback): a reduction that
    only passes its child on is skipped, and a ``_rule`` is done with the
    reduction that inlines it."""
    out: list = []
    for plan in plans:
        while out and out[-1].origin == plan.tail:  # (a tail is a _rule or None)
            child = out.pop()
            plan = plan._inlined.get(child) or plan.inlined(child)
        if plan.callback is not _identity:
            out.append(plan)
    return tuple([p.pair for p in out])


class _Reduced:
    """A leaf's reductions: its plans, made into value reductions (by
    _reductions) when a parse first reads them: most leaves are only
    probed."""

    __slots__ = ("plans", "pairs")

    def __init__(self, plans: tuple):
        self.plans = plans
        self.pairs: Optional[tuple] = None

    def made(self) -> tuple:
        if self.pairs is None:
            self.pairs = _reductions(self.plans)
        return self.pairs


def _make_callback(base, splice, drop, expand1, size=None):
    if not splice and not drop:
        if expand1 and size == 1:
            return _identity  # ?rule: x, replaced by its child (the step tables skip it)
        if expand1:
            return lambda children: children[0] if len(children) == 1 else base(children)
        return base
    if splice == (0,) and size == 2 and base is _Splice and not drop and not expand1:
        # A left-recursive ``_rule`` (Lark's ``x+`` helpers): its first
        # child is the list made so far, which no other value holds.
        def extend(children):
            first = children[0]
            if len(children) != 2 or first.__class__ is not _Splice:
                return callback(children)
            first.append(children[1])
            return first

    if not drop and size is not None:
        # Only spliced children (no rule here drops a terminal): copy the
        # runs between them by slices. A reduction has one child per symbol
        # of its rule; anything else takes the general loop below.
        def spliced(children):
            if len(children) != size:
                return callback(children)
            out = []
            last = 0
            for k in splice:
                out += children[last:k]
                out += children[k]
                last = k + 1
            out += children[last:]
            if expand1 and len(out) == 1:
                return out[0]
            return base(out)

    def callback(children):
        out = []
        for i, c in enumerate(children):
            if i in drop:
                continue
            if i in splice:
                out.extend(c)
            else:
                out.append(c)
        if expand1 and len(out) == 1:
            return out[0]
        return base(out)

    if splice == (0,) and size == 2 and base is _Splice and not drop and not expand1:
        return extend
    if not drop and size is not None:
        return spliced
    return callback


class Grammar:
    """One language's grammar with its LALR parse table."""

    def __init__(self, path: Path, starts: Sequence[str], transformer: Transformer):
        path = Path(path)
        if not path.is_file():
            raise GrammarError(f"Grammar file not found: {path}")
        self.path = path
        # windows are parsed on the plain tables alone (see lark_tables)
        tables = lark_tables.load(path.read_text(encoding="utf-8"), starts)
        self.tables: Tables = tables
        plans = _plans(tables.rules, transformer)
        # Each reduce action as (size, origin name, plan).
        self._states: List[Dict[str, tuple]] = [
            {sym: (act, arg if act == SHIFT else (len(arg.expansion), arg.origin, plans[arg])) for sym, (act, arg) in row.items()}
            for row in tables.states
        ]
        self._start_states: Dict[str, int] = tables.start_states
        self._end_states: Dict[str, int] = tables.end_states
        self._first: Dict[str, frozenset] = {
            s: frozenset(t for t in self._states[st] if t.isupper()) for s, st in self._start_states.items()
        }
        self.terminals = tables.terminals
        self._reductions_made: Dict[tuple, _Reduced] = {}  # (bounded by the grammar's reduction sequences)
        self._reset()

    def reachable(self, start: str) -> set:
        """The terminals a rule may derive."""
        by_origin: Dict[str, list] = {}
        for r in self.tables.rules:
            by_origin.setdefault(r.origin, []).append(r)
        seen, todo, terms = set(), [start], set()
        while todo:
            nt = todo.pop()
            if nt in seen:
                continue
            seen.add(nt)
            for r in by_origin.get(nt, []):
                for name, term in zip(r.expansion, r.is_term):
                    if term:
                        terms.add(name)
                    else:
                        todo.append(name)
        return terms

    def _reset(self) -> None:
        """Empty step tables (see _learn)."""
        self._steps: List[Dict[str, tuple]] = [{} for _ in self._states]
        self._ends: Dict[str, Dict[int, tuple]] = {s: {} for s in self._start_states}
        # per start, a first token's types -> an opening (its leaf, the
        # stack after it, {the next token's types: the same for both}), or
        # None if the start cannot take it: the first two steps read
        # nothing else; most starts that fail, fail there
        self._opening: Dict[str, Dict[tuple, Optional[tuple]]] = {s: {} for s in self._start_states}
        self._nodes = 0

    def _open(self, start: str, cands: tuple) -> Optional[tuple]:
        """The opening of ``start`` on a token of these types (see _opening)."""
        got = None
        if not self._first[start].isdisjoint(cands):
            got = self._step((self._start_states[start],), (), cands)
        if len(self._opening[start]) < _OPENINGS:
            self._opening[start][cands] = got
        return got

    def _step(self, stack: tuple, leaves: tuple, cands: tuple) -> Optional[tuple]:
        """The step of a token of these types on this stack, as (the leaves
        so far with its own, the stack after it, {}), or None if rejected."""
        stack = list(stack)
        for t in cands:
            node = self._leaf(stack, t)
            if node is not _REJECT:
                stack[node[4]] = node[1]
                return leaves + (node,), tuple(stack), {}
        return None

    def _second(self, opened: tuple, cands: tuple) -> Optional[tuple]:
        """The opening's step on a second token of these types."""
        got = self._step(opened[1], opened[0], cands)
        if len(opened[2]) < _NEXTS:
            opened[2][cands] = got
        return got

    # --- step tables ------------------------------------------------------
    # What a terminal does to the stack (the reductions it calls for, then
    # its shift) depends only on the states those reductions read, near the
    # top of the stack. A step table, per state and terminal, holds that
    # effect as a leaf (states popped, states pushed, reductions), behind
    # branches keyed on the states read below the top. It is
    # learnt by simulation the first time a path is met: a property of the
    # grammar's automaton, the same for every text.

    def _leaf(self, stack: list, t: str):
        """The step-table leaf of terminal t on this stack (the hot loops
        inline this)."""
        node = self._steps[stack[-1]].get(t, _MISSING)
        while node[0] < 0:
            node = node[1].get(stack[node[0]], _MISSING)
        if node is _MISSING:
            node = self._learn(stack, t)
        return node

    def _learn(self, stack: list, t: str):
        """The leaf of terminal t on this stack, stored in the step table."""
        top = stack[-1]
        act = self._states[top].get(t)
        if act is None or act[0] == SHIFT:  # (many: a plain shift or a rejection reads nothing below)
            leaf = _REJECT if act is None else (0, (act[1],), None, t, _SLICES[0])
            self._store(self._steps[top], t, (), leaf)
            return leaf
        st, low, reads, reds, shifted = self._simulate(stack, t, act)
        if shifted:
            m = len(stack) - low
            leaf = (m, tuple(st[low:]), self._reduced(reds), t, _SLICES[m] if m < _NSLICES else slice(-m, None))
        else:
            leaf = _REJECT
        self._store(self._steps[top], t, reads, leaf)
        return leaf

    def _learn_end(self, stack: list, start: str):
        """The leaf of the end of input on this stack (its reductions, if
        ``start`` accepts there, else _REJECT), stored in the end table."""
        act = self._states[stack[-1]].get("$END")
        _, _, reads, reds, accepted = self._simulate(stack, "$END", act, self._end_states[start])
        leaf = (0, None, self._reduced(reds), None, None) if accepted else _REJECT
        self._store(self._ends[start], stack[-1], reads, leaf)
        return leaf

    def _simulate(self, stack: list, t: str, act, end_state: Optional[int] = None):
        """The LALR run of terminal t on a copy of the stack, from ``act``
        (the top state's action on t, which the caller has looked up), up to
        t's shift (or, with ``end_state``, up to that state: the end of input
        accepted): (the stack then, its low-water mark, the states read
        below the stack's untouched part, the plans reduced, whether it got
        there rather than being rejected)."""
        states = self._states
        n0 = low = len(stack)  # the stack's own states below low are untouched
        st = list(stack)
        reads: list = []
        reds: list = []
        while act is not None:
            kind, arg = act
            if kind == SHIFT:
                if end_state is not None:
                    break
                st.append(arg)
                return st, low, reads, reds, True
            # a reduction (this loop is most of the learning)
            size, origin, plan = arg
            if size:
                del st[-size:]
                if len(st) < low:
                    low = len(st)
                    reads.append((n0 - low + 1, st[-1]))
            reds.append(plan)
            top = states[st[-1]][origin][1]
            st.append(top)
            if top == end_state:
                return st, low, reads, reds, True
            act = states[top].get(t)
        return st, low, reads, reds, False

    def _reduced(self, plans: list) -> Optional["_Reduced"]:
        """The _Reduced of a sequence of plans (None if empty), one per
        sequence: many steps share one."""
        if not plans:
            return None
        key = tuple(plans)
        got = self._reductions_made.get(key)
        if got is None:
            got = self._reductions_made[key] = _Reduced(key)
        return got

    def _store(self, table, key, reads, leaf) -> None:
        if self._nodes + len(reads) >= _MAX_NODES:
            # A bound (real text stays far below it, and a store adds at
            # most a leaf and its branches): start afresh, and the paths
            # in use are learnt again at once.
            self._reset()
            return
        if not reads:  # (most leaves: no state read below the top)
            table[key] = leaf
            self._nodes += 1
            return
        for depth, state in reads:
            node = table.get(key, _MISSING)
            if node is _MISSING:
                node = table[key] = (-depth, {})
                self._nodes += 1
            # the states read so far decide which one is read next
            assert node[0] == -depth, "internal: a step table branch at two depths"
            table, key = node[1], state
        table[key] = leaf
        self._nodes += 1

    # --- the table-driven probe ------------------------------------------
    def probe(self, lexed: Lexed, i: int, j: int, start: str) -> Tuple[int, list]:
        """The end of the longest prefix of tokens i..j that ``start`` accepts
        (-1 if none), and its path for ``parse``: the step-table leaf of each
        token (its terminal last), then the leaf of the end."""
        got = self.cover(lexed, i, i, j, start)
        return (got[1], got[2]) if got is not None else (-1, [])

    def cover(self, lexed: Lexed, first: int, last: int, j: int, start: str, past: int = -1):
        """The first start s in first..last whose longest accepted prefix of
        tokens s..j ends after ``past`` (shorter ones are not looked for), as
        (s, end, path for ``parse``), or None. (One call for all the starts:
        most are given up within a token or two.)"""
        steps = self._steps
        ends = self._ends[start]
        start_state = self._start_states[start]
        opening = self._opening[start]
        types = lexed.types
        unknown: list = []  # (token, stack after it) whose end is not learnt yet
        for s in range(first, last + 1):
            cands = types[s]
            opened = opening.get(cands, _MISSING)
            if opened is _MISSING:
                opened = self._open(start, cands)
            if opened is None:
                continue
            best = -1
            accept = None
            if s + 1 < past and s + 1 < j:  # (no end to look up after the first two tokens)
                nxt = opened[2].get(types[s + 1], _MISSING)
                if nxt is _MISSING:
                    nxt = self._second(opened, types[s + 1])
                if nxt is None:
                    continue
                stack = list(nxt[1])
                path: list = list(nxt[0])
                k0 = s + 2
            elif s < past or s >= j:  # (none after the first)
                stack = list(opened[1])
                path = list(opened[0])
                k0 = s + 1
            else:
                stack = [start_state]
                path = []
                k0 = s
            for k in range(k0, j):
                # Among the candidates take the first the stack really shifts
                # (LALR lookaheads are merged: a terminal in the row may still
                # fail after the reductions).
                cands = types[k]
                try:
                    node = steps[stack[-1]][cands[0]]
                    while node[0] < 0:
                        node = node[1][stack[node[0]]]
                except KeyError:  # not learnt yet
                    node = self._learn(stack, cands[0])
                if node is _REJECT:
                    for t in cands[1:]:
                        node = self._leaf(stack, t)
                        if node is not _REJECT:
                            break
                    else:
                        break
                stack[node[4]] = node[1]
                path.append(node)
                if k < past:
                    continue
                try:
                    got = ends[stack[-1]]
                    while got[0] < 0:
                        got = got[1][stack[got[0]]]
                except KeyError:  # not learnt yet: see below
                    unknown.append((k, stack[:]))
                    continue
                if got is not _REJECT:
                    best, accept = k + 1, got
            if unknown:
                # Ends not learnt yet are learnt from the last back, and
                # only past the longest accepted prefix known: most ends
                # met are never needed.
                for k, st in reversed(unknown):
                    if k < best:
                        break
                    got = self._learn_end(st, start)
                    if got is not _REJECT:
                        best, accept = k + 1, got
                        break
                unknown.clear()
            if best >= 0:
                del path[best - s :]
                path.append(accept)
                return s, best, path
        return None

    def stop(self, lexed: Lexed, i: int, j: int, start: str) -> int:
        """Where the parser, run for ``start`` on tokens i..j, first meets a
        token it cannot take (j if none): what any prefix it accepts from i
        depends on."""
        if self._first[start].isdisjoint(lexed.types[i]):
            return i
        stack = [self._start_states[start]]
        types = lexed.types
        for k in range(i, j):
            for t in types[k]:  # (the first candidate the stack takes, as cover does)
                node = self._leaf(stack, t)
                if node is not _REJECT:
                    break
            else:
                return k
            stack[node[4]] = node[1]
        return j

    def parse(self, text: str, lexed: Lexed, i: int, path: list):
        """Parse the tokens from i along a path from ``probe``; returns the
        transformer's object.

        The probe's LALR run again, its reductions now calling the inline
        transformer's methods: Lark's parser would redo the table work, and
        its per-call set-up would cost more than a window's parse.
        """
        values: list = []
        starts, ends, entries = lexed.starts, lexed.ends, lexed.entries
        new_str = str.__new__
        k = i
        for leaf in path:
            reduced = leaf[2]
            if reduced is not None:  # (most steps only shift)
                pairs = reduced.pairs
                for size, callback in pairs if pairs is not None else reduced.made():
                    if size == 1:  # the most common: replace the top value
                        values[-1] = callback([values[-1]])
                    elif not size:
                        values.append(callback([]))
                    else:
                        n = len(values) - size
                        children = values[n:]
                        del values[n:]
                        values.append(callback(children))
            t = leaf[3]
            if t is None:  # the end
                return values[-1]
            s = starts[k]
            e = ends[k]
            # _tok, inlined: this runs once per token of every frame
            value = text[s:e]
            tok = new_str(Tok, value)
            tok.type = t
            tok.value = value
            tok.start_pos = s
            tok.end_pos = e
            tok.entries = entries[k]
            values.append(tok)
            k += 1
        raise GrammarError("internal: a path without its end")

    def longest(self, text: str, lexed: Lexed, i: int, j: int, start: str):
        """Parse the longest accepted prefix of tokens i..j: (end, object) or None."""
        end, path = self.probe(lexed, i, j, start)
        if end < 0:
            return None
        return end, self.parse(text, lexed, i, path)
