"""sitrep_attributions on sentences written for these tests, plus a no-crash property."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.nlp.quotes import find_quotes

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipeline(nlp: Any) -> Any:
    """The session's full pipeline (loaded once per test run)."""
    return nlp


def claims(pipeline: Any, text: str) -> list[Any]:
    return list(pipeline(text)._.attributions)


def only(pipeline: Any, text: str) -> Any:
    found = claims(pipeline, text)
    assert len(found) == 1, [(a.speaker.text, a.content.text) for a in found]
    return found[0]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»")],
)
def test_direct_quote_styles(pipeline: Any, opening: str, closing: str) -> None:
    text = f"{opening}The bridge was hit twice during the night,{closing} the governor said."
    claim = only(pipeline, text)
    assert claim.kind == "direct"
    assert claim.speaker.text == "the governor"
    assert claim.content.text == "The bridge was hit twice during the night,".rstrip(",")


def test_a_dateline_parsed_as_a_subject_is_no_speaker(pipeline: Any) -> None:
    text = (
        "GENEVA - The World Health Organization said on Wednesday that dozens of patients "
        "were killed at a hospital in Darfur."
    )
    assert only(pipeline, text).speaker.text == "The World Health Organization"


def test_split_quote_is_one_claim(pipeline: Any) -> None:
    text = "“We held the line,” the colonel said. “The next week will be harder.”"
    claim = only(pipeline, text)
    assert claim.kind == "direct"
    assert claim.content.text.startswith("We held the line")
    assert claim.content.text.endswith("will be harder")


def test_quote_spanning_paragraphs() -> None:
    text = "“The first part of the statement.\n\n“And the second part,” she said."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert text[quotes[0].start : quotes[0].end].startswith("The first part")
    assert text[quotes[0].start : quotes[0].end].endswith("second part,")


def test_apostrophes_are_not_quotes() -> None:
    assert find_quotes("The soldiers’ families didn’t know.") == []


def test_indirect_speech_with_that(pipeline: Any) -> None:
    claim = only(pipeline, "The ministry said that the convoy had reached the city.")
    assert claim.kind == "indirect"
    assert claim.speaker.text == "The ministry"
    assert claim.content.text == "the convoy had reached the city"
    assert claim.cue is not None and claim.cue.text == "said"


def test_speaker_after_the_clause(pipeline: Any) -> None:
    claim = only(pipeline, "The talks will resume next month in Geneva, the spokesman said.")
    assert claim.speaker.text == "the spokesman"
    assert claim.content.text == "The talks will resume next month in Geneva"


def test_pronoun_speaker_is_resolved(pipeline: Any) -> None:
    text = (
        "Maria Lopez chairs the relief committee. She said the supplies would arrive within a week."
    )
    claim = only(pipeline, text)
    assert claim.speaker.text == "Maria Lopez"


def test_according_to(pipeline: Any) -> None:
    claim = only(pipeline, "The dam was damaged by shelling, according to local officials.")
    assert claim.kind == "according_to"
    assert claim.speaker.text == "local officials"
    assert claim.content.text == "The dam was damaged by shelling"


def test_citing_is_a_relayed_source(pipeline: Any) -> None:
    text = "The army has moved two brigades north, the agency reported, citing a defence source."
    claim = only(pipeline, text)
    assert claim.speaker.text == "the agency"
    assert claim.via is not None and claim.via.text == "a defence source"


def test_relay_tag_at_sentence_end(pipeline: Any) -> None:
    text = (
        "The base was evacuated before the strike, a senator briefed by the intelligence service."
    )
    claim = only(pipeline, text)
    assert claim.kind == "according_to"
    assert claim.speaker.text == "a senator"
    assert claim.via is not None and claim.via.text == "the intelligence service"


def test_scare_quotes_and_titles_are_not_claims(pipeline: Any) -> None:
    assert claims(pipeline, "The two leaders signed the “Northern Friendship Accord” in May.") == []


