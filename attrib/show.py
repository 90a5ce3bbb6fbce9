"""``attrib show``: an article with its attributions highlighted.

In a terminal (rich) or as one self-contained HTML page: inline CSS and JS
only, so the page opens offline and can be mailed around as a single file.
"""

from __future__ import annotations

import bisect
import html
import json
from collections import OrderedDict
from typing import List, NamedTuple, Optional

from .model import Attribution, Document, Source

ARROW = " → "

# Roles a span can play for an attribution; order = priority when choosing
# which attribution a click on an overlapping segment selects.
_CLICK_PRIORITY = {"cue": 0, "src": 0, "via": 1, "meta": 1, "content": 2}


class _Mark(NamedTuple):
    start: int
    end: int
    role: str  # cue | src | via | meta | content | pub | docsrc | credit | furniture
    attr: Optional[int] = None  # index into doc.attributions
    direct: bool = False


class Segment(NamedTuple):
    start: int
    end: int
    marks: tuple  # the _Marks covering [start, end)


def _hop_label(h: Source) -> str:
    return h.label


def chain_text(a: Attribution) -> str:
    return ARROW.join(_hop_label(h) for h in a.chain)


def _marks(doc: Document) -> List[_Mark]:
    marks: List[_Mark] = []
    pub_span = doc.publisher.span if doc.publisher is not None else None
    if pub_span is not None:
        marks.append(_Mark(pub_span.start, pub_span.end, "pub"))
    if doc.document_source is not None and doc.document_source.span is not None:
        s = doc.document_source.span
        marks.append(_Mark(s.start, s.end, "docsrc"))
    for c in doc.credits:
        marks.append(_Mark(c.span.start, c.span.end, "credit"))
    for s in doc.furniture:
        marks.append(_Mark(s.start, s.end, "furniture"))
    for i, a in enumerate(doc.attributions):
        marks.append(_Mark(a.content.span.start, a.content.span.end, "content", i, a.content.direct))
        marks.append(_Mark(a.cue.span.start, a.cue.span.end, "cue", i))
        src_span = a.source.span
        if src_span is not None:
            marks.append(_Mark(src_span.start, src_span.end, "src", i))
        for h in a.chain:
            # intermediate hops that are named in the text (CNN in "dikutip dari CNN")
            if h.span is None or h.span in (src_span, pub_span):
                continue
            marks.append(_Mark(h.span.start, h.span.end, "via", i))
        for p in (a.time, a.channel):
            if p is not None:
                marks.append(_Mark(p.span.start, p.span.end, "meta", i))
    return [m for m in marks if m.end > m.start]


def segments(doc: Document) -> List[Segment]:
    """Split the text at every span boundary; each piece lists the spans covering it.

    Attributions overlap and nest (a cue inside another claim's content), so
    flat segments carrying every covering span are simpler than nested tags.
    """
    marks = _marks(doc)
    cuts = sorted({0, len(doc.text), *(m.start for m in marks), *(m.end for m in marks)})
    covering: List[list] = [[] for _ in range(len(cuts) - 1)]
    for m in marks:
        for k in range(bisect.bisect_left(cuts, m.start), bisect.bisect_left(cuts, m.end)):
            covering[k].append(m)
    return [Segment(cuts[k], cuts[k + 1], tuple(covering[k])) for k in range(len(cuts) - 1) if cuts[k] < cuts[k + 1]]


def _primary(marks) -> Optional[int]:
    """The attribution a click on this segment selects: the innermost cue or
    source first, then the shortest content."""
    best = None
    for m in marks:
        if m.attr is None:
            continue
        key = (_CLICK_PRIORITY[m.role], m.end - m.start, m.attr)
        if best is None or key < best[0]:
            best = (key, m.attr)
    return None if best is None else best[1]


def _source_dict(s: Optional[Source]) -> Optional[dict]:
    if s is None:
        return None
    return {
        "label": s.label,
        "name": s.name,
        "mention": s.mention,
        "kind": s.kind.value,
        "identity": s.identity,
        "method": s.method,
        "role": s.role,
        "affiliation": s.affiliation,
        "descriptor": s.descriptor,
        "country": s.country,
        "state_media": s.state_media,
    }


