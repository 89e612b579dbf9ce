// cancelbench runs on Linux only: this server is built on epoll and eventfd, and the command line's signal handling
// on glibc. A build elsewhere stops here with the reason, instead of failing on a missing module.
#if !os(Linux)
#error("cancelbench builds on Linux only (epoll, eventfd and glibc); see Package.swift")
#endif
