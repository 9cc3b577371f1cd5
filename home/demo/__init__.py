"""Demo content for the public pages, written from the charity's own 2024 year in review.
Runs inside `manage.py load_demo`; see cms.demo for the guarantees. One module per kind of
content; training pages come from the events plugin's demo, the policy page from the
policy plugin's."""

from home.demo import articles, awards, pages, podcasts, publications, services

# In this order: a later kind may link to an earlier one's pages.
KINDS = [publications, articles, podcasts, services, awards]


def build(stdout):
    home, built = pages.build(stdout)
    for kind in KINDS:
        built.update(kind.build(stdout, home))
    pages.finish(stdout, home, built)
