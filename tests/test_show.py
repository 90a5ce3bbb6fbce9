"""``attrib show``: the HTML page, the terminal rendering and the command."""

from __future__ import annotations

import io
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import attrib
from attrib import show
from attrib.cli import build_parser
from attrib.model import Attribution, Content, Cue, Document, Source, Span

CHROMIUM = "/usr/bin/chromium"


class _Page(HTMLParser):
    """Collects the flat segments inside <div id="text"> (attrs, text) and the
    JSON of <script type="application/json">."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_text = False
        self.depth = 0
        self.segments = []  # (attrs dict or None, text)
        self.current = None
        self.json_raw = None
        self.in_json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and attrs.get("id") == "text":
            self.in_text = True
        elif self.in_text and tag == "span":
            assert self.current is None, "segments in #text must not nest"
            self.current = attrs
            self.segments.append((attrs, ""))
        elif tag == "script" and attrs.get("type") == "application/json":
            self.in_json = True
            self.json_raw = ""

    def handle_endtag(self, tag):
        if self.in_text and tag == "span":
            self.current = None
        elif self.in_text and tag == "div":
            self.in_text = False
        elif tag == "script":
            self.in_json = False

    def handle_data(self, data):
        if self.in_json:
            self.json_raw += data
        elif self.in_text:
            if self.current is not None:
                attrs, text = self.segments[-1]
                self.segments[-1] = (attrs, text + data)
            else:
                self.segments.append((None, data))


def parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    p.close()
    return p


def ids(attrs, name):
    return (attrs or {}).get(name, "").split()


def joined(page: _Page, role: str, i: int) -> str:
    return "".join(text for attrs, text in page.segments if str(i) in ids(attrs, f"data-{role}"))


# --- HTML on the seeds ----------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_cue_source_and_content_is_highlighted_with_its_data_attr(traced, prefix):
    doc = traced(prefix)
    assert doc.attributions, f"seed {prefix} has no attributions to show"
    page = parse(show.render_html(doc))
    # the segments put back together are the text, unchanged
    assert "".join(text for _, text in page.segments) == doc.text
    for i, a in enumerate(doc.attributions):
        assert joined(page, "cue", i) == a.cue.text
        assert joined(page, "content", i) == a.content.text
        if a.source.span is not None:
            assert joined(page, "src", i) == doc.text[a.source.span.start:a.source.span.end]
        own = [attrs for attrs, _ in page.segments if str(i) in ids(attrs, "data-attrs")]
        assert all("data-attr" in attrs for attrs in own)
        # some part of the claim selects it when clicked
        assert str(i) in {attrs["data-attr"] for attrs in own}, f"claim {i} ({a.cue.text}) cannot be clicked"
    data = json.loads(page.json_raw)
    assert [d["chain"][-1]["label"] for d in data] == [a.chain[-1].label for a in doc.attributions]
    assert [d["cue"] for d in data] == [a.cue.text for a in doc.attributions]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_page_references_nothing_on_the_network(traced, prefix):
    doc = traced(prefix)
    page = show.render_html(doc)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"@import|url\(", page, re.I)
    assert "http://" not in page and "https://" not in page
    assert page.count("<script") == 2  # the data and the inline code


def test_page_has_header_legend_panel_and_source_table(traced):
    doc = traced("001")
    page = show.render_html(doc, title="Seed 001")
    assert "<title>Seed 001</title>" in page
    assert 'id="chain-panel"' in page and 'class="legend"' in page
    assert "Kontan" in page.split("</header>")[0]
    assert f"<b>{len(doc.attributions)}</b> attributions" in page
    rows = show.source_table(doc)
    cnn = next(r for r in rows if r["identity"] == "cnn")
    # CNN relays two claims in seed 001 and is the source of none
    assert cnn["as_source"] == [] and len(cnn["as_hop"]) == 2
    assert "Kontan → CNN → media pemerintah Rusia" in cnn["chains"]
    assert sum(len(r["as_source"]) for r in rows) == len(doc.attributions)
    assert "kontan" not in {r["key"] for r in rows if not r["as_source"]}, "the publisher is not a hop"


def test_borderline_attributions_are_dimmed(traced):
    doc = traced("001")
    page = parse(show.render_html(doc))
    border = [i for i, a in enumerate(doc.attributions) if not a.core]
    assert border
    for i in border:
        cue_segs = [attrs for attrs, _ in page.segments if str(i) in ids(attrs, "data-cue")]
        # a borderline cue inside no core claim is dimmed
        if all(not doc.attributions[int(j)].core for attrs in cue_segs for j in ids(attrs, "data-attrs")):
            assert all("borderline" in attrs["class"].split() for attrs in cue_segs)


# --- escaping -------------------------------------------------------------------

HOSTILE = (
    "Peringatan <script>alert(1)</script> di sini & di sana.\n"
    "“Kami siap </script><!--<script>alert(2)</script>,” kata Peskov <b>tebal</b>.\n"
    "\"Kami siap,\" kata Peskov <b>\n"
)


def test_article_markup_is_escaped_in_text_and_json():
    doc = attrib.trace(HOSTILE, id="x<y>")
    assert len(doc.attributions) == 2, [a.content.text for a in doc.attributions]
    page = show.render_html(doc)
    assert "<script>alert" not in page
    assert "<b>tebal" not in page and "<!--" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;" in page and "&amp; di sana" in page
    assert page.count("<script") == 2 and page.count("</script>") == 2
    data_block = page.split('<script type="application/json" id="attr-data">')[1].split("</script>")[0]
    assert "</" not in data_block and "<" not in data_block
    data = json.loads(data_block)
    assert [d["content"] for d in data] == [a.content.text for a in doc.attributions]
    assert "</script>" in data[0]["content"]
    parsed = parse(page)
    assert "".join(t for _, t in parsed.segments) == HOSTILE


# --- overlap --------------------------------------------------------------------


def test_partially_overlapping_spans_split_into_segments():
    text = "abcdefghij"
    doc = Document(text=text, lang="en", attributions=[
        Attribution(cue=Cue("abc", Span(0, 3), "before"), source=Source("person", name="X", span=Span(7, 8)),
                    content=Content("cdef", Span(2, 6), False)),
        Attribution(cue=Cue("fgh", Span(5, 8), "after"), source=Source("person", name="Y"),
                    content=Content("efghi", Span(4, 9), True), core=False),
    ])
    got = [(text[s.start:s.end], sorted({(m.role, m.attr) for m in s.marks})) for s in show.segments(doc)]
    assert got == [
        ("ab", [("cue", 0)]),
        ("c", [("content", 0), ("cue", 0)]),
        ("d", [("content", 0)]),
        ("e", [("content", 0), ("content", 1)]),
        ("f", [("content", 0), ("content", 1), ("cue", 1)]),
        ("g", [("content", 1), ("cue", 1)]),
        ("h", [("content", 1), ("cue", 1), ("src", 0)]),
        ("i", [("content", 1)]),
        ("j", []),
    ]
    page = parse(show.render_html(doc))
    by_text = {t: a for a, t in page.segments}
    assert by_text["e"]["class"].split() >= ["content"] and "nested" in by_text["e"]["class"]
    assert by_text["h"]["data-attr"] == "0"  # the source is smaller than claim 1's cue
    assert "borderline" in by_text["i"]["class"] and "borderline" not in by_text["e"]["class"]
    assert by_text["j"] is None
    assert joined(page, "content", 1) == "efghi" and joined(page, "cue", 1) == "fgh"


def test_nested_claims_of_seed_001_render(traced):
    doc = traced("001")
    page = parse(show.render_html(doc))
    nested = [(i, j) for i, a in enumerate(doc.attributions) for j, b in enumerate(doc.attributions)
              if i != j and b.content.span.contains(a.cue.span)]
    assert nested, "seed 001 should have a cue inside another claim's content"
    for i, j in nested:
        segs = [attrs for attrs, _ in page.segments
                if str(i) in ids(attrs, "data-cue") and str(j) in ids(attrs, "data-content")]
        assert segs and all({"cue", "content"} <= set(s["class"].split()) for s in segs)
    assert any("nested" in (attrs or {}).get("class", "") for attrs, _ in page.segments)


# --- terminal -------------------------------------------------------------------


def test_terminal_rendering_shows_text_cues_and_chains(traced):
    from rich.console import Console

    doc = traced("001")
    console = Console(record=True, width=100, file=io.StringIO())
    show.render_terminal(doc, console=console)
    out = console.export_text()
    flat = " ".join(out.split())
    for a in doc.attributions:
        assert " ".join(a.cue.text.split()) in flat
    assert "Attributions" in out and "kantor berita negara" in flat
    assert "Kontan → CNN" in flat
    assert " ".join(doc.text.split()[:12]) in flat


def test_terminal_rendering_styles_cues(traced):
    from rich.console import Console

    doc = traced("001")
    console = Console(record=True, width=100, force_terminal=True, color_system="standard",
                      file=io.StringIO())
    show.render_terminal(doc, console=console)
    styled = console.export_text(styles=True)

    def codes(word):  # SGR codes on the first (in-text) occurrence of word
        m = re.search(r"\x1b\[([\d;]+)m" + re.escape(word), styled)
        assert m, f"{word!r} is not styled"
        return set(m.group(1).split(";"))

    assert {"1", "35"} <= codes("Mengutip")  # bold magenta cue
    assert {"1", "32"} <= codes("Military Times")  # bold green source
    assert "36" in codes("selama perjalanan")  # cyan reported speech
    assert "33" in codes("Ini adalah pelindung")  # yellow direct quote
    assert "2" in codes("Sebelumnya diberitakan")  # dim borderline


def test_terminal_rendering_to_a_plain_file(traced, tmp_path):
    from rich.console import Console

    target = tmp_path / "out.txt"
    with open(target, "w", encoding="utf-8") as fh:
        show.render_terminal(traced("002"), console=Console(file=fh, width=120))
    out = target.read_text(encoding="utf-8")
    assert "\x1b[" not in out and "Attributions" in out


def test_missing_rich_gives_a_clear_import_error(traced, monkeypatch):
    monkeypatch.setitem(sys.modules, "rich", None)
    with pytest.raises(ImportError, match=r"pip install 'attrib\[show\]'"):
        show.render_terminal(traced("001"))


# --- the command ----------------------------------------------------------------


def run_show(capsys, *argv):
    args = build_parser().parse_args(["show", *map(str, argv)])
    rc = args.func(args)
    out, err = capsys.readouterr()
    return rc, out, err


def assert_one_line_error(rc, err, name):
    assert rc == 1  # issue 17: a command that could not read its input exits 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(name) in lines[0], err


def test_cli_missing_file(capsys, tmp_path):
    missing = tmp_path / "nope.txt"
    rc, out, err = run_show(capsys, missing)
    assert_one_line_error(rc, err, missing)
    assert "cannot read" in err


def test_cli_bad_json(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": "x", ', encoding="utf-8")
    rc, out, err = run_show(capsys, bad)
    assert_one_line_error(rc, err, bad)
    assert "invalid JSON at line 1" in err


@pytest.mark.parametrize("payload", ['{"foo": 1}', "[1, 2]", '{"text": 5}',
                                     '{"text": "abc", "attributions": [{"cue": {"start": 0, "end": 1}}]}'])
def test_cli_json_that_is_not_a_document(capsys, tmp_path, payload):
    bad = tmp_path / "notdoc.json"
    bad.write_text(payload, encoding="utf-8")
    rc, out, err = run_show(capsys, bad)
    assert_one_line_error(rc, err, bad)
    assert "not a Document JSON" in err


def test_cli_not_utf8(capsys, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("kata Peskov “café”".encode("latin-1", errors="replace") + b"\xe9")
    rc, out, err = run_show(capsys, bad)
    assert_one_line_error(rc, err, bad)
    assert "not UTF-8" in err


def test_cli_unknown_language(capsys, seed_paths):
    rc, out, err = run_show(capsys, seed_paths["001"], "--lang", "zz")
    assert_one_line_error(rc, err, seed_paths["001"])


def test_cli_unwritable_html(capsys, seed_paths, tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "out.html"
    rc, out, err = run_show(capsys, seed_paths["001"], "--html", target)
    assert_one_line_error(rc, err, target)


def test_cli_html_from_text_and_from_json_agree(capsys, seed_paths, tmp_path, traced):
    from_text = tmp_path / "from_text.html"
    rc, out, err = run_show(capsys, seed_paths["001"], "--html", from_text)
    assert rc == 0, err
    assert "wrote" in err and str(from_text) in err

    doc = attrib.trace(seed_paths["001"].read_bytes().decode("utf-8"), id=seed_paths["001"].stem)
    js = tmp_path / "001.json"
    js.write_text(json.dumps(doc.to_dict(), ensure_ascii=False), encoding="utf-8")
    from_json = tmp_path / "from_json.html"
    rc, out, err = run_show(capsys, js, "--html", from_json)
    assert rc == 0, err
    assert from_json.read_text(encoding="utf-8") == from_text.read_text(encoding="utf-8")


def test_cli_terminal_output(capsys, seed_paths, traced):
    rc, out, err = run_show(capsys, seed_paths["004"])
    assert rc == 0, err
    for a in traced("004").attributions:
        assert " ".join(a.cue.text.split()) in " ".join(out.split())


# --- in a browser ---------------------------------------------------------------


def _sync_playwright():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")
    return sync_playwright


@pytest.mark.slow  # starts a headless Chromium
def test_page_in_headless_chromium(traced, tmp_path):
    sync_playwright = _sync_playwright()
    doc = traced("001")
    page_file = tmp_path / "show.html"
    page_file.write_text(show.render_html(doc), encoding="utf-8")
    linked_segments = sum(1 for s in show.segments(doc) if any(m.attr is not None for m in s.marks))
    first_direct = next(i for i, a in enumerate(doc.attributions) if a.direct)
    chain = show.chain_text(doc.attributions[first_direct])
    assert chain == "Kontan → CNN → kantor berita negara"

    requests, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())

            assert page.locator("#text [data-attr]").count() == linked_segments
            values = page.eval_on_selector_all("#text [data-attr]", "els => els.map(e => e.dataset.attr)")
            assert {int(v) for v in values} == set(range(len(doc.attributions)))
            assert page.locator("#text .cue").count() >= len(doc.attributions)
            assert page.locator("#text .content.q-direct").count() > 0
            assert page.locator("#chain-panel .chain").count() == 0

            claim = page.locator(f'#text [data-attr="{first_direct}"][data-content~="{first_direct}"]').first
            claim.click()
            panel = page.locator("#chain-panel")
            text = panel.inner_text()
            assert "CNN" in text
            assert page.locator("#chain-panel .chain").text_content().strip() == chain
            assert doc.attributions[first_direct].cue.text in text
            assert "kantor berita negara" in text
            assert page.locator(f'#text .selected[data-attrs~="{first_direct}"]').count() > 0

            # a row of the attributions table selects its claim too
            page.locator('#attributions tr[data-attr="0"]').click()
            assert page.locator("#chain-panel .chain").text_content().strip() == show.chain_text(doc.attributions[0])
            assert page.locator(f'#text .selected[data-attrs~="{first_direct}"]').count() == 0

            shot = tmp_path / "show.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert not errors, errors
    assert requests and all(u.startswith("file:") for u in requests), requests
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
