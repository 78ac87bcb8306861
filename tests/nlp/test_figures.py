"""sitrep_figures on sentences written for these tests, plus a no-crash property."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipeline(nlp: Any) -> Any:
    """The session's full pipeline (loaded once per test run)."""
    return nlp


def figures(pipeline: Any, text: str) -> list[Any]:
    return list(pipeline(text)._.figures)


def only(pipeline: Any, text: str) -> Any:
    found = figures(pipeline, text)
    assert len(found) == 1, [(f.category, f.value, f.evidence.text) for f in found]
    return found[0]


def test_digits_with_approximation_and_demonym(pipeline: Any) -> None:
    figure = only(pipeline, "Moscow has deployed about 4,500 Russian soldiers to the border.")
    assert (figure.category, figure.value, figure.qualifier) == ("troops", 4500, "approx")
    assert figure.actor == ["RUS"]
    assert figure.number.text == "about 4,500"


def test_number_words_and_capture(pipeline: Any) -> None:
    figure = only(pipeline, "Three Ukrainian soldiers were captured near the river.")
    assert (figure.category, figure.value, figure.qualifier) == ("captured", 3, "exact")
    assert figure.actor == ["UKR"]


@pytest.mark.parametrize(
    ("amount", "value", "qualifier"),
    [
        ("dozens of", 12, "at_least"),
        ("hundreds of", 100, "at_least"),
        ("a dozen", 12, "exact"),
        ("more than 40", 40, "at_least"),
        ("nearly 90", 90, "at_most"),
        ("2.7k", 2700, "exact"),
    ],
)
def test_vague_and_qualified_amounts(
    pipeline: Any, amount: str, value: float, qualifier: str
) -> None:
    figure = only(pipeline, f"Officials in Kyiv counted {amount} Russian troops killed overnight.")
    assert (figure.category, figure.value, figure.qualifier) == ("killed", value, qualifier)


def test_range(pipeline: Any) -> None:
    figure = only(pipeline, "Between 200 and 300 Russian soldiers were wounded in the assault.")
    assert (figure.category, figure.value, figure.value_max) == ("wounded", 200, 300)
    assert figure.qualifier == "range"


def test_two_figures_in_one_sentence(pipeline: Any) -> None:
    text = "About 40 Russian soldiers were killed with another 120 injured in the attack."
    found = {(f.category, f.value) for f in figures(pipeline, text)}
    assert found == {("killed", 40), ("wounded", 120)}


def test_killed_or_wounded_is_casualties(pipeline: Any) -> None:
    figure = only(pipeline, "More than 900 Russian troops have been killed or wounded this week.")
    assert (figure.category, figure.value, figure.qualifier) == ("casualties", 900, "at_least")


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said 40 tanks and 12 missiles were destroyed.",
        "In 2023, prices rose by 15 percent and the war cost $2 billion.",
        "The convoy travelled 300 km on the first day of March.",
        "The 25-year-old commander was the second officer promoted at 10 a.m.",
    ],
)
def test_numbers_that_count_no_people(pipeline: Any, text: str) -> None:
    assert figures(pipeline, text) == []


def test_claimant_from_the_attribution(pipeline: Any) -> None:
    text = "Ukraine said that 60 Russian soldiers were killed in the strike."
    doc = pipeline(text)
    (figure,) = doc._.figures
    assert figure.claimant == ["UKR"]
    assert figure.attribution == 0
    assert doc._.attributions[0].speaker.text == "Ukraine"


def test_report_itself_asserts(pipeline: Any) -> None:
    figure = only(pipeline, "Russia has amassed 30,000 troops near the border.")
    assert figure.claimant is None and figure.attribution is None
    assert figure.actor == ["RUS"]


def test_repeated_figure_counts_once(pipeline: Any) -> None:
    text = (
        "Ukraine said 70 Russian soldiers were killed. "
        "Ukraine later said 70 Russian soldiers were killed."
    )
    assert len(figures(pipeline, text)) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "300",
                "2,700",
                "dozens",
                "of",
                "troops",
                "killed",
                "about",
                "more than",
                "between",
                "and",
                "to",
                "North Korean",
                "soldiers",
                "said",
                "according to",
                "Kyiv",
                ",",
                ".",
                "were",
                "wounded",
                "a dozen",
                "2.7k",
                "-",
                "hundreds",
            ]
        )
        | st.text(max_size=10),
        max_size=25,
    ).map(" ".join)
)
def test_spans_lie_inside_the_text(pipeline: Any, text: str) -> None:
    for figure in figures(pipeline, text):
        for span in (figure.number, figure.evidence):
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text


def test_elided_people_noun_after_a_coordinated_figure(pipeline: Any) -> None:
    text = (
        "Officials said about 300 Russian soldiers had been killed and 2,700 wounded "
        "fighting near the border."
    )
    found = {(f.category, f.value) for f in figures(pipeline, text)}
    assert {("killed", 300), ("wounded", 2700)} <= found


def test_unnamed_armed_group_is_coded_by_its_noun(pipeline: Any) -> None:
    figure = only(pipeline, "A patrol came under fire near the village and killed two gunmen.")
    assert (figure.category, figure.value) == ("killed", 2)
    assert figure.actor == ["gunmen"]


