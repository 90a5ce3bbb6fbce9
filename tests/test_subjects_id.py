"""Subjects that did not parse (issue 14, class 1: recall of reporting frames).

- a noun phrase closed by a demonstrative (``itu``, ``ini``, ``tersebut``)
  that describes a person by a role or rank refers back to the person named
  before, like a pronoun; one that describes a body or an unnamed person keeps
  its description;
- modifiers set off by commas between the subject and its verb
  (``X, Rabu (16/9/2020), mengatakan``).

The sentences are invented, in the shape of real Indonesian news.
"""

from __future__ import annotations

import pytest

import attrib


def _attrs(text: str):
    return attrib.trace(text, lang="id").attributions


def _by_cue(text: str, cue: str):
    got = [a for a in _attrs(text) if a.cue.text == cue]
    assert len(got) == 1, [(a.cue.text, a.source.name) for a in _attrs(text)]
    return got[0]


@pytest.mark.parametrize(
    "text, cue, name",
    [
        # a rank and plain words, then the demonstrative
        ("Panglima Kodam Mayjen Budi Santoso meninjau lokasi banjir pada Senin. "
         "Jenderal bintang dua itu mengatakan, bantuan sudah dikirim ke semua desa.",
         "mengatakan", "Budi Santoso"),
        # a role and an organisation, closed by "ini"
        ("Menteri Sekretaris Negara Andi Wijaya ditemui di Istana. "
         "Politikus Partai Merdeka ini menilai pulau itu belum diteliti.",
         "menilai", "Andi Wijaya"),
        # a role alone, closed by "tersebut"
        ("Juru bicara kementerian, Sinta Dewi, menyampaikan keprihatinan. "
         "Juru bicara tersebut juga menyebut serangan itu melanggar hukum.",
         "menyebut", "Sinta Dewi"),
        # a former role, plain words and a name of a club
        ("Marco Rossi hadir di stadion pada Sabtu malam. "
         "Mantan pelatih Juventus itu menilai timnya masih tertinggal.",
         "menilai", "Marco Rossi"),
    ],
)
def test_anaphor_subject_refers_back(text, cue, name):
    a = _by_cue(text, cue)
    assert a.source.name == name
    assert a.source.kind == attrib.SourceKind.PERSON


def test_anaphor_after_a_post_cue_refers_back():
    text = ('Bek legendaris Brasil, Carlos Mendes, memuji pelatih baru. '
            '"Saya optimistis dengan arah tim ini," ujar bek kanan legendaris tersebut.')
    a = _by_cue(text, "ujar")
    assert a.source.name == "Carlos Mendes"


def test_pronoun_after_an_anaphor_subject_is_the_earlier_person():
    # the unit's subject is an anaphor, so "Dia" is not "Politikus Partai Merdeka"
    text = ("Menteri Sekretaris Negara Andi Wijaya ditemui di Istana. "
            "Politikus Partai Merdeka ini mengaku sudah mengecek ke kementerian. "
            "Dia menuturkan, belum ada penelitian soal kandungan energi di pulau itu.")
    a = _by_cue(text, "menuturkan")
    assert a.source.name == "Andi Wijaya"


def test_anaphor_with_nobody_before_keeps_its_description():
    a = _by_cue("Politikus Partai Merdeka ini mengaku sudah mengecek ke kementerian.", "mengaku")
    assert a.source.name == "Politikus Partai Merdeka"


def test_unnamed_person_with_demonstrative_keeps_the_description():
    text = ('Seorang pejabat senior AS berbicara kepada wartawan. '
            '"Kami sudah memberi tahu mereka," kata pejabat AS tersebut.')
    a = _by_cue(text, "kata")
    assert a.source.kind == attrib.SourceKind.ANONYMOUS
    assert "pejabat" in a.source.name


def test_named_person_with_demonstrative_is_that_person():
    a = _by_cue("Kemarin Wali Kota Budi Hartono ini mengatakan, jalan itu akan diperbaiki.", "mengatakan")
    assert a.source.name == "Budi Hartono"


def test_demonstrative_phrase_before_an_appositive_is_left_out():
    # "Menyoroti hal ini, Gubernur DKI Jakarta, X, menyampaikan": the subject is X
    text = ("Menyoroti hal ini, Gubernur Jawa Tengah, Rudi Hartanto, menyampaikan, "
            "pemerintah akan menambah anggaran bantuan.")
    a = _by_cue(text, "menyampaikan")
    assert a.source.name == "Rudi Hartanto"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Tri Wahyuni, Rabu (16/9/2020), mengatakan warga sudah dievakuasi.", "Tri Wahyuni"),
        ("Tri Wahyuni di Surabaya, Rabu (16/9/2020), mengatakan warga sudah dievakuasi.", "Tri Wahyuni"),
        ("Budi Santoso, dalam wawancara, mengatakan harga beras akan turun.", "Budi Santoso"),
    ],
)
def test_comma_modifiers_between_subject_and_verb(text, name):
    a = _by_cue(text, "mengatakan")
    assert a.source.name == name
    assert a.content.text.startswith(("warga", "harga"))


