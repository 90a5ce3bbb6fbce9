"""GraphML and GEXF written as they go, for graphs too big to hold twice.

networkx's writers copy the graph and build the whole XML tree before
writing a byte; on 10,000 articles that is most of the peak memory. These
writers take the nodes and edges as streams (callables that give a fresh
iterator each time: they are read twice, once for the attribute
declarations, which come first in both formats, and once to write) and write
one element at a time.

The files are what networkx 3 writes (``write_graphml`` without lxml, and
``write_gexf``) for a graph with these nodes and edges: the same layout,
attribute ids, types and escaping, so ``networkx.read_graphml`` and
``read_gexf`` give the same graph back, keys and types included
(tests/test_export_stream.py compares them). One difference: edges come in
the order of the stream, where networkx groups a graph's edges by their first
node, so a GEXF edge's ``id`` (its number in the file) may differ; the
edges, their keys and attributes are the same. Attribute values must be
``bool``, ``int``, ``float`` or ``str`` (see ``attrib.export.sanitise``).

nodes(): (node id, attributes); edges(): (u, v, key, attributes), ``key``
the multigraph edge key (networkx's: how many u → v edges came before), or
None for a graph that is not a multigraph.
"""

from __future__ import annotations

import re
import time
from typing import Callable, Dict, Iterable, Iterator, Tuple

_GRAPHML_TYPE = {bool: "boolean", int: "long", float: "double", str: "string"}
_GEXF_TYPE = {bool: "boolean", int: "long", float: "double", str: "string"}

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRAPHML_SCHEMA = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
GEXF_NS = "http://www.gexf.net/1.2draft"
GEXF_SCHEMA = "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"

Nodes = Callable[[], Iterable[Tuple[str, dict]]]
Edges = Callable[[], Iterable[Tuple[str, str, object, dict]]]


