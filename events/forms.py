"""Public forms of the events plugin."""

from django import forms
from django.utils.translation import gettext_lazy as _

# Named like a field a bot fills in; people never see it (hidden by CSS, skipped by screen
# readers and the keyboard).
HONEYPOT_FIELD = "website"


def _no_control_characters(value):
    if any(ord(character) < 32 and character not in "\t\n\r" for character in value):
        raise forms.ValidationError(_("Remove the unusual characters from this answer."))


class RegistrationForm(forms.Form):
    """Registration for an event, with a honeypot field (see :data:`HONEYPOT_FIELD`)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        validators=[_no_control_characters],
        error_messages={"required": _("Enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send your confirmation and a link to cancel here."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        validators=[_no_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.CharField(
        label=_("Role (optional)"),
        max_length=200,
        required=False,
        validators=[_no_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    access_needs = forms.CharField(
        label=_("Access needs (optional)"),
        max_length=2000,
        required=False,
        validators=[_no_control_characters],
        help_text=_("Anything we should arrange so you can take part fully."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        # Field ids unique on the page, in case two forms are ever shown together.
        self.auto_id = f"register-{event.pk}-%s" if event else "register-%s"
        self._describe_fields()

    def full_clean(self):
        super().full_clean()
        self._describe_fields()

    def _describe_fields(self):
        """Point each field at its hint and, once validated, its error message."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            if name == HONEYPOT_FIELD:
                continue
            described_by = []
            if name in errors:
                described_by.append(self.auto_id % f"{name}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if field.help_text:
                described_by.append(self.auto_id % f"{name}-help")
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)

    @property
    def is_spam(self):
        """True when the honeypot was filled in (only call after validation)."""
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]
