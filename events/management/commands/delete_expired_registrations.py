"""Delete registrations (personal data) some days after their event: run daily from cron,
e.g. ``15 3 * * * cd /srv/site && .venv/bin/python manage.py delete_expired_registrations``."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from events import actions
from events.models import Registration


class Command(BaseCommand):
    help = (
        "Delete every registration of events that ended more than "
        "EVENTS_KEEP_REGISTRATIONS_DAYS days ago (names, emails, access needs). Lists each "
        "event and its count, then the total. Meant to run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days after each event instead of the setting.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )

    def handle(self, days, dry_run, **options):
        keep_days = settings.EVENTS_KEEP_REGISTRATIONS_DAYS if days is None else days
        if keep_days < 0:
            raise CommandError("--days must be 0 or more.")
        now = timezone.now()
        cutoff = now - timedelta(days=keep_days)
        self.stdout.write(
            f"Registrations of events that ended before {cutoff:%Y-%m-%d %H:%M %Z} "
            f"({keep_days} days ago):"
        )
        per_event = (
            Registration.objects.filter(event__end__lt=cutoff)
            .values("event_id", "event__title")
            .annotate(count=Count("pk"))
            .order_by("event_id")
        )
        for row in per_event:
            self.stdout.write(f"  event {row['event_id']} {row['event__title']}: {row['count']}")
        if dry_run:
            total = sum(row["count"] for row in per_event)
            self.stdout.write(f"Dry run: {total} registrations would be deleted.")
            return
        deleted = actions.delete_expired_registrations(now=now, keep_days=keep_days)
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} registrations."))