def test_denial_and_hedge(pipeline: Any) -> None:
    denied = only(pipeline, "The government denied that its aircraft had crossed the border.")
    assert denied.certainty == "denied"
    hedged = only(pipeline, "Analysts believe that the factory was producing drones.")
    assert hedged.certainty == "hedged"


def test_demonym_speaker_links_to_state(pipeline: Any) -> None:
    claim = only(pipeline, "Ukrainian assessments said that the bridge had collapsed.")
    assert claim.speaker_actor is not None and claim.speaker_actor.code == "UKR"


def test_headings_yield_nothing(pipeline: Any) -> None:
    assert claims(pipeline, "Officials Say Ceasefire Holds\n") == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "he said",
                "“",
                "”",
                '"',
                "according to",
                "the army",
                "said that",
                ",",
                ".",
                "Kyiv",
                "citing",
                "officials",
                "«",
                "»",
                "‘",
                "’",
                "\n\n",
                "troops",
                "it",
            ]
        )
        | st.text(max_size=12),
        max_size=25,
    ).map(" ".join)
)
def test_spans_lie_inside_the_text(pipeline: Any, text: str) -> None:
    for claim in claims(pipeline, text):
        for span in (claim.speaker, claim.content, claim.cue, claim.via):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
                assert text[span.start : span.end] == span.text


def test_apposed_name_is_the_speaker(pipeline: Any) -> None:
    text = "The Islamist group, Hamas, said that the talks in Cairo had failed."
    claim = only(pipeline, text)
    assert claim.speaker_actor is not None and claim.speaker_actor.code == "Hamas"


def test_fronted_citing_is_a_relayed_source(pipeline: Any) -> None:
    text = "Citing two diplomats, the newspaper said that the summit would be delayed."
    claim = only(pipeline, text)
    assert claim.via is not None and claim.via.text.endswith("diplomats")


def test_claims_by_a_source_suggesting(pipeline: Any) -> None:
    text = (
        "The move follows claims by France and other allies suggesting that Russia had moved "
        "missiles to the border."
    )
    claim = only(pipeline, text)
    assert "France" in claim.speaker.text


def test_definite_repeat_refers_to_the_earlier_speaker(pipeline: Any) -> None:
    text = (
        "The fighting has spread to the coast, according to a Reuters report on Monday. "
        "The report said that the port had been shelled twice."
    )
    second = claims(pipeline, text)[-1]
    assert second.speaker_actor is not None and second.speaker_actor.code == "Reuters"


def test_organ_in_a_complement_is_not_the_speaker(pipeline: Any) -> None:
    text = "The UN envoy for Libya, Ana Silva, said that the ceasefire was holding."
    claim = only(pipeline, text)
    assert claim.speaker_actor is not None and claim.speaker_actor.code == "UN"


# --- rules added with the realnews/PolNeAR round (sentences written for these tests) ----------


def test_preposition_object_is_the_claim(pipeline: Any) -> None:
    claim = only(pipeline, "The mayor warned of a new offensive near the river crossing.")
    assert claim.speaker.text == "The mayor"
    assert claim.content.text.startswith("a new offensive")


def test_apposed_name_replaces_a_description(pipeline: Any) -> None:
    text = "The rebel spokesman, Musa Kanu, said that the convoy had been attacked."
    claim = only(pipeline, text)
    assert claim.speaker.text == "Musa Kanu"


def test_passive_participle_has_no_speaker(pipeline: Any) -> None:
    text = "The ministry sanctioned three firms accused of shipping drones to the militia."
    assert not any("firms" in a.speaker.text for a in claims(pipeline, text))


def test_conjunct_after_a_passive_inherits_the_patient(pipeline: Any) -> None:
    text = "Petrov was detained by the police and claimed that he had been beaten in custody."
    claim = only(pipeline, text)
    assert claim.speaker.text == "Petrov"


def test_fronted_phrase_without_a_verb_is_no_claim(pipeline: Any) -> None:
    text = "During the long meeting in the capital, the envoy said nothing at all."
    assert claims(pipeline, text) == []


