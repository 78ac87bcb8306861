"""A user's decisions on stories: finding a story or item by a short id, splitting and merging.

Each decision is stored as constraints between item fingerprints (`story_constraints`), so it
survives re-analysis of the articles involved; `stories.update_stories` honours them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitrep.errors import InputError, NotFoundError
from sitrep.reconcile import events as ev
from sitrep.reconcile import figures as fg
from sitrep.reconcile.model import StoryKind, story_id
from sitrep.reconcile.stories import (
    IndexKey,
)
from sitrep.records import Event, Figure
from sitrep.store.engine import database_errors
from sitrep.store.schema import (
    stories,
    story_constraints,
    story_keys,
    story_members,
    story_merges,
)
from sitrep.store.stories import (
    LAYER_OF,
    ItemId,
    Layer,
    delete_story,
    key_text,
    member_items,
    member_rows,
    next_order,
    story_exists,
    story_label,
    story_subject,
)


def resolve_story(conn: Connection, text: str) -> tuple[str, StoryKind]:
    """The id and kind of the story named by `text` (its id or a unique prefix of it)."""
    with database_errors(f"Reading story {text}"):
        rows = conn.execute(
            sa.select(stories.c.id, stories.c.kind)
            .where(stories.c.id.startswith(text, autoescape=True))
            .order_by(stories.c.id)
            .limit(3)
        ).all()
    exact = [row for row in rows if row[0] == text]
    if exact or len(rows) == 1:
        story, kind = (exact or rows)[0]
        return str(story), kind
    if rows:
        shown = ", ".join(str(row[0]) for row in rows)
        raise NotFoundError(f"The story id {text!r} matches several stories ({shown}, ...).")
    raise NotFoundError(
        f"No story {text!r} in the store. Story ids look like ev-1a2b3c4d or fig-1a2b3c4d; "
        "list them with `sitrep stories`."
    )


def parse_item(conn: Connection, text: str) -> ItemId:
    """An item from `ARTICLE_ID_PREFIX:events|figures:POSITION`, as `sitrep story` shows it."""
    from sitrep.store.repository import get_article

    parts = text.rsplit(":", 2)
    if len(parts) != 3 or parts[1] not in LAYER_OF.values() or not parts[2].isdigit():
        raise InputError(
            f"{text!r} is not an item: write ARTICLE_ID_PREFIX:events:POSITION or "
            "ARTICLE_ID_PREFIX:figures:POSITION, as `sitrep story ID` lists them."
        )
    layer: Layer = "events" if parts[1] == "events" else "figures"
    return get_article(conn, parts[0]).id, layer, int(parts[2])


def _members(conn: Connection, story: str) -> list[tuple[ItemId, int, str]]:
    m = story_members
    rows = conn.execute(
        sa.select(m.c.article_id, m.c.layer, m.c.position, m.c.seq, m.c.fingerprint)
        .where(m.c.story_id == story)
        .order_by(m.c.seq)
    ).all()
    return [((a, layer, p), seq, fp) for a, layer, p, seq, fp in rows]


def _pair(kind: str, x: str, y: str, now: datetime) -> dict[str, Any]:
    a, b = sorted((x, y))
    return {
        "kind": kind,
        "a": a,
        "b": b,
        "a_article": a.split(":", 1)[0],
        "b_article": b.split(":", 1)[0],
        "created_at": now,
    }


def _replace_constraints(
    conn: Connection, drop: str, keep: str, pairs: Iterable[tuple[str, str]], now: datetime
) -> None:
    """Record `keep` constraints for `pairs`, dropping any `drop` ones between them."""
    c = story_constraints
    rows = [_pair(keep, x, y, now) for x, y in pairs if x != y]
    for row in rows:
        conn.execute(
            sa.delete(c).where(c.c.a == row["a"], c.c.b == row["b"], c.c.kind.in_((drop, keep)))
        )
    if rows:
        conn.execute(sa.insert(c), list({(r["a"], r["b"]): r for r in rows}.values()))


def _log_user(conn: Connection, story: str, action: str, **values: Any) -> None:
    row = {"story_id": story, "action": action, "decided_by": "user"}
    conn.execute(sa.insert(story_merges).values(**row, decided_at=datetime.now(UTC), **values))


def _move_member(conn: Connection, item: ItemId, story: str, seq: int) -> None:
    """File a stored item under `story`, at position `seq` among its members."""
    article_id, layer, position = item
    conn.execute(
        sa.update(story_members)
        .where(
            story_members.c.article_id == article_id,
            story_members.c.layer == layer,
            story_members.c.position == position,
        )
        .values(story_id=story, seq=seq)
    )


def split_story(conn: Connection, story: str, items: Sequence[ItemId]) -> str:
    """Move `items` out of `story` into a new story of their own; return its id.

    The split is kept as constraints: the moved items cannot join a story holding one of the
    members left behind, and must stay together, also after their articles are re-analysed.
    """
    now = datetime.now(UTC)
    with database_errors(f"Splitting story {story}"):
        story, kind = resolve_story(conn, story)
        members = _members(conn, story)
        present = {item for item, _, _ in members}
        missing = [item for item in items if item not in present]
        if missing:
            listed = ", ".join(f"{a[:12]}:{layer}:{p}" for a, layer, p in missing)
            raise NotFoundError(
                f"Not members of story {story}: {listed}. `sitrep story {story}` lists its items."
            )
        moving = [(item, fp) for item, _, fp in members if item in set(items)]
        staying = [fp for item, _, fp in members if item not in set(items)]
        if not staying:
            raise InputError(
                f"Splitting every item out of story {story} leaves it empty: name only the "
                "items that do not belong."
            )
        (first_article, layer, first_position), _ = moving[0]
        salt, new = 0, story_id(kind, (first_article, first_position))
        while story_exists(conn, new):
            salt += 1
            new = story_id(kind, (first_article, first_position), salt)
        rows = member_rows(
            conn,
            kind,
            sa.tuple_(story_members.c.article_id, story_members.c.position).in_(
                [(a, p) for (a, _, p), _ in moving]
            ),
        )
        records = {(r["article_id"], r["position"]): r["record"] for r in rows}
        model = Event if kind == "event" else Figure
        first = model.model_validate(records[(first_article, first_position)])
        conn.execute(
            sa.insert(stories).values(
                id=new,
                kind=kind,
                subject=story_subject(first),
                label=story_label(first),
                created_order=next_order(conn),
                created_at=now,
            )
        )
        keys: dict[str, None] = {}
        for item in member_items(kind, rows):
            keys.update(dict.fromkeys(key_text(k) for k in _index_keys(item)))
        if keys:
            conn.execute(sa.insert(story_keys), [{"key": k, "story_id": new} for k in keys])
        for seq, ((article_id, layer, position), _) in enumerate(moving):
            _move_member(conn, (article_id, layer, position), new, seq)
            _log_user(
                conn,
                new,
                "split",
                item_article=article_id,
                item_layer=layer,
                item_position=position,
                other_story=story,
            )
        prints = [fp for _, fp in moving]
        _replace_constraints(conn, "must", "cannot", [(x, y) for x in prints for y in staying], now)
        _replace_constraints(conn, "cannot", "must", [(prints[0], y) for y in prints[1:]], now)
    return new


def _index_keys(item: Any) -> list[IndexKey]:
    if isinstance(item, ev.EventItem):
        return ev.index_keys(item)
    assert isinstance(item, fg.FigureItem)
    return fg.index_keys(item)


def merge_stories(conn: Connection, target: str, other: str) -> str:
    """Move every member of story `other` into story `target`, delete `other`; return target.

    Kept as must-links from the first member of `target` to each moved item, so re-analysing
    either side files them together again.
    """
    now = datetime.now(UTC)
    with database_errors(f"Merging story {other} into {target}"):
        target, kind = resolve_story(conn, target)
        other, other_kind = resolve_story(conn, other)
        if target == other:
            raise InputError(f"Cannot merge story {target} with itself: name another story.")
        if kind != other_kind:
            raise InputError(
                f"Story {target} groups {kind}s and {other} groups {other_kind}s: only stories "
                "of one kind can be merged."
            )
        kept, moved = _members(conn, target), _members(conn, other)
        start = kept[-1][1] + 1 if kept else 0
        for offset, ((article_id, layer, position), _, _) in enumerate(moved):
            _move_member(conn, (article_id, layer, position), target, start + offset)
        have = set(
            conn.execute(
                sa.select(story_keys.c.key).where(story_keys.c.story_id == target)
            ).scalars()
        )
        moved_keys = conn.execute(
            sa.select(story_keys.c.key).where(story_keys.c.story_id == other)
        ).scalars()
        new_keys = [{"key": k, "story_id": target} for k in moved_keys if k not in have]
        delete_story(conn, other)
        if new_keys:
            conn.execute(sa.insert(story_keys), new_keys)
        kept_prints = [fp for _, _, fp in kept]
        moved_prints = [fp for _, _, fp in moved]
        c = story_constraints
        if kept_prints and moved_prints:
            conn.execute(
                sa.delete(c).where(
                    c.c.kind == "cannot",
                    sa.or_(
                        sa.and_(c.c.a.in_(kept_prints), c.c.b.in_(moved_prints)),
                        sa.and_(c.c.a.in_(moved_prints), c.c.b.in_(kept_prints)),
                    ),
                )
            )
            _replace_constraints(
                conn, "cannot", "must", [(kept_prints[0], y) for y in moved_prints], now
            )
        _log_user(conn, target, "merge", other_story=other, fields={"moved": len(moved)})
    return target