def test_named_group_owns_its_fighters_and_several_is_three(pipeline: Any) -> None:
    text = "Police detained several suspected militants linked to Hamas in a raid on Tuesday."
    figure = only(pipeline, text)
    assert (figure.category, figure.value, figure.qualifier) == ("detained", 3, "at_least")
    assert figure.actor == ["Hamas"]


def test_group_on_the_people_keeps_its_name(pipeline: Any) -> None:
    figure = only(
        pipeline, "Afghan troops arrested a commander and detained four Taliban fighters."
    )
    assert figure.category == "detained"
    assert figure.actor == ["Taliban"]


def test_soldiers_belong_to_a_state_not_to_the_attacking_group(pipeline: Any) -> None:
    text = "Fighters of JNIM stormed a base in northern Niger, and 30 soldiers were killed."
    killed = [f for f in figures(pipeline, text) if f.category == "killed"]
    assert [(f.value, f.actor) for f in killed] == [(30, ["NER"])]


def test_suffering_side_owns_the_losses(pipeline: Any) -> None:
    figure = only(pipeline, "The Georgian army suffered over 500 casualties in the war.")
    assert (figure.category, figure.value, figure.actor) == ("casualties", 500, ["GEO"])


def test_part_of_a_whole_takes_the_whole_verb(pipeline: Any) -> None:
    text = "In Yemen, at least 40 people, including 12 children, were killed in the strike."
    found = {(f.category, f.value) for f in figures(pipeline, text)}
    assert found == {("killed", 40), ("killed", 12)}


def test_among_the_dead(pipeline: Any) -> None:
    figure = only(pipeline, "Among the dead in Haiti were six nurses, the agency reported.")
    assert (figure.category, figure.value, figure.actor) == ("killed", 6, ["HTI"])


def test_conjoined_people_share_the_verb(pipeline: Any) -> None:
    text = "Belarus will send 200 engineers and 300 medics to the front, officials in Minsk said."
    found = {(f.category, f.value) for f in figures(pipeline, text)}
    assert found == {("troops", 200), ("troops", 300)}


def test_as_well_as_continues_the_previous_figure(pipeline: Any) -> None:
    text = (
        "Pyongyang plans to send 800 sappers to clear mines in the region, "
        "as well as 2,000 construction workers to rebuild the roads."
    )
    found = {(f.category, f.value) for f in figures(pipeline, text)}
    assert found == {("troops", 800), ("troops", 2000)}


def test_unknown_claimant_keeps_its_name(pipeline: Any) -> None:
    text = "Unnamed Western officials said that 900 Iranian troops had been killed in Syria."
    figure = only(pipeline, text)
    assert figure.claimant == ["Western officials"]


def test_relative_who_after_a_speaker_is_no_claimant(pipeline: Any) -> None:
    text = (
        "A US military official, who named several hundred victims, said that 300 North "
        "Korean soldiers had been killed."
    )
    found = figures(pipeline, text)
    assert found and all(f.claimant and "WHO" not in f.claimant for f in found)


def test_the_army_without_a_named_army_is_the_state_army(pipeline: Any) -> None:
    text = (
        "Fighting continued in Sudan on Friday. The army later reported that 40 civilians "
        "were killed in the city."
    )
    figure = only(pipeline, text)
    assert figure.claimant == ["SDN"]


# --- the per-document totals convention (Settings.figure_totals) ------------------------------


@pytest.fixture(scope="module")
def totalling() -> Any:
    from sitrep.nlp.figures import FigureExtractor

    extractor = FigureExtractor(totals=True)
    extractor.initialize()
    return extractor


def totals(pipeline: Any, totalling: Any, text: str) -> list[tuple[str, float, str, list[str]]]:
    from sitrep.nlp.figures import extract_figures

    found = extract_figures(pipeline(text), totalling.lexicons, totals=True)
    return [(f.category, f.value, f.qualifier, f.actor) for f in found]


def test_totals_count_a_singular_mention_as_one(pipeline: Any, totalling: Any) -> None:
    text = "Security forces killed the Hamas commander in a raid on Monday."
    assert figures(pipeline, text) == []
    assert totals(pipeline, totalling, text) == [("killed", 1, "exact", ["Hamas"])]


def test_totals_sum_listed_and_additional_people(pipeline: Any, totalling: Any) -> None:
    text = (
        "Police arrested a Hamas financier and two associates in Hebron on Tuesday. "
        "The officers also detained three suspected militants at a checkpoint."
    )
    assert totals(pipeline, totalling, text) == [("detained", 6, "exact", ["Hamas"])]


def test_totals_do_not_add_a_restatement(pipeline: Any, totalling: Any) -> None:
    text = (
        "Soldiers killed four gunmen near the border on Sunday. "
        "The four gunmen were killed after they opened fire on a patrol."
    )
    assert totals(pipeline, totalling, text) == [("killed", 4, "exact", ["gunmen"])]


