"""Awards: filled in by the awards work."""

__all__: list[str] = []
