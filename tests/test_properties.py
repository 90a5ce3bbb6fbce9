"""Property tests: no string makes ``attrib.trace`` raise or hang, and every
Document it returns is sound.

Sound means, for every Document ``doc`` traced from ``text``:

* ``doc.text == text``;
* every span (cue, content, source / via / chain-hop mentions, time, channel,
  credits, furniture, publisher, document source) lies in the text,
  ``0 <= start <= end <= len(text)``, and ``text[start:end]`` is the string the
  object stores for it (``cue.text``, ``content.text``, ``source.mention``,
  ``credit.name``, ``phrase.text``);
* content is never empty;
* every chain is non-empty and holds only ``Source`` objects;
* ``doc.to_dict()`` validates against ``attrib/schema/document.schema.json``,
  survives ``json.dumps``/``json.loads``, and ``Document.from_dict`` gives
  back an equal Document;
* tracing the same text again gives an equal Document.

Inputs: arbitrary unicode, text built from attrib's own syntax (quote marks,
cue words, datelines, furniture keys), mutations of the seed articles, and
the hostile inputs of the adversarial benchmark. Only completion and
soundness are asserted here; speed is measured by ``bench/adversarial.py``.
"""

from __future__ import annotations

import contextlib
import gc
import random
import signal
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st

pytest.importorskip("jsonschema")  # (the soundness checks validate against the schema with it)

import attrib
from attrib.eval.soundness import Unsound, assert_sound, problems
from attrib.model import Document

ROOT = Path(__file__).resolve().parent.parent

# The seed articles, read as bytes and decoded as UTF-8 like the CLI does.
SEEDS = [p.read_bytes().decode("utf-8") for p in sorted((ROOT / "corpus").glob("00*.txt"))]
EN_ARTICLES = [p.read_bytes().decode("utf-8") for p in sorted((ROOT / "corpus" / "en").glob("*.txt"))]

# A hang guard, not a timer: a single trace of a test input takes milliseconds
# (seconds for the 1 MB input), so only a real hang ever reaches these limits.
EXAMPLE_LIMIT_S = 30
HOSTILE_LIMIT_S = 300


class Hang(AssertionError):
    pass


