"""Demo podcasts: the two series of 2024 named in the charity's year in review (a spring
series on community justice solutions for women, and an autumn one on women's health in
the justice system), three episodes each. Guests are roles or invented names; each episode's
recording is a second of generated silence, so players and feeds have a real file."""

import io
import wave
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile

from cms.demo import Progress, child_page, h, p, placeholder_image
from cms.models import CustomDocument
from home.models import PodcastEpisodePage, PodcastGuest, PodcastIndexPage, PodcastSeriesPage

SAMPLE_RATE = 8000


@dataclass(frozen=True)
class Episode:
    slug: str
    title: str
    released: date
    number: int | None
    kind: str
    summary: str
    guests: list  # (name, role)
    notes: list  # StreamField blocks
    transcript: str  # HTML


@dataclass(frozen=True)
class Series:
    slug: str
    title: str
    released: date
    description: str
    category: str
    subcategory: str
    colour: tuple
    episodes: list


def said(*lines):
    """A transcript: (speaker, words) pairs as paragraphs."""
    return "".join(f"<p><b>{speaker}:</b> {words}</p>" for speaker, words in lines)


SERIES = [
    Series(
        "community-justice-solutions",
        "Community justice solutions for women",
        date(2024, 3, 20),
        "A spring series looking closely at what works when women are supported in their own "
        "communities instead of being sent to prison, and what it takes to build it.",
        "Society & Culture",
        "Documentary",
        (46, 82, 120),
        [
            Episode(
                "closer-to-home",
                "Closer to home: the case for community sentences",
                date(2024, 3, 20),
                1,
                PodcastEpisodePage.EpisodeType.FULL,
                "Most women in prison are serving short sentences for non-violent offences. We "
                "ask what a community sentence can do that a short spell inside cannot.",
                [("Ruth Calloway", "Magistrate"), ("", "Probation officer in the North West")],
                [
                    p(
                        "Short prison sentences can cost a woman her home, her job and the care "
                        "of her children within weeks. Our guests describe the alternatives."
                    ),
                    h("In this episode"),
                    p(
                        "How magistrates weigh a community order; what probation needs from "
                        "local services; why the first week after a sentence matters most."
                    ),
                ],
                said(
                    (
                        "Host",
                        "Welcome. Today we are asking a simple question: what happens "
                        "to a woman after a short prison sentence?",
                    ),
                    (
                        "Ruth Calloway",
                        "Often she comes out with nowhere to live. The sentence "
                        "was weeks long; the damage lasts for years.",
                    ),
                    (
                        "Probation officer",
                        "When a woman stays in her community, we can work "
                        "with her where her life actually is.",
                    ),
                ),
            ),
            Episode(
                "inside-a-womens-centre",
                "Inside a women's centre",
                date(2024, 4, 10),
                2,
                PodcastEpisodePage.EpisodeType.FULL,
                "A visit to a women's centre, where support for housing, health and family "
                "sits under one roof, and where women come back because they feel safe.",
                [("Maya Osei", "Women's centre manager"), ("", "A woman who uses the centre")],
                [
                    p(
                        "Women's centres bring many services into one welcoming place. We hear "
                        "what that looks like on an ordinary Tuesday morning."
                    ),
                ],
                said(
                    ("Host", "We are in the kitchen of a women's centre. It is busy."),
                    (
                        "Maya Osei",
                        "The kettle is the most important thing here. Women come for "
                        "a cup of tea and stay for the help.",
                    ),
                    (
                        "A woman who uses the centre",
                        "Nobody judged me. That was the first time in a long while.",
                    ),
                ),
            ),
            Episode(
                "keeping-families-together",
                "Keeping mothers and children together",
                date(2024, 5, 1),
                3,
                PodcastEpisodePage.EpisodeType.FULL,
                "When a mother is sent to prison, her children serve the sentence too. We talk "
                "about solutions that keep families together & safe.",
                [("", "Family support worker"), ("Dr Lena Hart", "Child psychologist")],
                [
                    p(
                        "Separation from a mother is a trauma in itself. Our guests explain how "
                        "community solutions protect the bond between mother and child."
                    ),
                ],
                said(
                    ("Host", "What does separation do to a young child?"),
                    (
                        "Dr Lena Hart",
                        "It can shape how safe a child feels for the rest of "
                        "their life. Keeping the relationship going matters enormously.",
                    ),
                    (
                        "Family support worker",
                        "We help mothers keep routines with their "
                        "children, so the bond survives whatever comes next.",
                    ),
                ),
            ),
        ],
    ),
    Series(
        "womens-health-in-justice",
        "Women's health in the justice system",
        date(2024, 9, 18),
        "Our latest series explores the physical and mental health of women who come into the "
        "justice system, from pregnancy in custody to care after release.",
        "Health & Fitness",
        "Medicine",
        (120, 46, 82),
        [
            Episode(
                "introducing-womens-health",
                "Introducing the series on women's health",
                date(2024, 9, 18),
                None,
                PodcastEpisodePage.EpisodeType.TRAILER,
                "A short introduction to a series about health, care and dignity for women in "
                "the justice system.",
                [("", "Host from One Small Thing")],
                [p("Three conversations about health, care and dignity, coming this autumn.")],
                said(
                    (
                        "Host",
                        "This autumn we look at health: what women need, and what too "
                        "often goes missing when they enter the justice system.",
                    ),
                ),
            ),
            Episode(
                "pregnancy-in-custody",
                "Pregnancy and birth in custody",
                date(2024, 10, 9),
                1,
                PodcastEpisodePage.EpisodeType.FULL,
                "A midwife and a woman who gave birth while serving a sentence talk about what "
                "good care looks like, and why pregnant women should rarely be in prison at all.",
                [("Grace Whitfield", "Midwife"), ("", "A mother with lived experience")],
                [
                    p(
                        "Pregnant women and new mothers face particular risks in custody. This "
                        "episode follows the proposals to improve sentencing for them."
                    ),
                ],
                said(
                    ("Host", "What should care look like for a pregnant woman in custody?"),
                    (
                        "Grace Whitfield",
                        "The same as for anyone else: continuity, respect, "
                        "and someone who listens.",
                    ),
                    (
                        "A mother with lived experience",
                        "I was frightened every night that I would go into labour alone.",
                    ),
                ),
            ),
            Episode(
                "mental-health-after-release",
                "Mental health after release",
                date(2024, 10, 30),
                2,
                PodcastEpisodePage.EpisodeType.FULL,
                "Leaving custody can be the most dangerous moment for a woman's mental health. "
                "We ask what support in the first days after release should look like.",
                [("Sam Adeyemi", "Community mental health nurse"), ("", "Peer mentor")],
                [
                    p(
                        "Continuity of care between custody and community is often where "
                        "women fall through the gaps."
                    ),
                ],
                said(
                    ("Host", "What happens on the day a woman walks out of the gate?"),
                    (
                        "Sam Adeyemi",
                        "Too often her medication runs out before her first "
                        "appointment. That gap is where we lose people.",
                    ),
                    ("Peer mentor", "Someone meeting you on that first day changes everything."),
                ),
            ),
        ],
    ),
]


