"""Discourse rules of issue 14 (rules v2) on invented Indonesian sentences:
outlet hops after a time or channel phrase, ``kepada <outlet>``, carry-over
per speaker, and pronouns resolving to the nearest compatible speaker."""

from attrib import trace


def _chains(doc):
    return {a.content.text: [c.name for c in a.chain] for a in doc.attributions}


def _by_cue(doc, cue):
    return [a for a in doc.attributions if a.cue.text == cue]


def test_trailing_citation_after_a_channel_phrase_is_a_hop():
    text = (
        '"Dapur harus bersih setiap hari," kata Budi Santoso saat ditemui seusai rapat kerja di gedung DPR, '
        "dilansir Antara, Selasa (21/10/2025).\n"
    )
    doc = trace(text, "id")
    assert [a.source.name for a in doc.attributions] == ["Budi Santoso"]  # the citation is no claim of its own
    assert [c.name for c in doc.attributions[0].chain] == ["?", "Antara", "Budi Santoso"]


def test_trailing_citation_after_a_date():
    text = '"Kami siap," ujar Rina Wulandari dalam pernyataannya, Minggu (2/11/2025), dikutip dari kantor berita AFP.\n'
    doc = trace(text, "id")
    (a,) = doc.attributions
    assert [c.name for c in a.chain][-2:] == ["AFP", "Rina Wulandari"]


def test_a_citation_before_a_clause_is_not_trailing():
    # the citation governs a clause of its own: it stays an attribution
    text = "Dilansir Reuters, Senin (3/11/2025), harga minyak dunia turun tajam pekan ini.\n"
    doc = trace(text, "id")
    assert [a.source.name for a in doc.attributions] == ["Reuters"]


def test_outlet_the_speaker_spoke_to_is_a_hop():
    text = '"Kami tidak akan mundur," kata Rina Wulandari kepada AFP.\n'
    doc = trace(text, "id")
    (a,) = doc.attributions
    assert [c.name for c in a.chain] == ["?", "AFP", "Rina Wulandari"]


def test_carry_over_per_speaker_forward_only():
    text = (
        "Budi Santoso mengatakan bahwa anggaran belum turun.\n\n"
        '"Kami menunggu keputusan menteri," kata Budi Santoso kepada Reuters.\n\n'
        "Budi Santoso menambahkan bahwa proyek itu tetap berjalan.\n\n"
        "Siti Aminah mengatakan bahwa warga sudah lama menunggu.\n"
    )
    doc = trace(text, "id")
    chains = _chains(doc)
    assert chains["anggaran belum turun"] == ["?", "Budi Santoso"]  # before the outlet is named: no hop
    assert chains["Kami menunggu keputusan menteri,"] == ["?", "Reuters", "Budi Santoso"]
    assert chains["proyek itu tetap berjalan"] == ["?", "Reuters", "Budi Santoso"]  # carried over
    assert chains["warga sudah lama menunggu"] == ["?", "Siti Aminah"]  # not to another speaker


def test_carry_over_ends_when_another_outlet_is_named():
    text = (
        '"Harga naik," kata Budi Santoso kepada Reuters.\n\n'
        '"Stok aman," kata Budi Santoso, dikutip dari AFP, Senin (3/11/2025).\n\n'
        "Budi Santoso menambahkan bahwa impor dihentikan.\n"
    )
    chains = _chains(trace(text, "id"))
    assert chains["Stok aman,"] == ["?", "AFP", "Budi Santoso"]
    assert chains["impor dihentikan"] == ["?", "AFP", "Budi Santoso"]


def test_nya_takes_the_person_named_as_subject_after_the_last_source():
    text = (
        '"Data sudah dirilis," kata Kepala Badan Pusat Statistik, Joko Prasetyo.\n\n'
        "Sementara itu, peneliti senior, Rina Wulandari, menyoroti kenaikan harga beras di pasar. "
        "Kenaikan itu terjadi di banyak kota.\n\n"
        '"Harga beras naik terus," ujarnya.\n'
    )
    doc = trace(text, "id")
    (a,) = _by_cue(doc, "ujarnya")
    assert a.source.name == "Rina Wulandari"


def test_nya_keeps_an_outlet_speaker():
    text = '"Latihan itu berhasil," klaim KCNA pada Kamis. "Semua rudal tepat sasaran," tambahnya.\n'
    doc = trace(text, "id")
    (a,) = _by_cue(doc, "tambahnya")
    assert a.source.name == "KCNA"


def test_dia_is_a_person_not_a_sentence_initial_word():
    text = (
        "Menteri Keuangan Budi Santoso mengatakan bahwa defisit terkendali.\n\n"
        "Hal itu disampaikan dalam rapat di gedung DPR.\n\n"
        '"Kami akan berhati-hati," kata dia.\n'
    )
    doc = trace(text, "id")
    (a,) = _by_cue(doc, "kata")
    assert a.source.name == "Budi Santoso"
