"""The English grammar (grammars/en.lark and grammars/en/*.tsv), through
attrib.trace: each rule on a sentence of its own (written for these tests, in
the style of the articles in corpus/en/), checking the cue, the source, the
content, the chain, whether the quote is direct, and that every span
reproduces its text.
"""

from __future__ import annotations

import pytest

import attrib


def trace(text):
    doc = attrib.trace(text, lang="en")
    for a in doc.attributions:
        assert doc.text[a.cue.span.start : a.cue.span.end] == a.cue.text
        assert doc.text[a.content.span.start : a.content.span.end] == a.content.text
        if a.source.span is not None:
            assert doc.text[a.source.span.start : a.source.span.end] == a.source.mention
    return doc


def labels(a):
    return [h.label for h in a.chain]


def only(doc):
    assert len(doc.attributions) == 1, [(a.cue.text, a.source.label, a.content.text) for a in doc.attributions]
    return doc.attributions[0]


# --- cue before the content -------------------------------------------------


def test_according_to_before_the_content_with_an_appositive():
    a = only(trace("According to Antara, the state news agency, power was cut in parts of Palu overnight."))
    assert a.cue.text == "According to"
    assert a.source.name == "Antara" and a.source.kind.value == "outlet"
    assert a.content.text == "power was cut in parts of Palu overnight"
    assert not a.direct and a.core
    assert labels(a) == ["?", "Antara"]


def test_according_to_after_the_content_with_an_unnamed_source():
    a = only(trace("The ferry sank after its engine failed, according to two people briefed on the inquiry."))
    assert a.cue.text == "according to"
    assert a.source.mention == "two people briefed on the inquiry"
    assert a.source.kind.value == "anonymous"
    assert a.content.text == "The ferry sank after its engine failed"



def test_according_to_opening_a_sentence_with_a_common_noun_source():
    a = only(trace("According to recent surveys, the mayor holds a narrow lead over her rival."))
    assert a.cue.text == "According to"
    assert a.source.mention == "recent surveys"
    assert a.content.text == "the mayor holds a narrow lead over her rival"


def test_according_to_opening_a_sentence_takes_its_source_to_the_comma():
    a = only(trace("According to a 2019 study by two economists at a state university, the tariff cost jobs."))
    assert a.source.mention == "a 2019 study by two economists at a state university"
    assert a.content.text == "the tariff cost jobs"
    # a name keeps its appositive; the clause after is the content
    a = only(trace("According to the audit, the council overspent in March, a month of storms."))
    assert a.source.mention == "the audit"
    assert a.content.text.startswith("the council overspent")

# --- cue after the content --------------------------------------------------


def test_inverted_said_with_an_appositive():
    a = only(trace("“The harbour will reopen on Monday,” said Maria Santos, the port's director."))
    assert a.cue.text == "said"
    assert a.source.name == "Maria Santos" and a.source.kind.value == "person"
    assert a.content.text == "The harbour will reopen on Monday,"
    assert a.direct


def test_quote_then_subject_then_verb():
    a = only(trace("“We have no plans to raise fares,” Santos said."))
    assert (a.cue.text, a.source.name, a.content.text, a.direct) == ("said", "Santos", "We have no plans to raise fares,", True)


def test_reported_speech_then_comma_subject_verb():
    a = only(trace("The bridge will stay closed until March, the transport ministry said on Tuesday."))
    assert a.cue.text == "said"
    assert a.source.mention == "the transport ministry"
    assert a.source.kind.value == "organization"
    assert a.content.text == "The bridge will stay closed until March"
    assert a.time is not None and a.time.text == "on Tuesday"


def test_told_with_an_addressee_that_is_not_a_hop():
    a = only(trace("“Nobody was hurt,” police spokeswoman Ana Reyes told a daily briefing in Manila."))
    assert a.cue.text == "told"
    assert a.source.name == "Ana Reyes"
    assert labels(a) == ["?", "Ana Reyes"]
    assert a.direct


def test_reported_citing_makes_the_cited_source_innermost():
    a = only(trace("The plant will close next year, the Interfax news agency reported, citing the regional governor."))
    assert a.cue.text == "reported"
    assert a.source.mention == "the regional governor"
    assert labels(a) == ["?", "Interfax", "the regional governor"]


def test_told_reporters_according_to_an_outlet_is_an_outward_hop():
    a = only(trace("No deal was signed, Kremlin spokesman Dmitry Peskov told reporters, according to Reuters."))
    assert a.cue.text == "told"
    assert a.source.name == "Dmitry Peskov"
    assert a.content.text == "No deal was signed"
    assert labels(a) == ["?", "Reuters", "Dmitry Peskov"]


