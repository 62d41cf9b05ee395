"""Custom Rasa NLU components for Finnish (loaded by config.yml by module path)."""