def _attribution_data(doc: Document) -> List[dict]:
    rows = []
    for i, a in enumerate(doc.attributions):
        rows.append({
            "index": i,
            "cue": a.cue.text,
            "position": a.cue.position.value,
            "source": _source_dict(a.source),
            "via": _source_dict(a.via),
            "content": a.content.text,
            "direct": a.content.direct,
            "time": a.time.text if a.time is not None else None,
            "channel": a.channel.text if a.channel is not None else None,
            "chain": [{"label": h.label, "kind": h.kind.value, "identity": h.identity} for h in a.chain],
            "core": a.core,
            "start": a.span.start,
            "end": a.span.end,
        })
    return rows


def _source_key(s: Source) -> str:
    return s.identity or s.label.casefold()


def source_table(doc: Document) -> List[dict]:
    """One row per distinct source (by identity, else name): kind, how many
    attributions it is the source of, how many it relays as a hop, its chains."""
    rows: "OrderedDict[str, dict]" = OrderedDict()
    pub_key = _source_key(doc.publisher) if doc.publisher is not None else None

    def row(s: Source) -> dict:
        key = _source_key(s)
        if key not in rows:
            rows[key] = {"key": key, "name": s.label, "kind": s.kind.value, "identity": s.identity,
                         "as_source": [], "as_hop": [], "chains": OrderedDict()}
        r = rows[key]
        if r["name"] == "?" and s.label != "?":
            r["name"] = s.label
        return r

    for i, a in enumerate(doc.attributions):
        src = row(a.source)
        src["as_source"].append(i)
        chain = chain_text(a)
        src["chains"][chain] = src["chains"].get(chain, 0) + 1
        src_key = _source_key(a.source)
        for k, h in enumerate(a.chain):
            key = _source_key(h)
            # the publisher heads every chain; listing it as a hop says nothing
            if key == src_key or (k == 0 and key == pub_key):
                continue
            r = row(h)
            if i not in r["as_hop"]:
                r["as_hop"].append(i)
                r["chains"][chain] = r["chains"].get(chain, 0) + 1
    return sorted(rows.values(), key=lambda r: (-(len(r["as_source"]) + len(r["as_hop"])), r["name"].casefold()))


# --- HTML ---------------------------------------------------------------------

