"""Building blocks of the time grammar: `Mention` constructors, the rule builders that need no
state of the `Grammar` (ISO, slashed and bare-year dates, decades, clock times, seasons,
quarters and halves, "the year"), and joining a clock time with its day."""

from __future__ import annotations

import re

from sitrep.nlp.time.mentions import Lexicons, Mention, MentionKind, parse_number

DAY_KINDS = frozenset({"date", "weekday", "relative"})


def attach_days(mentions: list[Mention], text: str) -> list[Mention]:
    """Join a clock time and the day right after it ("5 p.m. EST, Nov. 9") into one mention."""
    joined: list[Mention] = []
    for mention in mentions:
        if joined:
            previous = joined[-1]
            gap = text[previous.end : mention.start]
            if (
                previous.kind == "time"
                and previous.date_of is None
                and mention.kind in DAY_KINDS
                and (mention.kind != "relative" or mention.unit == "day")
                and (mention.kind != "date" or mention.day is not None)
                and re.fullmatch(r"\s*,?\s*", gap)
            ):
                previous.date_of = mention
                previous.end = mention.end
                continue
        joined.append(mention)
    return joined


SECOND_DAY = re.compile(
    r"\s+(?:and|or|to)\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    r"(?=\s*(?:[;:)]|\.(?!\d)|,(?!\s*\d)|$)|\s+(?:in|at|on|when|as|after|before)\b)"
)
"""The second day of "April 24 and 25": a bare day number right after a date with a day."""


def add_second_days(mentions: list[Mention], text: str) -> list[Mention]:
    """ "on April 24 and 25": the bare second day is a date of the same month (TimeML)."""
    found: list[Mention] = []
    for i, mention in enumerate(mentions):
        found.append(mention)
        if mention.kind != "date" or mention.day is None or mention.month is None:
            continue
        m = SECOND_DAY.match(text, mention.end)
        following = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        if m is not None and m.end() <= following:
            second = Mention(
                m.start("day"), m.end(), "date", year=mention.year, month=mention.month
            )
            second.day, second.offset, second.rule = int(m["day"]), mention.offset, "second_day"
            found.append(second)
    return found


def holiday_key(name: str, lex: Lexicons) -> str:
    flat = re.sub(r"\s+", " ", name)
    for key in lex.holidays:
        if key.lower() == flat.lower():
            return key
    return flat


def new_duration(start: int, end: int, unit: str, amount: float | None) -> Mention:
    return Mention(start, end, "duration", unit=unit, amount=amount)


def new_mention(m: re.Match[str], kind: MentionKind, **fields: object) -> Mention:
    mention = Mention(m.start(), m.end(), kind)
    for key, value in fields.items():
        setattr(mention, key, value)
    return mention


def build_iso(m: re.Match[str], lex: Lexicons) -> Mention:
    return new_mention(m, "date", year=int(m["year"]), month=int(m["month"]), day=int(m["day"]))


