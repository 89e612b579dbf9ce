/*
 * Typed wrappers around libcurl's variadic calls.
 *
 * curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic C functions: Swift cannot
 * call them, and the importer silently accepts an undeclared C function and truncates its pointer
 * arguments. Every variadic call therefore goes through one of these `static inline` helpers, each
 * with the exact argument type that libcurl reads for that option. `.ci/run` compiles this header
 * with `clang -Wall -Wextra -Werror` so a missing declaration fails loudly.
 */
#ifndef CANCELBENCH_CCURL_SHIM_H
#define CANCELBENCH_CCURL_SHIM_H

#include <curl/curl.h>
#include <stddef.h>

/** Signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks. */
typedef size_t (*cb_data_callback)(char *data, size_t size, size_t count, void *user);

/** Sets an option whose argument is a `long`. */
static inline CURLcode cb_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/** Sets an option whose argument is a `curl_off_t`. */
static inline CURLcode cb_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/** Sets an option whose argument is a NUL-terminated string (libcurl copies it, except POSTFIELDS). */
static inline CURLcode cb_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/** Sets an option whose argument is an opaque pointer (WRITEDATA, HEADERDATA, PRIVATE, POSTFIELDS). */
static inline CURLcode cb_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/** Sets an option whose argument is a header list (HTTPHEADER). */
static inline CURLcode cb_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/** Sets a write or header callback. */
static inline CURLcode cb_easy_setopt_callback(CURL *handle, CURLoption option, cb_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/** Signature of the CURLOPT_PREREQFUNCTION callback: called each time a request is about to be sent. */
typedef int (*cb_prereq_callback)(void *user, char *primary_ip, char *local_ip, int primary_port, int local_port);

/**
 * Sets the pre-request callback and its data. libcurl silently sends a request again on a fresh connection
 * when a kept-alive one dies before any answer; the callback runs once per send, so a count above one tells
 * that the server may have seen the request twice. Returns CURLE_UNKNOWN_OPTION before libcurl 7.80.
 */
static inline CURLcode cb_easy_setopt_prereq(CURL *handle, cb_prereq_callback callback, void *user) {
#if LIBCURL_VERSION_NUM >= 0x075000
    CURLcode code = curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_PREREQDATA, user);
#else
    (void)handle; (void)callback; (void)user;
    return CURLE_UNKNOWN_OPTION;
#endif
}

/** Reads a `long` transfer info (RESPONSE_CODE, NUM_CONNECTS). */
static inline CURLcode cb_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/** Reads a `curl_off_t` transfer info (the *_TIME_T timings in microseconds, sizes in bytes). */
static inline CURLcode cb_easy_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/** Reads the PRIVATE pointer stored with CURLOPT_PRIVATE. */
static inline CURLcode cb_easy_getinfo_private(CURL *handle, void **value) {
    return curl_easy_getinfo(handle, CURLINFO_PRIVATE, value);
}

/** Sets a multi option whose argument is a `long`. */
static inline CURLMcode cb_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/** The result code of a CURLMSG_DONE message (a union member Swift cannot name safely). */
static inline CURLcode cb_msg_result(const CURLMsg *message) {
    return message->data.result;
}

#endif
