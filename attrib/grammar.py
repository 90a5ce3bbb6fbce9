"""The Lark front: loads a language's grammar, builds its LALR parser once per
process, and parses windows of terminals.

A window is parsed as its *longest accepted prefix*: the driver steps through
the LALR table on terminal types alone (no trees, no copies), notes each point
where the start rule could end, and then parses only that prefix for real with
the inline transformer. Among a token's candidate types the driver takes the
first one the current state accepts.

Lark parsers do not survive pickling, so each process builds (or loads from
Lark's cache) its own; nothing here is meant to cross a process boundary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from lark import Lark, Token, Transformer
from lark.lexer import Lexer as _LarkLexer
from lark.parsers.lalr_analysis import Shift

from .lexer import Lexed


class GrammarError(RuntimeError):
    pass


class Tok(Token):
    """A token that also carries the lexicon entries behind its word."""

    __slots__ = ("entries",)


def _tok(type_: str, value: str, start: int, end: int, entries) -> Tok:
    # str.__new__ and the slots, not Token(): its constructor handles
    # deprecated arguments, and windows make tokens by the thousand.
    tok = str.__new__(Tok, value)
    tok.type, tok.value, tok.start_pos, tok.end_pos, tok.entries = type_, value, start, end, entries
    tok.line = tok.column = tok.end_line = tok.end_column = None
    return tok


class _Feed(_LarkLexer):
    """A Lark lexer that passes through the tokens it is given."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, data):  # type: ignore[override]
        return iter(data)


class _Splice(list):
    """The children of an inlined rule (``_name``, and Lark's ``__x_star``
    helpers), spliced into the parent's children."""


def _callbacks(rules, transformer) -> Dict:
    """Per-rule callbacks with Lark's tree-shaping semantics (``_rule``
    inlined into its parent, ``?rule`` with one child replaced by it, the
    transformer method named by the alias or the rule) but without Lark's
    generic wrappers: windows are tiny and parsed by the thousand."""
    table = {}
    for rule in rules:
        splice = tuple(i for i, sym in enumerate(rule.expansion) if not sym.is_term and sym.name.startswith("_"))
        drop = tuple(i for i, sym in enumerate(rule.expansion) if sym.is_term and sym.filter_out)
        expand1 = bool(rule.options.expand1)
        if rule.origin.name.startswith("_"):
            base = _Splice
        else:
            name = str(rule.alias or rule.origin.name)
            base = getattr(transformer, name, None)
            if base is None and expand1 and len(rule.expansion) == 1:
                base = list  # ?rule: x, always replaced by its child
            elif base is None:
                raise GrammarError(f"the transformer has no method for rule {name!r}")
        table[rule] = _make_callback(base, splice, drop, expand1, len(rule.expansion))
    return table


def _make_callback(base, splice, drop, expand1, size=None):
    if not splice and not drop:
        if expand1:
            return lambda children: children[0] if len(children) == 1 else base(children)
        return base
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

    if not drop and size is not None:
        return spliced
    return callback


