#include "CICUShim.h"
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/utypes.h>

struct ct_breaker {
    UBreakIterator *iterator;
    UText *text;
};

static void write_error(UErrorCode status, char *error, size_t error_len) {
    if (error == NULL || error_len == 0) return;
    strncpy(error, u_errorName(status), error_len - 1);
    error[error_len - 1] = 0;
}

ct_breaker *ct_breaker_open(int kind, const char *locale, char *error, size_t error_len) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIteratorType type = kind == CT_BREAK_WORD ? UBRK_WORD : UBRK_SENTENCE;
    UBreakIterator *it = ubrk_open(type, locale, NULL, 0, &status);
    if (U_FAILURE(status) || it == NULL) {
        write_error(status, error, error_len);
        return NULL;
    }
    ct_breaker *b = calloc(1, sizeof(ct_breaker));
    if (b == NULL) {
        ubrk_close(it);
        write_error(U_MEMORY_ALLOCATION_ERROR, error, error_len);
        return NULL;
    }
    b->iterator = it;
    return b;
}

int ct_breaker_set_text(ct_breaker *b, const uint8_t *utf8, int64_t length) {
    UErrorCode status = U_ZERO_ERROR;
    b->text = utext_openUTF8(b->text, (const char *)utf8, length, &status);
    if (U_FAILURE(status)) return (int)status;
    ubrk_setUText(b->iterator, b->text, &status);
    if (U_FAILURE(status)) return (int)status;
    ubrk_first(b->iterator);
    return 0;
}

int64_t ct_breaker_next(ct_breaker *b, int64_t *out, int32_t *status, int64_t capacity) {
    int64_t n = 0;
    while (n < capacity) {
        int32_t boundary = ubrk_next(b->iterator);
        if (boundary == UBRK_DONE) break;
        out[n] = boundary;
        if (status != NULL) status[n] = ubrk_getRuleStatus(b->iterator);
        n++;
    }
    return n;
}

void ct_breaker_close(ct_breaker *b) {
    if (b == NULL) return;
    ubrk_close(b->iterator);
    utext_close(b->text);
    free(b);
}