def test_statement_carried_by_state_media():
    a = only(trace("The talks were useful, the Kremlin said in a statement carried by state media."))
    assert a.source.name == "Kremlin"
    assert a.channel is not None and a.channel.text == "in a statement"
    assert labels(a) == ["?", "state media", "Kremlin"]


def test_quoted_as_saying_by_an_outlet():
    a = only(trace("“The factories must run day and night,” Kim was quoted as saying by KCNA."))
    assert a.cue.text == "was quoted as saying"
    assert a.source.mention == "Kim"
    assert labels(a) == ["?", "KCNA", "Kim"]
    assert a.direct


# --- cue as the verb of its source ------------------------------------------


def test_verb_with_that_and_a_role():
    a = only(trace("Health Minister Budi Santoso told parliament on Monday that the vaccine stocks were sufficient."))
    assert a.cue.text == "told"
    assert a.source.name == "Budi Santoso" and a.source.role == "Health Minister"
    assert a.content.text == "the vaccine stocks were sufficient"
    assert a.time is not None and a.time.text == "on Monday"


def test_colon_introduction_of_a_quote():
    a = only(trace('Asked about the sanctions, Peskov said: "We have nothing to add."'))
    assert a.cue.text == "said"
    assert a.source.name == "Peskov"
    assert a.content.text == "We have nothing to add."
    assert a.direct


def test_citing_between_subject_and_verb_chains_every_hand():
    a = only(trace("The Guardian, citing CNN, which cited Russian state media, reported that the governor gave Kim five drones."))
    assert a.cue.text == "reported"
    assert a.source.mention == "Russian state media"
    assert a.source.state_media
    assert labels(a) == ["?", "The Guardian", "CNN", "Russian state media"]
    assert a.content.text == "the governor gave Kim five drones"


def test_quoted_as_saying():
    a = only(trace("RIA Novosti quoted the coach as saying that the sample had been contaminated."))
    assert a.cue.text == "as saying"
    assert a.source.mention == "the coach"
    assert labels(a) == ["?", "RIA Novosti", "the coach"]
    assert a.content.text == "the sample had been contaminated"


def test_coordinated_verb_shares_the_subject():
    doc = trace("U.S. officials said any transfer would breach the resolutions, and warned that Washington would respond.")
    said, warned = doc.attributions
    assert (said.cue.text, warned.cue.text) == ("said", "warned")
    assert said.source.name == warned.source.name == "U.S. officials"
    assert said.source.kind.value == "anonymous"
    assert said.content.text == "any transfer would breach the resolutions"
    assert warned.content.text == "Washington would respond"


def test_adding_that_after_a_quote_with_a_pronoun():
    doc = trace('Lee Min-ji lost the vote. "I accept the result," she said, adding that her party would reflect.')
    said, adding = doc.attributions
    assert said.source.name == adding.source.name == "Lee Min-ji"
    assert said.source.mention == "she"
    assert adding.cue.text == "adding"
    assert adding.content.text == "her party would reflect"


def test_relative_clause_between_subject_and_verb():
    doc = trace("Jonas Weber, who chairs the committee, added that the vote would be held in May.")
    a = only(doc)
    assert a.cue.text == "added"
    assert a.source.name == "Jonas Weber"
    assert a.content.text == "the vote would be held in May"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Dmitry Peskov, a veteran diplomat, said the talks would resume in Geneva.", "Dmitry Peskov"),
        ("Kremlin spokesman Dmitry Peskov, a veteran diplomat, said the talks would resume in Geneva.", "Dmitry Peskov"),
    ],
)
def test_a_person_named_first_with_a_described_appositive(text, name):
    # "a veteran diplomat" holds an unnamed-source noun: it describes the
    # person named before it, and does not make the source unnamed (nor the
    # affiliation, Kremlin, the source).
    a = only(trace(text))
    assert a.source.name == name and a.source.kind.value == "person"
    assert a.content.text == "the talks would resume in Geneva"


@pytest.mark.parametrize("lead", ["Meanwhile", "However", "Moreover", "Separately"])
def test_a_fronted_connective_is_not_the_subject(lead):
    a = only(trace(f"{lead}, Jane Okafor, a retired teacher, said the verdict was fair."))
    assert a.source.name == "Jane Okafor" and a.source.kind.value == "person"
    assert a.content.text == "the verdict was fair"


# --- unnamed sources, pronouns, continued quotes, passives ---------------------


def test_a_source_familiar_with_the_matter():
    a = only(trace("A source familiar with the matter said the sale would be announced within weeks."))
    assert a.source.mention == "A source familiar with the matter"
    assert a.source.kind.value == "anonymous"
    assert a.content.text == "the sale would be announced within weeks"


