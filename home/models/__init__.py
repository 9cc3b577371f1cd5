"""The public content plugin's page types and snippets, one kind of content per module."""

from home.models.articles import *  # noqa: F403
from home.models.awards import *  # noqa: F403
from home.models.pages import HomePage, StandardPage
from home.models.podcasts import *  # noqa: F403
from home.models.publications import *  # noqa: F403
from home.models.services import *  # noqa: F403

__all__ = ["HomePage", "StandardPage"]
