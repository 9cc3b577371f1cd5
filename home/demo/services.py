"""Demo services: filled in by the services work."""


def build(stdout, home):
    """Create the demo services under `home` (idempotent, with progress); return the pages the
    menus may link to, by slug."""
    return {}