def test_he_said_takes_the_person_before():
    doc = trace("Rescue chief Arif Rahman spoke in Palu. “Roads are blocked,” he said.")
    a = only(doc)
    assert a.source.name == "Arif Rahman" and a.source.mention == "he"


def test_a_quote_continued_after_its_cue():
    doc = trace("“The rules are clear,” said Grace Tsai, an analyst. “The routes change every year.”")
    first, second = doc.attributions
    assert first.cue.span == second.cue.span
    assert first.source.name == second.source.name == "Grace Tsai"
    assert second.content.text == "The routes change every year."
    assert second.direct


@pytest.mark.parametrize(
    "text, cue",
    [
        ("Russia is believed to have drawn down its stocks of shells.", "is believed to"),
        ("The deal is said to include training and maintenance.", "is said to"),
        ("It was reported that a mosque in Donggala had collapsed.", "It was reported"),
    ],
)
def test_agentless_passive_is_borderline_with_no_source(text, cue):
    a = only(trace(text))
    assert a.cue.text == cue
    assert a.source.kind.value == "unspecified"
    assert not a.core
    assert labels(a) == ["?"]
    assert a.content.text == text.rstrip(".")


def test_fear_is_borderline():
    a = only(trace("Western governments fear that Moscow wants artillery shells."))
    assert a.cue.text == "fear" and not a.core


# --- document metadata --------------------------------------------------------


def test_dateline_with_the_agency_in_parentheses():
    doc = trace("MOSCOW (Reuters) - The biathlete failed a test, the agency said.")
    assert doc.publisher.name == "Reuters"
    a = only(doc)
    assert a.content.text == "The biathlete failed a test"
    assert labels(a)[0] == "Reuters"


def test_dateline_with_place_and_date():
    doc = trace("SEOUL, Oct 12 (AP) - The ruling party lost the vote, Yonhap reported.")
    assert doc.publisher.name == "AP"
    assert labels(only(doc)) == ["AP", "Yonhap"]


def test_byline_credits_and_copyright():
    text = (
        "Ferry sinks off Bali\n\nBy Jane Doe\n\nThe ferry sank at dawn, police said.\n\n"
        "(Reporting by Jane Doe; Editing by Tom Hale)\n\n© 2024 Island Herald. All rights reserved.\n"
    )
    doc = trace(text)
    assert ("author", "Jane Doe") in [(c.role, c.name) for c in doc.credits]
    assert ("editor", "Tom Hale") in [(c.role, c.name) for c in doc.credits]
    assert doc.publisher.name == "Island Herald"
    assert labels(only(doc)) == ["Island Herald", "police"]


def test_source_tag():
    doc = trace("The visit ended on Sunday, TASS said.\n\nSource: AFP\n")
    assert doc.document_source.name == "AFP"
    assert labels(only(doc)) == ["?", "AFP", "TASS"]


def test_furniture_is_skipped():
    doc = trace("The port reopened, officials said.\n\nRead more: Port closes as storm nears, officials say\n")
    assert [a.cue.text for a in doc.attributions] == ["said"]


# --- the language as a plug-in ----------------------------------------------------

from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_auto_picks_english_and_keeps_indonesian():
    en = (ROOT / "corpus" / "en" / "en000_drone_gift_reuters.txt").read_text(encoding="utf-8")
    idn = next((ROOT / "corpus").glob("000_*.txt")).read_text(encoding="utf-8")
    assert attrib.trace(en, lang="auto").lang == "en"
    assert attrib.trace(idn, lang="auto").lang == "id"


def test_an_indonesian_article_quoting_english_stays_indonesian():
    text = (
        "Juru bicara Kremlin Dmitry Peskov mengatakan kepada wartawan bahwa kunjungan itu berjalan baik. "
        "“We have nothing to add on that subject, and relations with our neighbours are developing,” "
        "kata Peskov seperti dilansir Reuters, Jumat (15/9/2023). Menurut dia, tidak ada perjanjian yang "
        "ditandatangani selama kunjungan tersebut dan belum ada rencana untuk itu."
    )
    doc = attrib.trace(text, lang="auto")
    assert doc.lang == "id"
    assert any(a.cue.text == "kata" and a.source.name == "Dmitry Peskov" for a in doc.attributions)


def test_language_classes_are_only_a_code_and_a_name():
    from attrib.language import Language
    from attrib.languages.en import English
    from attrib.languages.id import Indonesian

    for cls in (English, Indonesian):
        own = {k for k in vars(cls) if not k.startswith("__")}
        assert own == {"code", "name"}, f"{cls.__name__} defines {own - {'code', 'name'}}"
        assert cls.__bases__ == (Language,)


