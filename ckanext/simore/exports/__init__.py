"""Exporting search results as CSV, Excel and JSON, streamed page by page.

``columns`` and ``writers`` are pure (nothing from CKAN); ``search`` and
the view in ``views/exports.py`` are the CKAN glue.
"""