def test_inverted_speaker_after_the_verb(pipeline: Any) -> None:
    text = "Heavy rain and a shortage of parts delayed the repairs, said a local engineer."
    claim = only(pipeline, text)
    assert claim.speaker.text == "a local engineer"
    assert claim.content.text.startswith("Heavy rain")


def test_pronoun_prefers_the_previous_subject(pipeline: Any) -> None:
    text = (
        "Mark Olsen opened the talks with the visiting minister Ruth Adler on Monday.\n\n"
        "“We will rebuild the bridge by spring,” he said."
    )
    claim = claims(pipeline, text)[-1]
    assert "Olsen" in claim.speaker.text


def test_it_refers_to_the_organisation_named_before(pipeline: Any) -> None:
    text = (
        "Mark Olsen said the port was busy. The Baltic Port Authority published new figures on "
        "Tuesday. In a statement, it said that forty ships had been turned away."
    )
    claim = claims(pipeline, text)[-1]
    assert "Port Authority" in claim.speaker.text


def test_according_to_a_title_then_a_name(pipeline: Any) -> None:
    text = "The camp now holds 3,000 people, according to the agency's director, Maria Lopez."
    claim = only(pipeline, text)
    assert claim.speaker.text == "Maria Lopez"
    assert claim.content.text.startswith("The camp")


def test_according_to_a_source_of_a_reported_claim_is_its_via(pipeline: Any) -> None:
    text = "According to local media, the governor said that the main road was closed."
    claim = only(pipeline, text)
    assert claim.speaker.text == "the governor"
    assert claim.via is not None and claim.via.text == "local media"


def test_claim_noun_with_a_that_clause(pipeline: Any) -> None:
    text = "The minister rejected claims by the opposition that the vote had been rigged."
    found = [a for a in claims(pipeline, text) if a.speaker.text == "the opposition"]
    assert found and found[0].content.text.startswith("the vote had been rigged")


def test_belief_noun_object_of_a_reporting_verb(pipeline: Any) -> None:
    claim = only(pipeline, "The senator voiced hope that the talks would resume next week.")
    assert claim.speaker.text == "The senator"
    assert claim.content.text.startswith("the talks would resume")


def test_anaphoric_object_reports_the_previous_sentence(pipeline: Any) -> None:
    text = "Two aid workers were freed near the border. The agency confirmed the news on Friday."
    claim = only(pipeline, text)
    assert claim.content.text.startswith("Two aid workers were freed")


def test_quote_inside_a_relative_clause_is_no_claim(pipeline: Any) -> None:
    text = "The general thanked the soldiers who “held the line” at the bridge."
    assert claims(pipeline, text) == []


def test_relay_participle_is_a_via_not_a_speaker(pipeline: Any) -> None:
    text = "Two officials, cited by the newspaper, said that the deal was close."
    claim = only(pipeline, text)
    assert claim.speaker.text == "Two officials"


def test_report_from_a_source_speaks_for_the_source(pipeline: Any) -> None:
    text = "Reports from a monitoring group indicated that twelve villages were shelled."
    claim = only(pipeline, text)
    assert claim.speaker.text == "a monitoring group"


def test_doubled_apostrophes_are_quotation_marks() -> None:
    text = "''The roads are open again,'' the engineer said. The engineers'' tools stayed."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert text[quotes[0].start : quotes[0].end] == "The roads are open again,"


def test_doubled_apostrophe_quote_is_direct(pipeline: Any) -> None:
    claim = only(pipeline, "''We will rebuild the school,'' the mayor said.")
    assert claim.kind == "direct"
    assert claim.speaker.text == "the mayor"


def test_statement_speaks_for_its_issuer(pipeline: Any) -> None:
    claim = only(pipeline, "The ministry issued a statement saying the border would stay closed.")
    assert claim.speaker.text == "The ministry"
    assert claim.content.text == "the border would stay closed"


