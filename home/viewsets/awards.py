"""Admin (snippet viewsets, hooks) for awards: filled in by the awards work."""