def test_totals_let_an_exact_count_refine_a_vague_one(pipeline: Any, totalling: Any) -> None:
    text = (
        "Troops detained several militants in a raid on Friday. "
        "Three militants were detained after questioning."
    )
    # The value is the exact count; the lead's vague wording keeps it a minimum.
    assert totals(pipeline, totalling, text) == [("detained", 3, "at_least", ["militants"])]


def test_totals_count_minimums_and_read_multiple(pipeline: Any, totalling: Any) -> None:
    text = "The army said it had killed more than 20 fighters near Kidal."
    assert only(pipeline, text).value == 20
    assert [t[:3] for t in totals(pipeline, totalling, text)] == [("killed", 21, "at_least")]
    several = "Malian troops detained multiple suspected jihadists near Kidal."
    assert figures(pipeline, several) == []
    assert [t[:3] for t in totals(pipeline, totalling, several)] == [("detained", 3, "at_least")]


def test_totals_merge_captures_into_detentions(pipeline: Any, totalling: Any) -> None:
    text = (
        "US Marines captured a militant commander on Monday. "
        "Two other suspects were detained in the same raid."
    )
    assert totals(pipeline, totalling, text) == [("detained", 3, "exact", ["militants"])]


def test_totals_keep_a_coordinated_verb_to_its_own_object(pipeline: Any, totalling: Any) -> None:
    text = "Nigerian troops killed an insurgent and wounded two others near Maiduguri."
    assert totals(pipeline, totalling, text)[0] == ("killed", 1, "exact", ["insurgents"])


def test_totals_leave_parts_of_a_count_out(pipeline: Any, totalling: Any) -> None:
    text = "Shelling by the RSF killed 40 Sudanese civilians, including 12 children, on Sunday."
    assert [t[:2] for t in totals(pipeline, totalling, text)] == [("killed", 40)]


def test_totals_read_a_number_of_as_a_vague_amount(pipeline: Any, totalling: Any) -> None:
    text = "Malian troops detained a number of suspected jihadists near Gao on Friday."
    assert figures(pipeline, text) == []
    assert [t[:3] for t in totals(pipeline, totalling, text)] == [("detained", 3, "at_least")]
    measure = "The army did not give the number of arrests near Gao."
    assert totals(pipeline, totalling, measure) == []


def test_totals_take_the_forces_confirming_their_own_arrest_as_the_report(
    pipeline: Any, totalling: Any
) -> None:
    from sitrep.nlp.figures import extract_figures

    text = (
        "Nigerian soldiers confirmed a Boko Haram commander was arrested near Maiduguri. "
        "During the raid the troops also detained two suspected fighters."
    )
    found = extract_figures(pipeline(text), totalling.lexicons, totals=True)
    assert [(f.category, f.value, f.actor, f.claimant) for f in found] == [
        ("detained", 3, ["Boko Haram"], None)
    ]


def test_others_count_the_people_named_before_them(pipeline: Any, totalling: Any) -> None:
    text = "Malian troops killed three jihadists and detained four others near Gao."
    assert totals(pipeline, totalling, text) == [
        ("killed", 3, "exact", ["jihadists"]),
        ("detained", 4, "exact", ["jihadists"]),
    ]
    assert totals(pipeline, totalling, "The storm flattened two barns and many others.") == []


def test_totals_add_a_partitive_of_the_leaders_people(pipeline: Any, totalling: Any) -> None:
    text = "Malian soldiers detained the jihadist commander along with two of his fighters."
    assert [t[:2] for t in totals(pipeline, totalling, text)] == [("detained", 3)]


def test_its_staff_belong_to_the_organisation_that_reports_them(pipeline: Any) -> None:
    text = (
        "Medical Aid North, one of the few charities still working in Gao, said its clinic "
        "was shelled and seven of its staff members were killed."
    )
    found = [(f.category, f.value, f.actor) for f in figures(pipeline, text)]
    assert found == [("killed", 7, ["Medical Aid North"])]


def test_people_held_by_the_forces_belong_to_the_side_they_fight(pipeline: Any) -> None:
    text = (
        "Afghan soldiers detained a Taliban leader in Kandahar on Monday. "
        "Two suspects were detained after the raid."
    )
    found = [(f.category, f.value, f.actor) for f in figures(pipeline, text)]
    assert found == [("detained", 2, ["Taliban"])]


def test_totals_setting_reaches_the_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.config import Settings
    from sitrep.nlp.figures import make_figure_extractor

    monkeypatch.delenv("SITREP_FIGURE_TOTALS", raising=False)
    assert Settings.from_env().figure_totals is False
    assert Settings().figure_totals is False
    monkeypatch.setenv("SITREP_FIGURE_TOTALS", "1")
    assert Settings.from_env().figure_totals is True
    assert make_figure_extractor(Any, "figures", None).totals is True
    assert make_figure_extractor(Any, "figures", False).totals is False
    monkeypatch.setenv("SITREP_FIGURE_TOTALS", "0")
    assert make_figure_extractor(Any, "figures", None).totals is False


