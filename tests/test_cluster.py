"""Analysis clustering (attrib/cluster.py): normalisation, the clusters found on
the seed articles, blocking (never all pairs), and robustness on generated
claims."""

from __future__ import annotations

import ast
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import attrib
from attrib.cluster import NEAR, ClaimIndex, Lexis, analyse, lexis, normalise_claim
from attrib.core.segment import find_quotes, split_units
from attrib.graph import ProvenanceGraph
from attrib.lexicon import read_list
from attrib.language import available, grammars_dir
from attrib.language import stopwords as detection_stopwords

ROOT = Path(__file__).resolve().parent.parent
GRAMMARS = ROOT / "grammars"


# --- normalise_claim ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # lower case, punctuation to spaces, spaces collapsed, ends stripped
        ("  Kremlin MENGAKU:  belum ada perjanjian!! ", "kremlin mengaku belum ada perjanjian"),
        # every kind of quotation mark is dropped
        ("“Ini” ‘itu’ \"sana\" 'sini' «situ» „dulu“ ‹kini›", "ini itu sana sini situ dulu kini"),
        # an apostrophe inside a word goes without leaving a space
        ("Jum'at dan Jum’at", "jumat dan jumat"),
        # hyphen look-alikes become "-"; a hyphen is kept between two word characters only
        ("Rusia\u2011Korut, Rusia\u2010Korut, Rusia–Korut, Rusia−Korut", "rusia-korut rusia-korut rusia-korut rusia-korut"),
        ("Kremlin — belum ada - perjanjian -", "kremlin belum ada perjanjian"),
        ("drone-drone ‘Geran-25’", "drone-drone geran-25"),
        # the soft hyphen is invisible and dropped
        ("perjan\u00adjian", "perjanjian"),
        # NFKC: full-width letters, no-break spaces, ligatures
        ("ＫＩＭ\u00a0Jong\u202fUn ﬁnal", "kim jong un final"),
        # separators inside numbers go; other punctuation between digits becomes a space
        ("8.000 km, 1,5 juta, (16/9/2023)", "8000 km 15 juta 16 9 2023"),
        # lower case comes before the clean-up: "İ".lower() leaves a combining dot, dropped
        ("İSTANBUL", "istanbul"),
        ("", ""),
        ("“”‘’ …", ""),
    ],
)
def test_normalise_claim(text, expected):
    assert normalise_claim(text) == expected


def test_normalise_claim_rejects_non_str():
    with pytest.raises(TypeError):
        normalise_claim(b"bytes")


_TRICKY = st.text(alphabet=st.sampled_from(list("aAiİıKß-–—‑'’\"“”.,_ 19/()\u0301\u0307\u00ad\u00a0\u200dﬁＫ")))


@settings(max_examples=min(300, settings().max_examples), deadline=None)
@given(st.one_of(st.text(), _TRICKY))
def test_normalise_claim_is_idempotent_and_clean(text):
    once = normalise_claim(text)
    assert normalise_claim(once) == once
    assert once == once.strip() and "  " not in once
    assert not (set(once) & set("\"'“”‘’«»„.,;:!?()"))


def test_word_lists_are_data_files():
    assert not (ROOT / "attrib" / "data" / "id_stopwords.tsv").exists()
    assert not (ROOT / "attrib" / "data" / "id_synonyms.tsv").exists()
    assert grammars_dir().resolve() == GRAMMARS.resolve()
    idn = lexis("id")
    assert {"yang", "dan", "di", "sebuah", "kata", "menurut"} <= idn.stopwords
    # negations change what a claim says: never stop words (tidak is in detection's list)
    assert not ({"tidak", "tak", "belum", "bukan"} & idn.stopwords)
    assert idn.synonyms["korut"] == ("korea", "utara") and idn.synonyms["diteken"] == ("ditandatangani",)
    assert idn.clitics == ("nya",)
    for code in ("id", "en"):
        assert all(w == w.lower() and w.strip() == w and w for w in lexis(code).stopwords)
    assert lexis("id") is lexis("id")  # loaded once


def _words_of(path):
    return [w.lower() for w in read_list(path)] if path.is_file() else []


