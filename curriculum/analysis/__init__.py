"""Analysis helpers shared by the lesson notebooks (one module per topic)."""
