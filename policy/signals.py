"""Keeping the history whole when something a record links to is deleted.

Deleting a row that workspace records list in a many-to-many field (an organisation among a
coalition's members, a consultation a letter was about, a topic, a reviewer) makes Django
delete the link rows directly, which writes no history. Before such a delete, each record
that lists the row is saved without it, as a new version whose reason names what went.
(Single links are cleared the same way by ``models.base.set_null_keeping_history``.)
"""

from functools import cache

from django.db.models.signals import pre_delete

from policy import actions


@cache
def links_to(model):
    """[(tracked model, many-to-many field)] whose field lists rows of `model`."""
    from policy.models import TRACKED_MODELS

    return [
        (tracked, field)
        for tracked in TRACKED_MODELS
        for field in tracked._meta.many_to_many
        if field.related_model is model
    ]


def unlink_before_delete(sender, instance, **kwargs):
    for tracked, field in links_to(sender):
        for record in tracked._default_manager.filter(**{field.name: instance.pk}):
            remaining = [
                pk
                for pk in getattr(record, field.name).values_list("pk", flat=True)
                if pk != instance.pk
            ]
            actions.set_m2m_quietly(record, {field.name: remaining})
            actions.save_record(
                record,
                user=actions.current_user(),
                reason=f"{instance} was deleted and removed from {field.verbose_name}",
                check=False,
            )


def connect():
    pre_delete.connect(unlink_before_delete, dispatch_uid="policy_unlink_before_delete")
