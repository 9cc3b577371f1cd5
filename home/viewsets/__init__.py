"""Admin for the public content plugin: one module per kind of content."""
