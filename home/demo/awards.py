"""Demo awards: filled in by the awards work."""


def build(stdout, home):
    """Create the demo awards under `home` (idempotent, with progress); return the pages the
    menus may link to, by slug."""
    return {}
