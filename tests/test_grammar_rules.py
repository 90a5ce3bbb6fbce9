"""The Indonesian grammar (grammars/id.lark and grammars/id/*.tsv), through
attrib.trace: cues, sources, hops, pronouns, time and channel, and the
document metadata (datelines, bylines, credits, source tags).

Each rule is tested on a sentence from the seed articles in corpus/, or on the
whole article where the context matters (pronouns, chains). Variants of seed
sentences (another cue word, text glued by a scraper) say what they change.
Expected values follow corpus/README.md and the gold files beside the seeds.
"""

from __future__ import annotations

import pytest

import attrib

# --- helpers ---------------------------------------------------------------


def labels(a):
    return [h.label for h in a.chain]


def at_cue(doc, cue, needle=None, source=None):
    """The attributions whose cue text is ``cue`` (and, if given, whose unit
    holds ``needle`` / whose source name is ``source``)."""
    found = []
    for a in doc.attributions:
        if a.cue.text != cue:
            continue
        if source is not None and a.source.name != source:
            continue
        if needle is not None:
            start = doc.text.rfind("\n", 0, a.cue.span.start) + 1
            end = doc.text.find("\n", a.cue.span.end)
            if needle not in doc.text[start : end if end >= 0 else len(doc.text)]:
                continue
        found.append(a)
    return found


def one(doc, cue, needle=None, source=None):
    found = at_cue(doc, cue, needle, source)
    assert len(found) == 1, (
        f"expected one attribution with cue {cue!r}"
        + (f" near {needle!r}" if needle else "")
        + f", got {len(found)}; all: {[(a.cue.text, a.source.label, a.content.text[:40]) for a in doc.attributions]}"
    )
    return found[0]


def in_line(doc, needle):
    """The attributions whose cue is on the one line of the text holding ``needle``."""
    assert doc.text.count(needle) == 1, f"{needle!r} occurs {doc.text.count(needle)} times"
    pos = doc.text.index(needle)
    start = doc.text.rfind("\n", 0, pos) + 1
    end = doc.text.find("\n", pos)
    end = len(doc.text) if end < 0 else end
    return [a for a in doc.attributions if start <= a.cue.span.start < end]


def variant(line, old, new):
    out = line.replace(old, new)
    assert out != line, f"{old!r} not in {line!r}"
    return out


# --- cues before the content: Menurut X, ... ---------------------------------

BEFORE = [
    # (seed, line needle, (old, new) or None, cue, source, mention, content)
    ("000", "Menurut kantor berita Rusia, TASS", None, "Menurut", "TASS", "kantor berita Rusia, TASS",
     "Kim Jon-un bertemu dengan Menteri Pertahanan Sergei Shoigu di Vladivostok pada Sabtu (16/9/2023)"),
    ("000", "Mengutip AFP", None, "Mengutip", "AFP", "AFP",
     "ini merupakan kunjungan resmi pertama Kim Jong-un ke luar negeri sejak pandemi COVID-19"),
    ("000", "Mengutip AFP", ("Mengutip AFP", "Dilansir dari AFP"), "Dilansir dari", "AFP", "AFP",
     "ini merupakan kunjungan resmi pertama Kim Jong-un ke luar negeri sejak pandemi COVID-19"),
    ("000", "Mengutip AFP", ("Mengutip AFP", "Seperti dilansir AFP"), "Seperti dilansir", "AFP", "AFP",
     "ini merupakan kunjungan resmi pertama Kim Jong-un ke luar negeri sejak pandemi COVID-19"),
    ("000", "Menurut kantor berita Rusia, TASS", ("Menurut kantor berita Rusia, TASS", "Berdasarkan laporan TASS"),
     "Berdasarkan laporan", "TASS", "TASS",
     "Kim Jon-un bertemu dengan Menteri Pertahanan Sergei Shoigu di Vladivostok pada Sabtu (16/9/2023)"),
    ("001", "Mengutip Military Times", None, "Mengutip", "Military Times", "Military Times",
     "selama perjalanan enam hari Kim ke Rusia, yang merupakan perjalanan luar negeri terpanjangnya sebagai "
     "pemimpin, kedua negara mengatakan mereka membahas peningkatan hubungan pertahanan"),
]


@pytest.mark.parametrize(
    "prefix, needle, change, cue, source, mention, content", BEFORE,
    ids=["Menurut", "Mengutip", "Dilansir dari", "Seperti dilansir", "Berdasarkan laporan", "Mengutip (outer)"],
)
def test_cue_before_the_content(seed_line, prefix, needle, change, cue, source, mention, content):
    line = seed_line(prefix, needle)
    if change:
        line = variant(line, *change)
    doc = attrib.trace(line)
    a = one(doc, cue)
    assert a.cue.position.value == "before"
    assert a.source.name == source
    assert a.source.kind.value == "outlet"
    assert a.source.mention == mention
    assert a.content.text == content
    assert not a.direct
    assert a.core
    assert labels(a) == ["?", source]