def test_comma_before_verb_after_an_adjunct_is_no_subject():
    # "di media sosial pada tahun 2020, menyebutnya": media sosial is no subject
    text = ('Rudi sebelumnya pernah mengkritik Budi di media sosial pada tahun 2020, '
            'menyebutnya sebagai "pemimpin paling buruk."')
    for a in _attrs(text):
        assert a.source.name != "media sosial"


def test_demonstrative_keeps_its_other_uses():
    # "hari ini" stays a time, "pernyataan itu" a channel
    a = _by_cue("Budi Santoso hari ini mengatakan, harga beras turun.", "mengatakan")
    assert a.source.name == "Budi Santoso"
    a = _by_cue("Kementerian Kesehatan dalam pernyataan itu menyebutkan, kasus baru menurun.", "menyebutkan")
    assert a.source.name == "Kementerian Kesehatan"


@pytest.mark.parametrize(
    "text, cue, name, kind",
    [
        ("Di Surabaya, pihak berwenang mengatakan lebih dari 5.000 orang hadir.", "mengatakan", "pihak berwenang",
         attrib.SourceKind.ORGANIZATION),
        ("Diketahui penyelenggara mengatakan sebanyak dua juta orang ikut berbaris.", "mengatakan", "penyelenggara",
         attrib.SourceKind.ANONYMOUS),
        ("Otoritas setempat menyatakan jalan itu ditutup sementara.", "menyatakan", "Otoritas setempat",
         attrib.SourceKind.ORGANIZATION),
    ],
)
def test_lowercase_groups_as_subjects(text, cue, name, kind):
    a = _by_cue(text, cue)
    assert a.source.name == name
    assert a.source.kind == kind


def test_experts_of_a_known_body_are_unnamed_experts():
    text = ("Pria itu dieksekusi, menurut kelompok hak asasi manusia (HAM) dan pakar Perserikatan "
            "Bangsa-Bangsa (PBB), karena ikut berdemonstrasi.")
    names = sorted(a.source.name for a in _attrs(text) if a.cue.text == "menurut")
    assert names == ["kelompok hak asasi manusia (HAM)", "pakar Perserikatan Bangsa-Bangsa (PBB)"]
    kinds = {a.source.name: a.source.kind for a in _attrs(text)}
    assert kinds["pakar Perserikatan Bangsa-Bangsa (PBB)"] == attrib.SourceKind.ANONYMOUS


@pytest.mark.parametrize(
    "text, name",
    [
        # a relative clause closed by a comma, with or without one before it
        ("Budi Santoso, yang juga menjabat Ketua Umum partai itu, mengatakan pemilu akan berlangsung damai.",
         "Budi Santoso"),
        ("Rina Marlina yang juga Wakil Menteri Perdagangan, mengatakan harga beras akan turun.",
         "Rina Marlina"),
        # closed by the verb itself
        ("Pengunjuk rasa yang turun ke jalan mengatakan aksi itu berlangsung damai.", "Pengunjuk rasa"),
        # a name in apposition after the relative clause is the source
        ("Salah satu warga yang menjadi korban banjir, Budi Santoso, mengatakan air datang tiba-tiba.",
         "Budi Santoso"),
        ("Kapolres yang baru dilantik, AKBP Rudi Hartanto, mengatakan kasus itu masih diselidiki.",
         "Rudi Hartanto"),
    ],
)
def test_relative_clause_in_the_subject(text, name):
    a = _by_cue(text, "mengatakan")
    assert a.source.name == name


def test_relative_clause_after_a_pre_cue_and_a_hop_after_yang():
    a = _by_cue("Menurut seorang sumber yang tidak mau disebutkan namanya, rapat itu ditunda.", "Menurut")
    assert a.content.text == "rapat itu ditunda"
    a = _by_cue("Mengutip CNN yang melansir media pemerintah Rusia, kapal itu tenggelam.", "Mengutip")
    assert [s.name for s in a.chain][1:] == ["CNN", "media pemerintah Rusia"]


def test_a_modifier_opens_no_noun_phrase():
    # asing, federal, senior follow their head: "pegawai federal" is no source "federal"
    text = "Banyak pegawai federal yang dirumahkan setelah penutupan pemerintah, mengatakan gaji mereka belum dibayar."
    for a in _attrs(text):
        assert a.source.name != "federal"
