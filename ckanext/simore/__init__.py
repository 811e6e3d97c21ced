"""ckanext-simore: follow-up of international human rights recommendations."""