def test_totals_read_a_plural_as_at_least_two_and_captures_as_detentions(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "Kenyan troops raided a compound near Garissa on Monday. They captured an al-Shabaab "
        "commander and other suspected militants, and seized weapons. The commander was later "
        "handed to the police for questioning, and the suspects were detained in Garissa."
    )
    assert figures(pipeline, text) == []
    assert totals(pipeline, totalling, text) == [("detained", 3, "at_least", ["al-Shabaab"])]
    plain = "Kenyan police arrested suspected militants in Lamu on Monday."
    assert totals(pipeline, totalling, plain) == [("detained", 2, "at_least", ["militants"])]


def test_totals_count_one_of_the_fighters_just_named(pipeline: Any, totalling: Any) -> None:
    text = "Three gunmen fired at a Malian patrol near Gao on Friday. The soldiers returned fire, "
    text += "killing one."
    assert ("killed", 1, "exact", ["gunmen"]) in totals(pipeline, totalling, text)


def test_totals_join_unnamed_people_to_the_one_group_named(pipeline: Any, totalling: Any) -> None:
    text = (
        "Pakistani troops detained a Pakistani Taliban commander near Peshawar on Monday. "
        "Two men who fled the compound were also detained."
    )
    assert totals(pipeline, totalling, text) == [("detained", 3, "exact", ["TTP"])]


def mention(value: float, actor: str, start: int, clause: int, **flags: Any) -> Any:
    from sitrep.nlp.figure_totals import Mention
    from sitrep.records import Figure, TextSpan

    span = TextSpan(start=start, end=start + 1, text="x")
    figure = Figure(
        category="detained",
        value=value,
        qualifier="at_least" if flags.get("vague") else "exact",
        actor=[actor],
        number=span,
        evidence=span,
        extractor="test",
    )
    options = {"vague": False, "reference": False, "additive": False, "named": True, **flags}
    return Mention(figure, clause, clause, **options)


def test_total_figures_join_unnamed_people_to_a_single_named_group() -> None:
    from sitrep.nlp.figure_totals import total_figures

    found = total_figures(
        [mention(1, "Taliban", 0, 0), mention(2, "AFG", 10, 1, named=False, additive=True)]
    )
    assert [(f.value, f.actor) for f in found] == [(3, ["Taliban"])]
    two_groups = [
        mention(1, "Taliban", 0, 0),
        mention(1, "HIG", 5, 0),
        mention(2, "AFG", 10, 1, named=False),
    ]
    assert sorted((f.value, f.actor[0]) for f in total_figures(two_groups)) == [
        (1, "HIG"),
        (1, "Taliban"),
        (2, "AFG"),
    ]


def test_total_figures_skip_restatements_and_references() -> None:
    from sitrep.nlp.figure_totals import total_figures

    found = total_figures(
        [
            mention(3, "Taliban", 0, 0, vague=True),
            mention(4, "Taliban", 10, 1),
            mention(4, "Taliban", 20, 2),
            mention(2, "Taliban", 30, 3, additive=True),
            mention(1, "Taliban", 40, 4, reference=True),
        ]
    )
    assert [(f.value, f.qualifier) for f in found] == [(6, "at_least")]  # a vague lead
    # "Two were detained. The leader was detained; an additional suspect was detained": the
    # body tells the lead's people again from the leader on.
    retold = [
        mention(2, "Taliban", 0, 0),
        mention(1, "Taliban", 10, 1, reference=True),
        mention(1, "Taliban", 20, 2, additive=True),
    ]
    assert [f.value for f in total_figures(retold)] == [2]
    retold[-1] = mention(2, "Taliban", 20, 2, additive=True)
    assert [f.value for f in total_figures(retold)] == [3]


def test_totals_skip_intended_arrests_and_add_a_second_verb(pipeline: Any, totalling: Any) -> None:
    intended = (
        "Somali forces launched a raid to arrest an al-Shabaab commander near Kismayo on Monday. "
        "The force detained several suspected militants during the raid."
    )
    assert totals(pipeline, totalling, intended) == [("detained", 3, "at_least", ["al-Shabaab"])]
    both = (
        "Iraqi troops arrested an Islamic State commander and detained several suspected "
        "militants near Mosul on Monday."
    )
    assert totals(pipeline, totalling, both) == [("detained", 4, "at_least", ["IS"])]


def test_insurgents_belong_to_a_named_group_not_to_a_nationality() -> None:
    from sitrep.nlp.figure_owners import _fits
    from sitrep.records import Actor

    nationality = Actor(code="IRQ", sector="REB", name="Iraq", country="IRQ")
    group = Actor(code="ISIS", sector="REB", name="Islamic State", country="IRQ")
    assert not _fits(nationality, "REB")
    assert _fits(group, "REB")


def test_totals_read_additional_people_beside_a_referent_as_a_restatement(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "Police detained three suspected militants in Mardan on Friday, "
        "including a militant leader. "
        "After questioning, the leader and two additional suspects were detained."
    )
    assert totals(pipeline, totalling, text) == [("detained", 3, "exact", ["militants"])]
    more = (
        "Police detained a militant leader in Mardan on Friday. "
        "After questioning, the leader and two additional suspects were detained."
    )
    assert [t[1] for t in totals(pipeline, totalling, more)] == [3]


