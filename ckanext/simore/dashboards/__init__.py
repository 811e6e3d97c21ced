"""The dashboards: an institution's work and standing, and the
coordinators' view of every institution."""