def test_melalui_laporan_with_two_sources_gives_two_attributions(seed_line):
    # Seed 000: Melalui laporan TASS dan kantor berita Korut, KCNA, Rusia menggelar ...
    doc = attrib.trace(seed_line("000", "Melalui laporan TASS"))
    found = at_cue(doc, "Melalui laporan")
    assert [(a.source.name, a.source.mention) for a in found] == [
        ("TASS", "TASS"),
        ("KCNA", "kantor berita Korut, KCNA"),
    ]
    assert all(a.source.kind.value == "outlet" for a in found)
    assert all(a.cue.position.value == "before" for a in found)
    assert found[0].content.span == found[1].content.span
    assert found[0].content.text == "Rusia menggelar upacara ‘pelepasan’ kepulangan Kim Jong-un"
    assert [labels(a) for a in found] == [["?", "TASS"], ["?", "KCNA"]]


# --- cues after the content: "...," kata X -----------------------------------

KREMLIN_QUOTE = (
    "Meskipun Putin kembali ke Moskow setelah pertemuan mereka pada hari Rabu, "
    "kunjungan Kim diperkirakan akan berlanjut selama beberapa hari lagi,"
)
TASS_QUOTE = (
    "Dia kemudian dibawa ke Pabrik Pesawat Komsomolsk-on-Amur, yang memproduksi pesawat tempur paling "
    "modern Rusia, termasuk Su-35 dan Su-57,"
)
AFTER = [
    # (seed, line needle, (old, new) or None, cue, source, content, direct)
    ("004", "kata Kremlin.", None, "kata", "Kremlin", KREMLIN_QUOTE, True),
    ("004", "kata Kremlin.", ("kata Kremlin", "ujar Kremlin"), "ujar", "Kremlin", KREMLIN_QUOTE, True),
    ("004", "kata Kremlin.", ("kata Kremlin", "tutur Kremlin"), "tutur", "Kremlin", KREMLIN_QUOTE, True),
    ("004", "kata TASS.", ("kata TASS", "tulis TASS"), "tulis", "TASS", TASS_QUOTE, True),
    ("004", "lapor kantor berita TASS", None, "lapor", "TASS",
     "Pada hari Jumat, Kim tiba di Kota Komsomolsk-on-Amur di Timur Jauh Rusia untuk mengunjungi fasilitas "
     "tempat pembuatan jet tempur Rusia", False),
    ("003", "lapor TASS", None, "lapor", "TASS",
     "Di lapangan terbang Knevichi, Shoigu menunjukkan kepada Kim “sistem rudal Kinzhal pada kapal induk MiG-31I,",
     True),
    ("001", "klaim KCNA", None, "klaim", "KCNA",
     "Di akhir pertemuan, Kim Jong Un dengan sopan mengundang Putin untuk mengunjungi DPRK pada waktu yang tepat,",
     True),
    ("000", "bunyi laporan TASS", None, "bunyi laporan", "TASS",
     "Pemimpin DPRK (nama resmi Korut) menerima lima drone kamikaze, sebuah drone pengintai ‘Geran-25’ dengan "
     "lepas landas vertikal,", True),
    ("002", "kata para ahli", None, "kata", "para ahli",
     "Rusia sangat menginginkan persediaan peluru artileri Korea Utara untuk digunakan di Ukraina, sementara "
     "Pyongyang mencari bantuan dalam bidang teknologi satelit dan meningkatkan peralatan militer era Soviet", False),
]


@pytest.mark.parametrize(
    "prefix, needle, change, cue, source, content, direct", AFTER,
    ids=["kata", "ujar", "tutur", "tulis", "lapor (indirect)", "lapor (quote)", "klaim", "bunyi laporan",
         "kata (indirect)"],
)
def test_cue_after_the_content(seed_line, prefix, needle, change, cue, source, content, direct):
    line = seed_line(prefix, needle)
    if change:
        line = variant(line, *change)
    a = one(attrib.trace(line), cue)
    assert a.cue.position.value == "after"
    assert a.source.name == source
    assert a.content.text == content
    assert a.direct is direct
    assert a.core
    assert labels(a)[-1] == source


def test_tambahnya_resolves_to_kcna(traced):
    # Seed 001: “...,” klaim KCNA pada Kamis.  “Putin menerima ...,” tambahnya.
    doc = traced("001")
    a = one(doc, "tambahnya")
    assert a.cue.position.value == "after"
    assert a.source.name == "KCNA"
    assert a.source.kind.value == "outlet"
    assert a.source.mention == "nya"
    assert doc.text[a.source.span.start : a.source.span.end] == "nya"
    assert a.direct
    assert a.content.text == (
        "Putin menerima undangan tersebut dengan senang hati dan menegaskan kembali keinginannya untuk selalu "
        "meneruskan sejarah dan tradisi persahabatan Rusia-DPRK,"
    )
    assert labels(a) == ["Kontan", "KCNA"]