def test_totals_leave_a_tally_since_a_date_out(pipeline: Any, totalling: Any) -> None:
    text = (
        "Police detained two suspected militants in Quetta on Sunday. "
        "Security forces have detained more than 40 militants in the province since March."
    )
    assert totals(pipeline, totalling, text) == [("detained", 2, "exact", ["militants"])]
    alone = "Security forces have detained more than 40 militants in the province since March."
    assert [t[1] for t in totals(pipeline, totalling, alone)] == [41]


def test_totals_read_a_smaller_later_count_as_part_of_the_lead(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "Troops detained five suspected militants in a raid near Kidal on Monday. "
        "Soldiers detained three suspected militants at a compound after questioning."
    )
    assert totals(pipeline, totalling, text) == [("detained", 5, "exact", ["militants"])]
    also = text.replace("Soldiers detained", "Soldiers also detained")
    assert [t[1] for t in totals(pipeline, totalling, also)] == [8]


def test_totals_add_people_held_along_with_a_leader(pipeline: Any, totalling: Any) -> None:
    text = (
        "Police arrested a Hamas leader in Hebron on Tuesday. The leader, who was detained "
        "along with several of his associates, was taken to a nearby base."
    )
    assert [t[1] for t in totals(pipeline, totalling, text)] == [4]


def test_totals_give_the_unnamed_held_to_the_group_the_forces_target(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "Afghan police detained two suspected insurgents during a search for a Haqqani "
        "commander in Khost on Monday."
    )
    assert totals(pipeline, totalling, text) == [("detained", 2, "exact", ["Haqqani"])]
    text = "Acting on reports of Taliban activity, the soldiers detained three men near Ghazni."
    assert totals(pipeline, totalling, text) == [("detained", 3, "exact", ["insurgents"])]


def test_group_index_reads_loose_spellings_of_armed_groups() -> None:
    from sitrep.nlp.figure_sides import load_group_index, loose_key
    from sitrep.nlp.gazetteer import default_gazetteer

    index = load_group_index(default_gazetteer())
    assert index.pattern is not None
    for spelling in ("Hezb-e Islami Gulbuddin", "Islamic Movement Uzbekistan", "Haqqani"):
        match = index.pattern.search(f"Police held a {spelling} courier.")
        assert match is not None and index.codes[loose_key(match.group())] != ""
    assert index.codes[loose_key("Haqqani")] == "Haqqani"
    assert index.pattern.search("Police held a courier.") is None
    # apostrophes, straight or curly, stand between words like spaces
    for spelling in ("Jama'at Nusrat al-Islam wal-Muslimin", "Kurdistan Workers’ Party"):
        match = index.pattern.search(f"Police held a {spelling} courier.")
        assert match is not None and index.codes[loose_key(match.group())] != ""


def test_totals_keep_people_the_text_names_as_a_states_on_that_side(
    pipeline: Any, totalling: Any
) -> None:
    text = "Gunmen killed a Kenyan police commander in Mandera on Monday."
    assert totals(pipeline, totalling, text) == [("killed", 1, "exact", ["KEN"])]
    text = "Coalition forces killed a Taliban commander in Kandahar on Monday."
    assert totals(pipeline, totalling, text) == [("killed", 1, "exact", ["Taliban"])]


def test_totals_count_named_people_and_pronouns_once(pipeline: Any, totalling: Any) -> None:
    text = "Kenyan troops killed Ahmed Farah and two al-Shabaab fighters near Lamu on Monday."
    assert totals(pipeline, totalling, text) == [("killed", 3, "exact", ["al-Shabaab"])]
    text = "Police cornered an al-Shabaab commander in Garissa on Friday and killed him."
    assert totals(pipeline, totalling, text) == [("killed", 1, "exact", ["al-Shabaab"])]


def test_totals_leave_out_losses_that_describe_an_earlier_attack(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "Malian troops detained a JNIM commander who planned the ambush that killed six "
        "Malian soldiers last year."
    )
    assert totals(pipeline, totalling, text) == [("detained", 1, "exact", ["JNIM"])]


def test_totals_let_an_exact_count_settle_a_lower_bound(pipeline: Any, totalling: Any) -> None:
    text = (
        "Air strikes killed more than 20 militants near Maiduguri on Sunday. "
        "The army later said the strikes killed 26 militants."
    )
    assert totals(pipeline, totalling, text) == [("killed", 26, "at_least", ["militants"])]


def test_totals_count_the_leader_beside_several_of_his_men(pipeline: Any, totalling: Any) -> None:
    text = "Somali forces captured an al-Shabaab leader and several of his associates in Kismayo."
    assert totals(pipeline, totalling, text) == [("captured", 4, "at_least", ["al-Shabaab"])]


def test_totals_leave_the_forces_named_as_agents_out(pipeline: Any, totalling: Any) -> None:
    text = "A Kenyan unit supported by coalition troops detained an al-Shabaab courier in Lamu."
    assert totals(pipeline, totalling, text) == [("detained", 1, "exact", ["al-Shabaab"])]


def test_totals_add_the_leaders_own_companion(pipeline: Any, totalling: Any) -> None:
    text = "An air strike killed an al-Shabaab commander and his associate near Jilib on Friday."
    assert totals(pipeline, totalling, text) == [("killed", 2, "exact", ["al-Shabaab"])]


