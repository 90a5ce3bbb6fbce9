"""Indonesian agentive passives, ages, outlet lists and titled spokespeople,
on invented sentences (rules v2).

- ``Hal itu disampaikan oleh X``: a passive with its agent after ``oleh``
  names the source; with a demonstrative subject it says the sentence before.
- ``Hanya dituturkan oleh X bahwa ...``: the content after ``bahwa``.
- ``Budi (45)``: an age after a name is no part of it.
- ``Dilansir AFP, BBC, dan CNN``: a list of outlets, one attribution each.
- ``Juru Bicara Kementerian Luar Negeri X``: the person who holds the role.
"""

import pytest

from attrib import trace

from claims import chain, the


def test_agentive_passive_with_a_demonstrative_subject_says_the_sentence_before():
    doc = trace(
        "JAKARTA, KOMPAS.com - Jembatan tua di pusat kota terancam runtuh akibat banjir.\n\n"
        "Peringatan tersebut disampaikan oleh Kepala Dinas Pekerjaan Umum, Budi Santoso, "
        "dalam wawancara dengan kantor berita Reuters, Rabu (22/10/2025).\n\n"
        "Budi Santoso menambahkan bahwa perbaikan akan dimulai bulan depan.",
        "id",
    )
    a = the(doc, "disampaikan oleh")
    assert a.source.name == "Budi Santoso"
    assert a.content.text == "Jembatan tua di pusat kota terancam runtuh akibat banjir"
    assert chain(a) == ["Kompas", "Reuters", "Budi Santoso"]
    # the outlet the speaker spoke to stays in their later attributions
    assert chain(the(doc, "menambahkan")) == ["Kompas", "Reuters", "Budi Santoso"]


def test_agentive_passive_takes_the_statement_from_an_agentless_passive():
    doc = trace(
        "Pemerintah dikabarkan telah menyiapkan dana darurat untuk korban banjir.\n\n"
        "Informasi ini disampaikan oleh pejabat yang meninjau laporan terbaru, "
        "sebagaimana diberitakan Reuters pada Selasa (17/6/2025).",
        "id",
    )
    assert [a.cue.text for a in doc.attributions] == ["disampaikan oleh"]
    a = doc.attributions[0]
    assert a.source.name == "pejabat"
    assert a.content.text.startswith("Pemerintah dikabarkan")
    assert chain(a)[1] == "Reuters"


def test_agentive_passive_before_bahwa():
    doc = trace("Hanya dituturkan oleh kepala layanan darurat kota bahwa serangan itu melukai pasien.", "id")
    a = the(doc, "dituturkan oleh")
    assert a.source.name == "kepala layanan darurat kota"
    assert a.content.text == "serangan itu melukai pasien"


@pytest.mark.parametrize("text", [
    "Rapat itu disampaikan dalam suasana santai.",  # no agent: no cue
    "Jembatan itu dinyatakan aman setelah diperiksa.",
])
def test_a_passive_without_its_agent_is_no_attribution(text):
    assert [a.cue.text for a in trace(text, "id").attributions] == []


def test_an_age_after_the_name_and_a_channel_after_the_apposition():
    doc = trace(
        '"Saya tidak pernah menyangka akan melihat kota ini tenggelam," ujar seorang warga, '
        "Siti Aminah (69), kepada AFP saat ditemui di Semarang.\n\n"
        "Budi Santoso (45) mengatakan harga beras naik sejak pekan lalu.",
        "id",
    )
    a = the(doc, "ujar")
    assert a.source.name == "Siti Aminah"
    assert chain(a) == ["?", "AFP", "Siti Aminah"]
    assert the(doc, "mengatakan").source.name == "Budi Santoso"


def test_outlets_listed_before_dan_are_each_a_source():
    doc = trace("Dilansir AFP, BBC, dan CNN, Minggu (19/10/2025), ribuan orang turun ke jalan.", "id")
    assert [a.source.label for a in doc.attributions] == ["AFP", "BBC", "CNN"]


@pytest.mark.parametrize("cue", ["Sebagaimana dilansir dari", "Seperti yang dikutip dari"])
def test_citation_phrases_in_all_their_forms(cue):
    doc = trace(f"{cue} Reuters, Jumat (31/10/2025), harga minyak naik tajam.", "id")
    a = the(doc, cue)
    assert a.source.label == "Reuters"
    assert a.content.text == "harga minyak naik tajam"


def test_a_channel_with_a_relative_clause_names_the_outlet_and_a_role_is_a_person():
    doc = trace(
        "Juru Bicara Kementerian Luar Negeri Korea Utara dalam siaran yang dirilis media resmi KCNA "
        "mengatakan, negaranya prihatin atas serangan itu.",
        "id",
    )
    a = the(doc, "mengatakan")
    assert a.source.name == "Juru Bicara Kementerian Luar Negeri Korea Utara"
    assert a.source.kind.value == "person"
    assert chain(a)[1] == "KCNA"


def test_a_shorter_name_of_several_words_is_the_fuller_one_written_before():
    doc = trace(
        "Penasihat gubernur, Marwan Al Zahrani, berbicara kepada AFP pada Rabu.\n\n"
        "Al Zahrani menyebutkan bahwa penggalian masih berlangsung.",
        "id",
    )
    assert the(doc, "menyebutkan").source.name == "Marwan Al Zahrani"


def test_menurut_right_after_a_quotation_is_its_cue():
    doc = trace(
        "Teguh Nugroho mengatakan harga naik.\n\n"
        '"Kalau alasannya demikian, tidak perlu ada pembatasan di kendaraan umum lain," menurutnya lagi.\n\n'
        '"Kami akan mengawasi semua pengemudi ojek daring di seluruh kota ini," menurut Teguh.',
        "id",
    )
    got = [(a.cue.text, a.source.name, a.direct) for a in doc.attributions]
    assert got[1] == ("menurutnya", "Teguh Nugroho", True)
    assert got[2] == ("menurut", "Teguh Nugroho", True)


def test_a_citation_closing_a_sentence_of_the_writers_says_the_clause_before():
    doc = trace(
        "Tugas utamanya adalah memangkas anggaran dan merampingkan birokrasi, sebagaimana dilansir AFP.\n\n"
        '"Kami siap menghadapi semua tantangan tahun ini," kata Budi Santoso, Rabu (18/6/2025), dikutip dari Reuters.',
        "id",
    )
    got = [(a.cue.text, a.source.label, a.content.text) for a in doc.attributions]
    assert got[0] == ("sebagaimana dilansir", "AFP", "Tugas utamanya adalah memangkas anggaran dan merampingkan birokrasi")
    # after another frame the citation is a hop of that frame, no claim of its own
    assert len(got) == 2 and chain(the(doc, "kata")) == ["?", "Reuters", "Budi Santoso"]