_CSS = """
:root{--ink:#1f2328;--muted:#656d76;--line:#d8dee4;--bg:#f6f7f9;--card:#fff;
--cue:#9d174d;--cue-bg:#fce7f3;--src:#065f46;--src-bg:#d1fae5;--src-line:#059669;
--dq:#fde68a;--dq2:#fbbf24;--rs:#dbeafe;--rs2:#93c5fd;--sel:#2563eb}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",
"DejaVu Sans","Liberation Sans",sans-serif}
header{background:#24292f;color:#fff;padding:12px 28px;position:sticky;top:0;z-index:2}
header h1{margin:0 0 4px;font-size:20px;font-weight:600}
header .meta{color:#d0d7de;font-size:13.5px}
header .meta b{color:#fff;font-weight:600}
main{display:grid;grid-template-columns:minmax(0,1fr) 420px;gap:24px;padding:20px 28px;max-width:1500px;margin:auto}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:18px 22px}
#text{white-space:pre-wrap;font:17px/1.8 Georgia,"DejaVu Serif","Liberation Serif",serif;overflow-wrap:anywhere}
aside{position:sticky;top:84px;align-self:start;display:flex;flex-direction:column;gap:16px;
max-height:calc(100vh - 100px);overflow:auto}
#text [data-attr]{scroll-margin-top:100px}
h2{font-size:15px;margin:0 0 10px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
section.wide{grid-column:1/-1}
[data-attr]{cursor:pointer}
.content.q-reported{background:var(--rs)}
.content.q-direct{background:var(--dq)}
.content.q-reported.nested{background:var(--rs2)}
.content.q-direct.nested{background:var(--dq2)}
.meta{text-decoration:underline dotted #57606a;text-underline-offset:3px}
.via{border-bottom:2px dashed var(--src-line);color:var(--src)}
.src{background:var(--src-bg);color:var(--src);border-bottom:2px solid var(--src-line);font-weight:600}
.cue{background:var(--cue-bg);color:var(--cue);font-weight:700;border-bottom:2px solid var(--cue)}
.borderline{opacity:.5;filter:saturate(.4)}
.pub,.docsrc{outline:1.5px solid var(--src-line);outline-offset:1px;border-radius:2px}
.credit{color:var(--muted)}
.furniture{color:#8c959f;text-decoration:line-through;text-decoration-color:#d0d7de}
.hover{outline:1px solid var(--sel)}
.selected{outline:2px solid var(--sel);outline-offset:0;box-shadow:0 0 0 4px rgba(37,99,235,.15)}
.legend{display:flex;flex-wrap:wrap;gap:6px 10px;font-size:13px}
.legend span.key{padding:1px 6px;border-radius:3px}
#chain-panel .empty{color:var(--muted)}
#chain-panel .chain{display:flex;flex-wrap:wrap;align-items:center;gap:4px;font-size:15px;margin:2px 0 12px}
#chain-panel .hop{background:#eef2f6;border:1px solid var(--line);border-radius:12px;padding:1px 9px}
#chain-panel .hop.last{background:var(--src-bg);border-color:var(--src-line);color:var(--src);font-weight:600}
#chain-panel .step{white-space:nowrap}
#chain-panel .arrow{color:var(--muted)}
#chain-panel dl{display:grid;grid-template-columns:82px 1fr;gap:5px 10px;margin:0;font-size:14px}
#chain-panel dt{color:var(--muted)}
#chain-panel dd{margin:0}
#chain-panel blockquote{margin:0;padding:6px 10px;border-left:3px solid var(--rs2);background:#f6f8fa;
font:14.5px/1.5 Georgia,"DejaVu Serif",serif;max-height:220px;overflow:auto}
#chain-panel blockquote.direct{border-left-color:var(--dq2)}
.tag{display:inline-block;font-size:12px;padding:0 7px;border-radius:10px;background:#eef2f6;color:#444c56;margin-left:4px}
.tag.border{background:#fff1d6;color:#7a4d00}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12.5px;text-transform:uppercase;letter-spacing:.03em}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr[data-attr]:hover,tr.selected-row{background:#eef4ff}
.chains div{white-space:nowrap}
a.ref{color:var(--sel);text-decoration:none;margin-right:5px}
.count{display:inline-block;min-width:2.2em;font-weight:600;font-variant-numeric:tabular-nums}
code{font-size:12.5px;color:#57606a}
@media (max-width:1000px){main{grid-template-columns:1fr}aside{position:static;max-height:none}}
"""