def test_the_core_holds_no_english_word_lists():
    # English lives in grammars/en.lark and grammars/en/*.tsv; the core only
    # knows terminals and rule names.
    for path in sorted([*(ROOT / "attrib").glob("*.py"), *(ROOT / "attrib").glob("run/*.py"),
                        *(ROOT / "attrib").glob("eval/*.py")]):
        text = path.read_text(encoding="utf-8").lower()
        for phrase in ("according to", "familiar with the matter", "as saying", "is believed to"):
            assert phrase not in text, f"{path.name} mentions {phrase!r}"


def test_english_touches_only_grammars_and_a_registration():
    # The language module is the whole registration: everything else is data.
    src = (ROOT / "attrib" / "languages" / "en.py").read_text(encoding="utf-8")
    code = [ln for ln in src.splitlines() if ln.strip() and not ln.lstrip().startswith(("#", '"""'))]
    assert len(code) <= 7, code
    assert (ROOT / "grammars" / "en.lark").is_file()
    assert {p.name for p in (ROOT / "grammars" / "en").glob("*.tsv")} >= {"cues.tsv", "sources.tsv", "function.tsv"}


# --- quotation marks of two ASCII characters ------------------------------------


@pytest.mark.parametrize("open_mark, close_mark", [("''", "''"), ("``", "''")])
def test_two_character_quote_marks_make_direct_quotes(open_mark, close_mark):
    # NYT's archive writes ''...'' for both marks; Penn Treebank text ``...''
    doc = trace(
        f"{open_mark}The quality of these lists comes down to resources,{close_mark} Mr. Friedman said. "
        f"{open_mark}The more people you have working on it, the better your numbers are.{close_mark}"
    )
    assert len(doc.attributions) == 2
    first, second = doc.attributions
    assert first.direct and first.content.text == "The quality of these lists comes down to resources,"
    assert first.source.mention == "Mr. Friedman"
    # a new sentence starts at the quotation after "said."; it continues the speaker
    assert second.direct and second.content.text.startswith("The more people")
    assert second.source.name == first.source.name


def test_two_apostrophes_around_a_short_phrase_are_not_a_direct_quote():
    doc = trace("The senator called the plan ''a disaster'' on Tuesday.")
    assert not any(a.direct for a in doc.attributions)


# --- common nouns as sources after a determiner or a possessive -----------------


@pytest.mark.parametrize(
    "subject",
    ["his campaign", "Their lawyers", "Trump's campaign", "The company's chief executive", "The group"],
)
def test_a_common_noun_after_a_determiner_or_possessive_is_a_source(subject):
    a = only(trace(f"{subject} said the rally in Ohio had been cancelled."))
    assert a.cue.text == "said"
    assert a.source.mention == subject
    assert a.content.text == "the rally in Ohio had been cancelled"


def test_a_bare_common_noun_is_still_no_source():
    # no determiner: "Critics" stays out (the lexicon does not know it)
    doc = trace("Officials and critics said nothing, and campaign staff said little.")
    assert all(a.source.mention not in ("campaign staff",) for a in doc.attributions)


# --- middle initials --------------------------------------------------------------


def test_a_middle_initial_stays_in_the_name_and_the_quote_goes_on():
    doc = trace('"The fund needs a new plan," said Margaret T. Olsen, a former budget director. '
                '"Nobody in the capital wants to say so."')
    assert [a.source.name for a in doc.attributions] == ["Margaret T. Olsen"] * 2
    assert doc.attributions[1].content.text == "Nobody in the capital wants to say so."


# --- "according to" after a comma takes any noun phrase as its source ------------


@pytest.mark.parametrize(
    "source",
    ["his campaign website", "a tally by the Associated Press", "people briefed on the talks",
     "the latest state census", "a county official who was not authorized to speak"],
)
def test_according_to_after_the_clause_takes_any_noun_phrase(source):
    a = only(trace(f"Turnout in the county fell by a third, according to {source}."))
    assert a.cue.text == "according to"
    assert a.content.text == "Turnout in the county fell by a third"


@pytest.mark.parametrize("rest", [", taking the lead in the state.", ", the state news agency.",
                                  ", which added that a recount was likely."])
def test_according_to_after_the_clause_ends_at_a_participle_appositive_or_relative(rest):
    doc = trace(f"Turnout in the county fell by a third, according to the election board{rest}")
    a = doc.attributions[0]
    assert a.cue.text == "according to" and a.source.mention.startswith("the election board")
    assert a.content.text == "Turnout in the county fell by a third"


# --- every verb of saying, writing or announcing (rules v2) -----------------------


@pytest.mark.parametrize("verb", ["tweeted", "responded", "replied", "recalled", "declared", "argues",
                                  "insists", "predicted", "joked", "boasted"])
def test_more_verbs_of_saying_take_their_clause(verb):
    a = only(trace(f"Governor Ellen Marsh {verb} that the budget would pass by June."))
    assert a.cue.text == verb and a.source.name == "Ellen Marsh"
    assert a.content.text == "the budget would pass by June"


