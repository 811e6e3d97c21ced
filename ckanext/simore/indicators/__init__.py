"""Indicators of the OHCHR framework: definitions, values reported by the institutions and validated, charts."""