def test_katanya_resolves_to_jeon_hak_kyou(traced):
    # Seed 004: Juru bicara ... Jeon Hak-kyou mengatakan ...  “...,” katanya. (dam)
    doc = traced("004")
    a = one(doc, "katanya")
    assert a.source.name == "Jeon Hak-kyou"
    assert a.source.kind.value == "person"
    assert a.source.mention == "nya"
    assert doc.text[a.source.span.start : a.source.span.end] == "nya"
    assert a.direct
    assert a.content.text == "Sambil mengingat kemungkinan tersebut, kami akan terus memantaunya dengan cermat,"
    assert labels(a) == ["Indopos", "Jeon Hak-kyou"]


# --- verbs after the source: X mengatakan (bahwa) ... -------------------------

VERBS = [
    # (seed, line needle, cue, source, kind, content)
    ("003", "Kremlin mengatakan belum", "mengatakan", "Kremlin", "organization",
     "belum ada perjanjian yang telah atau akan ditandatangani"),
    ("004", "Dmitry Peskov mengatakan pada hari Kamis bahwa", "mengatakan", "Dmitry Peskov", "person",
     "Putin memberi Kim senapan berkualitas tinggi buatan Rusia dan sarung tangan dari pakaian antariksa yang "
     "telah berada di luar angkasa beberapa kali"),
    ("004", "TASS melaporkan bahwa", "melaporkan", "TASS", "outlet",
     "Kim bertemu dengan gubernur regional dan pejabat lainnya di karpet merah di stasiun kereta api kota"),
    ("001", "Media pemerintah Korea Utara melaporkan", "melaporkan", "Media pemerintah Korea Utara", "outlet",
     "pemimpin Korea Utara Kim Jong Un telah pulang dari perjalanan ke Rusia di mana ia memperdalam "
     "“persekutuan dan hubungan persahabatan” dengan Presiden Vladimir Putin"),
    ("000", "TASS menuturkan", "menuturkan", "TASS", "outlet",
     "Gubernur Primorye, wilayah Rusia yang berbatasan dengan China-Korea Utara, juga ‘menghadiahi’ Kim satu set "
     "pelindung antipeluru serta pakaian khusus yang tidak terdeteksi oleh kamera termal"),
    ("001", "Media Korea Utara mengklaim", "mengklaim", "Media Korea Utara", "outlet",
     "Putin juga telah menerima undangan untuk mengunjungi Korea Utara dalam waktu dekat"),
    ("000", "Kremlin mengaku", "mengaku", "Kremlin", "organization",
     "belum ada perjanjian yang telah atau akan diteken Rusia-Korut soal senjata"),
    ("001", "telah memperingatkan bahwa", "memperingatkan", "Para pejabat AS dan Korea Selatan", "anonymous",
     "Rusia dan Korea Utara akan menghadapi konsekuensi serius jika mereka meneruskan kesepakatan transfer "
     "senjata yang melanggar resolusi Dewan Keamanan PBB"),
    ("001", "berspekulasi bahwa", "berspekulasi", "Para ahli asing", "anonymous",
     "kedua negara, yang sama-sama terlibat dalam konfrontasi dengan Barat, berusaha mencapai kesepakatan "
     "transfer senjata yang melanggar resolusi Dewan Keamanan PBB"),
    ("000", "KCNA menggambarkan", "menggambarkan", "KCNA", "outlet",
     "suasana selama kunjungan Kim sebagai ‘hangat dan akrab’"),
    ("002", "KCNA juga menuliskan", "menuliskan", "KCNA", "outlet",
     "Kim Jong-un mendoakan kemakmuran dan an kesejahteraan untuk rakyat Rusia"),
]


@pytest.mark.parametrize(
    "prefix, needle, cue, source, kind, content", VERBS,
    ids=["mengatakan", "mengatakan bahwa", "melaporkan bahwa", "melaporkan,", "menuturkan", "mengklaim bahwa",
         "mengaku", "memperingatkan", "berspekulasi", "menggambarkan", "menuliskan"],
)
def test_verb_after_the_source(traced, prefix, needle, cue, source, kind, content):
    doc = traced(prefix)
    a = one(doc, cue, needle)
    assert a.cue.position.value == "verb"
    assert a.source.name == source
    assert a.source.kind.value == kind
    assert a.content.text == content
    assert not a.content.text.startswith(("bahwa", ","))
    assert not a.direct
    assert a.core
    assert labels(a)[-1] == source


def test_second_verb_of_a_coordinated_subject(traced):
    # Seed 000: KCNA menggambarkan ... dan mengatakan ‘era baru ...’ terbuka antara Korut dan Rusia.
    a = one(traced("000"), "mengatakan", "KCNA menggambarkan")
    assert a.source.name == "KCNA"
    assert a.content.text == "‘era baru persahabatan, solidaritas dan kerja sama’ terbuka antara Korut dan Rusia"


def test_seraya_menambahkan_takes_the_subject_of_lapor(traced):
    # Seed 003: “...,” lapor TASS, seraya menambahkan bahwa “kemampuan ...” dijelaskan ...
    doc = traced("003")
    a = one(doc, "menambahkan")
    assert a.source.name == "TASS"
    assert a.content.text == "“kemampuan terbang dan teknisnya” dijelaskan kepada Kim oleh seorang pejabat tinggi militer"
    assert labels(a) == ["ArrahmahNews", "CNA", "TASS"]


# --- sources with descriptors and appositives --------------------------------


