"""Lark's LALR tables as plain data: the one module that reads Lark internals.

``load`` builds a Lark LALR parser for a grammar whose tokens come ready-made
(``FeedLexer``) and reads its parse table into ``Tables``: per state a dict
of symbol name -> ``(SHIFT, state)`` or ``(REDUCE, Rule)``, the start and end
state of each start rule, the rules with the tree-shaping flags Lark gives
them, and the terminals. Nothing else in attrib reaches into Lark's parser.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from attrs import frozen
from lark import Lark
from lark.lexer import Lexer
from lark.parsers.lalr_analysis import Shift

SHIFT = "shift"
REDUCE = "reduce"


class FeedLexer(Lexer):
    """A Lark lexer that passes through the tokens it is given:
    ``lark.parse(list_of_tokens, start=...)``."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, data):  # type: ignore[override]
        return iter(data)


@frozen
class Rule:
    """One grammar rule, ``origin: expansion``, with Lark's tree shaping:
    ``alias`` names the rule's result (``-> name``), ``expand1`` is a
    ``?rule`` (replaced by its child when it has one), and ``filter_out``
    marks the terminals Lark drops from the children (anonymous punctuation,
    ``_NAME``)."""

    origin: str
    expansion: Tuple[str, ...]
    is_term: Tuple[bool, ...]
    filter_out: Tuple[bool, ...]
    alias: Optional[str]
    expand1: bool


@frozen(eq=False)
class Tables:
    """An LALR automaton: ``states[i]`` maps a terminal or nonterminal name to
    ``(SHIFT, next state)`` or ``(REDUCE, rule)``; states are numbered
    0..len(states)-1."""

    states: Tuple[Dict[str, tuple], ...]
    start_states: Dict[str, int]
    end_states: Dict[str, int]
    rules: Tuple[Rule, ...]
    terminals: frozenset  # the terminal names, %declare'd ones too


def _rule(rule) -> Rule:
    return Rule(
        origin=str(rule.origin.name),
        expansion=tuple(str(sym.name) for sym in rule.expansion),
        is_term=tuple(bool(sym.is_term) for sym in rule.expansion),
        filter_out=tuple(bool(sym.is_term and sym.filter_out) for sym in rule.expansion),
        alias=None if rule.alias is None else str(rule.alias),
        expand1=bool(rule.options.expand1),
    )


def load(grammar_text: str, starts) -> Tables:
    """The tables of a grammar's Lark parser (LALR, tokens fed by FeedLexer,
    no placeholders for ``[x]``). Lark caches its analysis of the grammar in
    the temporary folder (keyed by the grammar's text and the options): a new
    process, a worker of a corpus run, loads it instead of building the LALR
    table again. The parser object is not kept: its many objects would only
    lengthen every full collection of the garbage collector."""
    return tables(Lark(grammar_text, parser="lalr", lexer=FeedLexer, start=list(starts), maybe_placeholders=False, cache=True))


def tables(parser: Lark) -> Tables:
    """The tables of a Lark LALR parser."""
    table = parser.parser.parser.parser.parse_table
    rules = {id(r): _rule(r) for r in parser.rules}
    states = {
        st: {
            str(sym): (SHIFT, arg) if act is Shift else (REDUCE, rules.get(id(arg)) or _rule(arg))
            for sym, (act, arg) in row.items()
        }
        for st, row in table.states.items()
    }
    if sorted(states) != list(range(len(states))):
        raise ValueError("Lark's LALR states are not numbered 0..n-1")
    # Declared terminals (%declare) are not in parser.terminals: add those the rules use.
    used = frozenset(name for r in rules.values() for name, term in zip(r.expansion, r.is_term) if term)
    return Tables(
        states=tuple(states[i] for i in range(len(states))),
        start_states={str(k): v for k, v in table.start_states.items()},
        end_states={str(k): v for k, v in table.end_states.items()},
        rules=tuple(rules.values()),
        terminals=frozenset(t.name for t in parser.terminals) | used,
    )
