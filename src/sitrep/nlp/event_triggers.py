"""Event triggers: the words of a sentence that open an event frame (lexicon entries, verb and
object pairs, obligations, named treaties), how an object recodes its verb, and which triggers
are part of another event (a demand's content, a condition, a protest's purpose, what a
sanction cuts off) rather than events of their own. Used by `events`.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from sitrep.nlp import event_participants as parts
from sitrep.nlp.event_frames import (
    ASIDE,
    CONTENT_TYPES,
    DENIALS,
    EMBEDDING_TYPES,
    OBLIGATION_VERBS,
    TEMPORAL_PREPS,
    TREATY_WORDS,
    Lexicons,
    Trigger,
    chain,
    match_trigger,
    object_trigger,
)
from sitrep.nlp.layout import in_ranges
from sitrep.records import Event

TREATIES = TREATY_WORDS
EARLIER_PREPS = TEMPORAL_PREPS - {"during"}
"""Killed "during battles" is one assault; retaken "after an incursion" follows another."""
STATING = OBLIGATION_VERBS
OBLIGING = frozenset({"must"})
"""Modals that make a statement about another party's duty a demand on it."""
LIGHT_NOUNS = frozenset({"effort", "bid", "mission", "initiative"})
"""Nouns that leave the event to their modifier ("a mediation effort", "a rescue mission")."""
CONDITIONS = frozenset({"if", "unless"})
GRANTING = frozenset({"give", "grant"})


def is_suppressed(token: Token, triggers: dict[int, Trigger]) -> bool:
    """Complements of offers, demands, threats and purpose clauses are not events of their own."""
    if token.dep_ == "amod":  # "captured soldiers"
        return True
    if token.dep_ == "ccomp" and _is_demanded(token, triggers):
        return True  # "its demand that Israel ease restrictions": the content of the demand
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in ORDERING:
        return True  # "ordered the paper to suspend publication": the order is the event
    if is_condition(token):
        return True  # "will withdraw unless X arranges a ceasefire": a condition, not an event
    if token.dep_ in {"advcl", "xcomp"} and _protested(token.head, triggers):
        return True  # "staged demonstrations to demand reforms": the purpose of the protest
    if token.dep_ == "dobj" and token.head.lemma_.lower() in GRANTING and token.pos_ == "NOUN":
        return True  # "gave them a veto": a power granted, not used
    above_verb = triggers.get(token.head.i)
    if (
        token.dep_ == "dobj"
        and token.pos_ == "NOUN"
        and above_verb
        and above_verb.type == "SANCTION"
    ):
        return True  # "prohibited all aid", "suspended the talks": what is cut off
    if token.dep_ == "compound" and token.pos_ == "NOUN":  # "partnership treaty"
        return token.head.lemma_.lower() not in LIGHT_NOUNS  # "a mediation effort" is one
    if token.dep_ == "pobj" and token.head.lower_ in parts.TOPIC_PREPS:
        above = triggers.get(token.head.head.i)
        if above is not None and above.type == "CONSULT":
            return True  # "talks on a ceasefire": the topic of the talks, not an agreement
    if token.lower_ == "exchange" and token.head.lower_ == "in":
        return True
    own = triggers.get(token.i)
    above_own = triggers.get(token.head.i)
    if (
        token.dep_ in {"dobj", "nsubjpass"}
        and above_own is not None
        and above_own.source == "object"
    ):
        return True  # "lodged a protest": the pair is the event, not the noun alone
    if own is not None and own.type == "AGREE" and _governs(token, triggers, "SANCTION"):
        return True  # "agreed to impose sanctions": the sanctions are the event, agreed = future
    if own is not None and own.type == "AGREE" and token.pos_ == "NOUN":
        above = triggers.get(token.head.i)
        if above is not None and above.type == "SUPPORT":
            return True  # "signed an agreement": the signature is the event
    for head in chain(token):
        above = triggers.get(head.i)
        if above is None:
            continue
        if own is not None and own.type == above.type and token.pos_ == "NOUN":
            # "seized in a surprise attack": one assault; "retaken after Kyiv's incursion": two.
            return not _is_before(token, head, EARLIER_PREPS)
        if own is not None and own.type == "MOBILIZE" and _is_own_readying(token, above):
            return False
        agreed_sanction = above.type == "AGREE" and own is not None and own.type == "SANCTION"
        embedded = above.type in EMBEDDING_TYPES and head.lemma_.lower() not in DENIALS
        embedded = embedded and not _is_before(token, head)  # "agreed during a meeting"
        embedded = embedded and not _is_own_clause(token, head)
        if embedded and not agreed_sanction:
            return True
        if "AID" in above.type or "MOB" in above.type or above.type == "PROTEST":
            # "deployed troops to support its fight", "marched to demand reforms": the purpose
            # is part of the deployment or the protest
            for below in [token, *chain(token)]:
                if below.head.i == head.i:
                    if _is_joined_fight(below, head, own):
                        break  # "helped to drive the enemy out": the helper fights too
                    if below.dep_ in {"advcl", "xcomp"} and any(
                        c.lower_ == "to" for c in below.children
                    ):
                        return True
                    break
    return False