_JS = """
(function(){
  var data = JSON.parse(document.getElementById('attr-data').textContent);
  var byAttr = {};
  document.querySelectorAll('#text [data-attrs]').forEach(function(el){
    el.getAttribute('data-attrs').split(' ').forEach(function(i){ (byAttr[i] = byAttr[i] || []).push(el); });
  });
  var panel = document.getElementById('chain-panel');
  var current = null;
  function mark(i, cls, on){ (byAttr[i] || []).forEach(function(el){ el.classList.toggle(cls, on); }); }
  function el(tag, cls, text){ var e = document.createElement(tag); if (cls) e.className = cls;
    if (text != null) e.textContent = text; return e; }
  function row(dl, label, value){ if (value == null || value === '') return;
    dl.appendChild(el('dt', null, label)); var dd = el('dd'); 
    if (typeof value === 'string') dd.textContent = value; else dd.appendChild(value); dl.appendChild(dd); }
  function sourceText(s){ var parts = [s.label];
    var extra = [s.kind]; if (s.role) extra.push(s.role); if (s.affiliation) extra.push(s.affiliation);
    if (s.descriptor && s.descriptor !== s.label && s.descriptor !== s.role) extra.push(s.descriptor);
    if (s.state_media) extra.push('state media');
    return parts.concat(['(' + extra.join(', ') + ')']).join(' '); }
  function show(i){
    var a = data[i];
    panel.textContent = '';
    var h = el('h2', null, 'Claim #' + i);
    h.appendChild(el('span', 'tag', a.direct ? 'direct quote' : 'reported speech'));
    if (!a.core) h.appendChild(el('span', 'tag border', 'borderline'));
    panel.appendChild(h);
    var chain = el('div', 'chain');
    a.chain.forEach(function(hop, k){
      // an arrow wraps together with the hop it points to
      var step = el('span', 'step');
      if (k) step.appendChild(el('span', 'arrow', ' \\u2192 '));
      var c = el('span', 'hop' + (k === a.chain.length - 1 ? ' last' : ''), hop.label);
      c.title = hop.kind + (hop.identity ? ' \\u00b7 ' + hop.identity : '');
      step.appendChild(c);
      chain.appendChild(step);
    });
    panel.appendChild(chain);
    var dl = el('dl');
    row(dl, 'cue', a.cue + ' (' + a.position + ')');
    row(dl, 'source', sourceText(a.source));
    row(dl, 'identity', a.source.identity);
    if (a.source.mention && a.source.mention !== a.source.label) row(dl, 'mention', a.source.mention);
    if (a.via) row(dl, 'via', a.via.label);
    row(dl, 'time', a.time);
    row(dl, 'channel', a.channel);
    var q = el('blockquote', a.direct ? 'direct' : 'reported', a.content);
    row(dl, 'content', q);
    panel.appendChild(dl);
  }
  function select(i){
    if (current !== null) { mark(current, 'selected', false); }
    document.querySelectorAll('tr.selected-row').forEach(function(r){ r.classList.remove('selected-row'); });
    current = i;
    if (i === null) { panel.textContent = ''; panel.appendChild(el('p', 'empty', 'Click a highlighted claim to see its chain.')); return; }
    mark(i, 'selected', true);
    document.querySelectorAll('tr[data-attr="' + i + '"]').forEach(function(r){ r.classList.add('selected-row'); });
    show(i);
  }
  document.addEventListener('click', function(e){
    var t = e.target.closest('[data-attr]');
    if (!t) return;
    e.preventDefault();
    var i = String(+t.getAttribute('data-attr'));
    select(i);
    if (!t.closest('#text') && byAttr[i]) byAttr[i][0].scrollIntoView({block: 'center', behavior: 'smooth'});
  });
  document.addEventListener('keydown', function(e){
    if (e.key === 'Escape') select(null);
    if (e.key === 'Enter' && document.activeElement && document.activeElement.hasAttribute('data-attr'))
      select(String(+document.activeElement.getAttribute('data-attr')));
  });
  var hovered = null;
  document.getElementById('text').addEventListener('mouseover', function(e){
    var t = e.target.closest('[data-attr]'); var i = t ? t.getAttribute('data-attr') : null;
    if (i === hovered) return;
    if (hovered !== null) mark(hovered, 'hover', false);
    hovered = i; if (i !== null) mark(i, 'hover', true);
  });
  var m = /^#attr-(\\d+)$/.exec(location.hash);
  if (m && data[+m[1]]) select(m[1]);
})();
"""


