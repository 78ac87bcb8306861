"""Texts written for these tests (no copied articles): reports, foreign paragraphs, pages, feeds."""

from __future__ import annotations

ARTICLE = "\n\n".join(
    [
        (
            "Negotiators from both sides returned to the Qatari capital on Friday for a new round "
            "of talks on a ceasefire, officials said. The mediators said they expected the "
            "discussions to last at least three days and to focus on the release of detainees and "
            "the delivery of aid. A spokesman for the foreign ministry described the mood as "
            "cautious but constructive. Earlier rounds in December broke down over the order in "
            "which troops would withdraw from the border towns."
        ),
        (
            "Since then, shelling has continued on most nights, and aid agencies say that more than"
            " ten thousand people have left the area. The United Nations envoy, who arrived on "
            "Thursday, met the heads of both delegations separately before the formal session "
            "began. She told reporters that a first agreement could cover the exchange of prisoners"
            " held since the summer."
        ),
        (
            "Diplomats familiar with the talks said the sides remained far apart on the question of"
            " who would monitor a truce. One proposal would give that task to a small mission of "
            "unarmed observers from neutral countries. Another would rely on a joint commission "
            "that has met only twice this year."
        ),
        (
            "Residents of the border towns said they had little hope that the talks would change "
            "anything soon. Several families interviewed by phone said they had moved in with "
            "relatives in the capital and would wait for the spring before deciding whether to "
            "return. The next session is scheduled for Monday, and a statement is expected at the "
            "end of the week."
        ),
    ]
)

ARTICLE_EDITED = ARTICLE.replace(
    "A spokesman for the foreign ministry described the mood as cautious but constructive.",
    "A spokeswoman for the prime minister called the atmosphere tense but serious.",
)

OTHER_ARTICLE = """Heavy rain flooded several districts of the coastal city overnight, forcing \
hundreds of families to leave their homes and closing the main road to the airport for most of \
Saturday morning, the regional emergency service reported. Rescue crews used boats to reach \
elderly residents who were trapped on the upper floors of their buildings. The weather office \
warned that more storms were likely over the weekend and asked people to avoid travel unless it \
was necessary. Schools in the lowest parts of the city will stay closed until Tuesday."""

SHORT_ENGLISH = "Troops pulled back from two villages overnight, the army said."

HEADLINE = "Zelenskyy Meets Macron, Scholz And Meloni In Kyiv As Security Talks Resume"

NAMES_HEAVY = (
    "Ukrainian forces said they shelled positions near Vovchansk, Lyptsi, Kupiansk and Borova, "
    "while Oleh Syniehubov, Ivan Fedorov and Serhiy Lysak reported strikes on Zaporizhzhia, "
    "Dnipro, Nikopol, Marhanets and Pokrov overnight. Kharkiv, Sumy and Chernihiv reported "
    "drones over Okhtyrka, Shostka, Bilopillia and Novhorod-Siverskyi."
)

FRENCH = (
    "Les autorités ont annoncé mardi que plusieurs villages de la région avaient été évacués "
    "après des tirs d'artillerie. Selon le ministère, au moins douze civils ont été blessés et "
    "les secours sont toujours sur place pour aider les habitants qui ont perdu leur maison. "
    "On a vu des colonnes de fumée au-dessus de la ville pendant toute la nuit."
)

GERMAN = (
    "Die Regierung in Berlin teilte am Dienstag mit, dass mehrere Dörfer an der Grenze nach "
    "schwerem Beschuss evakuiert worden seien. Nach Angaben des Ministeriums wurden mindestens "
    "zwölf Zivilisten verletzt, und die Rettungskräfte sind weiterhin vor Ort, um den Bewohnern "
    "zu helfen. Was genau in der Nacht geschah, ist noch unklar."
)

RUSSIAN = (
    "Власти сообщили во вторник, что несколько деревень в регионе были эвакуированы после "
    "обстрела, а спасатели продолжают работать на месте."
)


def article_page(
    *,
    title: str = "Ceasefire talks resume in Doha",
    published: str | None = "2025-01-24T08:30:00Z",
    site: str | None = "The Test Courier",
    body: str = ARTICLE,
) -> str:
    """A small news page: navigation, an article with a headline and paragraphs, a footer."""
    meta = []
    if site:
        meta.append(f'<meta property="og:site_name" content="{site}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site or "News"}</title>
<meta property="og:title" content="{title}">
{"".join(meta)}
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<footer>Subscribe to our newsletter. All rights reserved.</footer>
</body></html>"""


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>The Test Courier: World</title>
<link>{base}/</link>
<description>World news for tests</description>
<item>
  <title>Ceasefire talks resume in Doha</title>
  <link>{base}/talks.html</link>
  <pubDate>Fri, 24 Jan 2025 08:30:00 GMT</pubDate>
  <description>Negotiators returned to Doha on Friday.</description>
</item>
<item>
  <title>Floods close the airport road</title>
  <link>{base}/floods.html</link>
  <pubDate>Sat, 25 Jan 2025 07:00:00 GMT</pubDate>
  <description>Heavy rain flooded the city.</description>
</item>
<item>
  <title>A page that is gone, with a long summary</title>
  <link>{base}/gone-long.html</link>
  <pubDate>Sun, 26 Jan 2025 10:00:00 GMT</pubDate>
  <description>&lt;p&gt;{long_summary}&lt;/p&gt;</description>
</item>
<item>
  <title>A page that is gone</title>
  <link>{base}/gone-short.html</link>
  <pubDate>Sun, 26 Jan 2025 11:00:00 GMT</pubDate>
  <description>Short teaser.</description>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>The Test Courier (Atom)</title>
  <id>urn:test:courier</id>
  <updated>2025-01-25T07:00:00Z</updated>
  <entry>
    <title>Floods close the airport road</title>
    <id>urn:test:floods</id>
    <link href="floods.html"/>
    <published>2025-01-25T07:00:00Z</published>
    <updated>2025-01-25T09:00:00Z</updated>
    <summary>Heavy rain flooded the city.</summary>
  </entry>
  <entry>
    <title>Ceasefire talks resume in Doha</title>
    <id>urn:test:talks</id>
    <link href="/talks.html"/>
    <updated>2025-01-24T08:30:00Z</updated>
    <content type="html"
      >&lt;p&gt;Negotiators returned.&lt;/p&gt;&lt;p&gt;Talks resume.&lt;/p&gt;</content>
  </entry>
</feed>"""