@pytest.mark.parametrize("verb", ["stressed", "reiterated", "revealed", "noting", "arguing", "insisting"])
def test_verbs_that_also_take_an_object_report_only_before_that(verb):
    doc = trace(f"The mayor {verb} the plan on Monday.")
    assert not any(a.cue.text == verb for a in doc.attributions)


def test_a_participle_of_saying_after_a_comma_continues_the_subject():
    doc = trace("Senator Ruth Calder spoke in Dayton on Friday, arguing that the tariff would cost jobs.")
    a = doc.attributions[-1]
    assert a.cue.text == "arguing" and a.source.name == "Ruth Calder"
    assert a.content.text == "the tariff would cost jobs"


def test_telling_takes_an_addressee():
    doc = trace("Calder left the stage early, telling reporters that she felt unwell.")
    a = doc.attributions[-1]
    assert a.cue.text == "telling" and a.content.text == "she felt unwell"


@pytest.mark.parametrize("verb, obj", [("accused", "the council of hiding the audit"),
                                       ("criticized", "the new zoning rules"),
                                       ("praised", "the firefighters for their courage"),
                                       ("defended", "her record on housing")])
def test_verbs_that_report_a_statement_about_someone_take_their_object(verb, obj):
    a = only(trace(f"Mayor Dana Whitfield {verb} {obj}."))
    assert a.cue.text == verb and a.source.name == "Dana Whitfield"
    assert a.content.text == obj


def test_called_y_z_takes_y_z_as_content():
    a = only(trace('Senator Ruth Calder called the tax plan "a gift to landlords."'))
    assert a.cue.text == "called" and a.source.name == "Ruth Calder"
    assert a.content.text.startswith("the tax plan")


@pytest.mark.parametrize("text", ["The election was called after the mayor resigned.",
                                  "Senator Ruth Calder called for a recount in the county.",
                                  "The ministry, asked about the visit at a briefing, said it hoped for calm.",
                                  "Calder asked the council to delay the vote."])
def test_requests_topics_and_passives_of_call_and_ask_are_no_statements(text):
    doc = trace(text)
    assert not any(a.cue.text in ("called", "asked") for a in doc.attributions)


def test_asked_whether_reports_a_question():
    a = only(trace("Calder asked whether the council would delay the vote."))
    assert a.cue.text == "asked whether" and a.content.text == "the council would delay the vote"


@pytest.mark.parametrize("subject", ["38 percent", "Nearly half", "Some parents", "Sixty percent of voters",
                                     "One of those delegates"])
def test_shares_and_groups_of_people_are_unnamed_sources(subject):
    a = only(trace(f"{subject} said the school levy should be put to a vote."))
    assert a.cue.text == "said" and a.source.mention == subject
    assert a.content.text == "the school levy should be put to a vote"


def test_a_common_noun_after_said_is_the_speaker_and_the_quote_goes_on():
    doc = trace('"The night shift is the hardest," said the nurse, who asked that her name not be used. '
                '"Nobody has come to help."')
    assert [a.source.mention for a in doc.attributions] == ["the nurse"] * 2
    assert doc.attributions[1].content.text == "Nobody has come to help."


def test_responded_by_reports_an_action_not_a_statement():
    doc = trace("The council responded by freezing the budget for a month.")
    assert not any(a.cue.text == "responded" for a in doc.attributions)


@pytest.mark.parametrize("name, tag", [("Rep. Ann Mercer", "(D-N.Y.)"), ("Sen. Tom Briggs", "(R-Tex.)"),
                                       ("Chairman Paul Vance", "(R-Miss.)")])
def test_a_party_and_state_tag_after_a_name_keeps_the_source(name, tag):
    a = only(trace(f"{name} {tag} said the hearing would resume next week."))
    assert a.source.mention == f"{name} {tag}"
    assert a.content.text == "the hearing would resume next week"


@pytest.mark.parametrize("text, name", [
    ("“Rents will keep rising,” Dana Whitfield, director of research at a housing trust in Ohio, said on Monday.",
     "Dana Whitfield"),
    ("“Rents will keep rising,” said Dana Whitfield, a professor of urban planning at a state university in Dayton, Ohio.",
     "Dana Whitfield"),
    ("Rents will keep rising, said Dana Whitfield, another economist who worked in the Treasury Department.",
     "Dana Whitfield"),
])
def test_a_description_in_plain_words_after_a_name_is_its_appositive(text, name):
    a = only(trace(text))
    assert a.cue.text == "said"
    assert a.source.name == name and a.source.kind.value == "person"
    assert a.content.text.startswith("Rents will keep rising")


