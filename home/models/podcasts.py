"""Podcasts: filled in by the podcasts work."""

__all__: list[str] = []
