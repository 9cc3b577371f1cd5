from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from policy.models.base import VersionedRecord, tracked


class Organisation(index.Indexed, VersionedRecord):
    """A body the policy team deals with: a department, a regulator, a committee, a partner."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Government department")
        REGULATOR = "regulator", _("Regulator or inspectorate")
        COMMITTEE = "committee", _("Parliamentary committee")
        CHARITY = "charity", _("Charity")
        COALITION_PARTNER = "coalition_partner", _("Coalition partner")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    history = tracked()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name
