"""Mark every cached page and cached menu stale, e.g. after a deploy changes templates."""

from django.core.management.base import BaseCommand

from cms import cache as tagged


class Command(BaseCommand):
    help = "Purge the whole page cache (run after deploying new templates or code)."

    def handle(self, *args, **options):
        tagged.purge(tagged.EVERYTHING)
        if not tagged.availability.usable():
            self.stderr.write("The page cache could not be reached; nothing was purged.")
            raise SystemExit(1)
        self.stdout.write("Every cached page will be rendered afresh on its next visit.")
