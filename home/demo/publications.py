"""Demo publications: filled in by the publications work."""


def build(stdout, home):
    """Create the demo publications under `home` (idempotent, with progress); return the pages the
    menus may link to, by slug."""
    return {}
