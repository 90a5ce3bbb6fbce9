"""Direct-quote speakers (issue 14, rules v2) on invented Indonesian text:
continued quote paragraphs take the previous speaker, and pronouns and
``-nya`` cues resolve to the speaker, not to a common noun or a verb that
opens a sentence."""

from attrib import trace


def _speakers(doc):
    return {a.content.text: (a.cue.text, a.source.name) for a in doc.attributions if a.direct}


def _chains(doc):
    return {a.content.text: [c.name for c in a.chain] for a in doc.attributions}


def test_continued_quote_paragraph_takes_the_previous_speaker_and_chain():
    text = (
        '"Kami akan membangun dua jembatan baru tahun ini," kata Budi Santoso kepada AFP.\n\n'
        '"Warga tidak perlu lagi memutar sejauh sepuluh kilometer setiap hari."\n\n'
        '"Anggarannya sudah kami siapkan sejak awal tahun ini."\n'
    )
    doc = trace(text, "id")
    got = _speakers(doc)
    cont = "Warga tidak perlu lagi memutar sejauh sepuluh kilometer setiap hari."
    assert got[cont] == ("kata", "Budi Santoso")  # the cue of the quotation it continues
    assert got["Anggarannya sudah kami siapkan sejak awal tahun ini."] == ("kata", "Budi Santoso")  # and on
    assert _chains(doc)[cont] == ["?", "AFP", "Budi Santoso"]  # the same chain


def test_continued_quote_after_a_verb_frame_that_opens_a_quotation():
    text = (
        'Siti Aminah mengatakan, "Pasar akan dibuka kembali pekan depan setelah perbaikan selesai."\n\n'
        '"Pedagang sudah kami beri tahu lewat pengurus pasar masing-masing."\n'
    )
    got = _speakers(trace(text, "id"))
    assert got["Pedagang sudah kami beri tahu lewat pengurus pasar masing-masing."][1] == "Siti Aminah"


def test_no_continuation_after_a_heading_or_the_writers_own_sentence():
    text = (
        '"Kami akan membangun dua jembatan baru tahun ini," kata Budi Santoso.\n\n'
        "Rencana Pembangunan Tahun Depan\n\n"
        '"Warga tidak perlu lagi memutar sejauh sepuluh kilometer setiap hari."\n\n'
        "Jembatan lama di desa itu rusak sejak banjir besar dua tahun lalu.\n\n"
        '"Anggarannya sudah kami siapkan sejak awal tahun ini dan tinggal dicairkan."\n'
    )
    got = _speakers(trace(text, "id"))
    assert "Warga tidak perlu lagi memutar sejauh sepuluh kilometer setiap hari." not in got
    assert "Anggarannya sudah kami siapkan sejak awal tahun ini dan tinggal dicairkan." not in got


def test_no_continuation_after_a_colon_nor_when_the_quote_has_its_own_cue():
    text = (
        '"Kami akan membangun dua jembatan baru tahun ini," kata Budi Santoso.\n\n'
        '"Warga tidak perlu lagi memutar sejauh sepuluh kilometer setiap hari," ujar Siti Aminah.\n\n'
        "Spanduk di depan balai desa berbunyi:\n\n"
        '"Jembatan untuk semua warga desa, bukan hanya untuk para pejabat kota."\n'
    )
    got = _speakers(trace(text, "id"))
    assert got["Warga tidak perlu lagi memutar sejauh sepuluh kilometer setiap hari,"][1] == "Siti Aminah"
    assert got.get("Jembatan untuk semua warga desa, bukan hanya untuk para pejabat kota.", ("", ""))[1] != "Siti Aminah"


def test_clitic_with_no_earlier_source_takes_the_subject_named_before():
    text = (
        "Wali Kota Rina Wulandari di Balai Kota, Senin (3/11/2025), menyebut warga mulai tertib.\n"
        "Oleh sebab itu, tes kesehatan akan digratiskan mulai bulan depan.\n"
        '"Biayanya ditanggung anggaran daerah sepenuhnya tanpa pungutan apa pun," katanya.\n'
    )
    doc = trace(text, "id")
    (a,) = [a for a in doc.attributions if a.direct]
    assert a.source.name and "Rina Wulandari" in a.source.name


def test_clitic_skips_a_common_noun_that_opens_a_sentence():
    # "Pemeriksaan" is also written in small letters: a common noun, not a name
    text = (
        '"Kami menambah dua mesin baru untuk pemeriksaan sampel," ujar Hendra Gunawan.\n'
        "Pemeriksaan Sampel itu dilakukan di laboratorium daerah sejak pekan lalu.\n"
        '"Hasilnya keluar paling lambat tiga hari setelah sampel diterima," katanya.\n'
    )
    got = _speakers(trace(text, "id"))
    assert got["Hasilnya keluar paling lambat tiga hari setelah sampel diterima,"][1] == "Hendra Gunawan"


def test_pronoun_after_an_opening_participle_is_the_speaker():
    # "Ditemui di ..., dia menegaskan": the participle is not the subject
    text = (
        "Sebelumnya, Hendra Gunawan mengatakan pemerintah daerah akan membuka pasar baru.\n"
        'Ditemui di rumahnya, dia menegaskan niat tersebut. "Agaknya memang seperti itu, kemungkinan besar," ujarnya.\n'
    )
    got = _speakers(trace(text, "id"))
    assert got["Agaknya memang seperti itu, kemungkinan besar,"][1] == "Hendra Gunawan"


def test_a_source_inside_a_speakers_statement_does_not_take_the_clitic():
    text = (
        "Hendra Gunawan mengatakan bahwa, menurut Peraturan Daerah Nomor 9, pembatasan berlaku empat belas hari.\n"
        '"Padahal wabah seperti ini tidak bisa selesai dalam empat belas hari saja," katanya.\n'
    )
    got = _speakers(trace(text, "id"))
    assert got["Padahal wabah seperti ini tidak bisa selesai dalam empat belas hari saja,"][1] == "Hendra Gunawan"


def test_a_title_with_dan_runs_on_to_the_name_after_a_post_quote_cue():
    # "kata Menteri Perdagangan dan Perindustrian X": dan joins the parts of an office
    text = (
        '"Harga beras akan turun bulan depan," kata Menteri Perdagangan dan Perindustrian Rudi Hartanto.\n'
        '"Stok kami cukup sampai akhir tahun," kata Kepala Bidang Hukum, Humas, dan Protokol Dinas Pangan Sari Lestari.\n'
    )
    got = _speakers(trace(text, "id"))
    assert got["Harga beras akan turun bulan depan,"][1].endswith("Rudi Hartanto")
    assert got["Stok kami cukup sampai akhir tahun,"][1].endswith("Sari Lestari")


def test_an_abbreviation_of_several_words_in_parentheses_stays_in_the_title():
    text = '"Jadwal kereta kembali normal," kata Direktur Utama PT Kereta Api Nusantara (KA Nusantara) Dewi Kartika.\n'
    got = _speakers(trace(text, "id"))
    assert got["Jadwal kereta kembali normal,"][1] == "Dewi Kartika"


def test_a_number_inside_a_title_keeps_the_name_after_it():
    text = '"Perjalanan kereta sudah kembali normal," kata Manajer Humas Daop 6 Yogyakarta Andi Wibowo.\n'
    got = _speakers(trace(text, "id"))
    assert got["Perjalanan kereta sudah kembali normal,"][1] == "Andi Wibowo"
