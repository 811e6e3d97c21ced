"""Civil society participation: organizations, their members, and what they contribute."""
