"""Admin (snippet viewsets, hooks) for articles: filled in by the articles work."""
