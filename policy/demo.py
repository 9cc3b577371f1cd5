"""Demo content for policy work, from the charity's 2024 year in review. Until the policy
plugin's published-response pages land, its public page is a home-plugin standard page
(looked up by name, so this plugin imports nothing of another's)."""

from datetime import date

from django.apps import apps
from wagtail.models import Site

from cms.demo import DemoPage, Progress, add_menu_link, build_pages, p

PAGES = [
    DemoPage(
        "policy",
        "Policy and influencing",
        "We bring evidence and lived experience to the people who make policy.",
        date(2024, 12, 1),
        lambda img: [
            p(
                "In 2024 we responded to consultations on improving sentencing for pregnant women "
                "and mothers, and met the Justice Minister to talk about change for women affected "
                "by the justice system."
            ),
            p(
                "We are part of the National Women's Justice Coalition, whose call for a Women's "
                "Justice Board has been taken up by the new Government."
            ),
        ],
    ),
]


def build(stdout):
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if not apps.is_installed("home") or site is None:
        stdout.write("[policy] skipped: the home plugin builds the page tree this page joins.")
        return
    progress = Progress(stdout, "policy", len(PAGES) + 1)
    existed = site.root_page.get_children().filter(slug="policy").exists()
    standard_page = apps.get_model("home", "StandardPage")
    pages = build_pages(site.root_page.specific, standard_page, PAGES, progress)
    if not existed:
        add_menu_link("main", pages["policy"], position=99)
    progress.step("policy is in the main menu" if not existed else "kept the menus")