def test_appositive_kantor_berita_rusia_tass(seed_line):
    line = seed_line("000", "Menurut kantor berita Rusia, TASS")
    a = one(attrib.trace(line), "Menurut")
    assert a.source.name == "TASS"
    assert a.source.kind.value == "outlet"
    assert a.source.mention == "kantor berita Rusia, TASS"
    assert a.source.descriptor == "kantor berita Rusia"
    # the appositive belongs to the source, not to the content
    assert a.content.text.startswith("Kim Jon-un bertemu")
    assert "TASS" not in a.content.text


def test_kantor_berita_tass_milik_pemerintah_rusia(traced):
    doc = traced("004")
    a = one(doc, "lapor")
    assert a.source.name == "TASS"
    assert a.source.kind.value == "outlet"
    assert a.source.mention == "kantor berita TASS milik pemerintah Rusia"
    assert "milik pemerintah" not in a.content.text
    assert a.content.text.endswith("tempat pembuatan jet tempur Rusia")


def test_kantor_berita_korea_kcna(traced):
    # Seed 002 writes "Kantor Berita Korea\u00a0KCNA\u00a0pada hari Senin mengatakan, ..."
    doc = traced("002")
    a = one(doc, "mengatakan", "Kantor Berita Korea")
    assert a.source.name == "KCNA"
    assert a.source.kind.value == "outlet"
    assert a.source.mention == "Kantor Berita Korea\u00a0KCNA"
    assert a.source.descriptor == "Kantor Berita Korea"
    assert a.time is not None and a.time.text == "pada hari Senin"
    assert a.content.text.startswith("Kim Jong-un menyampaikan terima kasih")


def test_juru_bicara_kremlin_dmitry_peskov(traced):
    doc = traced("004")
    a = one(doc, "mengatakan", "juru bicara Kremlin Dmitry Peskov")
    assert a.source.name == "Dmitry Peskov"
    assert a.source.kind.value == "person"
    assert a.source.mention == "juru bicara Kremlin Dmitry Peskov"
    assert a.source.descriptor == "juru bicara Kremlin"
    assert a.source.affiliation == "Kremlin"
    # Later mentions of the surname get the full name.
    later = one(doc, "mengatakan", "Peskov mengatakan Moskow")
    assert later.source.name == "Dmitry Peskov"
    assert later.source.mention == "Peskov"


def test_juru_bicara_kementerian_pertahanan_korea_selatan_jeon_hak_kyou(traced):
    doc = traced("004")
    a = one(doc, "mengatakan", "Jeon Hak-kyou")
    assert a.source.name == "Jeon Hak-kyou"
    assert a.source.kind.value == "person"
    assert a.source.mention == "Juru bicara Kementerian Pertahanan Korea Selatan Jeon Hak-kyou"
    assert a.source.descriptor == "Juru bicara Kementerian Pertahanan Korea Selatan"
    assert a.source.affiliation == "Kementerian Pertahanan Korea Selatan"
    assert a.content.text == "ada banyak prediksi seperti itu mengenai hubungan militer yang lebih erat antara Putin dan Kim"


def test_role_and_name_wakil_menteri_chang_ho_jin(traced):
    a = one(traced("001"), "mendesak")
    assert a.source.name == "Chang Ho-jin"
    assert a.source.kind.value == "person"
    assert a.source.mention == "Wakil Menteri Luar Negeri Korea Selatan Chang Ho-jin"
    assert not a.core  # mendesak (an appeal) is borderline


# --- nested hops: chains of three or more ------------------------------------


def test_mengutip_cnn_yang_melansir_media_pemerintah_rusia(traced):
    doc = traced("001")
    line = "Mengutip CNN yang melansir media pemerintah Rusia"
    found = in_line(doc, line)
    assert len(found) == 1, [(a.cue.text, a.source.label) for a in found]
    a = found[0]
    assert a.cue.text == "Mengutip"
    assert a.source.name == "media pemerintah Rusia"
    assert a.source.kind.value == "outlet"
    assert labels(a) == ["Kontan", "CNN", "media pemerintah Rusia"]
    assert a.via is not None and a.via.label == "CNN"
    assert a.content.text.startswith("sebelum Kim berangkat dengan kereta lapis baja")
    assert a.content.text.endswith("sebuah drone pengintai, dan rompi antipeluru")


def test_kata_peskov_seperti_dilansir_al_jazeera(traced):
    doc = traced("004")
    a = one(doc, "kata", "seperti dilansir Al Jazeera")
    assert a.source.name == "Dmitry Peskov"
    assert a.source.mention == "Peskov"
    assert labels(a) == ["Indopos", "Al Jazeera", "Dmitry Peskov"]
    assert a.via is not None and a.via.label == "Al Jazeera"
    assert a.direct
    assert a.content.text == (
        "Sebagai imbalannya, Kim memberi Putin senjata buatan Korea Utara, di antara hadiah lainnya. Presiden "
        "Rusia memberi Kim senapan produksi kami dengan kualitas terbaik. Sebagai imbalannya, dia juga menerima "
        "senapan buatan Korea Utara,"
    )
    # Al Jazeera is a hop, not a second source of the quote.
    assert not [b for b in doc.attributions if b.source.name == "Al Jazeera"]


