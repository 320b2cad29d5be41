"""Source readers: one module per delivered file format (see docs/architecture.md)."""
