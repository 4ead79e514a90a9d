/*
 * A filter over itb_eval_json, for the golden vectors (bindings-c/tests/golden_c.rs).
 *
 * Framing: requests arrive on stdin, each ended by a NUL byte (a request cannot hold a NUL:
 * itb_eval_json takes a C string); each response is written to stdout followed by a NUL and
 * flushed at once, so a driver can send one request and read one response at a time. Each
 * request is answered with a size query and then a buffer of exactly that size.
 * Exit status: 0 at the end of input, 1 when the library does not behave as documented.
 */
#include "itb.h"

#include <stdio.h>
#include <stdlib.h>

static int answer(const char *request) {
    size_t needed = 0, written = 0;
    char *response;
    ItbStatus status = itb_eval_json(request, NULL, 0, &needed);
    if (status != ITB_STATUS_BUFFER_TOO_SMALL || needed == 0) {
        fprintf(stderr, "eval_filter: size query gave %s\n", itb_status_str(status));
        return 1;
    }
    response = malloc(needed);
    if (response == NULL) {
        fprintf(stderr, "eval_filter: out of memory (%lu bytes)\n", (unsigned long)needed);
        return 1;
    }
    status = itb_eval_json(request, response, needed, &written);
    if (status != ITB_STATUS_OK || written != needed) {
        fprintf(stderr, "eval_filter: itb_eval_json gave %s\n", itb_status_str(status));
        free(response);
        return 1;
    }
    /* The response and its NUL: the frame separator. */
    fwrite(response, 1, written, stdout);
    fflush(stdout);
    free(response);
    return 0;
}

int main(void) {
    size_t capacity = 4096, len;
    char *request = malloc(capacity);
    int c = 0;
    if (request == NULL) return 1;
    while (c != EOF) {
        len = 0;
        while ((c = getchar()) != EOF && c != '\0') {
            if (len + 1 == capacity) {
                char *bigger = realloc(request, capacity * 2);
                if (bigger == NULL) return 1;
                request = bigger;
                capacity *= 2;
            }
            request[len++] = (char)c;
        }
        if (c == EOF && len == 0) break; /* end of input, not an empty request */
        request[len] = '\0';
        if (answer(request) != 0) return 1;
    }
    free(request);
    return 0;
}