def test_a_quotation_ending_its_sentence_is_the_content_of_the_bare_cue_after_it():
    doc = trace("The mayor spoke on Friday.\n\n“Is the bridge safe? Nobody knows.” Harper said. “We will find out.”")
    assert [(a.source.name, a.content.text, a.direct) for a in doc.attributions] == [
        ("Harper", "Is the bridge safe? Nobody knows.", True), ("Harper", "We will find out.", True)]


def test_a_cue_with_its_own_clause_keeps_it_after_a_quotation_ending_its_sentence():
    doc = trace("The mayor spoke on Friday.\n\n“We will rebuild.” Harper said the bridge would reopen in May.")
    a = only(doc)
    assert a.content.text == "the bridge would reopen in May" and not a.direct


def test_a_quotation_split_by_its_cue_goes_on_after_the_comma():
    doc = trace("“Judge,” the lawyer Amos Brant said, “my client has never missed a hearing.”")
    assert [a.content.text for a in doc.attributions] == ["Judge,", "my client has never missed a hearing."]
    assert {a.source.name for a in doc.attributions} == {"Amos Brant"}


def test_a_quotation_nested_in_a_continued_one_is_no_claim_of_its_own():
    doc = trace("“We met at the pier,” Nora Quill said. “I asked ‘are you sure about the boat?’ and he said yes.”")
    assert [a.content.text for a in doc.attributions] == [
        "We met at the pier,", "I asked ‘are you sure about the boat?’ and he said yes."]


@pytest.mark.parametrize("text", ["A consulting firm called Harbor Analytics now advises the ministry.",
                                  "Tickets for a show called “Brokers” sold out in a day.",
                                  "A practice criticized by auditors was dropped last year."])
def test_a_noun_after_an_indefinite_article_and_a_participle_is_no_speaker(text):
    assert not trace(text).attributions


@pytest.mark.parametrize("text, source", [("The campaign called the ad a lie.", "The campaign"),
                                          ("A spokesman called the ruling a disgrace.", "A spokesman"),
                                          ("“The roads are closed,” says a narrator.", "a narrator"),
                                          ("A neighbor said the fire started at night.", "A neighbor")])
def test_definite_and_indefinite_speakers_still_report(text, source):
    a = only(trace(text))
    assert a.source.mention == source


def test_a_quotation_after_a_long_apposition_goes_on_with_its_speaker():
    doc = trace("“The yard will close in June,” said Ann Wells, a union steward based in Mobile, Ala., "
                "who represents the welders. “Nobody told us anything.”")
    got = [(a.cue.text, a.source.name, a.content.text) for a in doc.attributions]
    assert got == [("said", "Ann Wells", "The yard will close in June,"), ("said", "Ann Wells", "Nobody told us anything.")]


def test_a_quantified_common_noun_is_a_subject():
    a = only(trace("Several shipyard workers said the layoffs came without warning."))
    assert a.source.mention == "Several shipyard workers"
    assert a.content.text == "the layoffs came without warning"
    a = only(trace("Some backers of a bigger harbour said that the plan ignored the fishermen."))
    assert a.source.mention == "Some backers of a bigger harbour"
    # an unnamed source with its tail is still read whole
    a = only(trace("The mill will close, two people familiar with the talks said."))
    assert a.source.mention == "two people familiar with the talks"


def test_a_that_verb_closing_its_sentence_after_a_quotation_says_it():
    doc = trace("“Is the bridge safe?” Okafor asked.\n\n“Safe enough?” Lindqvist repeated.\n\n“Yes,” she said.")
    got = [(a.cue.text, a.source.name, a.content.text) for a in doc.attributions]
    assert got[1] == ("repeated", "Lindqvist", "Safe enough?")
    assert not trace("The union repeated. Talks resumed on Monday.").attributions


def test_more_verbs_of_saying():
    a = only(trace("At a rally in Dayton, the governor vowed to reopen the steel mill."))
    assert (a.cue.text, a.source.name, a.content.text) == ("vowed", "the governor", "to reopen the steel mill")
    a = only(trace("The mayor pointed out that the levee had held."))
    assert (a.cue.text, a.content.text) == ("pointed out", "the levee had held")
    doc = trace("“We lost everything,” Okafor lamented. “Nobody came.”")
    assert [(a.cue.text, a.source.name) for a in doc.attributions] == [("lamented", "Okafor")] * 2
    # a verb of saying that is also a plain verb reports speech only before "that"
    assert not trace("The council observed a minute of silence for the victims.").attributions
    # an adjective is no cue
    assert not trace("She won 30 more pledged delegates than her rival.").attributions


