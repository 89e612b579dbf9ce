// Placeholder replaced by the reference target in this same issue.