@contextlib.contextmanager
def no_hang(seconds: float, what: str = "trace"):
    """Fail (instead of blocking the run) if the body runs for ``seconds``."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise Hang(f"{what} did not finish within {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- the soundness checks ---------------------------------------------------------
# (attrib.eval.soundness: bench/fuzz.py checks the same promises)


def traced(text: str, limit: float = EXAMPLE_LIMIT_S, lang: str = "id") -> Document:
    with no_hang(limit, f"trace of {len(text):,} characters"):
        return attrib.trace(text, lang=lang)


def check_deterministic(text: str, first: Document, second: Document) -> None:
    assert first == second, "trace gave different Documents for the same text"
    assert first.to_dict() == second.to_dict(), "trace gave different JSON for the same text"


def sound_and_deterministic(text: str, lang: str = "id") -> Document:
    doc = traced(text, lang=lang)
    assert_sound(text, doc)
    check_deterministic(text, doc, traced(text, lang=lang))
    return doc


def explore(doc: Document) -> None:
    """Steer hypothesis towards inputs that give many attributions (and say how many did)."""
    n = len(doc.attributions)
    target(float(n), label="attributions")
    event("attributions: " + ("none" if n == 0 else "1" if n == 1 else "2-5" if n <= 5 else "more than 5"))


# --- strategies -------------------------------------------------------------------

QUOTE_MARKS = ["“", "”", '"', "‘", "’", "«", "»", "„", "'"]
PUNCT = [",", ".", ". ", ", ", "\n", "\n\n", "(", ")", "-", " - ", "–", " – ", "—", ":", "?", "!", ";"]
WORDS = [
    "kata", "menurut", "Menurut", "Mengutip", "mengutip", "mengatakan", "bahwa", "dia", "ia", "katanya",
    "tambahnya", "seperti dilansir", "yang melansir", "kantor berita", "TASS", "KCNA", "CNN", "Peskov",
    "Dmitry Peskov", "juru bicara", "Kremlin", "para ahli", "disebut", "dilaporkan", "Baca Juga:", "Sumber:",
    "Foto:", "Reporter:", "Editor:", "By", "(dam)", "KONTAN.CO.ID - ", "JAKARTA", "KOMPAS.com –",
    "Presiden", "Putin", "Rusia", "pada hari Kamis", "dalam sebuah pernyataan", "Al Jazeera", "dan", "yang",
]
# Characters that change length under case mapping or normalisation, and other line
# and space characters: offsets taken from a transformed copy of the text would drift.
TRICKY = ["İ", "ß", "ﬁ", "\r\n", "\r", "\u2028", "\u200b", "\u0301", "😀", "\t"]
SYNTAX_TOKENS = QUOTE_MARKS + PUNCT + WORDS + TRICKY + [" ", " ", " ", "  ", "\u00a0", "0", "1", "2024", "25"]

syntax_text = st.lists(
    st.one_of(
        st.sampled_from(SYNTAX_TOKENS),
        st.sampled_from(SYNTAX_TOKENS).map(lambda w: " " + w + " "),
        st.text(alphabet="abcXYZ éü", max_size=4),
        st.text(max_size=2),
    ),
    max_size=80,
).map("".join)


EN_WORDS = [
    "said", "says", "told", "added", "warned", "according to", "citing", "which cited", "quoted", "as saying",
    "was quoted as saying by", "he said", "she added", "officials said", "a source familiar with the matter",
    "it was reported", "is said to", "Kremlin spokesman Dmitry Peskov", "Peskov, the Kremlin's spokesman,",
    "MOSCOW (Reuters) -", "By Jane Doe", "Related:", "Read more:", "©", "'s", "U.S.", "Dr.", "TASS reported",
    "carried by state media", "in a statement", "(Reporting by", " | ", " -- ", "the governor's office", "on Tuesday",
]
EN_TOKENS = QUOTE_MARKS + PUNCT + EN_WORDS + TRICKY + [" ", " ", " ", "\u00a0", "2024"]
en_syntax_text = st.lists(
    st.one_of(st.sampled_from(EN_TOKENS), st.sampled_from(EN_TOKENS).map(lambda w: " " + w + " "),
              st.text(alphabet="abcXYZ éü", max_size=4)),
    max_size=80,
).map("".join)


@st.composite
def mutated_seed(draw, articles=SEEDS):
    """A seed article after 1-4 random edits."""
    text = draw(st.sampled_from(articles))
    edits = draw(st.lists(st.sampled_from(
        ["delete", "duplicate", "insert", "insert_syntax", "swap_quotes", "strip_newlines", "glue", "glue_all",
         "recase", "crlf"]
    ), min_size=1, max_size=4))
    for edit in edits:
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 600)))
        if edit == "delete":
            text = text[:i] + text[j:]
        elif edit == "duplicate":
            k = draw(st.integers(0, n))
            text = text[:k] + text[i:j] + text[k:]
        elif edit == "insert":
            other = draw(st.sampled_from(articles))
            a = draw(st.integers(0, len(other)))
            b = draw(st.integers(a, min(len(other), a + 400)))
            text = text[:i] + other[a:b] + text[i:]
        elif edit == "insert_syntax":
            text = text[:i] + draw(syntax_text) + text[i:]
        elif edit == "swap_quotes":
            marks = QUOTE_MARKS
            target = draw(st.permutations(marks))
            table = str.maketrans(dict(zip(marks, target)))
            text = text[:i] + text[i:j].translate(table) + text[j:] if draw(st.booleans()) else text.translate(table)
        elif edit == "strip_newlines":
            text = text.replace("\n", draw(st.sampled_from(["", " "])))
        elif edit == "glue":
            text = text[:i] + text[i:j].replace(" ", "") + text[j:]
        elif edit == "glue_all":
            text = text.replace(" ", "")
        elif edit == "recase":
            how = draw(st.sampled_from(["upper", "lower", "dotted_i"]))
            part = text[i:j]
            part = part.upper() if how == "upper" else part.lower() if how == "lower" else part.replace("i", "İ")
            text = text[:i] + part + text[j:]
        elif edit == "crlf":
            text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\u2028"])))
    return text


COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


# --- properties over generated text -------------------------------------------------


@settings(max_examples=min(1000, settings().max_examples), **COMMON)
@given(st.text())
def test_arbitrary_unicode_is_sound(text):
    sound_and_deterministic(text)


@settings(max_examples=min(400, settings().max_examples), **COMMON)
@given(syntax_text)
def test_attrib_syntax_soup_is_sound(text):
    explore(sound_and_deterministic(text))


@settings(max_examples=min(300, settings().max_examples), **COMMON)
@given(mutated_seed())
def test_mutated_seed_articles_are_sound(text):
    explore(sound_and_deterministic(text))


# English, and language detection: the same properties.


@settings(max_examples=min(200, settings().max_examples), **COMMON)
@given(en_syntax_text)
def test_english_syntax_soup_is_sound(text):
    explore(sound_and_deterministic(text, lang="en"))


@settings(max_examples=min(150, settings().max_examples), **COMMON)
@given(mutated_seed(EN_ARTICLES))
def test_mutated_english_articles_are_sound(text):
    explore(sound_and_deterministic(text, lang="en"))


@settings(max_examples=min(300, settings().max_examples), **COMMON)
@given(st.one_of(st.text(), en_syntax_text, syntax_text))
def test_any_text_is_sound_with_language_detection(text):
    doc = sound_and_deterministic(text, lang="auto")
    assert doc.lang in attrib.available_languages()


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_seed_articles_are_sound(index):
    doc = sound_and_deterministic(SEEDS[index])
    assert doc.attributions, "a seed article gave no attributions"


def test_seeds_were_found():
    assert len(SEEDS) >= 5, f"expected the five seed articles in {ROOT / 'corpus'}"


@pytest.mark.parametrize(
    "lang, text",
    [("id", t) for t in SEEDS] + [("en", t) for t in EN_ARTICLES],
    ids=[f"id-{k}" for k in range(len(SEEDS))] + [f"en-{k}" for k in range(len(EN_ARTICLES))],
)
def test_tracing_leaves_no_reference_cycles(lang, text):
    # A document's objects must be freed when it is dropped: garbage in
    # reference cycles waits for the cyclic collector, which then runs
    # every few hundred allocations and cost about a tenth of the run.
    attrib.trace(text, lang=lang)  # parser and caches built
    enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        doc = attrib.trace(text, lang=lang)
        assert doc.attributions
        del doc
        assert gc.collect() == 0, "tracing one article left objects in reference cycles"
    finally:
        if enabled:
            gc.enable()


# --- the cue scanner ---------------------------------------------------------------

# Letters that match ASCII ones under IGNORECASE (Kelvin sign, long s, dotted I),
# where the scanner's ASCII image would disagree with the regex.
CASE_ALIASES = ["\u212a", "\u017f", "\u0130", "\u0131"]


@settings(max_examples=min(300, settings().max_examples), **COMMON)
@given(st.one_of(syntax_text, en_syntax_text,
                 st.lists(st.sampled_from(EN_TOKENS + SYNTAX_TOKENS + CASE_ALIASES), max_size=60).map("".join)))
def test_the_cue_scanner_finds_what_its_regex_finds(text):
    # Pipeline.run takes cue positions from Language.cue_starts, a faster
    # search over an ASCII image of the text; it must agree with the regex.
    for code in ("id", "en"):
        lang = attrib.get_language(code)
        assert lang.cue_starts(text) == [m.start() for m in lang.cue_scan.finditer(text)]


@pytest.mark.parametrize("code, text", [("id", t) for t in SEEDS] + [("en", t) for t in EN_ARTICLES])
def test_the_cue_scanner_agrees_with_its_regex_on_the_corpus(code, text):
    lang = attrib.get_language(code)
    expected = [m.start() for m in lang.cue_scan.finditer(text)]
    assert expected, "no cue in a corpus article"
    assert lang.cue_starts(text) == expected
    glued = text.replace(" ", "\u212a ", 3)  # a case alias sends the scanner to the regex
    assert lang.cue_starts(glued) == [m.start() for m in lang.cue_scan.finditer(glued)]


# --- hostile inputs (from the adversarial benchmark; completion and soundness only) --


def _hostile_cases():
    rnd = random.Random(7)
    words = [
        "kata", "menurut", "Presiden", "rusia", "dia", "mengatakan", "bahwa", "para", "ahli", "TASS", "dan", "ini",
        "itu", "yang",
    ]
    yield "1 MB, no punctuation", " ".join(rnd.choice(words) for _ in range(170_000))[:1_000_000]
    yield "1 MB, one unbroken word", "a" * 1_000_000
    yield "10,000 nested opening marks “", "“" * 10_000
    yield "10,000 closing marks ”", "”" * 10_000
    yield "10,000 straight double quotes", '"' * 10_000
    yield "10,000 straight single quotes", "'" * 10_000
    yield "10,000 nested alternating families", "“‘" * 5_000
    yield "5,000 « then 5,000 »", "«" * 5_000 + "»" * 5_000
    yield "10,000 „ with words", "„kata " * 10_000
    yield "10,000 alternating marks", "“a ”" * 2_500 + "‘b ’" * 2_500
    yield "10,000 unbalanced marks with words", " ".join(
        rnd.choice(["“kata", "dia”", "‘x", '"', "”y", "«", "»", "„", "'"]) for _ in range(10_000)
    )
    yield "10,000 marks on 10,000 lines", "\n".join(rnd.choice(QUOTE_MARKS) for _ in range(10_000))
    yield "5,000 cue words on one line", " ".join(["kata"] * 5_000)
    yield "5,000 mixed cues on one line", " ".join(
        rnd.choice(["kata", "menurut", "mengatakan", "seperti dilansir", "dilaporkan", "tambahnya", "TASS", ","])
        for _ in range(5_000)
    )
    yield "5,000 cue words with commas", ", ".join(["kata Peskov"] * 5_000)
    yield "5,000 quotes each with kata Peskov", "“Satu dua tiga,” kata Peskov. " * 5_000
    yield "5,000 quotes with kata Peskov, one line each", "“Satu dua tiga,” kata Peskov.\n" * 5_000


HOSTILE = list(_hostile_cases())


@pytest.mark.parametrize("text", [
    pytest.param(t, id=name, marks=pytest.mark.slow if name == "1 MB, no punctuation" else ()) for name, t in HOSTILE
])
def test_hostile_input_completes_and_is_sound(text):
    doc = traced(text, HOSTILE_LIMIT_S)
    assert_sound(text, doc)


def test_quotes_with_cues_are_found_in_the_hostile_input():
    """The 5,000 quote/cue pairs are not just survived: each is an attribution to Peskov."""
    text = "“Satu dua tiga,” kata Peskov. " * 5_000
    doc = traced(text, HOSTILE_LIMIT_S)
    assert len(doc.attributions) == 5_000
    assert {a.source.mention for a in doc.attributions} == {"Peskov"}
    assert {a.content.text.strip("“”,. ") for a in doc.attributions} == {"Satu dua tiga"}


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [None, b"bytes", 123, bytearray(b"x"), ["kata"]], ids=repr)
def test_non_str_input_raises_type_error(bad):
    with pytest.raises(TypeError) as info:
        attrib.trace(bad)
    assert "str" in str(info.value), f"the TypeError does not say a str is expected: {info.value}"
    assert type(bad).__name__ in str(info.value), f"the TypeError does not name the type given: {info.value}"


def test_unknown_language_raises_value_error_naming_the_available_ones():
    with pytest.raises(ValueError) as info:
        attrib.trace("", lang="xx")
    message = str(info.value)
    assert "xx" in message
    available = attrib.available_languages()
    assert "id" in available
    for code in available:
        assert code in message, f"the error does not name the available language {code!r}: {message}"


def test_empty_text_gives_an_empty_document():
    doc = attrib.trace("")
    assert isinstance(doc, Document)
    assert doc.text == ""
    assert doc.attributions == ()
    assert doc.publisher is None
    assert doc.document_source is None
    assert doc.credits == ()
    assert doc.furniture == ()
    assert_sound("", doc)


@pytest.mark.parametrize("text", [" ", "\n", "\n\n\n", "\t \u00a0", "“", "”", '"', "kata", "(dam)", "Sumber:"])
def test_tiny_inputs_are_sound(text):
    sound_and_deterministic(text)


def test_a_frame_before_its_content_floor_gives_no_claim_and_no_crash():
    """Found by the mutated-article property: en002 run into one line, with a
    publisher tag in front and its single quotation marks swapped, made a post
    frame start before the point its content may begin, and the content span
    came out reversed (a ValueError). Such a frame now has no content."""
    src = next((Path(__file__).resolve().parent.parent / "corpus" / "en").glob("en002*.txt"))
    text = "CNA |" + src.read_text(encoding="utf-8").replace("\n", "").translate(str.maketrans("‘’", "’‘"))
    doc = attrib.trace(text, lang="en")
    assert doc.attributions, f"no attribution in the mutated {src.name}"
    for a in doc.attributions:
        assert a.content.span.start < a.content.span.end
        assert doc.text[a.content.span.start : a.content.span.end] == a.content.text


def test_an_outlet_name_with_two_spaces_keeps_its_offsets():
    """Found by the mutated-article property at full strength: a copyright
    line naming an outlet in two words with a double space between stored
    the name with one space as the publisher's mention."""
    text = "Kenya cholera outbreak spreads, WHO warns\n\n“It is bad,” said Dr. Amina Farah.\n\n© 2024 East  Monitor. All rights reserved.\n"
    doc = attrib.trace(text, lang="en")
    for src in [doc.publisher] + [s for a in doc.attributions for s in a.chain]:
        if src is not None and src.span is not None:
            assert doc.text[src.span.start : src.span.end] == src.mention


def test_the_soundness_checks_catch_a_broken_document():
    """The checks can fail: a mention or a content that is not its span's
    text is reported."""
    import attrs

    text = "“Kami siap berunding,” kata Peskov kepada wartawan."
    doc = attrib.trace(text)
    assert doc.attributions and problems(text, doc) == []
    a = doc.attributions[0]
    wrong_mention = attrs.evolve(doc, attributions=(attrs.evolve(a, source=attrs.evolve(a.source, mention="Putin")),))
    assert any("mention" in p for p in problems(text, wrong_mention))
    with pytest.raises(Unsound):
        assert_sound(text, wrong_mention)
    span = a.content.span
    moved = attrs.evolve(a.content, span=attrs.evolve(span, start=span.start + 1, end=span.end + 1))
    assert any("content" in p for p in problems(text, attrs.evolve(doc, attributions=(attrs.evolve(a, content=moved),))))
