"""The economics: one module per mechanism family (MODELS.md)."""