def build_slash(m: re.Match[str], lex: Lexicons) -> Mention | None:
    a, b_, year = int(m["a"]), int(m["b"]), int(m["year"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    month, day = (a, b_) if a <= 12 else (b_, a)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return new_mention(m, "date", year=year, month=month, day=day)


def build_year(m: re.Match[str], lex: Lexicons) -> Mention:
    return new_mention(m, "date", year=int(m["year"]))


def build_decade(m: re.Match[str], lex: Lexicons) -> Mention:
    return new_mention(m, "decade", year=int(m["dec"]) * 10)


def build_clock(m: re.Match[str], lex: Lexicons) -> Mention | None:
    g = m.groupdict()
    if g.get("word"):
        hour = 24 if g["word"].lower() == "midnight" else 12
        return new_mention(m, "time", hour=hour, minute=0, anaphoric="nearby")
    hour = int(g["h"])
    minute = int(g["m"]) if g.get("m") else 0
    ampm = (g.get("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if not ampm and not g.get("tz"):
        return None
    return new_mention(m, "time", hour=hour, minute=minute, anaphoric="nearby")


def spelled_year(century: str, rest: str | None, lex: Lexicons) -> int | None:
    """ "nineteen ninety-four" -> 1994, "two thousand" -> 2000; None for "nineteen" alone."""
    base = 1900 if century.lower().startswith("nineteen") else 2000
    if rest is None:
        return None if base == 1900 else 2000
    value = parse_number(rest, lex)
    if value is None or value >= 100:
        return None
    return base + int(value)


def build_season(m: re.Match[str], lex: Lexicons) -> Mention | None:
    g = m.groupdict()
    rel = (g.get("rel") or "").lower()
    if not rel and not g.get("year") and not g.get("yrel") and not g.get("pos"):
        return None  # a bare "spring" is too often a name or a figure of speech
    mention = new_mention(m, "season", part=lex.seasons[g["season"].lower()])
    if g.get("year"):
        mention.year = int(g["year"])
    elif g.get("century"):
        mention.year = spelled_year(g["century"], g["rest"], lex)
    if g.get("yrel"):
        mention.year_offset = lex.relatives.get(g["yrel"].lower(), 0)
    if rel and rel != "the":
        mention.offset = lex.relatives.get(rel, 0)
    return mention


def build_quarter(m: re.Match[str], lex: Lexicons) -> Mention:
    g = m.groupdict()
    unit = g["unit"].lower()
    unit = "half" if unit in {"half", "h"} else "quarter"
    mention = new_mention(m, "quarter", unit=unit)
    text = m.group(0).lower()
    if text.startswith("the") and g.get("ord") and "-" in text[m.end("ord") - m.start() :]:
        mention.start = m.start("ord")  # "the third-quarter results": adjectival
    if g.get("ord"):
        ordinal = g["ord"].lower()
        mention.amount = int(ordinal) if ordinal.isdigit() else lex.ordinals[ordinal]
    if g.get("year"):
        mention.year = int(g["year"])
    if g.get("yrel") or g.get("yrel2"):
        mention.year_offset = lex.relatives.get((g.get("yrel") or g["yrel2"]).lower(), 0)
    if g.get("rel"):
        rel = g["rel"].lower()
        mention.offset = -1 if rel == "latest" else lex.relatives.get(rel, 0)
    return mention


def build_quarter_anaphor(m: re.Match[str], lex: Lexicons) -> Mention:
    # Its value is the quarter named last in the document (`sitrep.nlp.timexes`).
    return new_mention(m, "quarter", unit="quarter", part="anaphor")


def build_last_half(m: re.Match[str], lex: Lexicons) -> Mention:
    mention = new_mention(m, "quarter", unit="half", amount=2)
    if m.group("year"):
        mention.year = int(m["year"])
    else:
        mention.year_offset = lex.relatives.get(m["yrel"].lower(), 0)
    return mention


def build_year_quarter(m: re.Match[str], lex: Lexicons) -> Mention | None:
    """ "the 1988 third quarter"; "the 1988 period": that year's part of the quarter named."""
    unit = m.group("unit").lower()
    if m.group("ord"):
        size = "half" if unit == "half" else "quarter"
        amount = lex.ordinals[m.group("ord").lower()]
        return new_mention(m, "quarter", unit=size, amount=amount, year=int(m["year"]))
    if unit == "half":
        return None
    return new_mention(m, "quarter", unit="quarter", year=int(m["year"]), part="anaphor")


def build_the_year(m: re.Match[str], lex: Lexicons) -> Mention:
    """ "for the year", "the fiscal year": this year; "the year ended June 30" lasts one."""
    if re.match(r"\s+(?:ended|ending)\b", m.string[m.end() :]):
        return new_mention(m, "duration", unit="year", amount=1.0)
    return new_mention(m, "relative", unit="year", offset=0)


def build_century(m: re.Match[str], lex: Lexicons) -> Mention:
    return new_mention(m, "century", amount=lex.ordinals[m.group("ord").lower()])


def build_year_ago(m: re.Match[str], lex: Lexicons) -> Mention:
    return new_mention(m, "shift", unit="year", amount=1.0, offset=-1)


def build_spelled_year(m: re.Match[str], lex: Lexicons) -> Mention | None:
    year = spelled_year(m.group("century"), m.group("rest"), lex)
    return None if year is None else new_mention(m, "date", year=year)


def build_range(m: re.Match[str], lex: Lexicons) -> Mention:
    return new_mention(m, "duration", unit=m.group("unit").lower(), amount=None)


def build_future_vague(m: re.Match[str], lex: Lexicons) -> Mention:
    return new_mention(m, "literal", part="FUTURE_REF")
