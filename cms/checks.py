"""Start-up checks for the contract between the core and the plugins."""

from django.core import checks
from wagtail.search import index

from cms.models import ListingFields
from cms.search import public_search_sources


@checks.register(checks.Tags.models)
def check_public_search_sources(app_configs=None, **kwargs):
    """Every public search source keeps the contract in ``cms.search``."""
    errors = []
    listing_names = {field.field_name for field in ListingFields.listing_search_fields}
    for source in public_search_sources():
        model = source.model
        label = model._meta.label
        if not issubclass(model, ListingFields):
            errors.append(
                checks.Error(
                    f"{label} is a public search source but does not subclass "
                    "cms.models.ListingFields.",
                    hint="Add ListingFields to its bases and make a migration.",
                    obj=model,
                    id="cms.E001",
                )
            )
            continue
        filters = {
            field.field_name
            for field in model.get_search_fields()
            if isinstance(field, index.FilterField)
        }
        if missing := sorted(listing_names - filters):
            errors.append(
                checks.Error(
                    f"{label} is a public search source but does not index "
                    f"{', '.join(missing)} as filter fields.",
                    hint="Add *ListingFields.listing_search_fields to its search_fields.",
                    obj=model,
                    id="cms.E002",
                )
            )
        if not hasattr(model._default_manager.all(), "public"):
            errors.append(
                checks.Error(
                    f"{label} is a public search source but its queryset has no public().",
                    hint="Give its manager a QuerySet with public(), as CustomDocument has.",
                    obj=model,
                    id="cms.E003",
                )
            )
    return errors
