"""The bundled source registry (attrib/data/registry.tsv) as data: its format,
its consistency, and the outlets and bodies it must hold.

The file is read twice: with ``read_registry`` (the package's parser) and as
raw tab-separated rows, so that checks the parser would hide (duplicate ids,
which ``Registry`` merges; the literal ``yes``/``no`` of the state column) are
made on what is written.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List

import pytest

from attrib.registry import KINDS, Registry, read_registry

REGISTRY = Path(__file__).resolve().parent.parent / "attrib" / "data" / "registry.tsv"
HEADER = ["id", "name", "kind", "country", "state", "aliases", "domains"]

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
COUNTRY_RE = re.compile(r"[A-Z]{2}|INT")
DOMAIN_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")

# The ids of the rows the registry had before it was extended: none may go.
ORIGINAL_IDS = [
    "tass", "ria-novosti", "kcna", "xinhua", "antara", "reuters", "afp", "ap", "yonhap", "kyodo",
    "bernama", "anadolu", "dpa", "efe", "cnn", "cnn-indonesia", "bbc", "al-jazeera", "cna", "nhk",
    "sputnik", "rt", "cctv", "nyt", "guardian", "military-times", "kompas", "detik", "kontan", "tempo",
    "liputan6", "republika", "okezone", "beritasatu", "indopos", "tribun", "sindonews", "arrahmahnews",
    "kremlin", "pentagon", "white-house", "istana",
]

# Names (or aliases) that must resolve, with the id they resolve to.
WIRE_AGENCIES = {
    "Antara": "antara", "Reuters": "reuters", "AFP": "afp", "AP": "ap", "Xinhua": "xinhua",
    "TASS": "tass", "RIA Novosti": "ria-novosti", "KCNA": "kcna", "Yonhap": "yonhap", "Kyodo": "kyodo",
    "Bernama": "bernama", "Anadolu": "anadolu", "dpa": "dpa", "EFE": "efe", "ANSA": "ansa",
    "Interfax": "interfax", "PTI": "pti", "UNI": "uni", "IRNA": "irna", "Tasnim": "tasnim", "Fars": "fars",
    "Mehr": "mehr", "WAM": "wam", "SPA": "spa", "QNA": "qna", "MENA": "mena",
    "Polish Press Agency": "pap", "Ukrinform": "ukrinform", "UNIAN": "unian", "BelTA": "belta",
    "Kazinform": "kazinform", "VNA": "vna", "PNA": "pna", "Thai PBS": "thai-pbs", "MCOT": "mcot",
    "Jiji Press": "jiji", "Central News Agency": "cna-taiwan", "Bloomberg": "bloomberg",
    "Dow Jones Newswires": "dow-jones", "UPI": "upi", "KBS": "kbs",
}

INDONESIAN_OUTLETS = {
    "Kompas": "kompas", "Detik": "detik", "Kontan": "kontan", "Tempo": "tempo", "Liputan6": "liputan6",
    "CNN Indonesia": "cnn-indonesia", "Republika": "republika", "Okezone": "okezone",
    "Beritasatu": "beritasatu", "Indopos": "indopos", "Tribunnews": "tribun", "Antara": "antara",
    "Sindonews": "sindonews", "Kumparan": "kumparan", "IDN Times": "idn-times", "Suara.com": "suara",
    "Merdeka.com": "merdeka", "VIVA": "viva", "Media Indonesia": "media-indonesia",
    "The Jakarta Post": "jakarta-post", "Jawa Pos": "jawa-pos", "Bisnis Indonesia": "bisnis-indonesia",
    "Katadata": "katadata", "Tirto": "tirto", "Kompas TV": "kompas-tv", "Metro TV": "metro-tv",
    "TVRI": "tvri", "RRI": "rri", "iNews": "inews", "Inilah.com": "inilah", "JPNN": "jpnn",
    "Gatra": "gatra", "Medcom": "medcom", "Warta Ekonomi": "warta-ekonomi",
    "Pikiran Rakyat": "pikiran-rakyat", "Solopos": "solopos", "Harian Jogja": "harian-jogja",
    "Jakarta Globe": "jakarta-globe", "CNBC Indonesia": "cnbc-indonesia", "Narasi": "narasi",
    "Asumsi": "asumsi", "Mongabay Indonesia": "mongabay-indonesia", "VOA Indonesia": "voa-indonesia",
    "BBC Indonesia": "bbc-indonesia", "DW Indonesia": "dw-indonesia", "ArrahmahNews": "arrahmahnews",
}

# Indonesian outlets are looked up by domain too: every one named above except
# the Indonesian services that live under a foreign outlet's path.
NO_OWN_DOMAIN = {"bbc-indonesia", "dw-indonesia"}

STATE = {
    "tass": True, "ria-novosti": True, "kcna": True, "xinhua": True, "cctv": True,
    "reuters": False, "ap": False, "afp": False,
}


def _raw_rows() -> List[Dict[str, str]]:
    lines = [ln for ln in REGISTRY.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    assert header == HEADER
    rows = []
    for n, fields in enumerate(reader, 2):
        assert len(fields) == len(HEADER), f"data row {n} has {len(fields)} fields: {fields}"
        rows.append(dict(zip(HEADER, fields)))
    return rows


@pytest.fixture(scope="module")
def rows() -> List[Dict[str, str]]:
    return _raw_rows()


@pytest.fixture(scope="module")
def entries():
    return read_registry(REGISTRY)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry(read_registry(REGISTRY))


def _split(value: str) -> List[str]:
    return [v for v in value.split("|") if v]


def test_the_file_parses(entries, rows):
    assert len(entries) == len(rows)
    assert all(e.id and e.name for e in entries)


def test_at_least_300_entries(entries):
    assert len(entries) >= 300


def test_ids_are_unique_slugs(rows):
    ids = [r["id"] for r in rows]
    dup = sorted(i for i, c in Counter(ids).items() if c > 1)
    assert not dup, f"duplicate ids: {dup}"
    bad = [i for i in ids if not ID_RE.fullmatch(i)]
    assert not bad, f"ids that are not lowercase slugs: {bad}"


def test_names_are_unique(rows):
    names = Counter(r["name"].casefold() for r in rows)
    assert not [n for n, c in names.items() if c > 1]


def test_fields_have_no_stray_whitespace(rows):
    for r in rows:
        for col in HEADER:
            assert r[col] == r[col].strip(), f"{r['id']}: {col} {r[col]!r}"
        for v in _split(r["aliases"]) + _split(r["domains"]):
            assert v == v.strip() and "  " not in v, f"{r['id']}: {v!r}"
        assert not r["aliases"].startswith("|") and not r["aliases"].endswith("|"), r["id"]
        assert not r["domains"].startswith("|") and not r["domains"].endswith("|"), r["id"]


def test_every_kind_is_valid(entries):
    bad = [(e.id, e.kind) for e in entries if e.kind not in KINDS]
    assert not bad


def test_country_codes(rows):
    bad = [(r["id"], r["country"]) for r in rows if r["country"] and not COUNTRY_RE.fullmatch(r["country"])]
    assert not bad, f"bad country codes: {bad}"


def test_state_is_yes_or_no(rows):
    bad = [(r["id"], r["state"]) for r in rows if r["state"] not in ("yes", "no")]
    assert not bad, f"state must be yes or no: {bad}"


def test_government_bodies_are_state(rows):
    bad = [r["id"] for r in rows if r["kind"] == "government" and r["state"] != "yes"]
    assert not bad, f"government bodies with state != yes: {bad}"


def test_no_name_or_alias_is_shared_by_two_entries(rows):
    owners = defaultdict(set)
    for r in rows:
        for n in [r["name"], *_split(r["aliases"])]:
            owners[" ".join(n.casefold().split())].add(r["id"])
    shared = {n: sorted(ids) for n, ids in owners.items() if len(ids) > 1}
    assert not shared, f"names/aliases used by several entries: {shared}"


def test_no_alias_repeats_within_an_entry(rows):
    for r in rows:
        aliases = _split(r["aliases"])
        assert len(aliases) == len(set(aliases)), r["id"]
        assert r["name"] not in aliases, r["id"]


def test_no_domain_is_shared_by_two_entries(rows):
    owners = defaultdict(set)
    for r in rows:
        for d in _split(r["domains"]):
            owners[d.lower()].add(r["id"])
    shared = {d: sorted(ids) for d, ids in owners.items() if len(ids) > 1}
    assert not shared, f"domains used by several entries: {shared}"


def test_domains_look_like_domains(rows):
    for r in rows:
        for d in _split(r["domains"]):
            assert "://" not in d and "/" not in d, f"{r['id']}: {d!r} has a scheme or path"
            assert not d.startswith("www."), f"{r['id']}: {d!r} starts with www."
            assert d == d.lower(), f"{r['id']}: {d!r} is not lower case"
            assert DOMAIN_RE.fullmatch(d), f"{r['id']}: {d!r} does not look like a domain"


def test_knca_is_not_an_alias(registry):
    # Typos are resolved by fuzzy matching in code, never listed.
    assert registry.by_name("KNCA") is None


def test_original_rows_are_kept(registry):
    missing = [i for i in ORIGINAL_IDS if registry.get(i) is None]
    assert not missing


@pytest.mark.parametrize("name, id", sorted(WIRE_AGENCIES.items()))
def test_wire_agencies_are_present(registry, name, id):
    entry = registry.by_name(name)
    assert entry is not None, f"{name} is not in the registry"
    assert entry.id == id
    if id not in ("thai-pbs", "mcot", "kbs"):  # broadcasters with wire services
        assert entry.kind == "news_agency", f"{name} is a {entry.kind}"


@pytest.mark.parametrize("name, id", sorted(INDONESIAN_OUTLETS.items()))
def test_indonesian_outlets_are_present(registry, name, id):
    entry = registry.by_name(name)
    assert entry is not None, f"{name} is not in the registry"
    assert entry.id == id
    assert entry.is_outlet
    if id not in ("voa-indonesia", "bbc-indonesia", "dw-indonesia"):
        assert entry.country == "ID"
    if id not in NO_OWN_DOMAIN:
        assert entry.domains, f"{name} has no domain"
        for d in entry.domains:
            assert registry.by_domain(d) is entry


@pytest.mark.parametrize("id, state", sorted(STATE.items()))
def test_state_flags(registry, id, state):
    assert registry.get(id).state is state


def test_government_bodies_and_organisations(registry):
    for name, id in {
        "Kremlin": "kremlin", "Istana Kremlin": "kremlin", "Pentagon": "pentagon", "Gedung Putih": "white-house",
        "White House": "white-house", "Departemen Luar Negeri AS": "us-state-department",
        "Kementerian Pertahanan Rusia": "russian-mod", "Kementerian Luar Negeri Rusia": "russian-mfa",
        "Kementerian Luar Negeri Korea Selatan": "kr-mofa", "Kementerian Pertahanan Korea Selatan": "kr-mnd",
        "Kementerian Unifikasi": "kr-unification", "Kementerian Pertahanan Jepang": "jp-mod",
        "Kementerian Luar Negeri China": "cn-mfa", "Kementerian Luar Negeri Korea Utara": "kp-mfa",
        "Kementerian Pertahanan Ukraina": "ua-mod", "UK Foreign Office": "uk-fcdo",
        "Istana Kepresidenan": "istana", "Kementerian Luar Negeri Indonesia": "kemenlu",
        "Kemenkes": "kemenkes", "TNI": "tni", "Polri": "polri", "BNPB": "bnpb", "BMKG": "bmkg", "KPK": "kpk",
        "BPS": "bps", "Bank Indonesia": "bank-indonesia", "DPR": "dpr", "MPR": "mpr", "KPU": "kpu",
        "Bawaslu": "bawaslu", "Satgas Covid-19": "satgas-covid19",
        "PBB": "un", "Perserikatan Bangsa-Bangsa": "un", "Dewan Keamanan PBB": "unsc", "IAEA": "iaea",
        "WHO": "who", "Organisasi Kesehatan Dunia": "who", "Badan Kesehatan Dunia": "who", "NATO": "nato",
        "Uni Eropa": "eu", "ASEAN": "asean", "IMF": "imf", "Bank Dunia": "world-bank",
        "Amnesty International": "amnesty", "Human Rights Watch": "hrw", "ICRC": "icrc",
    }.items():
        entry = registry.by_name(name)
        assert entry is not None, f"{name} is not in the registry"
        assert entry.id == id, f"{name} resolves to {entry.id}, expected {id}"


def test_broadcasters_and_papers(registry):
    for name in [
        "CNN", "BBC", "Al Jazeera", "CNA", "NHK", "Sputnik", "RT", "The New York Times", "The Guardian",
        "Military Times", "The Washington Post", "The Wall Street Journal", "Financial Times", "Fox News",
        "Deutsche Welle", "France 24", "South China Morning Post", "The Straits Times", "The Korea Herald",
        "Global Times", "People's Daily", "CGTN", "CCTV", "Rodong Sinmun", "KCTV", "Voice of America",
        "Radio Free Asia", "RFE/RL", "Meduza", "Kyiv Independent", "Haaretz", "Al Arabiya", "TRT", "Dawn",
        "NK News", "Daily NK", "38 North", "Stars and Stripes", "Jane's",
    ]:
        entry = registry.by_name(name)
        assert entry is not None, f"{name} is not in the registry"
        assert entry.is_outlet, f"{name} is a {entry.kind}"


def test_public_broadcasters_are_not_state_media(registry):
    assert registry.get("bbc").state is False
    assert registry.get("nhk").state is False
    assert registry.get("al-jazeera").state is True
    assert registry.get("cna").state is True


def test_bundled_registry_resolves_domains():
    reg = Registry.load()
    assert reg.by_domain("KONTAN.CO.ID").name == "Kontan"
    assert reg.by_domain("kompas.com").name == "Kompas"
    assert reg.by_domain("https://www.kompas.com/read/2023/09/15/x").name == "Kompas"
    assert reg.by_domain("en.antaranews.com").id == "antara"
    assert reg.by_domain("tass.com").id == "tass"


def test_bundled_registry_is_this_file():
    assert len(Registry.load()) == len(read_registry(REGISTRY))


# --- errors in user TSV files name the file and the line (issue 16) ----------------------------


def test_a_registry_file_that_is_not_utf8_names_the_file_and_line(tmp_path, capsys, seed_paths):
    from attrib.cli import main
    from attrib.registry import RegistryError

    bad = tmp_path / "latin1.tsv"
    bad.write_bytes("id\tname\tkind\n".encode() + "x\tCafé TV\tbroadcaster\n".encode("latin-1"))
    with pytest.raises(RegistryError, match=r"latin1\.tsv:2: not UTF-8 text: byte 0xe9"):
        read_registry(bad)
    assert main(["trace", str(seed_paths["004"]), "--registry", str(bad), "-q"]) == 2
    err = capsys.readouterr().err
    assert "latin1.tsv:2: not UTF-8" in err and "Traceback" not in err


def test_extra_registry_cells_are_an_error_and_empty_padding_is_not(tmp_path):
    from attrib.registry import RegistryError

    rows = ["\t".join(HEADER), "x-tv\tX TV\tbroadcaster\tID\tno\t\tx.example"]
    padded = tmp_path / "padded.tsv"
    padded.write_text("\n".join(rows[:1] + [rows[1] + "\t\t"]) + "\n", encoding="utf-8")
    assert [e.id for e in read_registry(padded)] == ["x-tv"]  # a spreadsheet's trailing tabs
    extra = tmp_path / "extra.tsv"
    extra.write_text("\n".join(rows + ["y-tv\tY TV\tbroadcaster\tID\tno\tY\ty.example\tY Television"]) + "\n",
                     encoding="utf-8")
    with pytest.raises(RegistryError, match=r"extra\.tsv:3: 8 fields, the header has 7 .*'Y Television'"):
        read_registry(extra)


def test_lexicon_files_with_extra_cells_or_bad_bytes_name_the_file_and_line(tmp_path):
    from attrib.lexicon import LexiconError, Morphology, read_stems, read_tsv

    words = tmp_path / "cues.tsv"
    words.write_text("kata\tCUE_VERB\n# a comment\tand\ttabs\tgalore\nujar\tCUE_VERB\t\t\n", encoding="utf-8")
    assert [e.form for e in read_tsv(words)] == ["kata", "ujar"]  # comments and empty padding are fine
    words.write_text("kata\tCUE_VERB\nujar\tCUE_VERB\tafter\tCUE_NOUN\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cues\.tsv:2: 4 cells, expected .*extra cell 'CUE_NOUN'"):
        list(read_tsv(words))
    words.write_bytes(b"kata\tCUE_VERB\nc\xe9rita\tCUE_VERB\n")
    with pytest.raises(LexiconError, match=r"cues\.tsv:2: not UTF-8 text: byte 0xe9"):
        list(read_tsv(words))

    stems = tmp_path / "stems.tsv"
    stems.write_text("sebut\tmeN_i\tafter\tjunk\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"stems\.tsv:1: 4 cells, .*extra cell 'junk'"):
        read_stems(stems)

    morphology = tmp_path / "morphology.tsv"
    morphology.write_text("vowels\ta e i o u\n# swap FLAG TERMINAL NEW\nswap\tnoun\tCUE_VERB\tCUE_NOUN\textra\n",
                          encoding="utf-8")
    with pytest.raises(LexiconError, match=r"morphology\.tsv:3: 5 cells, expected 'swap.*extra cell 'extra'"):
        Morphology.read(morphology)