def test_belief_and_knowledge_verbs(pipeline: Any) -> None:
    worried = only(pipeline, "Officials worry that the ceasefire will collapse.")
    assert worried.speaker.text == "Officials"
    assert worried.certainty == "hedged"
    known = only(pipeline, "The governor knows the plan will fail.")
    assert known.content.text == "the plan will fail"


def test_a_question_asserts_nothing(pipeline: Any) -> None:
    text = "The reporter asked the pilot if he knew the runway was closed."
    assert all("runway" not in c.content.text for c in claims(pipeline, text))


def test_a_participle_with_a_complement_is_no_speaker_tag(pipeline: Any) -> None:
    text = "The delegates met in the harbour town, a resort known for its old lighthouse."
    assert claims(pipeline, text) == []


def test_parenthetical_tag_reports_its_sentence(pipeline: Any) -> None:
    claim = only(pipeline, "The delay, the minister explained, was caused by the storm.")
    assert claim.speaker.text == "the minister"
    assert claim.content.text.startswith("The delay")
    assert claim.content.text.endswith("caused by the storm")


def test_in_someones_view(pipeline: Any) -> None:
    claim = only(pipeline, "In the governor's view, the budget is far too small.")
    assert claim.kind == "according_to"
    assert claim.speaker.text.startswith("the governor")
    assert claim.content.text == "the budget is far too small"


def test_quote_split_by_a_long_tag_is_one_claim(pipeline: Any) -> None:
    text = (
        "“The harvest was poor this year,” said Anna Berg, a farmer who has grown wheat in the "
        "valley for three decades. “Prices will rise before the winter.”"
    )
    claim = only(pipeline, text)
    assert claim.kind == "direct"
    assert claim.content.text.endswith("before the winter")


def test_a_straight_mark_closes_a_curly_quote(pipeline: Any) -> None:
    claim = only(pipeline, '“The risk pool is out of balance," the group wrote.')
    assert claim.kind == "direct"
    assert claim.speaker.text == "the group"


def test_a_claim_predicated_of_a_reporting_noun(pipeline: Any) -> None:
    claim = only(pipeline, "The mayor's main argument was that the budget had been cut.")
    assert claim.speaker.text.startswith("The mayor")
    assert claim.content.text == "the budget had been cut"


def test_what_is_said_can_be_an_object(pipeline: Any) -> None:
    claim = only(pipeline, "Asked about the vote, the senator said the same thing.")
    assert claim.content.text == "the same thing"


def test_as_tag_reports_the_clause_it_frames(pipeline: Any) -> None:
    text = "As many experts have pointed out, the governor may publish his returns."
    claim = only(pipeline, text)
    assert claim.speaker.text == "many experts"
    assert claim.content.text == "the governor may publish his returns"
    after = only(pipeline, "Prices will keep rising, as the central bank noted last week.")
    assert after.speaker.text == "the central bank"
    assert after.content.text == "Prices will keep rising"


def test_as_clause_of_time_is_no_tag(pipeline: Any) -> None:
    assert claims(pipeline, "As she spoke, the crowd cheered loudly in the square.") == []
    text = "As voters learned more about the plan, support for the mayor fell."
    assert claims(pipeline, text) == []


def test_relative_clause_on_a_predicate_speaks_for_the_subject(pipeline: Any) -> None:
    text = "Tom Baker is a lawyer and activist who has argued that the law is unfair."
    claim = only(pipeline, text)
    assert claim.speaker.text == "Tom Baker"


def test_that_clause_after_a_medium(pipeline: Any) -> None:
    text = "The senator said in a statement that the new rules were welcome."
    claim = only(pipeline, text)
    assert claim.speaker.text == "The senator"
    assert claim.content.text == "the new rules were welcome"


def test_by_saying_inherits_the_subject(pipeline: Any) -> None:
    claim = only(pipeline, "The mayor ended his speech by saying that the city would recover.")
    assert claim.speaker.text == "The mayor"
    assert claim.content.text == "the city would recover"


