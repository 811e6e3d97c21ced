"""Importing recommendations from UHRI and UPR Info exports (and from the
portal's own exports).

Pure modules (nothing from CKAN): ``messages``, ``records``, ``sources``,
``formats``, ``plan``. CKAN glue: ``existing``, ``bulk``,
``runner``, ``jobs``. See docs/imports.md.
"""
