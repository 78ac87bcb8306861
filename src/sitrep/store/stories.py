"""Stories in the store: updated one article at a time on ingest, split or merged by a user.

`update_stories` files a newly analysed article's events and figures into stories without
reading the whole store: it looks up the stories filed under the article's index keys
(`story_keys`), loads only their most recent members into a `StoryIndex`, adds the article and
writes back the decisions, members, keys and new stories. Its cost is an index lookup plus a
bounded number of comparisons, whatever the size of the store.

A user's split or merge is kept as constraints between item fingerprints (article, layer, type
or category, trigger or number, evidence words), which outlive a re-analysis that renumbers the
items: re-adding the article re-applies them (the split and merge themselves are in
`story_edits`). Every decision, automatic or not, is logged in `story_merges`. The caller owns
the transaction, as everywhere in the store.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitrep.reconcile import events as ev
from sitrep.reconcile import figures as fg
from sitrep.reconcile.model import StoryKind
from sitrep.reconcile.stories import (
    Constraints,
    Decision,
    IndexKey,
    ItemRef,
    ReconcileOptions,
    StoryIndex,
    items_of,
)
from sitrep.records import Analysis, Article, Event, Figure
from sitrep.store.engine import database_errors
from sitrep.store.schema import (
    analyses,
    articles,
    events,
    figures,
    stories,
    story_constraints,
    story_keys,
    story_members,
    story_merges,
)

Layer = Literal["events", "figures"]
ItemId = tuple[str, Layer, int]
"""An item in the store: (article id, layer, position)."""

LAYER_OF: dict[StoryKind, Layer] = {"event": "events", "figure": "figures"}
KIND_OF: dict[str, StoryKind] = {"events": "event", "figures": "figure"}
_AUTO_ACTIONS = ("start", "join")


# Fingerprints and keys


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def fingerprints(article_id: str, analysis: Analysis) -> dict[tuple[Layer, int], str]:
    """A stable name for each event and figure: it does not depend on the item's position.

    Items with the same type, words and evidence in one article are told apart by their
    occurrence number, which re-analysis keeps as long as their order is kept.
    """
    found: dict[tuple[Layer, int], str] = {}
    seen: dict[str, int] = {}
    records: list[tuple[Layer, int, str, str, str]] = [
        ("events", i, e.type, e.trigger.text, e.evidence.text)
        for i, e in enumerate(analysis.events)
    ]
    records += [
        ("figures", i, f.category, f.number.text, f.evidence.text)
        for i, f in enumerate(analysis.figures)
    ]
    for layer, position, subject, words, evidence in records:
        seed = "|".join((layer, subject, _normalised(words), _normalised(evidence)))
        digest = hashlib.sha1(seed.encode()).hexdigest()[:16]
        occurrence = seen.get(digest, 0)
        seen[digest] = occurrence + 1
        found[(layer, position)] = f"{article_id}:{layer}:{digest}:{occurrence}"
    return found


def key_text(key: IndexKey) -> str:
    return "|".join(key)


def _key_of(text: str) -> IndexKey:
    kind, subject, actor, bucket = text.split("|", 3)
    return kind, subject, actor, bucket


def story_label(record: Event | Figure) -> str:
    if isinstance(record, Event):
        who = ",".join(record.actor) or "?"
        whom = ",".join(record.recipient)
        mode = f"/{record.mode}" if record.mode else ""
        when = f", {record.date}" if record.date and record.date_source == "text" else ""
        return f"{record.type}{mode} {who}" + (f" → {whom}" if whom else "") + when
    return f"{record.category} of {','.join(record.actor) or '?'}"


def story_subject(record: Event | Figure) -> str:
    return record.type if isinstance(record, Event) else record.category


# Loading stored members as comparable items


def member_rows(
    conn: Connection, kind: StoryKind, where: sa.ColumnElement[bool], limit: int | None = None
) -> list[sa.RowMapping]:
    """Members with their records and articles, most recent (highest seq) first."""
    layer = LAYER_OF[kind]
    table = events if kind == "event" else figures
    m = story_members
    stmt = (
        sa.select(
            m.c.article_id,
            m.c.position,
            m.c.seq,
            m.c.story_id,
            m.c.fingerprint,
            table.c.record,
            articles.c.published,
            analyses.c.published.label("analysed_published"),
            # Figures read the words around their number; events need no text.
            (articles.c.text if kind == "figure" else sa.literal("")).label("text"),
        )
        .join(
            table, sa.and_(table.c.article_id == m.c.article_id, table.c.position == m.c.position)
        )
        .join(articles, articles.c.id == m.c.article_id)
        .join(analyses, analyses.c.article_id == m.c.article_id)
        .where(m.c.layer == layer, where)
        .order_by(m.c.seq.desc())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(conn.execute(stmt).mappings())


def member_items(kind: StoryKind, rows: Sequence[sa.RowMapping]) -> list[Any]:
    """Comparable items of member rows, oldest first."""
    items: list[Any] = []
    for row in reversed(rows):
        published: date | None = row["analysed_published"] or row["published"]
        article = Article(id=row["article_id"], text=row["text"] or "", published=published)
        if kind == "event":
            event = Event.model_validate(row["record"])
            items.append(ev.event_item(article, published, row["position"], event))
        else:
            figure = Figure.model_validate(row["record"])
            items.append(fg.figure_item(article, published, row["position"], figure))
    return items


# The incremental update


@dataclass
class StoryUpdate:
    """What `update_stories` did for one article."""

    decisions: list[Decision] = field(default_factory=list)
    loaded_stories: int = 0
    """Stored stories offered as candidates (or named by a constraint) and loaded."""
    loaded_members: int = 0
    """Their members read from the store (at most `max_compared_members` a story)."""
    removed: list[str] = field(default_factory=list)
    """Stories left empty by a re-analysis of the article, and deleted."""


def _forget(conn: Connection, article_id: str) -> list[str]:
    """Take a (re-)analysed article out of its stories; delete stories left empty."""
    m, log = story_members, story_merges
    previous = set(
        conn.execute(sa.select(m.c.story_id).where(m.c.article_id == article_id)).scalars()
    )
    # Saving a new analysis cascades to story_members, so the log says where it was.
    previous |= set(
        conn.execute(
            sa.select(log.c.story_id).where(
                log.c.item_article == article_id, log.c.action.in_(_AUTO_ACTIONS)
            )
        ).scalars()
    )
    conn.execute(sa.delete(m).where(m.c.article_id == article_id))
    conn.execute(
        sa.delete(log).where(log.c.item_article == article_id, log.c.action.in_(_AUTO_ACTIONS))
    )
    removed = []
    for story in sorted(previous):
        if conn.execute(sa.select(m.c.seq).where(m.c.story_id == story).limit(1)).first() is None:
            delete_story(conn, story)
            removed.append(story)
    return removed


def delete_story(conn: Connection, story: str) -> None:
    conn.execute(sa.delete(story_keys).where(story_keys.c.story_id == story))
    conn.execute(sa.delete(story_members).where(story_members.c.story_id == story))
    conn.execute(sa.delete(stories).where(stories.c.id == story))


def next_order(conn: Connection) -> int:
    top = conn.execute(sa.select(sa.func.max(stories.c.created_order))).scalar_one()
    return 0 if top is None else int(top) + 1


def story_exists(conn: Connection, story: str) -> bool:
    return conn.execute(sa.select(stories.c.id).where(stories.c.id == story)).first() is not None


def _constraints(
    conn: Connection, article_id: str, prints: dict[tuple[Layer, int], str]
) -> tuple[Constraints, dict[str, list[tuple[str, int]]]]:
    """The user's constraints on the article's items, and the stored partners they name
    (story id -> [(article id, position)])."""
    c = story_constraints
    rows = conn.execute(
        sa.select(c.c.kind, c.c.a, c.c.b).where(
            sa.or_(c.c.a_article == article_id, c.c.b_article == article_id)
        )
    ).all()
    own = {fp: (layer, position) for (layer, position), fp in prints.items()}
    pairs = [(kind, mine, other) for kind, a, b in rows for mine, other in ((a, b), (b, a))]
    pairs = [(kind, mine, other) for kind, mine, other in pairs if mine in own]
    outside = sorted({other for _, _, other in pairs if other not in own})
    stored: dict[str, tuple[str, int, str]] = {}
    if outside:
        m = story_members
        found = conn.execute(
            sa.select(m.c.fingerprint, m.c.article_id, m.c.position, m.c.story_id).where(
                m.c.fingerprint.in_(outside)
            )
        )
        stored = {fp: (article, position, story) for fp, article, position, story in found}
    must: dict[ItemRef, list[tuple[str, int]]] = {}
    cannot: dict[ItemRef, list[tuple[str, int]]] = {}
    partners: dict[str, list[tuple[str, int]]] = {}
    for kind, mine, other in sorted(pairs):
        layer, position = own[mine]
        if other in own:
            partner = (article_id, own[other][1])
        elif other in stored:
            partner = stored[other][:2]
            partners.setdefault(stored[other][2], []).append(partner)
        else:
            continue  # the partner is not in the store any more
        ref: ItemRef = (KIND_OF[layer], (article_id, position))
        (must if kind == "must" else cannot).setdefault(ref, []).append(partner)
    return Constraints(must=must, cannot=cannot), partners


def update_stories(
    conn: Connection,
    article: Article,
    analysis: Analysis,
    options: ReconcileOptions | None = None,
) -> StoryUpdate:
    """File the events and figures of a newly saved analysis into the stored stories.

    Call it after `save_analysis`, in the same transaction. A re-analysed article leaves its
    old stories first and is filed again, with the user's split and merge decisions re-applied.
    """
    options = options or ReconcileOptions()
    with database_errors(f"Updating the stories of article {article.id}"):
        update = StoryUpdate(removed=_forget(conn, article.id))
        event_items, figure_items = items_of(article, analysis)
        prints = fingerprints(article.id, analysis)
        rules, partners = _constraints(conn, article.id, prints)

        lookups = {key_text(k) for item in event_items for k in ev.lookup_keys(item)}
        lookups |= {key_text(k) for item in figure_items for k in fg.index_keys(item)}
        filed: dict[str, list[str]] = {}
        if lookups:
            found = conn.execute(
                sa.select(story_keys.c.key, story_keys.c.story_id).where(
                    story_keys.c.key.in_(sorted(lookups))
                )
            )
            for key, story in found:
                filed.setdefault(story, []).append(key)
        wanted = sorted(set(filed) | set(partners))
        index = StoryIndex(
            options, first_order=next_order(conn), taken=lambda s: story_exists(conn, s)
        )
        next_seq: dict[str, int] = {}
        rows = conn.execute(
            sa.select(stories.c.id, stories.c.kind, stories.c.created_order)
            .where(stories.c.id.in_(wanted))
            .order_by(stories.c.created_order)
        ).all()
        for story, kind, order in rows:
            members = member_rows(
                conn, kind, story_members.c.story_id == story, options.max_compared_members
            )
            next_seq[story] = (members[0]["seq"] + 1) if members else 0
            index.restore(
                kind,
                story,
                order,
                member_items(kind, members),
                [_key_of(k) for k in filed.get(story, [])],
                known=partners.get(story, []),
            )
            update.loaded_stories += 1
            update.loaded_members += len(members)
        update.decisions = index.add_items(article.id, event_items, figure_items, rules)
        item_keys: dict[ItemRef, list[str]] = {
            ("event", e.key): [key_text(k) for k in ev.index_keys(e)] for e in event_items
        }
        item_keys |= {
            ("figure", f.key): [key_text(k) for k in fg.index_keys(f)] for f in figure_items
        }
        _write(
            conn, article.id, analysis, index, update.decisions, next_seq, filed, prints, item_keys
        )
    return update


def _write(
    conn: Connection,
    article_id: str,
    analysis: Analysis,
    index: StoryIndex,
    decisions: Sequence[Decision],
    next_seq: dict[str, int],
    filed: dict[str, list[str]],
    prints: dict[tuple[Layer, int], str],
    item_keys: dict[ItemRef, list[str]],
) -> None:
    now = datetime.now(UTC)
    new_stories: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    keys: dict[tuple[str, str], None] = {}
    log: list[dict[str, Any]] = []
    for decision in decisions:
        layer = LAYER_OF[decision.kind]
        position = decision.item[1]
        record: Event | Figure = (
            analysis.events[position] if decision.kind == "event" else analysis.figures[position]
        )
        story = decision.story
        if story not in next_seq:
            next_seq[story] = 0
            new_stories.append(
                {
                    "id": story,
                    "kind": decision.kind,
                    "subject": story_subject(record),
                    "label": story_label(record),
                    "created_order": index.order_of(decision.kind, story),
                    "created_at": now,
                }
            )
        members.append(
            {
                "article_id": article_id,
                "layer": layer,
                "position": position,
                "story_id": story,
                "seq": next_seq[story],
                "fingerprint": prints[(layer, position)],
            }
        )
        next_seq[story] += 1
        for key in item_keys[(decision.kind, decision.item)]:
            if key not in filed.get(story, ()):
                keys[(key, story)] = None
        merge = decision.merge
        log.append(
            {
                "story_id": story,
                "action": "join" if merge else "start",
                "item_article": article_id,
                "item_layer": layer,
                "item_position": position,
                "partner_article": merge.a[0] if merge else None,
                "partner_layer": layer if merge else None,
                "partner_position": merge.a[1] if merge else None,
                "other_story": None,
                "fields": dict(merge.fields) if merge else None,
                "score": merge.score if merge else None,
                "decided_by": decision.by,
                "decided_at": now,
            }
        )
    for table, values in (
        (stories, new_stories),
        (story_members, members),
        (story_keys, [{"key": k, "story_id": s} for k, s in keys]),
        (story_merges, log),
    ):
        if values:
            conn.execute(sa.insert(table), values)


def rebuild_stories(conn: Connection, options: ReconcileOptions | None = None) -> int:
    """Regroup every stored analysis from scratch (oldest first), keeping the user's decisions.

    For a store analysed before stories were stored, or after the thresholds change. Returns
    the number of articles filed.
    """
    from sitrep.store.repository import get_analysis, get_article

    with database_errors("Rebuilding the stories"):
        for table in (story_keys, story_members, stories):
            conn.execute(sa.delete(table))
        conn.execute(sa.delete(story_merges).where(story_merges.c.action.in_(_AUTO_ACTIONS)))
        published = sa.func.coalesce(analyses.c.published, articles.c.published)
        ids = conn.execute(
            sa.select(analyses.c.article_id)
            .join(articles, articles.c.id == analyses.c.article_id)
            .order_by(published.is_(None), published, analyses.c.article_id)
        ).scalars()
        count = 0
        for article_id in list(ids):
            analysis = get_analysis(conn, article_id)
            assert analysis is not None
            update_stories(conn, get_article(conn, article_id), analysis, options)
            count += 1
    return count
