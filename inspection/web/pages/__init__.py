"""Console pages, one module per area; each has ``register(app)``."""
