#ifndef CLAIMTRACE_ICU_SHIM_H
#define CLAIMTRACE_ICU_SHIM_H
#include <stdint.h>
#include <stddef.h>

/// An opaque ICU sentence or word break iterator over a UTF-8 buffer.
typedef struct ct_breaker ct_breaker;

/// Kinds of break iterator.
enum { CT_BREAK_SENTENCE = 0, CT_BREAK_WORD = 1 };

/// Opens a break iterator of `kind` for `locale` (e.g. "en@ss=standard"). Returns NULL on failure
/// and writes ICU's error name into `error` (at most `error_len` bytes, NUL-terminated).
ct_breaker *ct_breaker_open(int kind, const char *locale, char *error, size_t error_len);

/// Points the iterator at `length` bytes of UTF-8 (converted to UTF-16 inside; boundaries
/// come back as UTF-8 byte offsets). The bytes must outlive the iteration.
/// Returns 0 on success.
int ct_breaker_set_text(ct_breaker *b, const uint8_t *utf8, int64_t length);

/// Writes up to `capacity` boundaries (UTF-8 byte offsets, ascending, starting after 0) into
/// `out` and returns how many were written; call again to continue. Returns 0 at the end.
/// For word iterators, `status` (may be NULL) receives each boundary's rule status
/// (0 = none/space/punctuation, 100+ = number, 200+ = letter, ...).
int64_t ct_breaker_next(ct_breaker *b, int64_t *out, int32_t *status, int64_t capacity);

void ct_breaker_close(ct_breaker *b);

/// Converts `length` bytes in the character set `charset` (an ICU converter name or alias, such as
/// "windows-1251" or "Shift_JIS") to UTF-8 in `out` (`capacity` bytes). Bytes that are not valid
/// in the charset become U+FFFD (or U+001A, ICU's substitute in some single-byte sets).
/// Returns the UTF-8 length; when it is larger than `capacity` nothing usable was written and the
/// call should be repeated with that capacity. Returns -1 when ICU does not know the charset,
/// -2 on any other failure.
int64_t ct_convert_to_utf8(const char *charset, const uint8_t *bytes, int64_t length, uint8_t *out, int64_t capacity);

#endif
