"""Admin for podcasts: the pages are edited in the page tree (guests inline), so there is no
snippet viewset; after each save, editors are warned of what podcast apps would refuse
(artwork of the wrong size, audio missing from storage) without being stopped."""

from django.contrib import messages
from wagtail import hooks

from home.models import PodcastEpisodePage, PodcastSeriesPage


def podcast_warning(page):
    """The warning an editor should see after saving `page`, or None."""
    page = page.specific
    if isinstance(page, PodcastSeriesPage):
        return page.artwork_problem()
    if isinstance(page, PodcastEpisodePage):
        return page.audio_problem()
    return None


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_podcast_problems(request, page):
    warning = podcast_warning(page)
    if warning:
        messages.warning(request, warning)
