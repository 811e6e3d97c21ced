"""The extension's database: its own tables (``tables``) and where CKAN
keeps a dataset's extras, which differs between CKAN 2.11 and 2.12
(``extras``)."""
