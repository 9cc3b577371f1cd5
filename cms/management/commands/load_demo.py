from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.demo import point_default_site_at
from cms.plugins import demo_builders


class Command(BaseCommand):
    help = (
        "Build the demo site from the charity's own facts. Safe to run again: it only adds "
        "what is missing and never changes content an editor has edited. It also points the "
        "default site at SITE_URL, so links name the address the site is served at."
    )

    def handle(self, *args, **options):
        builders = list(demo_builders())
        if not builders:
            raise CommandError("No installed plugin provides demo content (see CMS_PLUGINS).")
        if point_default_site_at(settings.WAGTAILADMIN_BASE_URL):
            self.stdout.write(
                f"The default site now answers at {settings.WAGTAILADMIN_BASE_URL} (SITE_URL)."
            )
        for label, build in builders:
            self.stdout.write(f"Demo content: {label}")
            with transaction.atomic():
                build(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