@pytest.mark.parametrize("code", ["id", "en"])
def test_one_stop_word_list_format_and_no_word_twice(code):
    """Clustering's stop words are detection's stopwords.txt, without its
    "-word" lines, plus cluster_stopwords.txt: each word is in one file."""
    folder = GRAMMARS / code
    detection = _words_of(folder / "stopwords.txt")
    extra = _words_of(folder / "cluster_stopwords.txt")
    assert extra, f"grammars/{code}/cluster_stopwords.txt is missing or empty"
    keep = [w[1:] for w in extra if w.startswith("-")]
    more = [w for w in extra if not w.startswith("-")]
    assert len(set(detection)) == len(detection) and len(set(extra)) == len(extra)
    assert set(keep) <= set(detection), "a -word line must name a word of stopwords.txt"
    assert not set(more) & set(detection), f"listed twice: {sorted(set(more) & set(detection))}"
    assert all(" " not in w and "\t" not in w for w in extra)
    assert lexis(code).stopwords == (set(detection) - set(keep)) | set(more)
    # detection reads its own list, untouched by clustering
    assert detection_stopwords(code) == frozenset(detection)


def test_no_lexicon_word_is_a_literal_of_the_clustering_code():
    words = set()
    for code in available():
        lex = lexis(code)
        words |= lex.stopwords | set(lex.synonyms) | set(lex.clitics)
        words |= {w for rep in lex.synonyms.values() for w in rep}
    tree = ast.parse((ROOT / "attrib" / "cluster.py").read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    literals = [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]
    found = sorted({lit for lit in literals if lit.strip().lower() in words})
    assert not found, f"attrib/cluster.py holds words of the lexicons as literals: {found}"


def test_word_lists_of_a_new_language_are_data(tmp_path):
    (tmp_path / "stopwords.txt").write_text("# detection\nlo\nla\nche\n", encoding="utf-8")
    (tmp_path / "cluster_stopwords.txt").write_text("-che\ndetto\n", encoding="utf-8")
    (tmp_path / "cluster_synonyms.txt").write_text("cinque\t5\n", encoding="utf-8")
    (tmp_path / "cluster_clitics.txt").write_text("lo\nglielo\n", encoding="utf-8")
    lex = Lexis.load("xx", tmp_path)
    assert lex.stopwords == {"lo", "la", "detto"}
    assert lex.clitics == ("glielo", "lo")  # longest first
    assert lex.word("Cinque") == ("5",) and lex.word("darlo") == ("dar",) and lex.word("lolo") == ("lolo",)
    # a language without word lists: normalisation only
    bare = Lexis.load("xx", tmp_path / "nothing")
    assert not (bare.stopwords or bare.synonyms or bare.clitics)


def test_analysis_reads_words():
    c = analyse("Sebagai imbalannya, Kim memberi Putin senjata-senjata buatan Korut dan lima drone")
    # -nya stripped, reduplication collapsed, synonyms applied, stop words kept in canon only
    assert c.canon == "sebagai imbalan kim memberi putin senjata buatan korea utara dan 5 drone"
    assert c.content == "imbalan kim memberi putin senjata buatan korea utara 5 drone"
    # common words: imbalan, memberi, senjata, buatan, drone (names and numbers do not count)
    assert c.common == 5


# --- the seeds ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_index(seeds, traced, id_lang):
    """Every attribution's content (attributed) and every unit of each article
    that holds no attribution (unattributed), keyed (doc, "A<i>") / (doc, "U<j>")."""
    idx = ClaimIndex()
    texts = {}
    for prefix in sorted(seeds):
        text = seeds[prefix]
        doc = traced(prefix)
        for i, a in enumerate(doc.attributions):
            key = (prefix, f"A{i}")
            texts[key] = a.content.text
            idx.add(key, a.content.text, attributed=True)
        for j, u in enumerate(split_units(text, find_quotes(text), id_lang.abbreviations)):
            if any(a.span.overlaps(u) for a in doc.attributions):
                continue
            key = (prefix, f"U{j}")
            texts[key] = text[u.start : u.end]
            idx.add(key, texts[key], attributed=False)
    return idx, idx.clusters(), texts


def _find(texts, prefix, needle, kind):
    keys = [k for k, t in texts.items() if k[0] == prefix and k[1][0] == kind and needle in t]
    assert len(keys) == 1, f"{needle!r} ({kind}) is in {len(keys)} items of seed {prefix}: {keys}"
    return keys[0]


def test_seed_kremlin_no_agreement(seed_index):
    _, clusters, texts = seed_index
    a = _find(texts, "000", "belum ada perjanjian yang telah atau akan diteken", "A")
    b = _find(texts, "003", "belum ada perjanjian yang telah atau akan ditandatangani", "A")
    assert clusters[a] == clusters[b]


def test_seed_drones(seed_index):
    _, clusters, texts = seed_index
    tass = _find(texts, "000", "menerima lima drone kamikaze", "A")
    cnn = _find(texts, "001", "menghadiahkannya lima drone", "A")
    beritasatu = _find(texts, "002", "mendapat hadiah lima", "U")  # no attribution in 002
    assert clusters[tass] == clusters[cnn] == clusters[beritasatu]


def test_seed_rifles(seed_index):
    _, clusters, texts = seed_index
    peskov = _find(texts, "004", "Presiden Rusia memberi Kim senapan produksi kami", "A")
    gave = _find(texts, "000", "Putin memberikan Kim senapan produksi Rusia", "U")  # no attribution in 000
    assert clusters[peskov] == clusters[gave]
    # Not joined, known misses: "Sebagai gantinya, Putin juga menerima senapan Korut dari Kim" (000)
    # shares one stretch of wording with Peskov's quote, and "pertukaran senjata secara simbolis"
    # (002) none; telling them from unrelated claims would take a semantic model.


def test_seed_unrelated_claims_stay_apart(seed_index):
    idx, clusters, texts = seed_index
    kremlin = clusters[_find(texts, "000", "belum ada perjanjian", "A")]
    drones = clusters[_find(texts, "001", "menghadiahkannya lima drone", "A")]
    rifles = clusters[_find(texts, "004", "Presiden Rusia memberi Kim senapan produksi kami", "A")]
    assert len({kremlin, drones, rifles}) == 3
    for cid in {kremlin, drones, rifles}:
        members = " ".join(texts[k] for k in idx.members(cid))
        # no cluster mixes the "no agreement" claim with the rifle exchange or the drones
        assert not ("belum ada perjanjian" in members and ("senapan" in members or "drone" in members))


# Every cluster of more than one member on the seeds, each member named by
# (seed, start of its text). Why each is one claim:
EXPECTED_SEED_CLUSTERS = [
    # Drones, reconnaissance drone and body armour given to Kim: TASS in 000,
    # CNN in 001; the unattributed sentences of 000 and 002 say the same.
    [("000", "Pemimpin DPRK (nama resmi Korut) menerima lima drone"),
     ("000", "Rusia memberikan ‘oleh-oleh’"),
     ("001", "sebelum Kim berangkat dengan kereta lapis baja"),
     ("002", "Bahkan saat kunjungannya ke Vladivostok")],
    # One content attributed to TASS and to KCNA in the same sentence.
    [("000", "Rusia menggelar upacara ‘pelepasan’"), ("000", "Rusia menggelar upacara ‘pelepasan’")],
    # Kim's first official trip abroad since the pandemic (AFP in 000, stated in 003).
    [("000", "ini merupakan kunjungan resmi pertama Kim"), ("003", "Kunjungan resmi pertama Kim ke luar negeri")],
    # Not here, a known miss: North Korea wants Russia's help for its missile
    # programme (000 and 003). The two share one stretch of wording ("bantuan
    # Rusia untuk mengembangkan program rudal"), and one shared stretch is what
    # a stock term is too ("pembatasan sosial berskala besar"), see TERM_PAIRS.
    # The Kremlin: no agreement signed or to be signed (000 and 003).
    [("000", "belum ada perjanjian yang telah atau akan diteken"),
     ("003", "belum ada perjanjian yang telah atau akan ditandatangani")],
    # The rifle exchange: Peskov's quote in 004; 000 states both gifts unattributed.
    [("000", "Putin memberikan Kim senapan produksi Rusia"), ("004", "Sebagai imbalannya, Kim memberi Putin")],
    # Kulik's words, and the ministry reporting them (one claim, two hops in 001).
    [("001", "dia akan menyampaikan kekhawatiran Seoul"), ("001", "Kulik mengatakan dia akan menyampaikan")],
]


def test_seed_clusters_are_exactly_the_expected_ones(seed_index):
    idx, clusters, texts = seed_index
    found = []
    for cid in sorted(set(clusters.values())):
        members = idx.members(cid)
        if len(members) > 1:
            found.append(sorted((k[0], texts[k]) for k in members))
    expected = []
    for spec in EXPECTED_SEED_CLUSTERS:
        expected.append(sorted(spec))

    def matches(found_cluster, spec):
        if len(found_cluster) != len(spec):
            return False
        pool = list(found_cluster)
        for prefix, start in spec:
            hit = next((m for m in pool if m[0] == prefix and m[1].startswith(start)), None)
            if hit is None:
                return False
            pool.remove(hit)
        return True

    unexpected = [f for f in found if not any(matches(f, s) for s in expected)]
    missing = [s for s in expected if not any(matches(f, s) for f in found)]
    assert not unexpected, "clusters nobody justified:\n" + "\n".join(
        " | ".join(f"{p}: {t[:60]}" for p, t in f) for f in unexpected
    )
    assert not missing, f"expected clusters not found: {missing}"


def test_seed_every_key_has_a_cluster(seed_index):
    idx, clusters, texts = seed_index
    assert set(clusters) == set(texts) and len(idx) == len(texts)
    for cid in set(clusters.values()):
        assert all(clusters[k] == cid for k in idx.members(cid))


# --- interface and rules -----------------------------------------------------


def test_interface_basics():
    idx = ClaimIndex()
    idx.add(("a", 0), "belum ada perjanjian yang telah atau akan ditandatangani")
    idx.add(("b", 0), "belum ada perjanjian yang telah atau akan diteken Rusia-Korut soal senjata")
    idx.add(("c", 0), "Harga beras naik tajam di pasar tradisional pekan ini", attributed=False)
    idx.add(("d", 0), "Harga beras naik tajam di pasar tradisional pekan ini", attributed=False)
    assert len(idx) == 4
    c = idx.clusters()
    assert set(c) == {("a", 0), ("b", 0), ("c", 0), ("d", 0)}
    assert c[("a", 0)] == c[("b", 0)]
    # unattributed sentences that match no attributed claim are singletons, even when alike
    assert len({c[("a", 0)], c[("c", 0)], c[("d", 0)]}) == 3
    assert idx.members(c[("a", 0)]) == [("a", 0), ("b", 0)]
    assert idx.members(c[("c", 0)]) == [("c", 0)]
    assert idx.members(10_000) == []
    assert idx.clusters() == c  # stable
    with pytest.raises(ValueError):
        idx.add(("a", 0), "again")
    with pytest.raises(TypeError):
        idx.add(("e", 0), None)
    # an attributed claim added later is seen by the unattributed sentences
    idx.add(("e", 0), "Harga beras naik tajam di pasar tradisional pekan ini, kata pedagang")
    c = idx.clusters()
    assert c[("c", 0)] == c[("d", 0)] == c[("e", 0)]


def test_unattributed_sentence_joins_one_cluster_only():
    idx = ClaimIndex()
    idx.add(("a", 0), "Pemerintah akan menaikkan harga bahan bakar minyak bersubsidi mulai bulan depan")
    idx.add(("b", 0), "Bank sentral menahan suku bunga acuan pada level enam persen bulan ini")
    both = ("Pemerintah akan menaikkan harga bahan bakar minyak bersubsidi mulai bulan depan, "
            "sementara bank sentral menahan suku bunga acuan pada level enam persen bulan ini")
    idx.add(("c", 0), both, attributed=False)
    c = idx.clusters()
    assert c[("a", 0)] != c[("b", 0)]
    assert c[("c", 0)] in (c[("a", 0)], c[("b", 0)])


def test_same_document_needs_near_duplicates():
    outer = "Menteri mengatakan pemerintah akan membangun tiga bendungan baru di Jawa Barat tahun depan untuk irigasi sawah"
    inner = "pemerintah akan membangun tiga bendungan baru di Jawa Barat tahun depan"
    same = ClaimIndex()
    same.add(("doc", 1), outer)
    same.add(("doc", 2), inner)
    c = same.clusters()
    assert c[("doc", 1)] != c[("doc", 2)]  # a nested claim and the claim around it
    other = ClaimIndex()
    other.add(("doc-a", 1), outer)
    other.add(("doc-b", 1), inner)
    c = other.clusters()
    assert c[("doc-a", 1)] == c[("doc-b", 1)]
    # doc= overrides key[0]; doc_of=... decides for every key
    override = ClaimIndex()
    override.add(("doc-a", 1), outer, doc="x")
    override.add(("doc-b", 1), inner, doc="x")
    c = override.clusters()
    assert c[("doc-a", 1)] != c[("doc-b", 1)]
    plain = ClaimIndex(doc_of=lambda key: None)
    plain.add(1, outer)
    plain.add(2, inner)
    assert plain.clusters()[1] == plain.clusters()[2]
    # identical contents in one document are one claim (two sources of one statement)
    dup = ClaimIndex()
    dup.add(("doc", 1), inner)
    dup.add(("doc", 2), inner)
    assert dup.clusters()[("doc", 1)] == dup.clusters()[("doc", 2)]


def test_compare_rules():
    idx = ClaimIndex()
    a = analyse("pemerintah akan membangun tiga bendungan baru di Jawa Barat", "x")
    b = analyse("Pemerintah akan membangun 3 bendungan baru di Jawa Barat", "y")
    assert idx.compare(a, b)[0] == NEAR
    short = analyse("Presiden Joko Widodo", "x")
    long_ = analyse("Presiden Joko Widodo meresmikan jalan tol baru sepanjang seratus kilometer di Sumatra", "y")
    assert idx.compare(short, long_)[0] is None  # a short claim is not swallowed by a long one
    names = analyse("Presiden Joko Widodo dan Perdana Menteri Anthony Albanese", "x")
    names2 = analyse("Presiden Joko Widodo dan Perdana Menteri Anthony Albanese bertemu di Bali", "y")
    # sharing names is not sharing a claim (the phrase rule counts common words only)
    assert idx.compare(names, names2)[0] != "phrase"


# --- blocking ------------------------------------------------------------------

VOCAB = """pemerintah menteri presiden rakyat kota desa harga beras minyak listrik jalan sekolah rumah
sakit dokter guru petani nelayan pasar bank pajak anggaran proyek banjir gempa hujan musim panas
dingin laut gunung sungai hutan jembatan bandara pelabuhan kereta bus mobil motor polisi tentara
hakim jaksa partai pemilu suara calon kampanye investasi ekspor impor pabrik pekerja gaji upah
inflasi bunga saham rupiah dolar utang bantuan subsidi vaksin virus pasien obat tangga anak ibu
bapak keluarga warga festival musik film buku sejarah budaya agama naik turun meningkat menurun
membangun menutup membuka menolak menerima mengirim membeli menjual memperbaiki baru lama besar
kecil tinggi rendah murah mahal cepat lambat penting darurat nasional daerah internasional""".split()

BASES = [
    "Pemerintah akan menaikkan harga bahan bakar minyak bersubsidi sebesar 10 persen mulai bulan depan",
    "Banjir besar merendam ribuan rumah warga di tiga kecamatan setelah hujan deras semalaman",
    "Bank sentral menahan suku bunga acuan pada level enam persen untuk menjaga nilai tukar rupiah",
    "Polisi menangkap lima tersangka pembobolan bank yang membawa kabur uang nasabah miliaran rupiah",
    "Harga beras di pasar tradisional naik tajam menjelang musim panen karena pasokan dari petani berkurang",
    "Ribuan pekerja pabrik berunjuk rasa menuntut kenaikan upah minimum di depan kantor gubernur",
    "Gempa berkekuatan 6 magnitudo mengguncang pesisir selatan tanpa menimbulkan potensi tsunami",
    "Rumah sakit daerah kekurangan dokter spesialis sehingga pasien harus dirujuk ke ibu kota provinsi",
    "Kementerian kesehatan mulai membagikan vaksin gratis kepada anak sekolah dasar di seluruh daerah",
    "Jembatan penghubung dua desa ambruk diterjang arus sungai sehingga warga harus memutar jauh",
]
SWAPS = [("akan", "bakal"), ("harga", "ongkos"), ("besar", "hebat"), ("warga", "penduduk"), ("menahan", "mempertahankan"),
         ("ribuan", "ratusan"), ("mulai", "sejak"), ("naik", "melonjak"), ("sehingga", "maka")]
OUTLETS = ["Menurut Antara, {}", "{}, lapor Kompas", "Mengutip Reuters, {}", "“{}”, kata pejabat itu", "{} (sumber: Tempo)"]


def paraphrase(text: str, rng: random.Random) -> str:
    words = text.split()
    if rng.random() < 0.5 and len(words) >= 8:  # drop a word
        del words[rng.randrange(1, len(words))]
    s = " ".join(words)
    for a, b in rng.sample(SWAPS, 2):  # swap a synonym or two
        s = s.replace(a, b, 1)
    if rng.random() < 0.3:  # move the last third to the front
        w = s.split()
        k = 2 * len(w) // 3
        s = " ".join(w[k:]) + ", " + " ".join(w[:k])
    if rng.random() < 0.3:  # another number
        s = " ".join(str(rng.randint(2, 99)) if w.isdigit() else w for w in s.split())
    if rng.random() < 0.5:  # an outlet
        s = rng.choice(OUTLETS).format(s)
    return s


def random_claim(rng: random.Random) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(rng.randint(8, 18))).capitalize()


