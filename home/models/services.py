"""Services: filled in by the services work."""

__all__: list[str] = []