def test_totals_count_a_person_under_a_release_header(pipeline: Any, totalling: Any) -> None:
    text = (
        "2019-03-S-114\nFor Immediate Release\n \n \nMOGADISHU, Somalia (March 9, 2019)\n"
        "A senior al-Shabaab commander was killed on Friday near Jilib."
    )
    assert totals(pipeline, totalling, text) == [("killed", 1, "exact", ["al-Shabaab"])]


def test_totals_count_a_part_of_the_people_named_before(pipeline: Any, totalling: Any) -> None:
    text = "Kenyan police questioned eight men at a checkpoint and detained three of the men."
    assert totals(pipeline, totalling, text) == [("detained", 3, "exact", ["insurgents"])]


def test_totals_leave_out_a_rank_and_a_meeting(pipeline: Any, totalling: Any) -> None:
    text = "Omar Said is the fifth al-Shabaab commander captured by Somali forces this year."
    assert totals(pipeline, totalling, text) == []
    text = "Somali officers held talks with a clan leader in Baidoa on Monday."
    assert totals(pipeline, totalling, text) == []


def test_totals_keep_the_targeted_group_apart_from_a_soldier_killed(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "Somali commandos searching for an al-Shabaab commander raided a camp near Jilib. "
        "More than 20 insurgents were killed. One Somali soldier died in the fighting."
    )
    assert ("killed", 21, "at_least", ["al-Shabaab"]) in totals(pipeline, totalling, text)


def test_totals_count_a_dealer_or_deputy_held_with_the_others(
    pipeline: Any, totalling: Any
) -> None:
    text = "Kenyan police arrested an al-Shabaab arms dealer and two suspected militants in Lamu."
    assert totals(pipeline, totalling, text) == [("detained", 3, "exact", ["al-Shabaab"])]


def test_totals_read_also_after_another_action_as_no_addition(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "Somali forces killed two militants and detained one suspected militant near Jilib. "
        "An air strike killed the two militants. The forces also detained one suspected militant."
    )
    assert totals(pipeline, totalling, text) == [
        ("killed", 2, "exact", ["militants"]),
        ("detained", 1, "exact", ["militants"]),
    ]


def test_totals_count_a_person_named_twice_once(pipeline: Any, totalling: Any) -> None:
    text = (
        "An air strike killed Ahmed Farah near Lamu on Monday. "
        "Kenyan soldiers later killed four militants and confirmed Farah was killed."
    )
    assert [t[:2] for t in totals(pipeline, totalling, text)] == [("killed", 5)]


def test_totals_add_a_vague_count_after_one_person(pipeline: Any, totalling: Any) -> None:
    text = (
        "Kenyan police arrested an al-Shabaab courier in Lamu on Monday. "
        "Multiple suspected militants were detained in the raid."
    )
    # The lead tells of one courier in so many words: the total it opens is exact.
    assert totals(pipeline, totalling, text) == [("detained", 4, "exact", ["al-Shabaab"])]


def test_totals_do_not_add_a_vague_restatement(pipeline: Any, totalling: Any) -> None:
    text = (
        "Somali forces detained an al-Shabaab commander and several of his fighters near Jilib. "
        "During the search several suspected militants were also detained."
    )
    assert totals(pipeline, totalling, text) == [("detained", 4, "at_least", ["al-Shabaab"])]


def test_totals_read_a_few_as_three(pipeline: Any, totalling: Any) -> None:
    text = "Kenyan police detained a few suspected militants in Lamu on Monday."
    assert figures(pipeline, text) == []
    assert totals(pipeline, totalling, text) == [("detained", 3, "at_least", ["militants"])]


def test_totals_let_a_later_exact_count_settle_a_vague_one(pipeline: Any, totalling: Any) -> None:
    text = (
        "Somali forces killed an al-Shabaab commander and detained several other militants. "
        "Two additional suspected militants were detained for questioning."
    )
    found = totals(pipeline, totalling, text)
    assert ("detained", 2, "at_least", ["al-Shabaab"]) in found  # 'several' in the lead


def test_people_taken_alive_somewhere_are_not_that_place_s(pipeline: Any) -> None:
    text = "Sudanese troops captured three Chadian fighters alive in Libya's Kufra district."
    figure = only(pipeline, text)
    assert (figure.category, figure.value, figure.actor) == ("captured", 3, ["TCD"])


def test_losses_put_at_a_count_are_the_losers_not_the_estimator(pipeline: Any) -> None:
    text = "Khartoum has put Chadian losses in Darfur at more than 400 killed or wounded."
    figure = only(pipeline, text)
    assert (figure.category, figure.value, figure.actor) == ("casualties", 400, ["TCD"])


def test_losses_put_higher_at_a_count(pipeline: Any) -> None:
    text = "Khartoum puts Chadian losses higher, at more than 400 killed or wounded."
    figure = only(pipeline, text)
    assert (figure.category, figure.value, figure.actor) == ("casualties", 400, ["TCD"])


