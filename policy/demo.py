"""Demo content for policy work, from the charity's 2024 year in review. Until the policy
plugin's published-response pages land, its public page is a home-plugin standard page
(looked up by name, so this plugin imports nothing of another's)."""

from datetime import date

from cms.demo import DemoPage, build_section, p

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
    build_section(stdout, "policy", "home.StandardPage", PAGES, menu_position=99)
