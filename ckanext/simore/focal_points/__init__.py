"""The focal-point network: who reports for each institution (main and
alternate focal points) and who validates (its validating authority),
invitations and handovers when staff change."""
