"""reporting: the calendar of reporting obligations (and, to come, information requests, indicators and report drafts)."""