HELPING = frozenset({"help", "assist"})


def _is_joined_fight(below: Token, head: Token, own: Trigger | None) -> bool:
    """Whether the trigger is the fighting a helper joins ("credited the soldiers with
    helping to drive Ukrainian forces out"): the complement of "help" is the helper's act too,
    unlike the purpose of a sending."""
    fighting = own is not None and own.type == "ASSAULT"
    return fighting and below.dep_ == "xcomp" and head.lemma_.lower() in HELPING


def _is_demanded(clause: Token, triggers: dict[int, Trigger]) -> bool:
    """Whether the clause is the content of a demand or threat named by its verb's object
    ("reiterated its demand that X ease ..."), which the parse hangs on the verb."""
    for child in clause.head.children:
        found = triggers.get(child.i)
        if child.dep_ == "dobj" and child.pos_ == "NOUN" and found and found.type in CONTENT_TYPES:
            return True
    return False


def is_condition(token: Token) -> bool:
    """Whether the trigger lies in an "if" or "unless" clause: the condition of another event
    (a threat's demand, an offer's price), which PLOVER does not code as an event."""
    for below in [token, *chain(token)]:
        if below.dep_ == "advcl" and any(c.lower_ in CONDITIONS for c in below.children):
            return True
    return False


def _protested(verb: Token, triggers: dict[int, Trigger]) -> bool:
    """Whether the verb's object is a protest ("staged demonstrations", "began a strike")."""
    for child in verb.children:
        found = triggers.get(child.i)
        if child.dep_ == "dobj" and found is not None and found.type == "PROTEST":
            return True
    return False


def governing(token: Token) -> set[str]:
    """The lemmas of the verbs whose object or complement the trigger is ("failed to reach an
    agreement", "prepared to resume shelling")."""
    found: set[str] = set()
    while token.dep_ in {"xcomp", "dobj"} and token.head.i != token.i:
        token = token.head
        found.add(token.lemma_.lower())
    return found


def _is_before(token: Token, head: Token, preps: frozenset[str] = TEMPORAL_PREPS) -> bool:
    """Whether the noun names another event than its head, beside it in time: a temporal
    phrase ("after the incursion", "during a meeting") sits on the path between them."""
    for below in [token, *chain(token)]:
        if below.i == head.i:
            return False
        if below.dep_ == "pobj" and below.head.lower_ in preps:
            return True
    return False


PROMISES = frozenset({"THREATEN", "AGREE"})


def _is_own_readying(token: Token, above: Trigger) -> bool:
    """A vow or pledge to ready one's own forces ("vowed to reinforce its nuclear forces"):
    PLOVER codes the readying (MOBILIZE, future), not a promise to anyone."""
    aimed = any(c.dep_ == "prep" and c.lower_ in {"against", "to"} for c in token.children)
    return above.type in PROMISES and above.status == "future" and not aimed


def promises_readying(token: Token, event: Event, triggers: dict[int, Trigger]) -> bool:
    """Whether the event is such a vow, aimed at nobody but its own side."""
    own = triggers.get(token.i)
    if own is None or event.type not in PROMISES or set(event.recipient) - set(event.actor):
        return False
    return any(
        t.i != token.i
        and triggers.get(t.i) is not None
        and triggers[t.i].type == "MOBILIZE"
        and _is_own_readying(t, own)
        for t in token.subtree
    )


def _is_own_clause(token: Token, head: Token) -> bool:
    """Whether an adverbial clause with its own subject, told as a fact beside its head, lies
    between the token and its head ("failed to agree when Kenya refused"): the refusal is an
    event of its own, unlike a condition ("unless Baghdad accepted") or a later step ("before
    they demobilize")."""
    for below in [token, *chain(token)]:
        if below.i == head.i:
            return False
        if below.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in below.children):
            return any(c.lower_ in ASIDE for c in below.children)
    return False


def _governs(token: Token, triggers: dict[int, Trigger], kind: str) -> bool:
    """Whether a trigger of the type sits in the token's complements or prepositional phrases."""
    for t in token.subtree:
        found = triggers.get(t.i)
        if t.i != token.i and found is not None and found.type == kind:
            above = triggers.get(t.head.i)
            # "lift the ban": the object of a verb and object pair is no event of its own
            if above is None or above.source != "object" or t.dep_ not in {"dobj", "nsubjpass"}:
                return True
    return False


