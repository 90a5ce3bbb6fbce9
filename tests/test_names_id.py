"""Names inside titled noun phrases (issue 14, class 2).

The source of a titled NP is the person's name; the title is parsed into role
and affiliation (grammars/<lang>/ranks.tsv, offices.tsv, sources.tsv,
places.tsv). A short mention takes the fullest name the article uses, without
the title words around it. The sentences are invented, in the shape of real
Indonesian and English news.
"""

from __future__ import annotations

import pytest

import attrib


def _sources(text: str, lang: str = "id"):
    return [a.source for a in attrib.trace(text, lang=lang).attributions]


def _one(text: str, lang: str = "id"):
    got = _sources(text, lang)
    assert len(got) == 1, [s.name for s in got]
    return got[0]


@pytest.mark.parametrize(
    "text, name, role, affiliation",
    [
        # an office with a chained affiliation and a place
        ("Presiden AS Joe Biden mengatakan, pertemuan itu penting.", "Joe Biden", "Presiden", "AS"),
        ("Menteri Luar Negeri Jepang Taro Yamada mengatakan, Tokyo siap.", "Taro Yamada", "Menteri Luar Negeri",
         "Jepang"),
        # a police unit, a place with a point of the compass, then a rank
        ("Kapolres Metro Jakarta Selatan Kombes Budi Santoso mengatakan, pelaku sudah ditangkap.", "Budi Santoso",
         "Kapolres", "Metro Jakarta Selatan"),
        ("Kapolda Jawa Tengah Irjen Andi Wijaya mengatakan, situasi aman.", "Andi Wijaya", "Kapolda",
         "Jawa Tengah"),
        # a rank with its service in parentheses, and no office
        ("Brigjen (Pol) Dedi Kurnia mengatakan, penyidikan berlanjut.", "Dedi Kurnia", "Brigjen (Pol)", None),
        # ranks of several words
        ("Komisaris Besar Rudi Hartono mengatakan, ada tiga tersangka.", "Rudi Hartono", "Komisaris Besar", None),
        ("Letnan Jenderal Agus Salim mengatakan, pasukan sudah siap.", "Agus Salim", "Letnan Jenderal", None),
        # an office whose name holds "dan": one person, not two sources
        ("Direktur Jenderal Bea dan Cukai Askar Wibowo mengatakan, penerimaan naik.", "Askar Wibowo",
         "Direktur Jenderal Bea dan Cukai", None),
        ("Menteri Energi dan Sumber Daya Mineral Bahar Lubis mengatakan, harga turun.", "Bahar Lubis",
         "Menteri Energi dan Sumber Daya Mineral", None),
        # an organisation head, then the organisation's name, then the person
        ("Ketua Umum Partai Merdeka Sinta Wulandari mengatakan, partainya siap.", "Sinta Wulandari", "Ketua Umum",
         "Partai Merdeka"),
        # an acronym ends the affiliation
        ("Komisioner KPU RI Betty Anggraini mengatakan, tahapan berjalan.", "Betty Anggraini", "Komisioner",
         "KPU RI"),
        # honorifics
        ("Pak Harjo mengatakan, sawahnya kebanjiran.", "Harjo", "Pak", None),
        ("Tengku Amir mengatakan, warga sudah mengungsi.", "Amir", "Tengku", None),
    ],
)
def test_titled_np_is_the_person(text, name, role, affiliation):
    s = _one(text)
    assert s.kind == attrib.SourceKind.PERSON
    assert s.name == name
    assert s.role == role
    assert s.affiliation == affiliation


def test_rank_after_a_comma_names_the_person():
    # "Kasubdit I Bareskrim Polri, Kombes Rizki Agung Prakoso" (dev-id, d003): the rank says the last NP is a person
    s = _one("Hal itu dikonfirmasi Kasubdit II Ditreskrim, Kombes Tono Hariyanto mengatakan, berkas lengkap.")
    assert s.name == "Tono Hariyanto"


def test_role_then_party_alone_is_a_role_not_a_name():
    # "Politikus Partai Gerindra ini" (dev-id, s001): Gerindra is the party, no person is named
    s = _one("Politikus Partai Merdeka ini mengaku sudah mengeceknya ke kementerian.")
    assert s.kind == attrib.SourceKind.PERSON
    assert s.name == "Politikus Partai Merdeka"
    assert s.method == "role"


def test_role_then_acronym_alone_is_a_role():
    s = _one("Waketum PAN ini mengaku bangga dengan produksi dalam negeri.")
    assert s.method == "role"


def test_abbreviation_in_parentheses_inside_a_title():
    s = _one("Komisaris Departemen Perlindungan Lingkungan (DEP) New York, Rohan Mehta, menyebut bahwa drainase "
             "kota buruk.")
    assert s.name == "Rohan Mehta"
    assert s.role == "Komisaris"