def silence_wav(seconds=1):
    """A real, tiny WAV file: `seconds` of 8 kHz mono 8-bit silence."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(1)
        recording.setframerate(SAMPLE_RATE)
        recording.writeframes(b"\x80" * SAMPLE_RATE * seconds)
    return buffer.getvalue()


def audio_document(episode):
    """The episode's recording as a document, created once."""
    title = f"Recording: {episode.title}"
    existing = CustomDocument.objects.filter(title=title).first()
    if existing:
        return existing
    document = CustomDocument(
        title=title,
        description=f"The audio of the episode “{episode.title}”.",
        listing_date=episode.released,
    )
    document.file = ContentFile(silence_wav(), name=f"{episode.slug}.wav")
    document.save()
    return document


def build(stdout, home):
    """Create the podcast index, its two series and their episodes; return {"podcast": index}."""
    total = 1 + sum(1 + len(series.episodes) for series in SERIES)
    progress = Progress(stdout, "podcasts", total)
    index, created = child_page(
        home,
        PodcastIndexPage,
        "podcast",
        title="Podcast",
        intro="Our podcast brings together people with lived experience, practitioners and "
        "experts to talk about trauma-informed justice for women and their children. Listen "
        "here, or subscribe to a series in your podcast app.",
        listing_date=date(2024, 10, 30),
    )
    progress.step(("created " if created else "kept ") + index.title)
    for series in SERIES:
        artwork, _ = placeholder_image(
            series.title,
            f"Artwork for the series {series.title}.",
            colour=series.colour,
            size=(1400, 1400),
        )
        series_page, created = child_page(
            index,
            PodcastSeriesPage,
            series.slug,
            title=series.title,
            description=series.description,
            artwork=artwork,
            itunes_category=series.category,
            itunes_subcategory=series.subcategory,
            listing_date=series.released,
            search_description=series.description,
        )
        progress.step(("created " if created else "kept ") + series.title)
        for number, episode in enumerate(series.episodes):
            page, created = child_page(
                series_page,
                PodcastEpisodePage,
                episode.slug,
                title=episode.title,
                summary=episode.summary,
                audio_document=audio_document(episode),
                duration=1,
                season_number=1,
                episode_number=episode.number,
                episode_type=episode.kind,
                show_notes=episode.notes,
                transcript=episode.transcript,
                listing_date=episode.released,
                guests=[
                    PodcastGuest(name=name, role=role, sort_order=order)
                    for order, (name, role) in enumerate(episode.guests)
                ],
            )
            progress.step(f"{'created' if created else 'kept'} episode {number + 1}: {page.title}")
    return {"podcast": index}
