// Placeholder replaced by the epoll server (HTTPServer, HTTPParser) in this same issue.
