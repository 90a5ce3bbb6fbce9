"""W3C PROV export of a ``ProvenanceGraph``: PROV-JSON, PROV-N and PROV-O
Turtle, written through the ``prov`` package (an optional extra:
``pip install 'attrib[prov]'``, which also brings ``rdflib`` for Turtle).
Both are imported only when a PROV format is written.

Formats (``write_prov(graph, path, format)`` or ``write_graph``):

- ``prov-json``: PROV-JSON;
- ``prov-n``: PROV-N, as ``ProvDocument.get_provn()`` writes it;
- ``prov-ttl``: PROV-O in Turtle (needs ``rdflib``).

Mapping (every node and edge of the graph becomes one PROV record, plus each
article's attribution to its publisher and the origin entities below; ``None``
attributes are left out, other values keep the type ``sanitise`` gives them:
strings, ints and booleans; exact duplicate edges are written once):

- a source ``src:<identity>`` is a ``prov:Agent``, typed by its
  ``source_kind`` in ``graph.sources``: ``person`` → ``prov:Person``;
  ``organization`` → ``prov:Organization``; ``outlet`` → ``prov:Organization``
  and ``attrib:Outlet``; ``anonymous`` and ``unspecified`` stay plain agents
  (who they are is exactly what the text does not say). Attributes:
  ``prov:label``, ``attrib:identity``, ``attrib:source_kind``,
  ``attrib:country``, ``attrib:state_media``;
- an article ``doc:<id>`` is a ``prov:Entity`` typed ``attrib:Article`` and
  ``prov:Collection``, with ``attrib:lang``, ``attrib:attributions`` and, when
  known, ``attrib:date``, ``attrib:url`` and ``attrib:title``,
  ``wasAttributedTo`` its publisher (unless the graph drops the unknown one); the graph's
  ``published`` edge (article → claim) is ``hadMember(article, claim)``;
- a claim ``claim:<doc>:<n>`` (the claim as that article published it) is a
  ``prov:Entity`` typed ``attrib:Claim`` with ``attrib:text``, ``attrib:doc``,
  ``attrib:cluster``, ``attrib:direct``, ``attrib:core`` and the
  attribution's ``attrib:cue``, ``attrib:cue_start``, ``attrib:cue_end``,
  ``attrib:start``, ``attrib:end``, ``attrib:time`` (offsets are character
  offsets into the article);
- a version ``version:<cluster>:<identity>`` (the claim as an intermediate
  hop held it) is a ``prov:Entity`` typed ``attrib:Version``;
- ``attributed_to`` edges are ``wasAttributedTo``, ``quoted_from`` edges are
  ``wasQuotedFrom`` (each hop of a chain); both carry the edge's attributes
  (the citing attribution's cue, time and offsets);
- ``origin`` edges (claim → the source the chain starts from) are
  ``hadPrimarySource``. PROV relates two *entities* there, so the origin is
  modelled as an entity ``origin:<cluster>:<identity>``, typed
  ``attrib:Origin``: "the claim (cluster) as the origin source stated it",
  ``wasAttributedTo`` the origin agent. One per cluster and origin source,
  like versions. (The version node of the last hop is *not* used: that
  entity is the intermediary's copy, not the primary source.) The last
  quoted hop is not linked to the origin entity by ``wasQuotedFrom``, since
  the graph has no such edge; follow ``hadPrimarySource`` from the claim;
- ``repeats`` edges (article → a claim one of its unattributed sentences
  repeats) are ``wasDerivedFrom(article, claim)`` typed ``attrib:Repeat``,
  with the sentence's ``attrib:text``, ``attrib:start``, ``attrib:end``.

Note that PROV-N has no ``wasQuotedFrom`` or ``hadPrimarySource`` keyword: the
``prov`` package writes them, as the PROV-N Recommendation does, as
``wasDerivedFrom(…, [prov:type='prov:Quotation'])`` and
``wasDerivedFrom(…, [prov:type='prov:PrimarySource'])``. PROV-JSON and
PROV-O keep them as quotations / primary sources.

Identifiers: namespace ``attrib`` = ``https://attrib.invalid/ns#`` for types
and attributes, and one namespace per kind of node, ``doc``, ``src``,
``claim``, ``version``, ``origin`` (``https://attrib.invalid/<kind>/``).
The local name is the rest of the graph's node id with every character but
ASCII letters, digits, ``_``, ``-`` and ``:`` percent-encoded as UTF-8 (and a
leading ``-``), so ``src:person:dmitry peskov`` becomes
``src:person:dmitry%20peskov`` and ``src:desc:state-media:?`` becomes
``src:desc:state-media:%3F``; ``local_name`` is reversible with
``urllib.parse.unquote``.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from . import ExportError, sanitise

NS = "https://attrib.invalid/"
ATTRIB_NS = NS + "ns#"
KINDS = ("doc", "src", "claim", "version", "origin")
PROV_FORMATS = ("prov-json", "prov-n", "prov-ttl")
INSTALL = "pip install 'attrib[prov]'"

_UNSAFE = re.compile(r"[^A-Za-z0-9_:\-]|^-")


def local_name(text: str) -> str:
    """A PROV/Turtle-safe local name for ``text`` (percent-encoding, injective)."""
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), text)


def qualified(node: str) -> str:
    """``src:person:dmitry peskov`` -> ``src:person:dmitry%20peskov``."""
    kind, _, rest = node.partition(":")
    if kind not in KINDS:
        raise ExportError(f"Unknown kind of node {node!r} for PROV")
    return f"{kind}:{local_name(rest)}"


def _prov():
    try:
        import prov.model
    except ImportError:
        raise ExportError(f"PROV export needs the prov package: {INSTALL}") from None
    return prov.model


def _attrs(values: dict, names=None) -> list[tuple[str, object]]:
    """``attrib:`` attributes for the values that are not None."""
    out = []
    for k, v in values.items():
        if names is not None and k not in names:
            continue
        v = sanitise(v)
        if v is not None:
            out.append((f"attrib:{k}", v))
    return out


_WHERE = ("doc", "cue", "cue_start", "cue_end", "start", "end", "time")
_AGENT_TYPES = {"person": ("Person",), "organization": ("Organization",), "outlet": ("Organization",)}


def to_prov(graph):
    """The graph as a ``prov.model.ProvDocument`` (see the module docstring)."""
    pm = _prov()
    PROV = pm.PROV
    d = pm.ProvDocument()
    attrib = d.add_namespace("attrib", ATTRIB_NS)
    for kind in KINDS:
        d.add_namespace(kind, f"{NS}{kind}/")

    nodes: dict[str, dict] = dict(graph.nodes())
    edges = list(graph.edges())
    published = {v: a for u, v, rel, a in edges if rel == "published"}
    declared = set()

    def agent(identity: str) -> str:
        node = qualified(f"src:{identity}")
        if node in declared:
            return node
        declared.add(node)
        s = graph.sources.get(identity, {})
        kind = s.get("source_kind")
        attrs = [("prov:type", PROV[t]) for t in _AGENT_TYPES.get(kind, ())]
        if kind == "outlet":
            attrs.append(("prov:type", attrib["Outlet"]))
        attrs.append(("prov:label", s.get("name") or identity))
        attrs.append(("attrib:identity", identity))
        attrs += _attrs(s, ("source_kind", "country", "state_media"))
        d.agent(node, attrs)
        return node

    for identity in graph.sources:
        if identity not in getattr(graph, "hidden", ()):  # dropped placeholders (drop=) are no agents
            agent(identity)
    for node, a in nodes.items():
        kind = a.get("kind")
        if kind == "article":
            doc_id = node[len("doc:"):]
            d.entity(qualified(node), [("prov:type", attrib["Article"]), ("prov:type", PROV["Collection"]),
                                       ("prov:label", a.get("label") or doc_id), ("attrib:id", doc_id)]
                     + _attrs(a, ("lang", "attributions", "date", "url", "title")))
            publisher = graph.docs.get(doc_id, {}).get("publisher")
            if publisher is not None:
                d.wasAttributedTo(qualified(node), agent(publisher))
        elif kind == "claim":
            d.entity(qualified(node), [("prov:type", attrib["Claim"]), ("prov:label", a.get("label") or node)]
                     + _attrs(a, ("text", "doc", "cluster", "direct", "core"))
                     + [x for x in _attrs(published.get(node, {}), _WHERE) if x[0] != "attrib:doc"])
        elif kind == "version":
            d.entity(qualified(node), [("prov:type", attrib["Version"]), ("prov:label", a.get("label") or node)]
                     + _attrs(a, ("cluster", "holder")))

    seen = set()
    for u, v, rel, a in edges:
        key = (u, v, rel, tuple(sorted((k, repr(x)) for k, x in a.items())))
        if key in seen:
            continue
        seen.add(key)
        if rel == "published":
            d.hadMember(qualified(u), qualified(v))
        elif rel == "attributed_to":
            d.wasAttributedTo(qualified(u), qualified(v), other_attributes=_attrs(a, _WHERE))
        elif rel == "quoted_from":
            d.wasQuotedFrom(qualified(u), qualified(v), other_attributes=_attrs(a, _WHERE))
        elif rel == "origin":
            identity = v[len("src:"):]
            cluster = nodes.get(u, {}).get("cluster")
            origin = qualified(f"origin:{cluster}:{identity}")
            if origin not in declared:
                declared.add(origin)
                name = graph.sources.get(identity, {}).get("name") or identity
                d.entity(origin, [("prov:type", attrib["Origin"]), ("prov:label", f"{name} (cluster {cluster})"),
                                  ("attrib:cluster", cluster), ("attrib:holder", identity)])
                d.wasAttributedTo(origin, agent(identity))
            d.hadPrimarySource(qualified(u), origin, other_attributes=_attrs(a, _WHERE))
        elif rel == "repeats":
            d.wasDerivedFrom(qualified(u), qualified(v), other_attributes=[("prov:type", attrib["Repeat"])]
                             + _attrs(a, ("doc", "text", "start", "end")))
        else:
            raise ExportError(f"Unknown relation {rel!r} in the provenance graph")
    return d


def serialize(document, format: str) -> str:
    """A ``ProvDocument`` as PROV-JSON, PROV-N or PROV-O Turtle text."""
    if format == "prov-json":
        return document.serialize(format="json", indent=1, ensure_ascii=False) + "\n"
    if format == "prov-n":
        return document.get_provn() + "\n"
    if format == "prov-ttl":
        try:
            import rdflib  # noqa: F401
        except ImportError:
            raise ExportError(f"PROV-O Turtle needs rdflib: {INSTALL}") from None
        with warnings.catch_warnings():
            # rdflib 7.x deprecates Dataset.default_context, which prov still uses
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
            return document.serialize(format="rdf", rdf_format="turtle")
    raise ExportError(f"Unknown PROV format {format!r}; choose one of {', '.join(PROV_FORMATS)}")


def write_prov(graph, path, format: str) -> None:
    """Write the graph as ``prov-json``, ``prov-n`` or ``prov-ttl``."""
    if format not in PROV_FORMATS:
        raise ExportError(f"Unknown PROV format {format!r}; choose one of {', '.join(PROV_FORMATS)}")
    text = serialize(to_prov(graph), format)
    Path(path).write_text(text, encoding="utf-8")