def test_place_then_name_in_apposition():
    s = _one("Mantan kapten timnas Brasil, Carlos, memuji langkah pelatih itu.")
    assert s.name == "Carlos"


def test_capitalised_mother_is_an_honorific_but_lowercase_is_a_noun():
    # "ujar ibu dua anak ini": no honorific, so no name "dua"
    names = [s.name for s in _sources("“Kami takut,” ujar ibu dua anak ini.")]
    assert "dua" not in names and "ibu" not in names
    assert _one("Ibu Sari mengatakan, harga beras naik.").name == "Sari"


@pytest.mark.parametrize(
    "text, full",
    [
        # the fullest name, without the rank or the office before it
        ("Kapuspen TNI Brigjen Marinir Fadli Ardiansyah mengatakan, latihan selesai. “Semua aman,” kata Fadli.",
         "Fadli Ardiansyah"),
        ("Wakil Ketua MPR Edi Supriyadi hadir di sana. “Kami mendukung,” kata Edi.", "Edi Supriyadi"),
        ("Direktur Eksekutif Amnesty Internasional Indonesia Umar Hamzah hadir dalam diskusi itu pada sore hari. "
         "“Ini keliru,” ujar Umar.",
         "Umar Hamzah"),
        # a rank of two words: Besar is not the name's
        ("Kapolda Metro Jaya Komisaris Besar Yunus Yahya hadir. “Kami usut,” kata Yunus.", "Yunus Yahya"),
        # an office with "dan" before the name on the line
        ("Direktur Jenderal Bea dan Cukai Askar Wibowo hadir. “Penerimaan naik,” kata Askar.", "Askar Wibowo"),
        # an honorific before a later mention: "Pak Harjo" is Harjo Susilo
        ("Harjo Susilo mengatakan, panen gagal. “Sawah kami rusak,” kata Pak Harjo.", "Harjo Susilo"),
    ],
)
def test_short_mention_takes_the_fullest_name_without_the_title(text, full):
    got = _sources(text)
    assert got, text
    assert got[-1].name == full


def test_name_in_a_quote_line_after_a_sentence_word():
    # "Jadi Pak Prabowo itu ..." inside a quotation (dev-id, d007): "Jadi" and "Pak" are not the name's
    text = ("“Bagus. Jadi Pak Sutrisno itu sangat ingin mendorong industri,” kata Dede. "
            "“Kami setuju,” kata Sutrisno.")
    assert _sources(text)[-1].name == "Sutrisno"


@pytest.mark.parametrize(
    "text, name, role, affiliation",
    [
        ("Lt Col Jane Doe of the agency said the plan was ready.", "Jane Doe", "Lt Col", "the agency"),
        ("“No,” said Major General Tom Brown, the army spokesman.", "Tom Brown", "Major General",
         "the army spokesman"),
    ],
)
def test_english_ranks(text, name, role, affiliation):
    s = _one(text, "en")
    assert (s.name, s.role, s.affiliation) == (name, role, affiliation)


def test_english_mr_takes_the_full_name():
    got = _sources("John Smith arrived on Monday. “We will win,” Mr Smith said. “Yes,” Smith said.", "en")
    assert [s.name for s in got] == ["John Smith", "John Smith"]


def test_english_named_company_after_its_description():
    s = _one("US oil company Acme said it would cut jobs.", "en")
    assert s.name == "Acme"
    assert s.descriptor == "US oil company"
    assert s.kind == attrib.SourceKind.ORGANIZATION


def test_unnamed_organisation_keeps_its_description():
    # an organisation head first: "Bank Sentral Swiss" is the name, not "Swiss"
    s = _one("Bank Sentral Swiss mengatakan, inflasi turun.")
    assert s.kind == attrib.SourceKind.ORGANIZATION
    assert s.name == "Bank Sentral Swiss"


def test_person_named_first_before_several_appositives():
    # "Derek Wallace, President, Global Vaccine Business Unit, Takeda Pharmaceuticals, menyatakan" (dev-id, m006)
    s = _one("Maria Lopez, President, Global Health Unit, Acme Pharma, menyatakan kasus dengue naik.")
    assert s.name == "Maria Lopez"
    assert s.role == "President"


def test_unnamed_person_then_name_in_apposition():
    # "ujar seorang lansia, Colleen Hoffman (69), kepada AFP" (dev-id, d009)
    text = "“Kami tidak akan diam,” ujar seorang lansia, Mary Jones (69), kepada AFP."
    assert _one(text).name == "Mary Jones"


def test_determiner_alone_is_anonymous_not_a_name():
    s = _one("“Kami tidak akan diam,” ujar seorang.")
    assert s.kind == attrib.SourceKind.ANONYMOUS
