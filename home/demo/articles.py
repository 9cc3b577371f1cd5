"""Demo articles: filled in by the articles work."""


def build(stdout, home):
    """Create the demo articles under `home` (idempotent, with progress); return the pages the
    menus may link to, by slug."""
    return {}
