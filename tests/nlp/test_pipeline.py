"""The assembled pipeline: components in configured order, layers declared and filled."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sitrep.config import DEFAULT_COMPONENTS, Settings
from sitrep.errors import ConfigError
from sitrep.nlp.pipeline import COMPONENT_MODULES, load_pipeline

pytestmark = pytest.mark.model

TEXT = (
    "North Korea has sent about 12,000 troops to Russia, South Korea's spy agency said on "
    "Friday. Ukrainian President Volodymyr Zelenskyy said two North Korean soldiers were "
    "captured in the Kursk region last week."
)


def test_components_follow_the_configured_order(nlp: Any) -> None:
    own = [name for name in nlp.pipe_names if name in COMPONENT_MODULES]
    assert own == list(DEFAULT_COMPONENTS)


# Set on each Doc by the caller before the pipeline runs, so no component assigns it.
EXTERNAL_INPUTS = {"doc._.published"}


def test_analyze_pipes_finds_every_requirement_met(nlp: Any) -> None:
    analysis = nlp.analyze_pipes()
    unmet = {name: set(p) - EXTERNAL_INPUTS for name, p in analysis["problems"].items()}
    assert not any(unmet.values()), unmet
    assigns = {attr for info in analysis["summary"].values() for attr in info["assigns"]}
    for layer in ("actors", "timexes", "places", "attributions", "figures", "events"):
        assert f"doc._.{layer}" in assigns


def test_every_layer_is_filled_and_spans_match(nlp: Any) -> None:
    from sitrep.nlp.pipeline import doc_to_analysis

    doc = nlp.make_doc(TEXT)
    doc._.published = date(2025, 1, 24)
    analysis = doc_to_analysis(nlp(doc), "t")
    assert analysis.actors and analysis.timexes and analysis.places
    assert analysis.attributions and analysis.figures and analysis.events
    spans = [m.span for m in analysis.actors] + [t.span for t in analysis.timexes]
    spans += [p.span for p in analysis.places] + [f.evidence for f in analysis.figures]
    spans += [a.content for a in analysis.attributions] + [e.evidence for e in analysis.events]
    for span in spans:
        assert TEXT[span.start : span.end] == span.text


def test_unknown_component_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="Available components"):
        load_pipeline(Settings(components=("sitrep_actors", "sitrep_nonsense")))


def test_unknown_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="SITREP_MODEL"):
        load_pipeline(Settings(model="no_such_pipeline_xyz", components=()))


def test_a_post_on_x_ends_its_sentence(nlp: Any) -> None:
    doc = nlp("The president wrote in a post on X. Officials later denied the report.")
    assert len(list(doc.sents)) == 2


# The stand-ins for spaCy's attribute ruler and lemmatizer (`sitrep.nlp.rule_pipes`) must set
# exactly what spaCy's own components set, on sentences full of their exceptions.
RULE_TEXTS = [
    "Y'all ain't seen nothin' yet, he said; I'm gonna tell 'em what we're doin'.",
    "She doesn't know whether the troops can't or won't leave.  The talks\n\nresumed.",
    "The ministers' aides were lying low, and the better offers came later than expected.",
    "U.S. officials said the 3rd brigade's drones had been shot down over the border.",
]


def _through(nlp: Any, text: str, last: str) -> Any:
    """`text` run through the trained pipeline's components up to `last` (inclusive)."""
    names = nlp.pipe_names[: nlp.pipe_names.index(last) + 1]
    with nlp.select_pipes(enable=names):
        return nlp(text)


def _token_attrs(doc: Any) -> list[tuple[str, ...]]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_rule_stand_ins_replace_spacys_components_under_their_names(
    nlp: Any, spacy_nlp: Any
) -> None:
    from sitrep.nlp.rule_pipes import IndexedAttributeRuler, MemoLemmatizer

    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), MemoLemmatizer)
    assert [n for n in nlp.pipe_names if n in spacy_nlp.pipe_names] == spacy_nlp.pipe_names