def test_kantor_berita_negara_menambahkan_seperti_yang_dikutip_dari_cnn(traced):
    doc = traced("001")
    a = one(doc, "menambahkan", "seperti yang dikutip dari CNN")
    assert a.source.name == "kantor berita negara"
    assert a.source.kind.value == "outlet"
    assert labels(a) == ["Kontan", "CNN", "kantor berita negara"]
    assert a.direct
    assert a.content.text.startswith("Ini adalah pelindung tubuh")
    assert a.content.text.endswith("dibandingkan pelindung tubuh lainnya,")


def test_mengutip_military_times_scopes_over_kedua_negara_mengatakan(traced):
    doc = traced("001")
    outer = one(doc, "Mengutip", source="Military Times")
    assert labels(outer) == ["Kontan", "Military Times"]
    inner = one(doc, "mengatakan", "Mengutip Military Times")
    assert inner.source.name == "kedua negara"
    assert inner.source.kind.value == "organization"
    assert inner.content.text == "mereka membahas peningkatan hubungan pertahanan"
    assert labels(inner) == ["Kontan", "Military Times", "kedua negara"]
    assert outer.content.span.contains(inner.content.span)


def test_kulik_mengatakan_kata_kementerian_dalam_sebuah_pernyataan(traced):
    # Seed 001: Kulik mengatakan dia akan menyampaikan kekhawatiran Seoul kepada
    # pemerintahnya, kata kementerian Korea Selatan dalam sebuah pernyataan.
    doc = traced("001")
    found = in_line(doc, "Kulik mengatakan dia akan menyampaikan")
    assert len(found) == 2, [(a.cue.text, a.source.label) for a in found]
    ministry = one(doc, "kata", "Kulik mengatakan")
    assert ministry.source.name == "kementerian Korea Selatan"
    assert ministry.source.kind.value == "organization"
    assert ministry.cue.position.value == "after"
    assert ministry.channel is not None and ministry.channel.text == "dalam sebuah pernyataan"
    assert ministry.content.text == "Kulik mengatakan dia akan menyampaikan kekhawatiran Seoul kepada pemerintahnya"
    assert labels(ministry) == ["Kontan", "kementerian Korea Selatan"]

    kulik = one(doc, "mengatakan", "Kulik mengatakan")
    assert kulik.source.name == "Andrey Kulik"
    assert kulik.source.mention == "Kulik"
    assert kulik.content.text == "dia akan menyampaikan kekhawatiran Seoul kepada pemerintahnya"
    assert labels(kulik) == ["Kontan", "kementerian Korea Selatan", "Andrey Kulik"]


# --- pronoun sources ---------------------------------------------------------


def test_menurutnya_resolves_to_chang_ho_jin(traced):
    doc = traced("001")
    a = one(doc, "menurutnya")
    assert a.cue.position.value == "before"
    assert a.source.name == "Chang Ho-jin"
    assert a.source.kind.value == "person"
    assert a.source.mention == "nya"
    assert doc.text[a.source.span.start : a.source.span.end] == "nya"
    assert a.content.text == "akan menimbulkan “dampak yang sangat negatif” pada hubungannya dengan Korea Utara"
    assert labels(a) == ["Kontan", "Chang Ho-jin"]


@pytest.mark.parametrize("pronoun", ["Dia", "Ia", "Beliau"])
def test_dia_ia_resolve_to_the_latest_named_source(seed_line, pronoun):
    # Seed 004: Juru bicara Kremlin Dmitry Peskov mengatakan ... ; the next
    # paragraph "Peskov mengatakan Moskow ..." with the name replaced by a pronoun.
    first = seed_line("004", "juru bicara Kremlin Dmitry Peskov mengatakan")
    second = variant(seed_line("004", "Peskov mengatakan Moskow"), "Peskov mengatakan", f"{pronoun} mengatakan")
    doc = attrib.trace(first + "\n\n" + second)
    a = one(doc, "mengatakan", f"{pronoun} mengatakan")
    assert a.source.name == "Dmitry Peskov"
    assert a.source.kind.value == "person"
    assert a.source.mention == pronoun
    assert a.content.text.startswith("Moskow pertama-tama akan segera bersiap")


# --- unnamed sources ---------------------------------------------------------

UNNAMED = [
    ("002", "kata para ahli", "kata", "para ahli"),
    ("001", "Pakar lain mengatakan", "mengatakan", "Pakar lain"),
    ("001", "Para ahli asing berspekulasi", "berspekulasi", "Para ahli asing"),
    ("001", "Banyak pakar dari luar mengatakan", "mengatakan", "Banyak pakar dari luar"),
    ("001", "Para analis mengatakan", "mengatakan", "Para analis"),
    ("001", "Para pejabat AS dan Korea Selatan", "memperingatkan", "Para pejabat AS dan Korea Selatan"),
]