def test_blocking_never_compares_all_pairs():
    rng = random.Random(7)
    idx = ClaimIndex()
    n = 2000
    for i in range(n):
        text = paraphrase(rng.choice(BASES), rng) if rng.random() < 0.5 else random_claim(rng)
        idx.add((f"doc-{i % 300}", i), text, attributed=rng.random() > 0.1)
    clusters = idx.clusters()
    assert len(clusters) == n
    all_pairs = n * (n - 1) // 2
    # each claim is confirmed against a few candidates at most, never against all others
    assert idx.comparisons <= 5 * n, idx.comparisons
    assert idx.comparisons < all_pairs / 100
    # the paraphrases of each base claim form one large cluster
    sizes = Counter(clusters.values())
    assert sum(1 for s in sizes.values() if s >= 50) == len(BASES)


def test_paraphrases_of_one_claim_cluster():
    rng = random.Random(3)
    for base in BASES:
        idx = ClaimIndex()
        idx.add(("doc-0", 0), base)
        for i in range(1, 30):
            idx.add((f"doc-{i}", 0), paraphrase(base, rng))
        c = idx.clusters()
        assert len(set(c.values())) == 1, [idx.members(cid)[:3] for cid in set(c.values())]


def test_handwritten_paraphrases_cluster():
    variants = [
        "Pemerintah akan menaikkan harga bahan bakar minyak bersubsidi sebesar 10 persen mulai bulan depan, kata Menteri Keuangan",
        "Pemerintah akan menaikkan harga bahan bakar minyak bersubsidi sebesar 12 persen mulai bulan depan",
        "Mulai bulan depan, pemerintah akan menaikkan harga bahan bakar minyak bersubsidi sebesar 10 persen",
        "“Pemerintah akan menaikkan harga BBM bersubsidi sebesar 10 persen mulai bulan depan,” kata Menteri Keuangan",
        "pemerintah bakal menaikkan harga bahan bakar minyak bersubsidi sebesar sepuluh persen mulai bulan depan",
        "Menurut Reuters, pemerintah akan menaikkan harga bahan bakar minyak bersubsidi 10 persen mulai bulan depan",
    ]
    idx = ClaimIndex()
    for i, v in enumerate(variants):
        idx.add((f"doc-{i}", 0), v)
    assert len(set(idx.clusters().values())) == 1


