"""Publications: filled in by the publications work."""

__all__: list[str] = []