@pytest.mark.parametrize("prefix, needle, cue, source", UNNAMED, ids=[u[3] for u in UNNAMED])
def test_unnamed_sources_are_anonymous(traced, prefix, needle, cue, source):
    doc = traced(prefix)
    found = at_cue(doc, cue, needle)
    # "Para pejabat AS dan Korea Selatan" is one group, not two sources.
    assert len(found) == 1, [(a.source.label, a.source.kind.value) for a in found]
    a = found[0]
    assert a.source.name == source
    assert a.source.kind.value == "anonymous"
    assert a.source.mention == source
    assert a.core


# --- agentless passives -------------------------------------------------------

PASSIVES = [
    ("000", "Rusia disebut terus membujuk", "disebut",
     "Rusia disebut terus membujuk Korut untuk mau menjual senjata kepada Moskow demi memenuhi kebutuhan perang "
     "di Ukraina", ["?"]),
    ("000", "Kim Jong-un dan rombongan dilaporkan", "dilaporkan",
     "Kim Jong-un dan rombongan dilaporkan berangkat dari Stasiun Arytim-Primorsky-1 di kota perbatasan Rusia", ["?"]),
    ("003", "Moskow diyakini", "diyakini",
     "Moskow diyakini tertarik membeli amunisi Korea Utara untuk melanjutkan pertempuran di Ukraina, sementara "
     "Pyongyang menginginkan bantuan Rusia untuk mengembangkan program rudalnya", ["ArrahmahNews", "CNA"]),
]


@pytest.mark.parametrize("prefix, needle, cue, content, chain", PASSIVES, ids=[p[2] for p in PASSIVES])
def test_agentless_passive_is_unspecified_and_not_core(traced, prefix, needle, cue, content, chain):
    a = one(traced(prefix), cue, needle)
    assert a.source.kind.value == "unspecified"
    assert a.source.name is None
    assert a.source.mention is None
    assert a.core is False
    assert a.content.text == content
    assert labels(a) == chain


def test_passives_in_seed_000_are_all_borderline(traced):
    passives = [a for a in traced("000").attributions if a.cue.text in ("disebut", "dilaporkan", "diyakini")]
    assert len(passives) == 4
    assert all(a.source.kind.value == "unspecified" and not a.core for a in passives)
    # and no attribution with a named source is borderline by accident
    named = [a for a in traced("000").attributions if a.source.kind.value != "unspecified"]
    assert all(a.core for a in named)


# --- text glued by scrapers ---------------------------------------------------


def test_glued_mengutipcnn_in_the_whole_article(seeds):
    text = variant(seeds["001"], "Mengutip CNN yang", "MengutipCNN yang")
    doc = attrib.trace(text)
    found = in_line(doc, "MengutipCNN yang melansir media pemerintah Rusia")
    assert len(found) == 1
    a = found[0]
    assert a.cue.text == "Mengutip"
    assert a.source.name == "media pemerintah Rusia"
    assert labels(a) == ["Kontan", "CNN", "media pemerintah Rusia"]
    assert a.content.text.startswith("sebelum Kim berangkat")


@pytest.mark.parametrize(
    "old, new, cue, source",
    [
        ("Mengutip AFP", "DilansirCNA", "Dilansir", "CNA"),
        ("Mengutip AFP", "Seperti dilansirCNA", "Seperti dilansir", "CNA"),
        ("Mengutip AFP", "Dilansir dariCNA", "Dilansir dari", "CNA"),
        ("Mengutip AFP", "mengutipCNN", "mengutip", "CNN"),
    ],
)
def test_glued_cue_and_outlet_before_the_content(seed_line, old, new, cue, source):
    line = variant(seed_line("000", "Mengutip AFP"), old, new)
    doc = attrib.trace(line)
    a = one(doc, cue)
    assert a.source.name == source
    assert a.source.mention == source
    assert doc.text[a.source.span.start : a.source.span.end] == source
    assert a.content.text == "ini merupakan kunjungan resmi pertama Kim Jong-un ke luar negeri sejak pandemi COVID-19"


def test_glued_seperti_dilansircna_is_a_hop(seeds):
    text = variant(seeds["004"], "seperti dilansir Al Jazeera", "seperti dilansirCNA")
    doc = attrib.trace(text)
    a = one(doc, "kata", "seperti dilansirCNA")
    assert a.source.name == "Dmitry Peskov"
    assert labels(a) == ["Indopos", "CNA", "Dmitry Peskov"]
    assert a.time is not None and a.time.text == "Jumat (15/9/2023)"


def test_glued_kantor_berita_tass_after_the_content(seed_line):
    line = variant(seed_line("004", "lapor kantor berita TASS"), "kantor berita TASS milik", "kantor beritaTASSdari")
    doc = attrib.trace(line)
    a = one(doc, "lapor")
    assert a.source.name == "TASS"
    assert a.source.kind.value == "outlet"
    assert "TASS" in a.source.mention
    assert a.content.text == (
        "Pada hari Jumat, Kim tiba di Kota Komsomolsk-on-Amur di Timur Jauh Rusia untuk mengunjungi fasilitas "
        "tempat pembuatan jet tempur Rusia"
    )


