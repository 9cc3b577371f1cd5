"""Articles: filled in by the articles work."""

__all__: list[str] = []