def test_totals_take_the_first_release_and_let_an_update_settle_it(
    pipeline: Any, totalling: Any
) -> None:
    first = (
        "MOGADISHU, Somalia (March 3, 2019)\n"
        "Somali forces detained several suspected militants near Jilib on Saturday.\n\n"
    )
    update = (
        "---\n\nMOGADISHU, Somalia (March 5, 2019)\n"
        "Somali forces confirmed they detained an al-Shabaab commander and two of his "
        "associates near Jilib on Saturday.\n"
    )
    found = totals(pipeline, totalling, first + update)
    assert [t[:3] for t in found] == [("detained", 3, "at_least")]
    exact = first.replace("several suspected militants", "a militant courier")
    assert [t[:2] for t in totals(pipeline, totalling, exact + update)] == [("detained", 1)]


def test_release_starts_at_a_rule_or_a_second_dateline() -> None:
    from sitrep.nlp.figure_totals import release_of, release_starts

    text = "NAIROBI, Kenya (May 2)\nA raid.\n\nNAIROBI, Kenya (May 4, 2020)\nAn update."
    starts = release_starts(text)
    assert [release_of(text.index(word), starts) for word in ("raid", "update")] == [0, 1]
    assert release_starts("NAIROBI, Kenya (May 2)\nOne report.\n---\nMore.")[0] > 0
    assert release_starts("Troops arrived (May 2) in Nairobi, Kenya.") == []


def test_totals_read_a_clause_that_names_the_lead_s_people_as_the_whole(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "Somali forces captured an al-Shabaab commander in Kismayo on Monday. "
        "After questioning, the forces detained the commander and two of his associates."
    )
    assert totals(pipeline, totalling, text) == [("detained", 3, "exact", ["al-Shabaab"])]
    part = (
        "Kenyan police arrested an al-Shabaab commander in Lamu on Monday. "
        "Two suspects were detained, including the commander."
    )
    assert [t[:2] for t in totals(pipeline, totalling, part)] == [("detained", 2)]


def test_totals_let_the_body_settle_a_vague_lead(pipeline: Any, totalling: Any) -> None:
    text = (
        "Nigerian troops killed several militants near Maiduguri on Sunday. "
        "The troops came under fire and returned fire, killing several. "
        "Later, several more militants were killed in a second clash."
    )
    assert [t[:3] for t in totals(pipeline, totalling, text)] == [("killed", 6, "at_least")]
    exact = (
        "Nigerian troops killed several militants near Maiduguri on Sunday. "
        "The troops came under fire and returned fire, killing one militant."
    )
    assert [t[:3] for t in totals(pipeline, totalling, exact)] == [("killed", 1, "at_least")]


def test_totals_call_people_taken_into_custody_what_the_report_calls_them(
    pipeline: Any, totalling: Any
) -> None:
    text = "Kenyan police raided a compound in Lamu on Monday. Two men were taken into custody."
    assert totals(pipeline, totalling, text) == [("detained", 2, "exact", ["insurgents"])]
    captures = (
        "Somali forces captured an al-Shabaab commander near Jilib on Monday. "
        "Two other men were also taken into custody."
    )
    assert totals(pipeline, totalling, captures) == [("captured", 3, "exact", ["al-Shabaab"])]


def test_totals_leave_a_round_up_of_several_operations_to_the_operations_told(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "Nigerian troops killed more than 20 militants and detained 15 suspects during "
        "separate operations in the northeast over the past 24 hours. "
        "Near Maiduguri, soldiers came under fire and killed three militants."
    )
    assert totals(pipeline, totalling, text) == [("killed", 3, "exact", ["militants"])]
    alone = "Nigerian troops killed more than 20 militants during separate operations on Sunday."
    assert [t[:2] for t in totals(pipeline, totalling, alone)] == [("killed", 21)]


def test_totals_read_the_amount_of_a_name_split_by_the_parser(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "After a search, the police arrested several suspected Islamic Movement of "
        "Uzbekistan insurgents."
    )
    assert [t[:3] for t in totals(pipeline, totalling, text)] == [("detained", 3, "at_least")]
    number = "Kenyan troops killed an al-Shabaab commander along with a number of fighters."
    assert [t[:3] for t in totals(pipeline, totalling, number)] == [("killed", 4, "at_least")]


def test_a_proper_noun_killed_or_held_is_a_person_s_name(pipeline: Any) -> None:
    from spacy.tokens import Doc

    from sitrep.nlp.figure_categories import is_person_name, load_category_lexicon

    lex = load_category_lexicon()

    def parsed(ent: str, dep: str = "dobj") -> Any:
        words = ["An", "airstrike", "killed", "Rostum", "."]
        doc = Doc(
            pipeline.vocab,
            words=words,
            tags=["DT", "NN", "VBD", "NNP", "."],
            deps=["det", "nsubj", "ROOT", dep, "punct"],
            heads=[1, 2, 2, 2, 2],
            lemmas=["an", "airstrike", "kill", "Rostum", "."],
            ents=["O", "O", "O", f"B-{ent}" if ent else "O", "O"],
        )
        return doc[3]

    assert is_person_name(parsed(""), lex)
    assert is_person_name(parsed("EVENT"), lex)
    assert not is_person_name(parsed("GPE"), lex)
    assert not is_person_name(parsed("", dep="npadvmod"), lex)


