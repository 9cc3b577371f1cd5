"""What every workspace record shares: a full history and a version number.

django-simple-history keeps one row per create, change and delete, with the user, the
time and the reason typed in the form. The version number is for optimistic locking: a
save names the version it was edited from and is refused if someone saved since
(``policy.actions.save_record``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class VersionedRecord(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True


def tracked(*, m2m_fields=()):
    """The history of a workspace model: every create, change and delete, kept for good
    (deleting a record keeps its history, so it can be restored)."""
    return HistoricalRecords(
        history_change_reason_field=models.TextField(null=True),
        m2m_fields=list(m2m_fields),
        cascade_delete_history=False,
    )


def set_null_keeping_history(collector, field, sub_objs, using):
    """``on_delete`` for a workspace record's optional link (a user, an organisation, a
    document): clears the link by saving each record as a new version with a history row,
    where ``SET_NULL`` would clear them in one unrecorded bulk update."""
    for record in sub_objs:
        setattr(record, field.attname, None)
        record.version += 1
        record._change_reason = f"The linked {field.verbose_name} was deleted"
        record.save(using=using)


RICH_TEXT_FEATURES = ["bold", "italic", "h3", "ol", "ul", "link"]