def _esc(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _segment_html(doc: Document, seg: Segment, first_cue: set) -> str:
    text = _esc(doc.text[seg.start:seg.end])
    if not seg.marks:
        return text
    roles = {m.role for m in seg.marks}
    classes = [r for r in ("cue", "src", "via", "meta", "pub", "docsrc", "credit", "furniture") if r in roles]
    attrs = ""
    contents = [m for m in seg.marks if m.role == "content"]
    if contents:
        inner = min(contents, key=lambda m: (m.end - m.start, m.attr))
        classes += ["content", "q-direct" if inner.direct else "q-reported"]
        if len(contents) > 1:
            classes.append("nested")
    linked = sorted({m.attr for m in seg.marks if m.attr is not None})
    if linked:
        if all(not doc.attributions[i].core for i in linked):
            classes.append("borderline")
        primary = _primary(seg.marks)
        attrs = f' data-attr="{primary}" data-attrs="{" ".join(map(str, linked))}"'
        for role in ("cue", "src", "content"):
            ids = sorted({m.attr for m in seg.marks if m.role == role})
            if ids:
                attrs += f' data-{role}="{" ".join(map(str, ids))}"'
        # one keyboard stop per claim, on its cue
        starts = [i for i in linked if i in first_cue and doc.attributions[i].cue.span.start == seg.start]
        if starts:
            attrs += ' tabindex="0"'
            first_cue.difference_update(starts)
    return f'<span class="{" ".join(classes)}"{attrs}>{text}</span>'


def _json_script(data) -> str:
    # \u003c keeps "</script>" and "<!--" in article text from ending the script early
    raw = json.dumps(data, ensure_ascii=False)
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _header(doc: Document, title: str) -> str:
    atts = doc.attributions
    n_direct = sum(1 for a in atts if a.direct)
    n_border = sum(1 for a in atts if not a.core)
    sources = {_source_key(a.source) for a in atts}
    bits = [f"id <b>{_esc(doc.id or '—')}</b>",
            f"publisher <b>{_esc(doc.publisher.label if doc.publisher else '—')}</b>"]
    if doc.document_source is not None:
        bits.append(f"document source <b>{_esc(doc.document_source.label)}</b>")
    bits += [f"lang <b>{_esc(doc.lang)}</b>",
             f"<b>{len(atts)}</b> attributions ({n_direct} direct, {len(atts) - n_direct} reported, "
             f"{n_border} borderline)",
             f"<b>{len(sources)}</b> sources",
             f"{len(doc.text):,} characters"]
    return f'<header><h1>{_esc(title)}</h1><div class="meta">{" · ".join(bits)}</div></header>'


_LEGEND = (
    '<div class="legend">'
    '<span class="key cue">cue</span>'
    '<span class="key src">source</span>'
    '<span class="key via">via (hop)</span>'
    '<span class="key content q-direct">direct quote</span>'
    '<span class="key content q-reported">reported speech</span>'
    '<span class="key content q-reported nested">nested claim</span>'
    '<span class="key meta">time / channel</span>'
    '<span class="key content q-reported borderline">borderline (not core)</span>'
    '<span class="key pub">publisher</span>'
    '<span class="key furniture">page furniture</span>'
    "</div>"
)


def _sources_html(doc: Document) -> str:
    rows = []
    for r in source_table(doc):
        refs = " ".join(f'<a class="ref" href="#attr-{i}" data-attr="{i}">#{i}</a>' for i in r["as_source"])
        hops = " ".join(f'<a class="ref" href="#attr-{i}" data-attr="{i}">#{i}</a>' for i in r["as_hop"])
        chains = "".join(f"<div>{_esc(c)}{f' ×{n}' if n > 1 else ''}</div>" for c, n in r["chains"].items())
        rows.append(
            f"<tr><td><b>{_esc(r['name'])}</b></td><td>{_esc(r['kind'])}</td>"
            f"<td><code>{_esc(r['identity'] or '')}</code></td>"
            f'<td><span class="count">{len(r["as_source"])}</span>{refs}</td>'
            f'<td><span class="count">{len(r["as_hop"])}</span>{hops}</td>'
            f'<td class="chains">{chains}</td></tr>'
        )
    return (
        '<section class="wide card" id="sources"><h2>Sources</h2><table>'
        "<thead><tr><th>source</th><th>kind</th><th>identity</th><th>attributions</th>"
        "<th>relayed as a hop</th><th>chains it appears in</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _attributions_html(doc: Document) -> str:
    rows = []
    for i, a in enumerate(doc.attributions):
        content = " ".join(a.content.text.split())
        if len(content) > 110:
            content = content[:107] + "…"
        if a.direct:
            content = f"“{content}”"
        flag = ' <span class="tag border">borderline</span>' if not a.core else ""
        rows.append(
            f'<tr data-attr="{i}"><td class="n">{i}</td><td>{_esc(a.cue.text)}</td>'
            f"<td>{_esc(a.source.label)}</td><td>{_esc(a.source.kind.value)}</td>"
            f"<td>{_esc(content)}{flag}</td><td>{_esc(chain_text(a))}</td></tr>"
        )
    return (
        '<section class="wide card" id="attributions"><h2>Attributions</h2><table>'
        "<thead><tr><th>#</th><th>cue</th><th>source</th><th>kind</th><th>content</th><th>chain</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def render_html(doc: Document, title: Optional[str] = None) -> str:
    """A self-contained HTML page: highlighted text, a click-for-chain panel,
    a table of sources and one of attributions. No network resources."""
    title = title or (f"attrib show: {doc.id}" if doc.id else "attrib show")
    first_cue = set(range(len(doc.attributions)))
    body = "".join(_segment_html(doc, seg, first_cue) for seg in segments(doc))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_esc(doc.lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>"
        f"{_header(doc, title)}<main>"
        f'<article class="card"><div id="text">{body}</div></article>'
        '<aside><div class="card"><h2>Legend</h2>' + _LEGEND + "</div>"
        '<div class="card" id="chain-panel" aria-live="polite">'
        '<p class="empty">Click a highlighted claim to see its chain.</p></div></aside>'
        f"{_sources_html(doc)}{_attributions_html(doc)}</main>"
        f'<script type="application/json" id="attr-data">{_json_script(_attribution_data(doc))}</script>'
        f"<script>{_JS}</script></body></html>\n"
    )


# --- terminal -----------------------------------------------------------------

_STYLES = {
    "content-direct": "yellow",
    "content-reported": "cyan",
    "src": "bold green",
    "via": "green underline",
    "cue": "bold magenta",
    "meta": "underline",
    "furniture": "dim strike",
}


def _rich():
    try:
        import rich  # noqa: F401
    except ImportError:
        raise ImportError("attrib show needs rich for terminal output: pip install 'attrib[show]'") from None
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    return Console, Table, Text


def render_terminal(doc: Document, console=None):
    """Print the text with cues, sources and contents styled, then a table of
    attributions. Works on a non-terminal console (styles are then dropped)."""
    Console, Table, Text = _rich()
    console = console or Console()
    text = Text(doc.text)
    for s in doc.furniture:
        text.stylize(_STYLES["furniture"], s.start, s.end)
    # later stylize calls win: contents first, cues last
    order = {"content": 0, "meta": 1, "via": 2, "src": 3, "cue": 4}
    marks = sorted((m for m in _marks(doc) if m.role in order), key=lambda m: (order[m.role], -(m.end - m.start)))
    for m in marks:
        style = _STYLES[f"content-{'direct' if m.direct else 'reported'}"] if m.role == "content" else _STYLES[m.role]
        if not doc.attributions[m.attr].core:
            style += " dim"
        text.stylize(style, m.start, m.end)

    atts = doc.attributions
    head = Text()
    head.append(doc.id or "document", style="bold")
    head.append(f"  publisher {doc.publisher.label if doc.publisher else '—'}")
    if doc.document_source is not None:
        head.append(f", source {doc.document_source.label}")
    head.append(f"  lang {doc.lang}  {len(atts)} attributions ({sum(a.direct for a in atts)} direct)")
    console.print(head)
    legend = Text("legend: ")
    for label, style in (("cue", "cue"), ("source", "src"), ("via", "via"), ("direct quote", "content-direct"),
                         ("reported speech", "content-reported"), ("borderline", None)):
        legend.append(label, style=_STYLES[style] if style else "dim")
        legend.append("  ")
    console.print(legend)
    console.print()
    console.print(text)
    console.print()

    borderline = any(not a.core for a in atts)
    table = Table(title="Attributions", caption="* borderline (not core)" if borderline else None, expand=True)
    # short columns never wrap, so the width goes to the source and the chain
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("cue", style=_STYLES["cue"], no_wrap=True)
    table.add_column("source", style=_STYLES["src"], ratio=1, overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("chain", ratio=2)
    for i, a in enumerate(atts):
        kind = "direct" if a.direct else "reported"
        table.add_row(str(i), a.cue.text, a.source.label, a.source.kind.value, kind + ("" if a.core else "*"),
                      chain_text(a), style=None if a.core else "dim")
    console.print(table)
    return console


__all__ = ["chain_text", "render_html", "render_terminal",
           "segments", "source_table"]
