import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

PASSWORD_FILE = settings.BASE_DIR / "var" / "dev-admin-password.txt"


class Command(BaseCommand):
    help = (
        "Development only: create a local superuser 'admin' with a random password, saved "
        "in var/dev-admin-password.txt, and print how to sign in."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_dev_admin only runs with DEBUG on (development). In production use "
                "`python manage.py createsuperuser`."
            )
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@example.org", password)
            PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
            PASSWORD_FILE.write_text(password + "\n")
            PASSWORD_FILE.chmod(0o600)
        elif PASSWORD_FILE.exists():
            password = PASSWORD_FILE.read_text().strip()
        else:
            password = None
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        if password:
            self.stdout.write(
                f"Sign in at {admin_url} as 'admin' with password {password} "
                f"(kept in {PASSWORD_FILE.relative_to(settings.BASE_DIR)})."
            )
        else:
            self.stdout.write(
                f"Sign in at {admin_url} as 'admin'. Forgot the password? Run "
                "`.venv/bin/python manage.py changepassword admin`."
            )