def test_glued_kantor_berita_tass_before_the_content(seed_line):
    # "Menurut kantor berita TASS dari Rusia, ..." glued: the source ends before
    # the comma, so the content is the clause after it.
    line = variant(seed_line("000", "Menurut kantor berita Rusia, TASS"), "kantor berita Rusia, TASS,",
                   "kantor beritaTASSdari Rusia,")
    doc = attrib.trace(line)
    a = one(doc, "Menurut")
    assert a.source.name == "TASS"
    assert "TASS" in a.source.mention
    assert a.content.text == (
        "Kim Jon-un bertemu dengan Menteri Pertahanan Sergei Shoigu di Vladivostok pada Sabtu (16/9/2023)"
    )


# --- time and channel ---------------------------------------------------------

TIMES = [
    ("004", "mengatakan", "Dmitry Peskov mengatakan pada hari Kamis", "pada hari Kamis"),
    ("004", "kata", "seperti dilansir Al Jazeera, Jumat (15/9/2023)", "Jumat (15/9/2023)"),
    ("004", "mengkonfirmasi", "Moskow juga mengkonfirmasi pada hari Kamis", "pada hari Kamis"),
    ("001", "mengatakan", "Laporan KNCA pada hari Rabu", "pada hari Rabu"),
    ("001", "klaim", "klaim KCNA pada Kamis", "pada Kamis"),
    ("002", "mengatakan", "KCNA\u00a0pada hari Senin mengatakan", "pada hari Senin"),
]


@pytest.mark.parametrize("prefix, cue, needle, time", TIMES, ids=[t[3] + f" ({t[0]})" for t in TIMES])
def test_time_expressions(traced, prefix, cue, needle, time):
    doc = traced(prefix)
    a = one(doc, cue, needle)
    assert a.time is not None, "no time found"
    assert a.time.text == time
    assert doc.text[a.time.span.start : a.time.span.end] == time
    assert not a.content.span.contains(a.time.span)


CHANNELS = [
    ("004", "mengatakan", "kepada TV pemerintah Rusia", "kepada TV pemerintah Rusia"),
    ("001", "kata", "dalam sebuah pernyataan", "dalam sebuah pernyataan"),
    ("001", "mengatakan", "dalam laporan terpisah", "dalam laporan terpisah"),
]


@pytest.mark.parametrize("prefix, cue, needle, channel", CHANNELS, ids=[c[3] for c in CHANNELS])
def test_channels(traced, prefix, cue, needle, channel):
    doc = traced(prefix)
    a = one(doc, cue, needle)
    assert a.channel is not None, "no channel found"
    assert a.channel.text == channel
    assert doc.text[a.channel.span.start : a.channel.span.end] == channel
    assert not a.content.span.overlaps(a.channel.span)


def test_channel_is_not_the_source_but_an_outlet_there_is_a_hop(traced):
    # Putin mengatakan kepada TV pemerintah Rusia sebelumnya bahwa Kim juga ...
    # (rules v2: the outlet the speaker spoke to is a hop; the seed gold has it)
    a = one(traced("004"), "mengatakan", "kepada TV pemerintah Rusia")
    assert a.source.name == "Vladimir Putin"
    assert labels(a) == ["Indopos", "TV pemerintah Rusia", "Vladimir Putin"]
    assert a.content.text == (
        "Kim juga akan melakukan perjalanan ke Vladivostok untuk melihat armada Pasifik Rusia, sebuah universitas, "
        "dan fasilitas lainnya"
    )


# --- document metadata --------------------------------------------------------


def test_byline_reporter_and_editor_are_credits(traced):
    doc = traced("001")
    assert [(c.role, c.name) for c in doc.credits][:2] == [
        ("reporter", "Barratut Taqiyyah Rafie"),
        ("editor", "Barratut Taqiyyah Rafie"),
    ]
    for c in doc.credits:
        assert doc.text[c.span.start : c.span.end] == c.name
    assert not [a for a in doc.attributions if a.cue.span.start < doc.text.index("\n")]


def test_by_outlet_byline_gives_the_publisher_not_a_credit(traced):
    doc = traced("002")
    assert doc.publisher is not None
    assert doc.publisher.name == "Beritasatu"
    assert doc.publisher.kind.value == "outlet"
    assert not [c for c in doc.credits if "BeritaSatu" in c.name or "Beritasatu" in c.name]
    assert all(labels(a)[0] == "Beritasatu" for a in doc.attributions)


DATELINES = [
    ("001", "KONTAN.CO.ID - SEOUL.", None, "Kontan"),
    ("002", "Moskwa, Beritasatu.com", None, "Beritasatu"),
    ("004", "INDOPOS.CO.ID –", None, "Indopos"),
    ("003", "Rusia, ARRAHMAHNEWS.COM", None, "ArrahmahNews"),
    ("003", "Kremlin mengatakan belum ada", "JAKARTA, KOMPAS.com – ", "Kompas"),
]


