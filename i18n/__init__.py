"""Translation catalogues, installed as ``ckanext.simore.i18n``."""
