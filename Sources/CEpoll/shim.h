/*
 * Linux epoll and eventfd for the HTTPServer event loops.
 *
 * Swift's Glibc module does not include <sys/epoll.h> or <sys/eventfd.h>, and it is built without
 * _GNU_SOURCE, which hides accept4 and pthread_setname_np. This header-only system module exposes them.
 * Nothing else lives here: all logic stays in Swift.
 */
#ifndef CANCELBENCH_CEPOLL_SHIM_H
#define CANCELBENCH_CEPOLL_SHIM_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <pthread.h>

/* GNU extensions, declared exactly as glibc does (the prototypes are hidden without _GNU_SOURCE). */
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addr_len, int flags);
extern int pthread_setname_np(pthread_t thread, const char *name);

#endif
