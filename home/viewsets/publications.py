"""Admin (snippet viewsets, hooks) for publications: filled in by the publications work."""