@pytest.mark.parametrize("prefix, needle, prepend, publisher", DATELINES, ids=[d[3] for d in DATELINES])
def test_dateline_gives_the_publisher(seed_line, prefix, needle, prepend, publisher):
    line = seed_line(prefix, needle)
    if prepend:
        line = prepend + line
    doc = attrib.trace(line)
    assert doc.publisher is not None
    assert doc.publisher.name == publisher
    assert doc.publisher.kind.value == "outlet"
    assert doc.text[doc.publisher.span.start : doc.publisher.span.end] == doc.publisher.mention
    dash = max(line.find(" – "), line.find(" - "))
    for a in doc.attributions:
        # the dateline is neither a source nor part of any content
        assert a.content.span.start > dash
        assert a.source.span is None or a.source.span.start > dash
        assert labels(a)[0] == publisher


def test_dateline_kontan_seoul_is_not_in_the_source(seed_line):
    doc = attrib.trace(seed_line("001", "KONTAN.CO.ID - SEOUL."))
    a = one(doc, "melaporkan")
    assert a.source.mention == "Media pemerintah Korea Utara"
    assert labels(a) == ["Kontan", "Media pemerintah Korea Utara"]


def test_dateline_kompas_with_an_attribution(seed_line):
    doc = attrib.trace("JAKARTA, KOMPAS.com – " + seed_line("003", "Kremlin mengatakan belum ada"))
    a = one(doc, "mengatakan")
    assert a.source.name == "Kremlin"
    assert a.content.text == "belum ada perjanjian yang telah atau akan ditandatangani"
    assert labels(a) == ["Kompas", "Kremlin"]


def test_sumber_cna_is_the_document_source_of_every_chain(traced):
    doc = traced("003")
    assert doc.publisher is not None and doc.publisher.name == "ArrahmahNews"
    assert doc.document_source is not None
    assert doc.document_source.name == "CNA"
    assert doc.document_source.kind.value == "outlet"
    assert doc.attributions
    for a in doc.attributions:
        assert labels(a)[:2] == ["ArrahmahNews", "CNA"], labels(a)
    assert labels(one(doc, "lapor")) == ["ArrahmahNews", "CNA", "TASS"]
    # "Sumber: CNA" is metadata, not an attribution
    start = doc.text.index("Sumber: CNA")
    assert not [a for a in doc.attributions if a.cue.span.start >= start]


def test_foto_al_jazeera_is_a_credit_not_an_attribution(traced, seed_line):
    doc = traced("004")
    assert ("photo", "Al Jazeera") in [(c.role, c.name) for c in doc.credits]
    caption = seed_line("004", "Foto: Al Jazeera")
    start = doc.text.index(caption)
    end = start + len(caption)
    assert not [a for a in doc.attributions if a.span.overlaps(attrib.Span(start, end))]
    assert not [a for a in doc.attributions if a.source.name == "Al Jazeera"]


@pytest.mark.parametrize("prefix, tag, name", [("004", "(dam)", "dam"), ("003", "(ARN)", "ARN")])
def test_trailing_initials_tag_is_a_credit(traced, prefix, tag, name):
    doc = traced(prefix)
    credits = [(c.role, c.name) for c in doc.credits]
    assert ("initials", name) in credits, credits
    c = next(c for c in doc.credits if c.role == "initials")
    assert doc.text[c.span.start - 1 : c.span.end + 1] == tag
    assert not [a for a in doc.attributions if a.content.span.overlaps(c.span)]


def test_initials_tag_does_not_hide_the_attribution_before_it(traced):
    # “...,” katanya. (dam)  -- the tag shares the line with the quote
    assert one(traced("004"), "katanya").source.name == "Jeon Hak-kyou"


# --- the bar and span offsets ------------------------------------------


@pytest.mark.parametrize(
    "prefix, chain",
    [
        ("001", ["Kontan", "CNN", "media pemerintah Rusia"]),
        ("004", ["Indopos", "Al Jazeera", "Dmitry Peskov"]),
        ("003", ["ArrahmahNews", "CNA", "TASS"]),
    ],
)
def test_bar_chains(traced, prefix, chain):
    assert chain in [labels(a) for a in traced(prefix).attributions]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_span_reads_back_its_text(traced, prefix):
    doc = traced(prefix)
    text = doc.text
    assert doc.attributions
    for a in doc.attributions:
        assert text[a.cue.span.start : a.cue.span.end] == a.cue.text
        assert text[a.content.span.start : a.content.span.end] == a.content.text
        assert a.content.text == a.content.text.strip()
        assert a.content.text
        if a.source.mention is not None or a.source.span is not None:
            assert a.source.span is not None and a.source.mention is not None
            assert text[a.source.span.start : a.source.span.end] == a.source.mention
        for p in (a.time, a.channel):
            if p is not None:
                assert text[p.span.start : p.span.end] == p.text
        for hop in a.chain:
            if hop.span is not None and hop.mention is not None:
                assert text[hop.span.start : hop.span.end] == hop.mention
        # the cue is not inside its own content, except for agentless passives
        if a.source.kind.value != "unspecified":
            assert not a.content.span.contains(a.cue.span)
    for c in doc.credits:
        assert text[c.span.start : c.span.end] == c.name
    for s in (doc.publisher, doc.document_source):
        if s is not None and s.span is not None:
            assert text[s.span.start : s.span.end] == s.mention
