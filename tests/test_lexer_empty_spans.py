"""Lexer.lex does not scan an empty span (before a direct quotation that
opens the span or follows another, after one that closes it): its tokens
agree with those of the general path, which scans every span, on random
spans of texts with quotations, and the shortcut is taken."""

import random

import pytest

from attrib.contract import EOS, QUOTE
from attrib.core.lexer import Lexed
from attrib.core.segment import DIRECT, find_quotes
from attrib.language import get_language


def _lex_scanning_all(lexer, text, start, end, quotes=(), eos=False):
    """lex as it was: every span between quotations scanned, empty or not."""
    out = Lexed()
    pos = start
    for q in quotes:
        if q.kind != DIRECT or q.outer.end <= start or q.outer.start >= end:
            continue
        lexer._scan(text, pos, q.outer.start, out)
        out.types.append((QUOTE,))
        out.starts.append(q.outer.start)
        out.ends.append(q.outer.end)
        out.entries.append(())
        pos = q.outer.end
    lexer._scan(text, pos, end, out)
    if eos:
        out.types.append((EOS,))
        out.starts.append(end)
        out.ends.append(end)
        out.entries.append(())
    return out


def _text(lexer, rng):
    words = sorted(w for w in lexer.lexicon.words if w.isalpha())[:3000]

    def quoted():
        return "“" + " ".join(rng.choice(words) for _ in range(rng.randint(8, 12))) + rng.choice(("", ",", ".")) + "”"

    parts = []
    for _ in range(rng.randint(3, 9)):
        r = rng.random()
        if r < 0.35:
            parts.append(quoted())
            if rng.random() < 0.3:  # quotations back to back
                parts[-1] += rng.choice(("", " ")) + quoted()
        else:
            w = rng.choice(words)
            parts.append(w.capitalize() if rng.random() < 0.3 else w)
            if rng.random() < 0.2:
                parts[-1] += rng.choice((",", ".", ":"))
    return " ".join(parts)


@pytest.mark.parametrize("code", ["id", "en"])
def test_empty_spans_not_scanned(code):
    lexer = get_language(code).lexer
    rng = random.Random(26)
    skipped = 0
    scans = []
    scan = lexer._scan

    def counting(text, pos, end, out):
        scans.append(pos < end)
        return scan(text, pos, end, out)

    for _ in range(400):
        text = _text(lexer, rng)
        quotes = [q for q in find_quotes(text) if q.kind == DIRECT]
        # span edges: the text's ends, the quotations' edges, spaces, and
        # places inside words (a span may start inside one)
        edges = {0, len(text)}
        for q in quotes:
            edges.update((q.outer.start, q.outer.end))
        edges.update(rng.sample(range(len(text) + 1), 6))
        edges = sorted(edges)
        for _ in range(12):
            start, end = sorted(rng.sample(edges, 2)) if len(edges) > 1 else (0, len(text))
            eos = rng.random() < 0.5
            want = _lex_scanning_all(lexer, text, start, end, quotes, eos)
            scans.clear()
            lexer._scan = counting
            try:
                got = lexer.lex(text, start, end, quotes, eos)
            finally:
                del lexer._scan
            assert (got.types, got.starts, got.ends, got.entries) == (want.types, want.starts, want.ends, want.entries)
            assert all(scans)  # no empty span is scanned
            inside = [q for q in quotes if not (q.outer.end <= start or q.outer.start >= end)]
            skipped += len(inside) + 1 - len(scans)
    assert skipped > 300  # the shortcut is taken