def test_unrelated_random_claims_do_not_merge():
    rng = random.Random(11)
    idx = ClaimIndex()
    for i in range(200):
        idx.add((f"doc-{i}", 0), random_claim(rng))
    sizes = Counter(idx.clusters().values())
    assert len(sizes) >= 195 and max(sizes.values()) <= 2, sizes.most_common(3)


# --- the window: flat memory --------------------------------------------------


def test_window_bounds_the_index_and_keeps_recent_repeats():
    rng = random.Random(5)
    idx = ClaimIndex(window=400)
    base = BASES[0]
    idx.add(("doc-first", 0), base)
    for i in range(3000):
        idx.add((f"doc-{i}", 1), random_claim(rng))
        # representatives never outnumber the window, however long the stream
        assert idx.stats()["representatives"] <= 400
    # a repeat within the window joins; the first telling fell out of it long ago
    idx.add(("doc-recent", 0), paraphrase(base, rng))
    idx.add(("doc-recent2", 0), paraphrase(base, rng))
    c = idx.clusters()
    assert c[("doc-recent", 0)] == c[("doc-recent2", 0)]
    assert c[("doc-first", 0)] != c[("doc-recent", 0)]
    assert len(c) == 3003


def test_without_a_window_everything_stays_matchable():
    rng = random.Random(5)
    idx = ClaimIndex(window=None)
    idx.add(("doc-first", 0), BASES[0])
    for i in range(3000):
        idx.add((f"doc-{i}", 1), random_claim(rng))
    idx.add(("doc-late", 0), paraphrase(BASES[0], rng))
    c = idx.clusters()
    assert c[("doc-first", 0)] == c[("doc-late", 0)]