def find_triggers(
    doc: Doc, lex: Lexicons, skip: list[tuple[int, int]]
) -> list[tuple[Token, Trigger]]:
    found: list[tuple[Token, Trigger]] = []
    # Words that may open a trigger of any kind: most tokens are none, and are passed over
    # without building the match functions' tokens and spans.
    rows = doc.to_array([LOWER, LEMMA]).tolist()
    i = 0
    while i < len(doc):
        if rows[i][0] not in lex.openers and rows[i][1] not in lex.openers:
            i += 1
            continue
        match = (
            match_trigger(doc, i, lex)
            or object_trigger(doc[i], lex)
            or _named_treaty(doc[i])
            or _obligation(doc[i])
        )
        if match is None or in_ranges(doc[i].idx, doc[i].idx + len(doc[i]), skip):
            i += 1
            continue
        token, end, trigger = match
        if trigger.type == "-":  # "a press release": the words name no event
            i = end
            continue
        recoded = recode(token, trigger, lex) if trigger.source == "lexicon" else trigger
        if recoded is not None:
            trigger = recoded
        found.append((token, trigger))
        i = end
    return found


def _obligation(token: Token) -> tuple[Token, int, Trigger] | None:
    """A statement that another party must act ("Moscow said Kyiv must withdraw"): PLOVER
    codes it as a demand (REQUEST) by the speaker on the party that must."""
    if token.lemma_.lower() not in STATING or token.pos_ != "VERB":
        return None
    for clause in token.children:
        if clause.dep_ != "ccomp" or not any(c.lower_ in OBLIGING for c in clause.children):
            continue
        if any(c.dep_ == "nsubj" for c in clause.children):
            words = (token.lemma_.lower(),)
            return token, token.i + 1, Trigger(words, "VERB", "REQUEST", None, "factual", "modal")
    return None


def _named_treaty(token: Token) -> tuple[Token, int, Trigger] | None:
    """A treaty named as such ("the Comprehensive Strategic Partnership Agreement"): signed, so
    PLOVER SUPPORT between its parties, whereas a common "agreement" is an AGREE."""
    if token.pos_ != "PROPN" or token.lower_ not in TREATIES or not token.text[0].isupper():
        return None
    if token.i == token.sent.start:
        return None
    return token, token.i + 1, Trigger((token.lower_,), "NOUN", "SUPPORT", None, "factual", "name")


THREAT_MODES = {
    "ASSAULT": "violence",
    "COERCE": "restrict",
    "CONSULT": "relations",
    "RETREAT": "relations",
}
"""PLOVER THREATEN modes by the type of the act threatened: force, restrictions, or breaking
off relations ("threatened to end the talks")."""


def threat_mode(token: Token, trigger: Trigger, triggers: dict[int, Trigger]) -> str | None:
    """The mode of a threat, from the act it threatens: the trigger itself when a stated
    intention made it a threat ("would blockade"), else the first act in its complements
    outside a condition ("threatened to launch an offensive unless ...")."""
    acts = [trigger] + [
        triggers[t.i]
        for t in token.subtree
        if t.i != token.i and t.i in triggers and not is_condition(t)
    ]
    for act in acts:
        kind = "COERCE" if act.mode == "obstruct" else act.type
        if kind in THREAT_MODES:
            return THREAT_MODES[kind]
    return None


ORDERING = frozenset({"order", "force", "compel"})
HALTING = frozenset({"stop", "suspend", "close", "halt", "cease", "shut"})
"""An order to stop is a restriction (PLOVER COERCE); any other order is a demand (REQUEST)."""


def recode(token: Token, trigger: Trigger, lex: Lexicons) -> Trigger | None:
    """The entry as its object recodes it ("fired a missile": MOBILIZE), or None where the
    object noun is the event ("launched an offensive")."""
    if token.pos_ != "VERB" or len(trigger.words) > 1:
        return trigger  # "held talks": an entry of several words already names its object
    if token.lemma_.lower() in ORDERING and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in HALTING for c in token.children
    ):  # "ordered the newspaper to suspend publication": a restriction imposed on it
        return Trigger(trigger.words, trigger.pos, "COERCE", None, trigger.status, "lexicon")
    themes = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    if token.dep_ == "acl":  # "the video released by ..."
        themes.append(token.head)
    for child in themes:
        recoded = lex.objects.get((token.lemma_.lower(), child.lemma_.lower()))
        if recoded is not None:
            kind, mode = recoded
            if kind == "-":
                return None
            return Trigger(trigger.words, trigger.pos, kind, mode, trigger.status, "object")
    return trigger
