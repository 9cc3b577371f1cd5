"""Admin (snippet viewsets, hooks) for services: filled in by the services work."""
