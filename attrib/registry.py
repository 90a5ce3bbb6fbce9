"""The source registry: outlets and organisations that news cites, as data.

The bundled registry is ``attrib/data/registry.tsv``; users load their own
files and merge them (``Registry.load(path)``, ``registry.merge(other)``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from attrs import field, frozen

KINDS = ("news_agency", "newspaper", "broadcaster", "online_outlet", "government", "organization")
OUTLET_KINDS = frozenset({"news_agency", "newspaper", "broadcaster", "online_outlet"})
_COLUMNS = ("id", "name", "kind", "country", "state", "aliases", "domains")


class RegistryError(ValueError):
    pass


def _kind(instance, attribute, value):
    if value not in KINDS:
        raise RegistryError(f"Registry entry {instance.id!r}: kind {value!r} is not one of {', '.join(KINDS)}")


@frozen
class RegistryEntry:
    id: str
    name: str
    kind: str = field(validator=_kind)
    country: Optional[str] = None
    state: bool = False
    aliases: Tuple[str, ...] = ()
    domains: Tuple[str, ...] = ()

    @property
    def is_outlet(self) -> bool:
        return self.kind in OUTLET_KINDS

    @property
    def source_kind(self) -> str:
        return "outlet" if self.is_outlet else "organization"

    def names(self) -> Tuple[str, ...]:
        return (self.name, *self.aliases)


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def normalise_domain(domain: str) -> str:
    d = domain.strip().lower()
    d = re.sub(r"^https?://", "", d)
    d = re.split(r"[/?#]", d, 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]  # host only: no path, user or port
    return d[4:] if d.startswith("www.") else d


class Registry:
    def __init__(self, entries: Iterable[RegistryEntry] = ()):
        self._by_id: Dict[str, RegistryEntry] = {}
        self._by_name: Dict[str, RegistryEntry] = {}
        self._by_domain: Dict[str, RegistryEntry] = {}
        for e in entries:
            self.add(e)

    def add(self, entry: RegistryEntry) -> None:
        """Add or replace an entry; a later entry with the same id wins."""
        old = self._by_id.get(entry.id)
        if old is not None:
            for n in old.names():
                if self._by_name.get(_norm(n)) is old:
                    del self._by_name[_norm(n)]
            for d in old.domains:
                if self._by_domain.get(d) is old:
                    del self._by_domain[d]
        self._by_id[entry.id] = entry
        for n in entry.names():
            self._by_name[_norm(n)] = entry
        for d in entry.domains:
            self._by_domain[normalise_domain(d)] = entry

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self):
        return iter(self._by_id.values())

    def get(self, id: str) -> Optional[RegistryEntry]:
        return self._by_id.get(id)

    def by_name(self, name: str) -> Optional[RegistryEntry]:
        return self._by_name.get(_norm(name))

    def by_domain(self, domain: str) -> Optional[RegistryEntry]:
        d = normalise_domain(domain)
        while d:
            if d in self._by_domain:
                return self._by_domain[d]
            if "." not in d:
                return None
            d = d.split(".", 1)[1]
        return None

    def names(self) -> List[Tuple[str, RegistryEntry]]:
        return [(n, e) for e in self._by_id.values() for n in e.names()]

    def merge(self, other: "Registry") -> "Registry":
        merged = Registry(self)
        for e in other:
            merged.add(e)
        return merged

    @classmethod
    def load(cls, *paths, bundled: bool = True) -> "Registry":
        """Load registry files (TSV with the bundled columns), merged over the
        bundled registry unless ``bundled=False``."""
        reg = cls(read_registry(Path(__file__).parent / "data" / "registry.tsv")) if bundled else cls()
        for p in paths:
            for e in read_registry(Path(p)):
                reg.add(e)
        return reg


def read_registry(path: Path) -> List[RegistryEntry]:
    """Entries of a registry file: tab-separated, a header row with at least
    id, name and kind, comment lines starting with #. Errors name the file
    and the line."""
    if not Path(path).is_file():
        raise RegistryError(f"Registry file not found: {path}")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the registry file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:  # name the file and the place, not just the codec
        raise RegistryError(f"{path}:{data.count(10, 0, exc.start) + 1}: not UTF-8 text: byte "
                            f"0x{data[exc.start]:02x} at byte offset {exc.start}; save the registry as UTF-8") from None
    numbered = [
        (n, ln) for n, ln in enumerate(text.splitlines(), 1)
        if ln.strip() and not ln.startswith("#")
    ]
    if not numbered:
        raise RegistryError(f"{path}: empty registry file; expected a header with {', '.join(_COLUMNS)}")
    header = numbered[0][1].split("\t")
    missing = [c for c in ("id", "name", "kind") if c not in header]
    if missing:
        raise RegistryError(f"{path}:{numbered[0][0]}: missing column(s) {', '.join(missing)}; expected {', '.join(_COLUMNS)}")
    out = []
    for lineno, line in numbered[1:]:
        cells = line.split("\t")
        if len(cells) < len(header) and len(cells) <= max(header.index(c) for c in ("id", "name", "kind")):
            raise RegistryError(f"{path}:{lineno}: {len(cells)} field(s), the header has {len(header)}")
        extra = [c.strip() for c in cells[len(header):] if c.strip()]  # empty ones: a spreadsheet's padding
        if extra:  # a cell no column names: a tab too many, or a column missing from the header
            raise RegistryError(f"{path}:{lineno}: {len(cells)} fields, the header has {len(header)} "
                                f"({', '.join(header)}); extra field {extra[0]!r}")
        row = dict(zip(header, (c.strip() for c in cells)))
        try:
            if not row.get("id") or not row.get("name"):
                raise RegistryError("id and name must not be empty")
            out.append(
                RegistryEntry(
                    id=row["id"],
                    name=row["name"],
                    kind=row.get("kind", ""),
                    country=row.get("country") or None,
                    state=(row.get("state") or "").lower() in ("yes", "true", "1"),
                    aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
                    domains=tuple(d.strip() for d in (row.get("domains") or "").split("|") if d.strip()),
                )
            )
        except RegistryError as exc:
            raise RegistryError(f"{path}:{lineno}: {exc}") from None
    return out


_DEFAULT: Optional[Registry] = None


def default_registry() -> Registry:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Registry.load()
    return _DEFAULT
