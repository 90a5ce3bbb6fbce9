"""Indonesian scraped-text glue and outlet hops (rules v2), on invented sentences.

Scrapers glue words across markup (``dariKONTAN``, ``dilansirReutersdanAl
Arabiya``, ``Donald Trumpmengatakan``); the lexer cuts them by data (case
boundaries, glue words, registry names) and keeps offsets exact. Outlets are
hops where the statement reached the publisher through them: an outlet in
apposition after a hop or a channel, a channel before the subject, an outlet
a channel describes, a hop after a channel.
"""

import pytest

from attrib import trace
from attrib.language import get_language

from claims import chain, the


@pytest.fixture(scope="module")
def lexer():
    return get_language("id").lexer


def words(lexer, text):
    lexed = lexer.lex(text, 0, len(text))
    return [text[s:e] for s, e in zip(lexed.starts, lexed.ends)]


# --- glue ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "glued, pieces",
    [
        ("dariKONTAN", ["dari", "KONTAN"]),
        ("daridetikNews", ["dari", "detikNews"]),  # a registry name with an inner capital stays whole
        ("dilansirReutersdanAl", ["dilansir", "Reuters", "dan", "Al"]),
        ("Trumpmengatakan", ["Trump", "mengatakan"]),  # a long cue after a name
        ("Irandalam", ["Iran", "dalam"]),  # a glue word after a known place
        ("kepadaTempodi", ["kepada", "Tempo", "di"]),  # a two-letter one after a registry name
        ("kepadaAFPpada", ["kepada", "AFP", "pada"]),
        ("beritaTasnimdalam", ["berita", "Tasnim", "dalam"]),
    ],
)
def test_glued_words_are_cut(lexer, glued, pieces):
    assert words(lexer, glued) == pieces


@pytest.mark.parametrize("word", ["McDonald", "iPhone", "Hamdan", "Putin", "Abdullah", "MulyaniIndrawati", "Kapolrinya"])
def test_names_stay_whole(lexer, word):
    assert words(lexer, word) == [word]


def test_glue_after_a_comma_and_offsets(lexer):
    text = "seperti dikutip dariKONTAN,Kamis (19/6/2025)."
    lexed = lexer.lex(text, 0, len(text))
    got = [text[s:e] for s, e in zip(lexed.starts, lexed.ends)]
    # the glued "dari" completes the cue "seperti dikutip dari" of the chunk before
    assert got[:5] == ["seperti dikutip dari", "KONTAN", ",", "Kamis", "(19/6/2025)"]


def test_glued_citation_is_a_hop():
    doc = trace('"Harga akan naik," kata Budi Santoso di Jakarta, Kamis (19/6/2025), dikutip dariKONTAN.', "id")
    assert chain(the(doc, "kata")) == ["?", "Kontan", "Budi Santoso"]


# --- hops ---------------------------------------------------------------------


def test_outlet_in_apposition_after_a_hop():
    # the outlet named last; outward hops chain outermost (named last) first
    doc = trace(
        '"Langkah itu berbahaya," kata Ivan Petrov seperti dikutip kantor berita Rusia, Interfax, '
        "dilansir Reuters dan Al Arabiya, Kamis (19/6/2025).",
        "id",
    )
    a = the(doc, "kata")
    assert chain(a) == ["?", "Reuters", "Interfax", "Ivan Petrov"]
    assert a.time is not None and a.time.text == "Kamis (19/6/2025)"


def test_outlet_in_apposition_after_a_channel():
    doc = trace(
        '"Terowongan itu merusak fondasi," kata Ahmad Yasin dalam wawancara dengan kantor berita Palestina, WAFA, '
        "Rabu (22/10/2025).",
        "id",
    )
    assert chain(the(doc, "kata")) == ["?", "WAFA", "Ahmad Yasin"]


def test_column_in_an_outlet_then_a_citation():
    doc = trace(
        '"Tim ini belum siap juara," tulis Marco Rossi dalam kolomnya di Gazzetta dello Sport, '
        "dilansir dari Football Italia, Sabtu (1/11/2025).",
        "id",
    )
    assert chain(the(doc, "tulis")) == ["?", "Football Italia", "La Gazzetta dello Sport", "Marco Rossi"]


def test_channel_before_the_subject_and_carry_over():
    doc = trace(
        "Dalam wawancara dengan CBS News, Rudi Hartono menyebut rencana itu terlalu mahal.\n\n"
        "Rudi Hartono juga mengatakan bahwa anggaran harus dipangkas.",
        "id",
    )
    assert chain(the(doc, "menyebut")) == ["?", "CBS News", "Rudi Hartono"]
    assert chain(the(doc, "mengatakan")) == ["?", "CBS News", "Rudi Hartono"]


def test_described_outlet_and_a_hop_after_the_channel():
    doc = trace(
        "Kepala dinas Budi Santoso menuturkan kepada televisi pemerintah Iran, seperti dilansir Reuters, "
        "Jumat (20/6/2025), bahwa lima rumah sakit rusak.",
        "id",
    )
    a = the(doc, "menuturkan")
    assert chain(a)[:3] == ["?", "Reuters", "televisi pemerintah Iran"]
    assert a.content.text == "lima rumah sakit rusak"


@pytest.mark.parametrize("channel", ["kepada wartawan", "kepada media", "dalam keterangan tertulis", "dalam pernyataannya"])
def test_channels_without_an_outlet_add_no_hop(channel):
    doc = trace(f'"Kami siap," kata Budi Santoso {channel}, Senin (2/6/2025).', "id")
    a = the(doc, "kata")
    assert chain(a) == ["?", "Budi Santoso"]
    assert a.channel is not None and a.channel.text == channel
    assert a.time is not None


def test_a_portal_channel_is_an_outlet_of_its_own_name():
    # detikNews, detikFinance: a channel of a portal is named as the text names it
    text = ('"Kasus itu sudah kami laporkan," kata Budi Santoso, Kamis (11/9/2025), dilansir dari detikNews.')
    a = [x for x in trace(text, lang="id").attributions if x.cue.text == "kata"][0]
    assert [s.name for s in a.chain][1:] == ["detikNews", "Budi Santoso"]
