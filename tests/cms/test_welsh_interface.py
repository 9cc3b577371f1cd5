"""Every interface string of every public template has a Welsh translation in the compiled
catalogue (locale/cy), so a Welsh visitor never meets English furniture.

The strings are read from the templates as `makemessages` reads them (Django's
`templatize`), so the test needs no GNU gettext; the catalogue is the committed .mo file.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

# The public side: the admin-only policy workspace is left to Wagtail's admin languages.
PUBLIC_TEMPLATE_DIRS = ["templates", "cms/templates", "home/templates", "events/templates"]
PUBLIC_TEMPLATE_DIRS += ["search/templates"]
STRING = r"u?'(?:[^'\\]|\\.)*'"
CALL = re.compile(rf"\b(gettext|ngettext|pgettext|npgettext)\(\s*({STRING})(?:\s*,\s*({STRING}))?")


def template_strings():
    """{(context or None, msgid): template path} for every translatable string."""
    found = {}
    base = Path(settings.BASE_DIR)
    for folder in PUBLIC_TEMPLATE_DIRS:
        for path in sorted((base / folder).rglob("*.html")) + sorted(
            (base / folder).rglob("*.txt")
        ):
            code = templatize(path.read_text(encoding="utf-8"), str(path))
            for function, first, second in CALL.findall(code):
                first = ast.literal_eval(first.lstrip("u"))
                second = ast.literal_eval(second.lstrip("u")) if second else None
                key = (first, second) if function.startswith(("p", "np")) else (None, first)
                found[key] = str(path.relative_to(base))
    return found


def test_the_template_strings_are_found():
    strings = template_strings()
    assert (None, "Skip to main content") in strings
    assert len(strings) > 100


@pytest.mark.parametrize("folder", PUBLIC_TEMPLATE_DIRS)
def test_every_public_template_string_has_a_welsh_translation(folder):
    catalogue = trans_real.translation("cy")._catalog
    missing = []
    for (context, msgid), path in template_strings().items():
        if not path.startswith(folder):
            continue
        key = f"{context}\x04{msgid}" if context else msgid
        translated = catalogue.get(key) or catalogue.get((key, 0))
        if not translated:
            missing.append(f"{path}: {msgid!r}")
    assert not missing, (
        f"{len(missing)} strings have no Welsh translation; add them to "
        "locale/cy/LC_MESSAGES/django.po (manage.py makemessages -l cy) and run "
        "manage.py compilemessages:\n" + "\n".join(missing)
    )