def grammars_dir() -> Path:
    """The grammars folder: inside the installed package, or beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "grammars", here.parent / "grammars"):
        if cand.is_dir():
            return cand
    raise GrammarError(f"Cannot find the grammars folder near {here}")


class Grammar:
    """One language's grammar with its LALR parse table."""

    def __init__(self, path: Path, starts: Sequence[str], transformer: Transformer):
        path = Path(path)
        if not path.is_file():
            raise GrammarError(f"Grammar file not found: {path}")
        self.path = path
        self.lark = Lark(
            path.read_text(encoding="utf-8"),
            parser="lalr",
            lexer=_Feed,
            start=list(starts),
            transformer=transformer,
            maybe_placeholders=False,
        )
        table = self.lark.parser.parser.parser.parse_table
        self._callbacks = _callbacks(self.lark.rules, transformer)
        # The table with plain-str keys, and each reduce action as
        # (size, origin name, callback): Lark's rule origins are Tokens, whose
        # Python-level __eq__ would run on every goto.
        self._states: Dict = {
            st: {
                str(sym): (act, arg if act is Shift else (len(arg.expansion), str(arg.origin.name), self._callbacks[arg]))
                for sym, (act, arg) in row.items()
            }
            for st, row in table.states.items()
        }
        self._start_states: Dict[str, object] = table.start_states
        self._end_states: Dict[str, object] = table.end_states
        self._first: Dict[str, frozenset] = {
            s: frozenset(t for t in self._states[st] if t.isupper()) for s, st in self._start_states.items()
        }
        # Declared terminals (%declare) are not in lark.terminals: take every
        # terminal the parse table shifts.
        self.terminals = frozenset(t.name for t in self.lark.terminals) | frozenset(
            sym for row in self._states.values() for sym, (act, _) in row.items() if act is Shift
        )
        self._end_cache: Dict[tuple, bool] = {}  # stacks are short and few

    def first(self, start: str) -> frozenset:
        """Terminals that can begin the start rule."""
        return self._first[start]

    # --- the table-driven probe ------------------------------------------
    def _accepts_end(self, stack: list, end_state) -> bool:
        key = (end_state, *stack)
        got = self._end_cache.get(key)
        if got is None:
            got = self._end_cache[key] = self._simulate_end(list(stack), end_state)
        return got

    def _simulate_end(self, stack: list, end_state) -> bool:
        states = self._states
        while True:
            act = states[stack[-1]].get("$END")
            if act is None:
                return False
            size, origin, _ = act[1]
            if size:
                del stack[-size:]
            stack.append(states[stack[-1]][origin][1])
            if stack[-1] == end_state:
                return True

    def _shift(self, stack: list, t: str) -> bool:
        """Shift terminal t onto the stack, after the reductions it calls for
        (as Lark's _feed, inlined); False if the state rejects it."""
        states = self._states
        act = states[stack[-1]].get(t)
        if act is None:
            return False
        while act[0] is not Shift:
            size, origin, _ = act[1]
            if size:
                del stack[-size:]
            stack.append(states[stack[-1]][origin][1])
            act = states[stack[-1]].get(t)
            if act is None:
                return False
        stack.append(act[1])
        return True

    def probe(self, lexed: Lexed, i: int, j: int, start: str) -> Tuple[int, List[str]]:
        """The end of the longest prefix of tokens i..j that ``start`` accepts
        (-1 if none), and the terminal chosen for each token."""
        states = self._states
        end_state = self._end_states[start]
        stack = [self._start_states[start]]
        chosen: List[str] = []
        best = -1
        types = lexed.types
        end_cache = self._end_cache
        for k in range(i, j):
            row = states[stack[-1]]
            cands = types[k]
            if len(cands) > 1:
                # Several candidate terminals: take the first that the state
                # can really shift (LALR lookaheads are merged, so a terminal
                # in the row may still fail after the reductions).
                for t in cands:
                    if t in row:
                        trial = stack[:]
                        if self._shift(trial, t):
                            stack = trial
                            break
                else:
                    break
            else:
                t = cands[0]
                act = row.get(t)
                if act is None:
                    break
                # shift t, after the reductions it calls for (as _shift, inlined)
                while act[0] is not Shift:
                    size, origin, _ = act[1]
                    if size:
                        del stack[-size:]
                    stack.append(states[stack[-1]][origin][1])
                    act = states[stack[-1]].get(t)
                    if act is None:
                        break
                if act is None:
                    break
                stack.append(act[1])
            chosen.append(t)
            # _accepts_end, inlined (its cache first): once per token probed
            key = (end_state, *stack)
            got = end_cache.get(key)
            if got is None:
                got = end_cache[key] = self._simulate_end(list(stack), end_state)
            if got:
                best = k + 1
        return best, chosen[: best - i] if best > 0 else []

    def parse(self, text: str, lexed: Lexed, i: int, types: List[str], start: str):
        """Parse tokens i..i+len(types) with the given terminals; returns the
        transformer's object.

        The same LALR run as Lark's parser, with the rule callbacks of the
        inline transformer, minus its per-call set-up: a window is a handful
        of tokens, and set-up would cost more than the parse.
        """
        states = self._states
        end_state = self._end_states[start]
        stack = [self._start_states[start]]
        values: list = []
        starts, ends, entries = lexed.starts, lexed.ends, lexed.entries
        last = i + len(types)
        new_str = str.__new__
        for k in range(i, last + 1):
            if k < last:
                t = types[k - i]
                s, e = starts[k], ends[k]
                # _tok, inlined: this runs once per token of every frame
                value = text[s:e]
                tok = new_str(Tok, value)
                tok.type, tok.value, tok.start_pos, tok.end_pos, tok.entries = t, value, s, e, entries[k]
                tok.line = tok.column = tok.end_line = tok.end_column = None
            else:
                t, tok = "$END", None
            while True:
                act = states[stack[-1]].get(t)
                if act is None:
                    raise GrammarError(f"internal: the probe accepted a window the parser rejects at {t}")
                if act[0] is Shift:
                    stack.append(act[1])
                    values.append(tok)
                    break
                size, origin, callback = act[1]
                if size:
                    children = values[-size:]
                    del stack[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callback(children))
                stack.append(states[stack[-1]][origin][1])
                if tok is None and stack[-1] == end_state:
                    return values[-1]
        raise GrammarError("internal: the parse did not reach its end state")

    def longest(self, text: str, lexed: Lexed, i: int, j: int, start: str):
        """Parse the longest accepted prefix of tokens i..j: (end, object) or None."""
        end, types = self.probe(lexed, i, j, start)
        if end < 0:
            return None
        return end, self.parse(text, lexed, i, types, start)
