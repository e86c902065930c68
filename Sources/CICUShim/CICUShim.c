#include "CICUShim.h"
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

/* ICU's break iterators run fastest over UTF-16, so the UTF-8 input is converted once into a
   buffer owned by the breaker, and boundaries are mapped back to UTF-8 byte offsets with one
   ascending walk (boundaries come in order). */
struct ct_breaker {
    UBreakIterator *iterator;
    UChar *utf16;
    int32_t capacity;
    int32_t length16;
    const uint8_t *utf8;
    int64_t length8;
    int32_t walk16; /* UTF-16 index of the walk */
    int64_t walk8;  /* the matching UTF-8 offset */
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
    if (length > INT32_MAX / 2) return U_INDEX_OUTOFBOUNDS_ERROR;
    /* Every UTF-8 byte gives at most one UTF-16 unit. */
    int32_t needed = (int32_t)length + 1;
    if (needed > b->capacity) {
        UChar *grown = realloc(b->utf16, sizeof(UChar) * (size_t)needed);
        if (grown == NULL) return U_MEMORY_ALLOCATION_ERROR;
        b->utf16 = grown;
        b->capacity = needed;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t length16 = 0;
    /* Invalid sequences become U+FFFD, one unit per bad byte run, as Swift's decoding does. */
    u_strFromUTF8WithSub(b->utf16, b->capacity, &length16, (const char *)utf8, (int32_t)length, 0xFFFD, NULL, &status);
    if (U_FAILURE(status)) return (int)status;
    b->length16 = length16;
    b->utf8 = utf8;
    b->length8 = length;
    b->walk16 = 0;
    b->walk8 = 0;
    ubrk_setText(b->iterator, b->utf16, length16, &status);
    if (U_FAILURE(status)) return (int)status;
    ubrk_first(b->iterator);
    return 0;
}

/* Advances the walk to UTF-16 index `target` and returns its UTF-8 offset. */
static int64_t utf8_offset(ct_breaker *b, int32_t target) {
    while (b->walk16 < target && b->walk8 < b->length8) {
        uint8_t c = b->utf8[b->walk8];
        int width = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        if (b->walk8 + width > b->length8) width = 1;
        b->walk8 += width;
        b->walk16 += width == 4 ? 2 : 1;
    }
    return b->walk8;
}

int64_t ct_breaker_next(ct_breaker *b, int64_t *out, int32_t *status, int64_t capacity) {
    int64_t n = 0;
    while (n < capacity) {
        int32_t boundary = ubrk_next(b->iterator);
        if (boundary == UBRK_DONE) break;
        out[n] = utf8_offset(b, boundary);
        if (status != NULL) status[n] = ubrk_getRuleStatus(b->iterator);
        n++;
    }
    return n;
}

void ct_breaker_close(ct_breaker *b) {
    if (b == NULL) return;
    ubrk_close(b->iterator);
    free(b->utf16);
    free(b);
}

int64_t ct_convert_to_utf8(const char *charset, const uint8_t *bytes, int64_t length, uint8_t *out, int64_t capacity) {
    if (length > INT32_MAX / 4 || capacity > INT32_MAX) return -2;
    UErrorCode status = U_ZERO_ERROR;
    int32_t written = ucnv_convert("UTF-8", charset, (char *)out, (int32_t)capacity, (const char *)bytes, (int32_t)length, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return written;
    if (status == U_FILE_ACCESS_ERROR || status == U_ILLEGAL_ARGUMENT_ERROR || status == U_INVALID_TABLE_FORMAT) return -1;
    if (U_FAILURE(status)) return -2;
    return written;
}