def test_window_settles_old_sentences_and_reports_them():
    rng = random.Random(9)
    idx = ClaimIndex(window=100)
    claim = "Pemerintah akan menaikkan harga bahan bakar minyak bersubsidi mulai bulan depan, kata menteri"
    idx.add(("a", -1), "Harga beras naik tajam di pasar tradisional pekan ini menurut para pedagang", attributed=False)
    idx.add(("b", -1), "Pemerintah akan menaikkan harga bahan bakar minyak bersubsidi mulai bulan depan", attributed=False)
    idx.add(("c", 0), claim)
    for i in range(300):
        idx.add((f"f{i}", 0), random_claim(rng))
    expired = list(idx.expired())
    assert expired == [("a", -1)]  # matched nothing while it could
    assert list(idx.expired()) == []  # each key is reported once
    c = idx.clusters()
    assert c[("b", -1)] == c[("c", 0)]  # it joined before its window closed
    assert len(set(idx.members(c[("a", -1)]))) == 1


@pytest.mark.parametrize("window", [0, 1, -5, 2.5, "10"])
def test_window_must_be_a_sensible_int(window):
    with pytest.raises(ValueError, match="window"):
        ClaimIndex(window=window)


# --- shared terms are not shared claims ---------------------------------------
# Written for these tests in the style of a month of pandemic coverage from one
# newsroom, where every article repeats the same terms. Reading the clusters of
# the 169 PFSA-ID articles showed these false merges (the rules then merged 87
# clusters across articles, nearly all of them wrongly).

