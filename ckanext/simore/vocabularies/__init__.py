"""vocabularies."""