def test_the_indexed_ruler_finds_the_matchers_matches(spacy_nlp: Any) -> None:
    from sitrep.nlp.rule_pipes import IndexedAttributeRuler, compile_rules

    ruler = spacy_nlp.get_pipe("attribute_ruler")
    patterns = compile_rules(ruler)
    assert patterns is not None
    indexed = IndexedAttributeRuler()
    indexed.load(ruler, patterns)
    for text in RULE_TEXTS:
        doc = _through(spacy_nlp, text, "parser")
        assert indexed.match(doc) == [(rule, s, e) for rule, _, s, e in ruler.match(doc)]
        ours, theirs = doc.copy(), doc.copy()
        indexed(ours)
        ruler(theirs)
        assert _token_attrs(ours) == _token_attrs(theirs)


def test_the_memo_lemmatizer_sets_spacys_lemmas(spacy_nlp: Any) -> None:
    from sitrep.nlp.rule_pipes import MemoLemmatizer

    lemmatizer = spacy_nlp.get_pipe("lemmatizer")
    memo = MemoLemmatizer()
    memo.load(lemmatizer)
    for _ in range(2):  # the second round answers from memory
        for text in RULE_TEXTS:
            doc = _through(spacy_nlp, text, "attribute_ruler")
            ours, theirs = doc.copy(), doc.copy()
            memo(ours)
            lemmatizer(theirs)
            assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]


def test_the_indexed_ruler_follows_the_matcher_on_rules_of_every_kind() -> None:
    import spacy
    from spacy.tokens import Doc

    from sitrep.nlp.rule_pipes import IndexedAttributeRuler, compile_rules

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([[{"LOWER": "lead", "TAG": {"IN": ["VB", "VBP"]}}]], {"LEMMA": "lead"})
    ruler.add([[{"LOWER": {"REGEX": "^gon+a$"}}, {"LOWER": "go"}]], {"LEMMA": "going"}, index=0)
    ruler.add([[{"TAG": "DT"}, {"TAG": "NN"}]], {"POS": "PROPN"}, index=-1)
    ruler.add([[{"DEP": {"NOT_IN": ["nsubj"]}, "TAG": "NN"}]], {"MORPH": "Number=Sing"})
    ruler.add([[{"IS_SPACE": True}]], {"TAG": "_SP"})
    words = ["The", "lead", "gonna", "go", " ", "lead", "dog", "the", "dog"]
    tags = ["DT", "NN", "VBG", "VB", "", "VBP", "NN", "DT", "NN"]
    deps = ["det", "nsubj", "ROOT", "xcomp", "", "conj", "dobj", "det", "pobj"]
    patterns = compile_rules(ruler)
    assert patterns is not None
    indexed = IndexedAttributeRuler()
    indexed.load(ruler, patterns)
    doc = Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=[1, 2, 2, 2, 3, 3, 5, 8, 5])
    expected = [(rule, s, e) for rule, _, s, e in ruler.match(doc)]
    assert indexed.match(doc) == expected
    assert {rule for rule, _, _ in expected} == set(range(6))
    ours, theirs = doc.copy(), doc.copy()
    indexed(ours)
    ruler(theirs)
    assert _token_attrs(ours) == _token_attrs(theirs)


def test_a_rule_the_index_cannot_read_keeps_spacys_ruler() -> None:
    import spacy

    from sitrep.nlp.rule_pipes import compile_rules

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN", "OP": "+"}]], {"POS": "NOUN"})
    assert compile_rules(ruler) is None


def test_a_layer_is_the_list_doc_underscore_holds(nlp: Any) -> None:
    from sitrep.nlp.extensions import layer

    doc = nlp.make_doc("Talks resumed on Monday.")
    assert doc._.figures is None
    figures = layer(doc, "figures")
    assert figures == [] and doc._.figures is figures
    figures.append("a record")
    assert layer(doc, "figures") is doc._.figures


def test_programmatic_settings_reach_the_figure_component(monkeypatch: Any) -> None:
    import spacy

    from sitrep.nlp.pipeline import _component_config

    monkeypatch.delenv("SITREP_FIGURE_TOTALS", raising=False)
    blank = spacy.blank("en")
    pipe = blank.add_pipe(
        "sitrep_figures", config=_component_config("sitrep_figures", Settings(figure_totals=True))
    )
    assert pipe.totals is True
    monkeypatch.delenv("SITREP_PLACE_DEMONYMS", raising=False)
    places = blank.add_pipe(
        "sitrep_places", config=_component_config("sitrep_places", Settings(place_demonyms=True))
    )
    assert places.demonyms is True
    assert _component_config("sitrep_actors", Settings(figure_totals=True)) == {}