TERM_PAIRS = [
    # one multiword term ("pembatasan sosial berskala besar") and nothing else
    ("Sesuai kebijakan pembatasan sosial berskala besar, mudik Lebaran tahun ini tetap dilarang",
     "Pusat belanja di Bekasi ditutup sejak pembatasan sosial berskala besar diberlakukan bulan lalu"),
    # the same list of health rules in two different claims
    ("Penonton konser wajib menerapkan protokol kesehatan, memakai masker, menjaga jarak, dan mencuci tangan",
     "Pedagang pasar diminta mematuhi protokol kesehatan dengan memakai masker, menjaga jarak, dan mencuci tangan"),
    # a stock phrase
    ("Penutupan kantor itu penting untuk memutus mata rantai penyebaran Covid-19 di kota ini",
     "Vaksinasi massal di sekolah digelar untuk memutus mata rantai penyebaran Covid-19"),
]


@pytest.mark.parametrize("a, b", TERM_PAIRS)
def test_a_shared_term_does_not_make_one_claim(a, b):
    idx = ClaimIndex()
    idx.add(("d1", 0), a)
    idx.add(("d2", 0), b)
    idx.add(("d3", -1), b, attributed=False)  # nor may a sentence repeating b join a
    c = idx.clusters()
    assert c[("d1", 0)] != c[("d2", 0)]
    assert c[("d3", -1)] != c[("d1", 0)]