def test_calling_something_a_name(pipeline: Any) -> None:
    claim = only(pipeline, "The campaign called the charges unsubstantiated and false.")
    assert claim.speaker.text == "The campaign"
    assert claim.content.text == "the charges unsubstantiated and false"


def test_calling_on_someone(pipeline: Any) -> None:
    claim = only(pipeline, "The senator called on the president to resign immediately.")
    assert claim.content.text == "the president to resign immediately"


def test_participle_after_a_reported_clause_continues_the_reporter(pipeline: Any) -> None:
    text = (
        "The governor said that the militia had sent 300 fighters across the river, calling the "
        "move a grave provocation."
    )
    found = claims(pipeline, text)
    assert {c.speaker.text for c in found} == {"The governor"}


def test_telling_someone_to_act(pipeline: Any) -> None:
    claim = only(pipeline, "She asked her assistant to print out the new recommendations.")
    assert claim.content.text == "to print out the new recommendations"
    text = "The army is continuing preparations to launch a new satellite."
    assert claims(pipeline, text) == []


def test_tag_parsed_as_a_sentence_of_its_own(pipeline: Any) -> None:
    claim = only(pipeline, "“Blink twice if you are in trouble!” one reader tweeted.")
    assert claim.kind == "direct"
    assert claim.speaker.text == "one reader"
    assert claim.content.text.startswith("Blink twice")


def test_manner_of_speaking_verbs(pipeline: Any) -> None:
    claim = only(pipeline, "“They have never seen a skateboard before,” scoffed Maria Lopez.")
    assert claim.kind == "direct"
    assert claim.speaker.text == "Maria Lopez"


def test_colon_after_an_addressee(pipeline: Any) -> None:
    claim = only(pipeline, 'The minister told reporters on Monday: "We will not give up the city."')
    assert claim.kind == "direct"
    assert claim.content.text == "We will not give up the city"


def test_a_quoted_programme_title_is_no_claim(pipeline: Any) -> None:
    text = '"The border will stay closed," the minister said on the channel\'s "Morning Review."'
    found = claims(pipeline, text)
    assert [c.content.text for c in found] == ["The border will stay closed"]


def test_reporting_verb_coordinated_with_the_reported_clause(pipeline: Any) -> None:
    text = (
        "The minister said on Monday that the new policy is lawful and urged restraint from all "
        "sides in the dispute."
    )
    speakers = {c.speaker.text for c in claims(pipeline, text)}
    assert speakers == {"The minister"}


def test_according_to_sources_cited_by_an_agency(pipeline: Any) -> None:
    text = "The convoy was hit twice near the border, according to officials cited by the agency."
    claim = only(pipeline, text)
    assert claim.kind == "according_to"
    assert claim.speaker.text == "officials"


def test_that_clause_after_for_the_first_time(pipeline: Any) -> None:
    text = "The government has acknowledged for the first time that foreign troops are fighting."
    claim = only(pipeline, text)
    assert claim.speaker.text == "The government"
    assert claim.content.text == "foreign troops are fighting"


def test_a_distant_free_quote_does_not_continue_the_last_speaker(pipeline: Any) -> None:
    filler = " ".join(["The river rose through the night and the bridge stayed closed."] * 6)
    text = (
        f"“We will reopen the road,” the mayor said. {filler}\n\n"
        "“Nobody has told us when the water will go down.”"
    )
    found = claims(pipeline, text)
    assert all(not (c.speaker.text == "the mayor" and "water" in c.content.text) for c in found)


def test_a_named_tag_after_the_comma_speaks_when_the_parse_gives_its_verb_another_subject(
    pipeline: Any,
) -> None:
    text = (
        "About 200 Eritrean soldiers have been killed and some 900 wounded fighting for "
        "Ethiopia, Kenya's National Intelligence Service told lawmakers on Monday."
    )
    found = claims(pipeline, text)
    assert [c.speaker.text for c in found] == ["Kenya's National Intelligence Service"]
    assert found[0].content.text.startswith("About 200 Eritrean soldiers")
