// Placeholder replaced in this same issue.