STOCK = [
    "Pemkot Bogor menutup sekolah dasar selama dua pekan untuk menekan penyebaran Covid-19 dan mengajak siswa mencuci tangan",
    "Pengelola pasar induk membatasi jam dagang demi menekan penyebaran Covid-19 serta menyediakan tempat mencuci tangan",
    "Takmir masjid agung meniadakan salat berjamaah guna menekan penyebaran Covid-19 dan menyiapkan keran mencuci tangan",
]


@pytest.mark.xfail(reason="known weakness: a stock phrase with a name ('penyebaran Covid-19') in two stretches "
                          "of wording passes the phrase rule; a document frequency counted in clusters cannot "
                          "stop it, since each merge lowers the count", strict=True)
def test_a_stock_phrase_with_a_name_is_no_shared_claim():
    idx = ClaimIndex()
    for i, text in enumerate(STOCK):
        idx.add((f"d{i}", 0), text)
    assert len(set(idx.clusters().values())) == len(STOCK)


def test_contents_without_words_match_nothing():
    idx = ClaimIndex()
    for i, text in enumerate(["Namun", "Namun", "selain itu", "Selain itu", "Apalagi"]):
        idx.add((f"d{i}", 0), text)
    assert len(set(idx.clusters().values())) == 5


# --- languages ---------------------------------------------------------------

EN = ROOT / "corpus" / "en"
# Two outlets' words for the Kremlin's "no agreement" (corpus/en: en000 Reuters, en002 CNA).
EN_REUTERS = "no agreements had been signed during the visit and that none were planned"
EN_CNA = "No agreements were signed and none are planned"


def test_english_corpus_sentences_are_the_ones_tested():
    assert "told reporters on Friday that " + EN_REUTERS in (EN / "en000_drone_gift_reuters.txt").read_text(encoding="utf-8")
    assert EN_CNA in (EN / "en002_drone_gift_cna.txt").read_text(encoding="utf-8")


def test_english_stop_words_are_dropped():
    en = lexis("en")
    assert {"the", "a", "an", "that", "said", "says", "told", "according"} <= en.stopwords
    assert not ({"not", "no", "never", "us"} & en.stopwords)
    # a sentence of corpus/en (en001), with and without its function words and cue
    full = analyse("Kremlin spokesman Dmitry Peskov said that no agreements had been signed during the visit", lang="en")
    bare = analyse("Kremlin spokesman Dmitry Peskov: no agreements signed during visit", lang="en")
    assert full.content == bare.content == "kremlin spokesman dmitry peskov no agreements signed visit"
    # the stop words stay in the normalised text that near-duplicates are scored on
    assert full.canon.startswith("kremlin spokesman dmitry peskov said that no agreements")
    # read as Indonesian, the English words are all content words
    assert analyse(EN_REUTERS, lang="id").content == normalise_claim(EN_REUTERS)


