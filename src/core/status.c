/* status.c - status names, the per-thread error message and logging. */
#include "core.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_error[1024];

static parley_log_fn log_fn;
static void *log_user;

PARLEY_API const char *parley_strerror(parley_status code)
{
    switch (code) {
    case PARLEY_OK: return "ok";
    case PARLEY_END: return "end of input";
    case PARLEY_ERR_NOMEM: return "out of memory";
    case PARLEY_ERR_IO: return "input/output error";
    case PARLEY_ERR_FORMAT: return "malformed input";
    case PARLEY_ERR_TOO_LARGE: return "input too large";
    case PARLEY_ERR_TRUNCATED: return "truncated input";
    case PARLEY_ERR_ARG: return "invalid argument";
    case PARLEY_ERR_MODEL: return "bad model file";
    case PARLEY_ERR_DICT: return "bad dictionary";
    case PARLEY_ERR_NOT_FOUND: return "not found";
    case PARLEY_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

PARLEY_API const char *parley_errmsg(void) { return last_error; }

PARLEY_API void parley_string_free(char *s) { pl_free(s); }

PARLEY_API const char *parley_version(void) { return PARLEY_VERSION; }

PARLEY_API void parley_set_log(parley_log_fn fn, void *user)
{
    log_fn = fn;
    log_user = user;
}

parley_status pl_error(parley_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return code;
}

void pl_clear_error(void) { last_error[0] = '\0'; }

void pl_warn(const char *fmt, ...)
{
    if (!log_fn)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_fn(log_user, msg);
}