# Characters XML 1.0 does not allow (control characters from scraped text):
# ElementTree writes them as they are, and then no XML reader opens the file.
# Each becomes U+FFFD, so that text keeps its length (offsets still count).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# ElementTree's escaping (Python 3.11), so that files read back alike
def _text(s: str) -> str:
    if _NOT_XML.search(s):
        s = _NOT_XML.sub("\ufffd", s)
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def _attr(s: str) -> str:
    s = _text(s)
    if '"' in s:
        s = s.replace('"', "&quot;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    if "\n" in s:
        s = s.replace("\n", "&#10;")
    if "\t" in s:
        s = s.replace("\t", "&#09;")
    return s


def _open(path):
    # xmlcharrefreplace: what ElementTree does with what UTF-8 cannot encode (lone surrogates)
    return open(path, "w", encoding="utf-8", errors="xmlcharrefreplace", newline="\n", buffering=1 << 20)


def _type(table: dict, value) -> str:
    try:
        return table[type(value)]
    except KeyError:
        raise TypeError(f"cannot write a {type(value).__name__} attribute ({value!r}); sanitise it first") from None


# --- GraphML ------------------------------------------------------------------


def write_graphml(path, nodes: Nodes, edges: Edges, *, multigraph: bool = True) -> None:
    """A directed graph as GraphML (networkx's ``write_graphml`` layout)."""
    keys: Dict[tuple, str] = {}  # (name, type, scope) -> key id, in the order networkx makes them
    for scope, items in (("node", (a for _, a in nodes())), ("edge", (a for *_, a in edges()))):
        for attrs in items:
            for k, v in attrs.items():
                kk = (k, _type(_GRAPHML_TYPE, v), scope)
                if kk not in keys:
                    keys[kk] = f"d{len(keys)}"
    with _open(path) as fh:
        w = fh.write
        w("<?xml version='1.0' encoding='utf-8'?>\n")
        w(f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{GRAPHML_SCHEMA}">\n')
        for (name, typ, scope), kid in reversed(keys.items()):  # networkx inserts each new key first
            w(f'  <key id="{kid}" for="{scope}" attr.name="{_attr(name)}" attr.type="{typ}" />\n')
        body = False
        for n, attrs in nodes():
            if not body:
                w('  <graph edgedefault="directed">\n')
                body = True
            _graphml_item(w, f'<node id="{_attr(str(n))}"', "node", attrs, keys)
        for u, v, key, attrs in edges():
            if not body:
                w('  <graph edgedefault="directed">\n')
                body = True
            head = f'<edge source="{_attr(str(u))}" target="{_attr(str(v))}"'
            if multigraph:
                head += f' id="{_attr(str(key))}"'
            _graphml_item(w, head, "edge", attrs, keys)
        w("  </graph>\n</graphml>\n" if body else '  <graph edgedefault="directed" />\n</graphml>\n')


def _graphml_item(w, head: str, scope: str, attrs: dict, keys: dict) -> None:
    if not attrs:
        w(f"    {head} />\n")
        return
    out = [f"    {head}>\n"]
    for k, v in attrs.items():
        out.append(f'      <data key="{keys[(k, _GRAPHML_TYPE[type(v)], scope)]}">{_text(str(v))}</data>\n')
    out.append("    </node>\n" if scope == "node" else "    </edge>\n")
    w("".join(out))


# --- GEXF ---------------------------------------------------------------------

_NODE_XML = ("label", "pid", "start", "end")  # node attributes that GEXF writes on the element itself
_EDGE_XML = ("label", "weight", "type", "start", "end")


def _gexf_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    s = str(v)
    if type(v) is float:
        s = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(s, s)
    return s


def _timeformat(v) -> str:
    if isinstance(v, str):
        return "date"
    if isinstance(v, float):
        return "double"
    if isinstance(v, int):
        return "long"
    raise TypeError(f"a GEXF start or end is a str, int or float, not {type(v).__name__}")


def _edge_data(edges: Edges, multigraph: bool) -> Iterator[Tuple[str, str, dict, dict]]:
    """(u, v, element attributes but the id, attvalues) of each edge, as networkx splits them."""
    for u, v, key, attrs in edges():
        data = {k: x for k, x in attrs.items() if k not in _EDGE_XML}
        if multigraph:
            data["key"] = key  # networkx keeps the key as the attribute networkx_key
        yield u, v, {k: attrs[k] for k in _EDGE_XML if k in attrs}, data


def write_gexf(path, nodes: Nodes, edges: Edges, *, multigraph: bool = True, creator: str = "attrib") -> None:
    """A directed graph as GEXF 1.2 (networkx's ``write_gexf`` layout); a
    node's or edge's ``label``, ``start``, ``end`` (and an edge's ``weight``
    and ``type``) go on its element, the rest into attvalues."""
    ids = {"node": {}, "edge": {}}  # class -> title -> (id, type), the first value's type as networkx
    count = 0
    timeformat = None
    for cls, items in (("node", nodes()), ("edge", None)):
        rows = ((a, a) for _, a in items) if cls == "node" else ((x, d) for _, _, x, d in _edge_data(edges, multigraph))
        skip = _NODE_XML if cls == "node" else ()
        for xml, data in rows:
            for t in ("start", "end"):
                if xml.get(t) is not None:
                    timeformat = _timeformat(xml[t])
            for k, v in data.items():
                if k in skip:
                    continue
                title = "networkx_key" if k == "key" else k
                if title not in ids[cls]:
                    ids[cls][title] = (str(count), _type(_GEXF_TYPE, v))
                    count += 1
    with _open(path) as fh:
        w = fh.write
        w("<?xml version='1.0' encoding='utf-8'?>\n")
        w(f'<gexf xmlns="{GEXF_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{GEXF_SCHEMA}" version="1.2">\n')
        w(f'  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">\n    <creator>{_text(creator)}</creator>\n'
          "  </meta>\n")
        mode = "static" if timeformat is None else "dynamic"
        tf = "" if timeformat is None else f' timeformat="{timeformat}"'
        w(f'  <graph defaultedgetype="directed" mode="{mode}" name=""{tf}>\n')
        for cls in ("edge", "node"):  # networkx inserts each class's block first
            if ids[cls]:
                w(f'    <attributes mode="static" class="{cls}">\n')
                for title, (aid, typ) in ids[cls].items():
                    w(f'      <attribute id="{aid}" title="{_attr(title)}" type="{typ}" />\n')
                w("    </attributes>\n")
        started = False
        for n, attrs in nodes():
            if not started:
                w("    <nodes>\n")
                started = True
            head = f'<node id="{_attr(str(n))}" label="{_attr(str(attrs.get("label", n)))}"'
            for k in ("pid", "start", "end"):
                if k in attrs:
                    head += f' {k}="{_attr(str(attrs[k]))}"'
            _gexf_item(w, head, "node", {k: x for k, x in attrs.items() if k not in _NODE_XML}, ids["node"])
        w("    </nodes>\n" if started else "    <nodes />\n")
        started = False
        eid = 0
        for u, v, xml, data in _edge_data(edges, multigraph):
            if not started:
                w("    <edges>\n")
                started = True
            head = f'<edge source="{_attr(str(u))}" target="{_attr(str(v))}" id="{eid}"'
            eid += 1
            for k in _EDGE_XML:
                if k in xml:
                    head += f' {k}="{_attr(str(xml[k]))}"'
            _gexf_item(w, head, "edge", data, ids["edge"])
        w("    </edges>\n" if started else "    <edges />\n")
        w("  </graph>\n</gexf>\n")


def _gexf_item(w, head: str, cls: str, data: dict, ids: dict) -> None:
    if not data:
        w(f"      {head} />\n")
        return
    out = [f"      {head}>\n        <attvalues>\n"]
    for k, v in data.items():
        aid = ids["networkx_key" if k == "key" else k][0]
        out.append(f'          <attvalue for="{aid}" value="{_attr(_gexf_value(v))}" />\n')
    out.append(f"        </attvalues>\n      </{cls}>\n")
    w("".join(out))
