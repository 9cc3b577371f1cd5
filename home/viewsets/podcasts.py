"""Admin (snippet viewsets, hooks) for podcasts: filled in by the podcasts work."""