def test_english_claims_differing_in_the_and_that_cluster():
    a = "the governor of Russia's Primorye region gave North Korean leader Kim Jong Un five explosive drones"
    b = "governor of Russia's Primorye region gave North Korean leader Kim Jong Un five explosive drones"
    c = "Kim said that the governor gave North Korean leader Kim Jong Un five explosive drones"
    assert analyse(a, lang="en").content == analyse(b, lang="en").content
    assert analyse(c, lang="en").content.startswith("kim governor gave")
    idx = ClaimIndex(lang="en")
    idx.add(("en000", 5), EN_REUTERS)
    idx.add(("en002", 8), EN_CNA)
    idx.add(("en003", 1), "Kim Jong Un wrapped up his visit to Russia on Sunday")
    c = idx.clusters()
    assert c[("en000", 5)] == c[("en002", 8)] != c[("en003", 1)]
    # the same two claims read as Indonesian keep "had been ... that" and do not match
    idn = ClaimIndex()
    idn.add(("en000", 5), EN_REUTERS)
    idn.add(("en002", 8), EN_CNA)
    c = idn.clusters()
    assert c[("en000", 5)] != c[("en002", 8)]


def test_each_claim_is_read_in_its_language():
    idx = ClaimIndex()
    assert idx.lang == "id"
    text = "belum ada perjanjian yang telah atau akan ditandatangani selama kunjungan itu"
    idx.add(("a", 0), text, lang="id")
    idx.add(("b", 0), text, lang="en")  # the same words in another language: never one claim
    idx.add(("c", 0), text)  # the index's language
    idx.add(("d", 0), EN_REUTERS, lang="en")
    idx.add(("e", 0), EN_CNA, lang="en")
    c = idx.clusters()
    assert c[("a", 0)] == c[("c", 0)] != c[("b", 0)]
    assert c[("d", 0)] == c[("e", 0)] not in (c[("a", 0)], c[("b", 0)])
    # compare refuses claims of two languages, identical or not
    assert idx.compare(analyse(text, "x", "id"), analyse(text, "y", "en")) == (None, 0.0)
    assert idx.compare(analyse(text, "x", "id"), analyse(text, "y", "id"))[0] == NEAR
    assert analyse(text, lang="id").content != analyse(text, lang="en").content
    assert analyse(text, lang="id").shingles != analyse(text, lang="en").shingles
    with pytest.raises(ValueError):
        idx.add(("f", 0), text, lang="")
    with pytest.raises(ValueError):
        ClaimIndex(lang="")
    assert ClaimIndex(lang=None).lang == attrib.language.default_language() == "id"


def test_graph_reads_each_document_in_its_language(seeds):
    class Recording(ClaimIndex):
        def add(self, key, text, attributed=True, *, doc=None, lang=None):
            self.langs[key] = lang
            super().add(key, text, attributed, lang=lang)

    index = Recording()
    index.langs = {}
    g = ProvenanceGraph(index=index)
    g.add(attrib.trace(seeds["003"], id="003"))
    en = attrib.trace((EN / "en000_drone_gift_reuters.txt").read_text(encoding="utf-8"), lang="en", id="en000")
    g.add(en)
    assert index.langs and set(index.langs.values()) == {"id", "en"}
    assert {index.langs[k] for k in index.langs if k[0] == "en000"} == {"en"}
    assert {index.langs[k] for k in index.langs if k[0] == "003"} == {"id"}
    # no cluster mixes the two languages
    for keys in g.clusters().values():
        assert len({k[0] == "en000" for k in keys}) == 1


def test_analysis_is_kept_in_arrays_and_counts_runs():
    """A claim's hashes are kept as arrays of machine ints (a pending sentence
    holds them until it is matched); ``runs`` still finds its places."""
    from array import array

    a = analyse("pembatasan sosial berskala besar diperpanjang", lang="id")
    assert isinstance(a.shingles, array) and isinstance(a.phrase, array) and isinstance(a._pos, array)
    salt = lexis("id").salt

    def two(x, y):  # the phrase hash of a 2-gram of two common words (low bit 1)
        return (hash(x + " " + y) ^ salt) & ~1 | 1

    assert a.runs({two("pembatasan", "sosial"), two("sosial", "berskala")}) == 1  # one stretch
    assert a.runs({two("pembatasan", "sosial"), two("besar", "diperpanjang")}) == 2  # two apart
    assert a.runs(set(a.phrase)) == 1
