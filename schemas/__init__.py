"""ckanext-scheming schemas, installed as ``ckanext.simore.schemas``."""