def test_the_target_group_is_named_in_the_release_not_in_its_headline(
    pipeline: Any, totalling: Any
) -> None:
    text = (
        "Haqqani Network Leaders Targeted in Khost\n"
        "KABUL, Afghanistan (Oct. 3) - Afghan forces detained three suspected insurgents while "
        "searching for a Taliban sub-commander in Khost province."
    )
    assert totals(pipeline, totalling, text) == [("detained", 3, "exact", ["Taliban"])]


def test_totals_read_losses_as_a_minimum_where_the_lead_words_them_vaguely(
    pipeline: Any, totalling: Any
) -> None:
    hedged = "Malian troops killed one militant and detained several others near Gao on Monday."
    assert totals(pipeline, totalling, hedged) == [
        ("killed", 1, "at_least", ["militants"]),
        ("detained", 3, "at_least", ["militants"]),
    ]
    plain = "Malian troops killed one militant and detained two others near Gao on Monday."
    assert [t[2] for t in totals(pipeline, totalling, plain)] == ["exact", "exact"]
    about = "Malian troops killed about 40 militants near Gao on Monday."
    assert [t[2] for t in totals(pipeline, totalling, about)] == ["approx"]


def test_those_fought_alongside_do_not_own_the_losses(pipeline: Any) -> None:
    text = (
        "About 200 Chadian soldiers have been killed fighting alongside French forces, "
        "out of some 900 casualties in all, officials in N'Djamena said."
    )
    found = {(f.category, f.value, tuple(f.actor)) for f in figures(pipeline, text)}
    assert found == {("killed", 200, ("TCD",)), ("casualties", 900, ("TCD",))}


def test_a_fronted_of_phrase_is_the_whole_not_the_part(pipeline: Any) -> None:
    text = (
        "Of the roughly 5,000 troops Chad sent to Mali, about 300 have been killed or wounded, "
        "officials said."
    )
    found = {(f.category, f.value) for f in figures(pipeline, text)}
    assert found == {("troops", 5000), ("casualties", 300)}


def test_the_raised_subject_sends_and_more_are_the_same_people(pipeline: Any) -> None:
    text = "Chad is believed to have sent at least 1,000 more soldiers to Mali, Sahel Watch said."
    figure = only(pipeline, text)
    assert (figure.category, figure.actor) == ("troops", ["TCD"])
    text = (
        "Niger's army said last month that about 300 of the roughly 5,000 Chadian soldiers "
        "sent last year had been killed or wounded, and that at least 1,000 more had been "
        "dispatched since January."
    )
    more = [f for f in figures(pipeline, text) if f.value == 1000]
    assert [(f.category, f.actor) for f in more] == [("troops", ["TCD"])]


def test_unnamed_soldiers_belong_to_the_soldiers_named_before_not_their_captors(
    pipeline: Any,
) -> None:
    text = (
        "Two Eritrean soldiers were captured by Ethiopian forces on Friday. Sudan's foreign "
        "ministry said Eritrean soldiers held in the camp are treated as Sudanese residents. "
        "Last week the army said at least 40 soldiers had been killed and nearly 200 wounded."
    )
    counts = {f.value: f.actor for f in figures(pipeline, text) if f.value in {40, 200}}
    # Not Sudan (named on residents) nor Ethiopia (the captors); the wounded are the same men.
    assert counts == {40: ["ERI"], 200: ["ERI"]}
    text = (
        "Two Eritrean soldiers were captured by Ethiopian forces on Friday. "
        "Last week the army said at least 40 soldiers had been killed."
    )
    assert [f.actor for f in figures(pipeline, text) if f.value == 40] == [["ERI"]]


def test_the_dead_of_no_named_side_are_not_the_armed_group_named_after_them(
    pipeline: Any,
) -> None:
    text = (
        "GENEVA - Medics counted at least 300 dead after the battle for the city, the UN said "
        "on Friday. The RSF seized the city in late October."
    )
    assert [f.actor for f in figures(pipeline, text) if f.value == 300] in ([], [["SDN"]])


def test_patients_and_their_companions_are_not_the_reporters_nor_the_datelines(
    pipeline: Any,
) -> None:
    text = (
        "GENEVA - The World Health Organization said on Wednesday that more than 100 patients "
        "and their relatives were killed at a hospital in Sudan's Darfur region."
    )
    figure = only(pipeline, text)
    assert (figure.value, figure.actor, figure.claimant) == (100, ["SDN"], ["WHO"])


def test_an_update_adds_no_count_of_a_category_its_release_told() -> None:
    from dataclasses import replace

    from sitrep.nlp.figure_totals import total_figures

    told = mention(3, "Taliban", 0, 0, vague=True)
    update = mention(1, "Taliban", 50, 5)
    claimed = replace(
        update, release=1, figure=update.figure.model_copy(update={"claimant": ["X"]})
    )
    assert [(f.value, f.claimant) for f in total_figures([told, claimed])] == [(3, None)]
    alone = replace(claimed, release=1)
    assert [f.value for f in total_figures([alone])] == [1]
