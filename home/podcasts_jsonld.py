"""schema.org PodcastSeries and PodcastEpisode structured data (JSON-LD) for the podcast
pages, as search engines read it (https://schema.org/PodcastEpisode)."""

from urllib.parse import urljoin


def series_data(series, request):
    url = series.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": series.title,
        "url": url,
        "inLanguage": series.get_language(),
        "author": {"@type": "Organization", "name": series.podcast_author},
    }
    if url:
        data["webFeed"] = url + series.reverse_subpage("feed")
    if series.description:
        data["description"] = series.description
    return data


def episode_data(episode, series, audio, request):
    """The PodcastEpisode for `episode` of `series`; `audio` is its playable Audio or None."""
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "url": episode.get_full_url(request),
        "partOfSeries": {
            "@type": "PodcastSeries",
            "name": series.title,
            "url": series.get_full_url(request),
        },
    }
    if episode.published_at:
        data["datePublished"] = episode.published_at.date().isoformat()
    description = episode.get_meta_description()
    if description:
        data["description"] = description
    if episode.duration:
        data["duration"] = episode.duration_iso
    if episode.episode_number is not None:
        data["episodeNumber"] = episode.episode_number
    if episode.season_number is not None:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season_number}
    if audio:
        media = {
            "@type": "MediaObject",
            "contentUrl": urljoin(data["url"] or request.build_absolute_uri("/"), audio.url),
            "encodingFormat": audio.mime_type,
            "contentSize": str(audio.length),
        }
        if episode.duration:
            media["duration"] = episode.duration_iso
        data["associatedMedia"] = media
    return data