def test_according_to_a_joint_poll_named_with_a_slash():
    a = only(trace("The senator leads by nine points, according to a Harbor Gazette/WKRT News poll released on Monday."))
    assert a.source.mention.startswith("a Harbor Gazette/WKRT News poll")
    assert a.content.text == "The senator leads by nine points"


def test_an_outlet_inside_a_described_source_is_not_the_source():
    a = only(trace("The mayor leads by 40 votes, according to a count by The Associated Press."))
    assert a.source.name == "a count by The Associated Press"
    a = only(trace("The levy is unpopular, according to a Reuters survey of city councillors."))
    assert a.source.name == "a Reuters survey of city councillors"
    a = only(trace("The mayor will resign, according to Reuters."))
    assert a.source.name == "Reuters"


def test_according_to_with_no_comma_before_it():
    a = only(trace("The governor leads by 12 delegates according to a tally by the state party."))
    assert (a.cue.text, a.source.mention, a.content.text) == (
        "according to", "a tally by the state party", "The governor leads by 12 delegates")


def test_a_quotation_after_a_short_lead_in_goes_on_with_its_speaker():
    doc = trace("“The port is finished,” said Ann Wells, a union steward. Unless the state steps in, “nobody will be left by June.”")
    got = [(a.cue.text, a.source.name, a.content.text) for a in doc.attributions]
    assert got == [("said", "Ann Wells", "The port is finished,"), ("said", "Ann Wells", "nobody will be left by June.")]
    # not a quoted phrase inside the writer's own sentence
    doc = trace("“The port is finished,” said Ann Wells. While the mayor talks of “renewal,” the cranes stand idle.")
    assert len(doc.attributions) == 1


def test_a_share_of_people_is_a_subject():
    a = only(trace("More than 4 in 10 said the tunnel should be rebuilt."))
    assert (a.source.mention, a.content.text) == ("More than 4 in 10", "the tunnel should be rebuilt")
    a = only(trace("Some 61 percent of farmers surveyed said prices had fallen."))
    assert a.source.mention == "Some 61 percent of farmers surveyed"
    a = only(trace("Among renters, 38% say the rules are unfair."))
    assert (a.source.mention, a.content.text) == ("38%", "the rules are unfair")


def test_an_age_after_the_speaker_before_the_cue():
    a = only(trace("“The mill kept this town alive,” Ruth Okafor, 71, told a local radio station."))
    assert (a.cue.text, a.source.name, a.content.text) == ("told", "Ruth Okafor", "The mill kept this town alive,")
    a = only(trace("Dan Whitlock, 44, said the ferry was late again."))
    assert (a.source.name, a.content.text) == ("Dan Whitlock", "the ferry was late again")


def test_a_that_verb_right_after_a_quotation_before_its_speaker():
    a = only(trace("“Is the levee safe?” asked Ann Wells, a union steward."))
    assert (a.cue.text, a.source.name, a.content.text) == ("asked", "Ann Wells", "Is the levee safe?")


def test_one_and_another_open_an_unnamed_subject():
    a = only(trace("One Ohio delegate said the platform ignored farmers."))
    assert (a.source.mention, a.content.text) == ("One Ohio delegate", "the platform ignored farmers")
    a = only(trace("“We waited all night,” another neighbour told the station."))
    assert (a.cue.text, a.source.mention) == ("told", "another neighbour")


def test_a_bare_plural_of_people_who_speak_is_a_subject():
    a = only(trace("If rents keep rising, housing campaigners say the city will lose its teachers."))
    assert (a.source.mention, a.content.text) == ("housing campaigners", "the city will lose its teachers")


def test_announced_governs_its_object():
    a = only(trace("On Friday, the governor announced her resignation."))
    assert (a.cue.text, a.source.name, a.content.text) == ("announced", "the governor", "her resignation")


def test_noted_and_acknowledged_govern_a_clause_without_that():
    a = only(trace("The mayor noted the bridge had been closed twice this year."))
    assert (a.cue.text, a.content.text) == ("noted", "the bridge had been closed twice this year")
    a = only(trace("The company acknowledged its filters had failed."))
    assert (a.cue.text, a.content.text) == ("acknowledged", "its filters had failed")


def test_according_to_right_after_a_quotation_closes_the_clause():
    doc = trace("She later likened the meeting to a “long winter,” according to the governor’s memoir.")
    a = next(a for a in doc.attributions if a.cue.text == "according to")
    assert a.source.mention == "the governor’s memoir"
    assert a.content.text == "She later likened the meeting to a “long winter,”"


def test_according_to_before_a_bracket_or_a_dash():
    for rest in (" (turnout was low in the north).", " — a record for the state party."):
        a = only(trace("The governor won 58 percent of the vote, according to exit polls" + rest))
        assert a.source.mention == "exit polls"
        assert a.content.text == "The governor won 58 percent of the vote"


