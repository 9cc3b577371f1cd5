"""The base form of every workspace record: a reason for the change, and the version the
edit began from, so that a save over someone else's newer version is refused."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from policy import actions


class RecordForm(WagtailAdminModelForm):
    edited_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=500,
        help_text=_("Optional: kept in the history beside your change."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["edited_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            edited = cleaned.get("edited_version")
            if stored is not None and edited is not None and stored != edited:
                raise ValidationError(
                    _(
                        "Someone saved a newer version of this record (version %(stored)d) "
                        "while you were editing version %(edited)d. Nothing was overwritten: "
                        "open the history to see their change, then make yours again."
                    ),
                    params={"stored": stored, "edited": edited},
                    code="stale",
                )
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        if not commit:
            return instance
        reason = self.cleaned_data.get("change_reason", "")
        links = {
            field.name: self.cleaned_data[field.name]
            for field in instance._meta.many_to_many
            if field.name in self.fields
        }
        with transaction.atomic():
            if instance.pk:
                # Links first, without rows of their own, so the one row the save writes
                # holds them (a refused save rolls them back).
                actions.set_m2m_quietly(instance, links)
                actions.save_record(
                    instance,
                    user=self.for_user,
                    reason=reason,
                    expected_version=self.cleaned_data.get("edited_version"),
                )
            else:
                actions.save_record(instance, user=self.for_user, reason=reason)
                if any(links.values()):
                    actions.set_m2m_quietly(instance, links)
                    actions.save_record(instance, user=self.for_user, reason=reason)
        return instance
