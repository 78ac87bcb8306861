"""The event layer: PLOVER types from sentences, statuses, dates and the merging of mentions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.records import Event

pytestmark = pytest.mark.model


def events(nlp: Any, text: str) -> list[Event]:
    doc = nlp.make_doc(text)
    doc._.published = date(2025, 1, 24)
    return list(nlp(doc)._.events)


def one(nlp: Any, text: str, kind: str) -> Event:
    found = [e for e in events(nlp, text) if e.type == kind]
    assert found, f"no {kind} in {[(e.type, e.actor) for e in events(nlp, text)]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "actor", "recipient"),
    [
        ("North Korea sent thousands of troops to Russia last autumn.", "AID", "PRK", "RUS"),
        ("Ukraine captured two North Korean soldiers on Friday.", "ASSAULT", "UKR", "PRK"),
        ("Russia attacked Ukraine with drones overnight.", "ASSAULT", "RUS", "UKR"),
        ("Vladimir Putin visited Pyongyang in June 2024.", "CONSULT", "RUS", "PRK"),
        ("The United States imposed new sanctions on Russia.", "SANCTION", "USA", "RUS"),
        ("Ukraine accused Russia of shelling the city.", "ACCUSE", "UKR", "RUS"),
        ("Russia threatened Ukraine with new strikes.", "THREATEN", "RUS", "UKR"),
        ("South Korea urged North Korea to stop the launches.", "REQUEST", "KOR", "PRK"),
    ],
)
def test_main_types(nlp: Any, text: str, kind: str, actor: str, recipient: str) -> None:
    event = one(nlp, text, kind)
    assert actor in event.actor
    assert recipient in event.recipient


def test_capture_of_people_is_an_abduction(nlp: Any) -> None:
    assert one(nlp, "Ukraine captured two North Korean soldiers.", "ASSAULT").mode == "abduct"


def test_readying_own_forces_is_mobilize(nlp: Any) -> None:
    event = one(nlp, "North Korea launched a ballistic missile on Monday.", "MOBILIZE")
    assert event.actor == ["PRK"]
    assert event.mode == "weapons"


def test_an_offer_is_a_future_agree_and_its_content_no_event(nlp: Any) -> None:
    found = events(nlp, "Ukraine offered to hand over captured soldiers to North Korea.")
    assert [e.type for e in found] == ["AGREE"]
    assert found[0].status == "future"


def test_denials_reject_but_not_denying_does_not(nlp: Any) -> None:
    assert one(nlp, "Russia denied the reports.", "REJECT").actor == ["RUS"]
    found = events(nlp, "Putin did not deny that North Korean soldiers were in Russia.")
    assert not [e for e in found if e.type == "REJECT"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("North Korea will send more troops to Russia.", "future"),
        ("North Korea is preparing to send more troops to Russia.", "future"),
        ("North Korea reportedly sent more troops to Russia.", "alleged"),
        ("Russia did not attack Ukraine on Sunday.", "negated"),
        ("Russia could attack Ukraine again.", "hypothetical"),
        ("Russia attacked Ukraine on Sunday.", "factual"),
    ],
)
def test_status_cues(nlp: Any, text: str, status: str) -> None:
    found = [e for e in events(nlp, text) if e.type in {"AID", "ASSAULT"}]
    assert found and found[0].status == status


def test_date_from_a_timex_in_the_clause(nlp: Any) -> None:
    event = one(nlp, "Vladimir Putin visited Pyongyang in June 2024.", "CONSULT")
    assert (event.date, event.date_source) == ("2024-06", "text")
    assert event.date_span is not None and event.date_span.text == "June 2024"


def test_date_falls_back_to_the_publication_month(nlp: Any) -> None:
    event = one(nlp, "Russia attacked Ukraine with drones.", "ASSAULT")
    assert (event.date, event.date_source) == ("2025-01", "published")


def test_an_undated_event_stays_undated_when_the_text_has_dates(nlp: Any) -> None:
    text = "Russia attacked Ukraine with drones. On Monday, officials met in Geneva."
    event = one(nlp, text, "ASSAULT")
    assert (event.date, event.date_source) == (None, "none")


def test_the_other_side_of_a_fight_inflicted_the_losses(nlp: Any) -> None:
    text = "Dozens of Russian soldiers were killed in fighting against Ukrainian troops."
    event = one(nlp, text, "ASSAULT")
    assert (event.actor, event.recipient) == (["UKR"], ["RUS"])


def test_no_event_when_the_inflicter_is_unknown(nlp: Any) -> None:
    found = events(nlp, "A South Korean official said several soldiers were killed on Tuesday.")
    assert not [e for e in found if e.type == "ASSAULT"]


def test_fighting_alongside_a_force_is_aid_to_it(nlp: Any) -> None:
    event = one(nlp, "North Korean troops fought alongside Russian forces near Kursk.", "AID")
    assert (event.actor, event.recipient) == (["PRK"], ["RUS"])


@pytest.mark.parametrize(
    "text",
    [
        "Japan signed a security pact with Australia.",
        "Japan and Australia signed a security pact.",
    ],
)
def test_both_signatories_are_actors_and_recipients(nlp: Any, text: str) -> None:
    event = one(nlp, text, "SUPPORT")
    assert set(event.actor) == {"JPN", "AUS"} == set(event.recipient)


def test_a_missile_fired_is_a_weapons_display_not_an_assault(nlp: Any) -> None:
    found = events(nlp, "North Korea fired two short-range missiles into the sea.")
    assert [(e.type, e.mode) for e in found] == [("MOBILIZE", "weapons")]


def test_a_launched_offensive_is_one_assault(nlp: Any) -> None:
    found = events(nlp, "Israel launched a wave of airstrikes on Lebanon.")
    assert [(e.type, e.actor, e.recipient) for e in found] == [("ASSAULT", ["ISR"], ["LBN"])]


def test_releasing_a_video_is_no_release(nlp: Any) -> None:
    assert not events(nlp, "Ukraine released a video of the two prisoners.")


def test_a_meeting_of_one_side_is_not_coded(nlp: Any) -> None:
    found = events(nlp, "South Korea's president convened an emergency meeting of his cabinet.")
    assert not [e for e in found if e.type == "CONSULT"]


def test_a_state_adjective_names_the_recipient(nlp: Any) -> None:
    event = one(nlp, "Serbia flatly rejected a Croatian proposal.", "REJECT")
    assert (event.actor, event.recipient) == (["SRB"], ["HRV"])


def test_agreed_sanctions_are_a_future_sanction(nlp: Any) -> None:
    found = events(nlp, "European Union governments agreed to impose new sanctions on Belarus.")
    assert [(e.type, e.status) for e in found] == [("SANCTION", "future")]


def test_troops_sent_take_the_destination_named_elsewhere(nlp: Any) -> None:
    text = "North Korea sent troops to Russia in October. Pyongyang also sent artillery shells."
    found = events(nlp, text)
    assert {e.type for e in found} == {"AID"}
    assert all(e.recipient == ["RUS"] for e in found)


def test_place_gives_the_country(nlp: Any) -> None:
    text = "Ukraine captured two North Korean soldiers in Russia's Kursk region."
    event = one(nlp, text, "ASSAULT")
    assert event.place == "Kursk"
    assert event.country == "RUS"


def test_repeated_mentions_merge_into_the_first(nlp: Any) -> None:
    text = "Russia attacked Ukraine on Sunday. Officials said Russia attacked Ukraine again."
    found = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert len(found) == 1
    assert found[0].evidence.start < 30


def test_headings_carry_no_events(nlp: Any) -> None:
    assert not events(nlp, "Russia Attacks Ukraine\nThe weather was mild.")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_never_raises_and_spans_lie_in_the_text(nlp: Any, text: str) -> None:
    for event in events(nlp, text):
        for span in [event.trigger, event.evidence, *event.actor_spans, *event.recipient_spans]:
            assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("text", "kind", "actor", "recipient"),
    [
        # A stated intention is a promise (AGREE) or, for hostile acts, a threat.
        ("Norway will give Kenya a loan of ten million euros.", "AGREE", "NOR", "KEN"),
        ("Chile said it would impose sanctions on Peru.", "THREATEN", "CHL", "PER"),
        (
            "Egypt will withdraw its observers from Libya unless the talks resume.",
            "THREATEN",
            "EGY",
            "LBY",
        ),
        # Verb and object pairs that are events although the verb alone is none.
        ("Portugal broke off relations with Indonesia.", "SANCTION", "PRT", "IDN"),
        ("Chile lodged a formal protest with Argentina.", "ACCUSE", "CHL", "ARG"),
        ("Denmark shared intelligence with Sweden.", "COOPERATE", "DNK", "SWE"),
        # Troops arriving in a country are help sent there.
        ("Canadian peacekeeping troops arrived in Cyprus.", "AID", "CAN", "CYP"),
        # A leader of an earlier decade stands for the state.
        ("Helmut Kohl visited Poland.", "CONSULT", "DEU", "POL"),
        # The dotted abbreviation of an IGO body resolves to the organisation.
        ("Jordan urged the U.N. Security Council to act.", "REQUEST", "JOR", "UN"),
        ("Finland announced a suspension of flights with Belarus.", "SANCTION", "FIN", "BLR"),
    ],
)
def test_promises_threats_pairs_and_actors(
    nlp: Any, text: str, kind: str, actor: str, recipient: str
) -> None:
    event = one(nlp, text, kind)
    assert actor in event.actor and recipient in event.recipient


def test_a_planned_troop_movement_keeps_its_type(nlp: Any) -> None:
    event = one(nlp, "Chad will send troops to Niger.", "AID")
    assert event.status == "future"


def test_refusing_to_accept_is_a_rejection(nlp: Any) -> None:
    event = one(nlp, "Jordan said it will not accept more refugees from Syria.", "REJECT")
    assert event.actor == ["JOR"]


def test_an_armed_group_also_carries_its_country(nlp: Any) -> None:
    event = one(nlp, "Hezbollah fighters attacked Israel.", "ASSAULT")
    assert event.actor[0] == "Hezbollah" and "LBN" in event.actor


def test_a_government_acting_on_its_own_rebels_keeps_both_sides(nlp: Any) -> None:
    event = one(nlp, "The Malian government accused Malian rebels of the massacre.", "ACCUSE")
    assert event.actor == ["MLI"] and event.recipient == ["MLI"]


def test_a_condemnation_names_its_speakers_and_answers_the_event_before(nlp: Any) -> None:
    text = (
        "North Korea fired a ballistic missile on Monday, "
        "triggering condemnation from Japan and South Korea."
    )
    event = one(nlp, text, "ACCUSE")
    assert set(event.actor) == {"JPN", "KOR"}
    assert event.recipient == ["PRK"]


def test_troops_and_shells_sent_are_two_shipments(nlp: Any) -> None:
    text = (
        "Pyongyang sent 5,000 soldiers to Russia in May. "
        "Pyongyang also sent millions of artillery shells to Russia."
    )
    found = [e for e in events(nlp, text) if e.type == "AID"]
    assert len(found) == 2


def test_an_invasion_without_an_attacker_takes_the_side_fighting_its_target(nlp: Any) -> None:
    text = "Russian forces attacked Ukraine again on Sunday. The invasion of Ukraine began in 2022."
    found = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert found
    assert all(e.actor == ["RUS"] and e.recipient == ["UKR"] for e in found)


def test_sanctions_on_ships_target_the_state_that_owns_them(nlp: Any) -> None:
    text = "The European Union imposed sanctions on 40 tankers of Russia's shadow fleet."
    event = one(nlp, text, "SANCTION")
    assert event.actor == ["EU"]
    assert event.recipient == ["RUS"]


def test_a_pronoun_recipient_is_not_the_actor_itself(nlp: Any) -> None:
    text = (
        "Thousands of North Korean soldiers have arrived in Russia. "
        "Russia has provided them with rifles and grenade launchers."
    )
    found = [e for e in events(nlp, text) if e.type == "AID" and e.actor == ["RUS"]]
    assert found and found[0].recipient == ["PRK"]


def test_the_possessor_of_a_capture_is_the_captive(nlp: Any) -> None:
    text = (
        "Ukrainian troops attacked North Korean units near the border. "
        "The two North Koreans' capture was announced on Friday."
    )
    found = [e for e in events(nlp, text) if e.type == "ASSAULT"]
    assert found and all(e.actor == ["UKR"] and e.recipient == ["PRK"] for e in found)


def test_dying_in_battle_is_an_assault_and_dying_of_illness_is_not(nlp: Any) -> None:
    fighting = (
        "Ukrainian forces shelled North Korean units. Many North Korean soldiers died in battle."
    )
    assert all(e.actor == ["UKR"] for e in events(nlp, fighting) if e.type == "ASSAULT")
    illness = "The former North Korean minister died of cancer in Pyongyang."
    assert not [e for e in events(nlp, illness) if e.type == "ASSAULT"]


def test_an_earlier_offensive_named_by_a_later_one_is_its_own_event(nlp: Any) -> None:
    text = (
        "Russian troops recaptured the town on Saturday, "
        "nearly eight months after Kyiv's surprise incursion into Kursk."
    )
    found = {(tuple(e.actor), tuple(e.recipient)) for e in events(nlp, text) if e.type == "ASSAULT"}
    assert (("UKR",), ("RUS",)) in found


def test_its_invasion_is_the_invasion_by_the_state_named_before(nlp: Any) -> None:
    text = "Iran has become one of Moscow's closest allies during its invasion of Ukraine."
    event = one(nlp, text, "ASSAULT")
    assert event.actor == ["RUS"]
    assert event.recipient == ["UKR"]


def test_a_dateline_is_not_the_subject(nlp: Any) -> None:
    text = "BRUSSELS (Reuters) – The European Union on Monday imposed new sanctions on Iran."
    event = one(nlp, text, "SANCTION")
    assert event.actor == ["EU"]
    assert event.recipient == ["IRN"]


def test_a_summit_and_an_organisations_meeting_need_no_second_party(nlp: Any) -> None:
    found = events(nlp, "EU foreign ministers discussed the plan at their meeting in Brussels.")
    assert [e.actor for e in found if e.type == "CONSULT"] == [["EU"]]


def test_a_later_mention_without_the_recipient_merges_into_the_lead(nlp: Any) -> None:
    text = (
        "The European Union agreed to impose new sanctions on Belarus on Monday. "
        "Diplomats said the European Union agreed to impose the sanctions after long talks."
    )
    found = [e for e in events(nlp, text) if e.type == "SANCTION"]
    assert len(found) == 1
    assert found[0].recipient == ["BLR"]


def test_a_named_treaty_and_its_ratification_are_supported_by_its_parties(nlp: Any) -> None:
    text = (
        "Russia and Belarus signed a defence pact in Minsk in March. "
        "The Union Security Treaty between Moscow and Minsk came into force later. "
        "The agreement was ratified in November."
    )
    found = [e for e in events(nlp, text) if e.type == "SUPPORT"]
    assert len(found) >= 2
    assert all(set(e.actor) == {"RUS", "BLR"} for e in found)


def test_a_treaty_one_side_speaks_of_binds_the_sides_the_article_is_between(nlp: Any) -> None:
    text = (
        "Belarusian Foreign Minister Maxim Ryzhenkov held talks with Russian Foreign Minister "
        'Sergey Lavrov in Minsk. Lavrov said: "We spoke first of all about the Treaty on '
        'Security Guarantees."'
    )
    treaty = one(nlp, text, "SUPPORT")
    assert set(treaty.actor) == set(treaty.recipient) == {"BLR", "RUS"}
    # With no second side in the article, the treaty has no parties and is no event.
    alone = 'Lavrov said: "We spoke first of all about the Treaty on Security Guarantees."'
    assert [e for e in events(nlp, alone) if e.type == "SUPPORT"] == []


def test_a_town_taken_is_no_party_and_taking_control_is_an_assault(nlp: Any) -> None:
    text = "Aid groups fled eastern Congo this week. M23 rebels took control of Bukavu on Sunday."
    event = one(nlp, text, "ASSAULT")
    assert (event.actor, event.recipient, event.mode) == (["M23"], ["COD"], None)


def test_an_act_avoided_did_not_happen_but_what_averts_it_did(nlp: Any) -> None:
    text = "Israel avoided striking Hezbollah positions in Lebanon."
    assert one(nlp, text, "ASSAULT").status == "negated"
    text = "Talks between Israel and Hamas in Cairo averted an attack on Rafah."
    assert one(nlp, text, "CONSULT").status == "factual"


def test_they_in_a_relative_clause_is_the_subject_above_not_the_last_state_named(
    nlp: Any,
) -> None:
    text = (
        "Sudan and Chad signed a border accord in Washington last month. "
        "The rebels still hold El Fasher, which they seized in October."
    )
    # not the United States, named last: the rebels, whom the actor layer cannot name here
    assert all("USA" not in e.actor for e in events(nlp, text) if e.type == "ASSAULT")
    named = "The RSF fighters still hold El Fasher, which they seized in October."
    assert one(nlp, named, "ASSAULT").actor == ["RSF"]


def test_ground_taken_from_no_named_party_is_the_state_the_report_is_set_in(nlp: Any) -> None:
    text = (
        "Thousands have fled their homes in Sudan's Darfur region this year. "
        "The RSF took the city of El Geneina on Sunday."
    )
    assert one(nlp, text, "ASSAULT").recipient == ["SDN"]
    text = "More than 60,000 people have fled El Fasher in Sudan since the RSF seized the city."
    assert one(nlp, text, "ASSAULT").recipient == ["SDN"]
    # Seizing goods takes no ground: the state the report is set in is not their owner.
    text = (
        "Thousands have fled their homes in Sudan's Darfur region. The RSF seized dozens of trucks."
    )
    assert all(e.recipient != ["SDN"] for e in events(nlp, text) if e.type == "ASSAULT")
    # Ground a state takes back in its own country is taken from the side it fights, if named.
    text = "Ukrainian forces recaptured the village near Kupiansk in Ukraine's Kharkiv region."
    assert [e.recipient for e in events(nlp, text) if e.type == "ASSAULT"] != [["UKR"]]


def test_a_subject_of_neither_nor_denies_the_act(nlp: Any) -> None:
    event = one(nlp, "Neither Russia nor Belarus has sent troops to Syria.", "AID")
    assert set(event.actor) == {"RUS", "BLR"}
    assert event.status == "negated"
    assert one(nlp, "Russia and Belarus have sent troops to Syria.", "AID").status == "factual"


def test_recognising_a_fact_is_no_diplomatic_recognition(nlp: Any) -> None:
    text = "Neither Moscow nor Pyongyang has officially recognized the deployment of troops."
    assert [e for e in events(nlp, text) if e.type == "SUPPORT"] == []
    recognised = one(nlp, "Russia recognized the Taliban government.", "SUPPORT")
    assert recognised.actor == ["RUS"]


def test_a_meeting_during_an_agreement_keeps_its_own_status(nlp: Any) -> None:
    text = "The measures were agreed by diplomats from the EU during a meeting in Brussels."
    event = one(nlp, text, "CONSULT")
    assert event.actor == ["EU"]
    assert event.status == "factual"


def test_an_advance_takes_the_enemy_of_the_ally_when_the_text_names_none(nlp: Any) -> None:
    text = (
        "Thousands of Iranian soldiers have been sent to help Syria. "
        "Israel attacked Iranian soldiers near Damascus on Monday. "
        "Syria is using them in large numbers to advance in the south."
    )
    found = [e for e in events(nlp, text) if e.type == "ASSAULT" and e.actor == ["SYR"]]
    assert found and found[0].recipient == ["ISR"]


def test_the_subject_of_the_clause_suffers_after_a_preposition(nlp: Any) -> None:
    text = (
        "North Korea is preparing to send more troops to Russia "
        "after suffering heavy losses in battles against Ukrainian forces."
    )
    event = one(nlp, text, "ASSAULT")
    assert event.actor == ["UKR"]
    assert event.recipient == ["PRK"]


def test_signs_of_a_preparation_make_it_alleged(nlp: Any) -> None:
    text = "An MP said there are signs that Iran is preparing a new deployment of troops to Syria."
    event = one(nlp, text, "AID")
    assert event.status == "alleged"


def test_bare_family_name_resolves_to_full_name(nlp: Any) -> None:
    text = (
        "Officials said Kim Jong Un spoke on Monday. "
        "Kim's visit to the Russian Embassy lasted an hour."
    )
    found = [e for e in events(nlp, text) if e.type == "CONSULT"]
    assert found and "PRK" in found[0].actor


def test_the_north_stands_for_north_korea(nlp: Any) -> None:
    text = (
        "North Korea has sent troops to Russia, officials said. "
        "The spy agency said the North is preparing to send more soldiers to Russia."
    )
    found = [e for e in events(nlp, text) if "send more" in e.evidence.text]
    assert found and found[0].actor == ["PRK"]


def test_sent_to_fight_alongside_is_aid_to_the_ally(nlp: Any) -> None:
    event = one(nlp, "Belarus decided to send 3,000 troops to fight alongside Russia.", "AID")
    assert event.actor == ["BLR"] and event.recipient == ["RUS"]


def test_ground_taken_from_its_holder(nlp: Any) -> None:
    text = (
        "The last town held by Armenian troops has been recaptured. "
        "Azerbaijani troops attacked Armenian positions last week."
    )
    found = [e for e in events(nlp, text) if "recaptured" in e.evidence.text]
    assert found and found[0].recipient == ["ARM"] and found[0].actor == ["AZE"]


def test_when_clause_takes_the_date_it_hangs_on(nlp: Any) -> None:
    text = (
        "Iran last launched a rocket on March 3, and a satellite on May 9, "
        "when it tested a new engine."
    )
    dates = {e.date for e in events(nlp, text) if e.type == "MOBILIZE"}
    assert "2024-05-09" in dates or "2025-05-09" in dates


def test_complement_shares_the_lead_verb_date(nlp: Any) -> None:
    event = one(nlp, "Russia decided on Friday to send troops to Belarus.", "AID")
    assert event.date == "2025-01-24"


def test_continued_consultations_stay_consult(nlp: Any) -> None:
    event = one(nlp, "Japan will continue its consultations with Australia.", "CONSULT")
    assert event.status == "future" and "AUS" in event.recipient


def test_he_resolves_to_a_person_not_a_capital(nlp: Any) -> None:
    text = (
        "French President Emmanuel Macron spoke on Monday after talks in Kyiv. "
        "He praised the courage of Ukrainian troops."
    )
    assert one(nlp, text, "SUPPORT").actor == ["FRA"]


def test_members_of_an_organisation_agree_among_themselves(nlp: Any) -> None:
    event = one(nlp, "NATO members have reached an agreement on defence spending.", "AGREE")
    assert event.actor == ["NATO"] and event.recipient == ["NATO"]


def test_a_report_date_does_not_date_a_reported_ongoing_situation(nlp: Any) -> None:
    text = (
        "On Monday, Chad's army said Friday that Sudan is preparing to send more troops to Libya."
    )
    event = one(nlp, text, "AID")
    assert (event.date, event.date_source) == (None, "none")


def test_a_report_date_dates_what_the_report_tells_as_done(nlp: Any) -> None:
    text = "Chad said Friday that Sudan had sent more troops to Libya."
    event = one(nlp, text, "AID")
    assert event.date == "2025-01-24"


def test_evidence_reaches_back_to_an_actor_outside_the_triggers_clause(nlp: Any) -> None:
    text = "Officials said Sudanese troops, backed by militias, launched an offensive on the RSF."
    event = one(nlp, text, "ASSAULT")
    assert event.actor == ["SDN"]
    assert event.evidence.text.startswith("Sudanese troops")
    assert event.evidence.text.endswith("launched an offensive")
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text