def test_when_opens_a_clause_and_is_no_part_of_a_name():
    a = only(trace("When Roe took the stage, he said the party would stay united."))
    assert a.cue.text == "said"
    assert "When" not in (a.source.mention or "") and "When" not in a.source.label


# --- direct quotes: verbs of manner of speaking, speakers, complementisers ----

_OPENING = "The council met on Tuesday evening.\n\n"


@pytest.mark.parametrize(
    "text, cue, source",
    [
        ("''You have never seen a budget like this,'' scoffed Ana Ortiz, 41, who chairs the finance committee.",
         "scoffed", "Ana Ortiz"),
        ("“We will not be lectured by anyone,” tweeted Mayor Ray Dunn.", "tweeted", "Ray Dunn"),
        ("“The plan is a disgrace,” Councilman Joel Pratt fumed on Tuesday.", "fumed", "Joel Pratt"),
        ("At the meeting, the treasurer retorted: “There is no money left.”", "retorted", "the treasurer"),
        ("“The hall was full,” the statement read.", "read", "the statement"),
        ("“Nothing has been decided,” the report said.", "said", "the report"),
        ("“I grew up here,” said the 64-year-old.", "said", "the 64-year-old"),
        ("“It is time to go home,” Ms. Lowe continued.", "continued", "Lowe"),
    ],
)
def test_every_verb_of_saying_reports_a_quotation(text, cue, source):
    a = only(trace(_OPENING + text))
    assert a.cue.text == cue
    assert source in a.source.mention and a.direct


@pytest.mark.parametrize(
    "text, name",
    [
        ("“The vote was close,” Ana Ortiz, the former mayor and a member of the board, told reporters.", "Ana Ortiz"),
        ("“The vote was close,” Ana Ortiz, who served as Dunn’s deputy during the last administration, told reporters.",
         "Ana Ortiz"),
        ("“The vote was close,” Joel Pratt, of Harbor Capital Partners, said.", "Joel Pratt"),
        ("“The vote was close,” said Ana Ortiz, a lawyer in Springfield.", "Ana Ortiz"),
    ],
)
def test_a_quotations_speaker_with_long_appositives(text, name):
    a = only(trace(_OPENING + text))
    assert a.source.name == name and a.direct
    assert a.content.text == "The vote was close,"


def test_a_comma_after_a_verb_that_needs_that_introduces_the_quotation():
    a = only(trace(_OPENING + "Ortiz asked, “Who will pay for the bridge?”"))
    assert (a.cue.text, a.source.name, a.content.text, a.direct) == ("asked", "Ortiz", "Who will pay for the bridge?", True)


def test_an_inverted_verb_with_an_addressee_takes_the_quotation_before():
    a = only(trace(_OPENING + "“Why are you still here?” Ortiz asked the council members."))
    assert (a.cue.text, a.source.name, a.content.text) == ("asked", "Ortiz", "Why are you still here?")


def test_a_verb_ending_in_a_comma_before_the_writers_words_takes_the_quotation_before():
    a = only(trace(_OPENING + "“Who pays for this?” Ortiz asked, turning to the treasurer."))
    assert (a.source.name, a.content.text, a.direct) == ("Ortiz", "Who pays for this?", True)


def test_a_verb_governing_nothing_takes_the_quotation_of_the_next_sentence():
    doc = trace(_OPENING + "Ortiz told reporters. “The bridge will be finished by May.”\n\nThe vote is on Friday.")
    a = only(doc)
    assert (a.cue.text, a.source.name, a.content.text, a.direct) == (
        "told", "Ortiz", "The bridge will be finished by May.", True)


def test_a_quotation_after_that_is_mixed_speech():
    a = only(trace(_OPENING + "Ortiz warned that “nobody will pay for the bridge.”"))
    assert a.cue.text == "warned" and a.source.name == "Ortiz"
    assert not a.direct and "nobody will pay for the bridge" in a.content.text


def test_a_programmes_title_in_a_channel_is_no_quotation():
    doc = trace(_OPENING + "Ortiz said on NBC's \"Meet the Press.\"\n\nThe vote is on Friday.")
    assert not any(a.direct for a in doc.attributions)


def test_a_surname_that_is_also_a_verb_stays_a_name():
    a = only(trace(_OPENING + "“The deal holds,” Read said."))
    assert (a.cue.text, a.source.name) == ("said", "Read")


def test_a_title_in_quotation_marks_after_a_possessive_is_no_speech():
    a = only(trace(_OPENING + "Speaking on Fox News's “Sunday Morning Futures,” Rep. Joel Pratt said the bridge "
                              "would cost too much."))
    assert (a.source.name, a.content.text, a.direct) == ("Joel Pratt", "the bridge would cost too much", False)
