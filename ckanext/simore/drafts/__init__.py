"""Report drafts: assembled from the calendar's obligations, edited by sections with versions and comments, downloaded as DOCX, submitted and published."""
