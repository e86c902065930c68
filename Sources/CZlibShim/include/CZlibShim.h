#ifndef CLAIMTRACE_ZLIB_SHIM_H
#define CLAIMTRACE_ZLIB_SHIM_H
#include <zlib.h>

/* zlib's init functions are macros (they pass the library version and the stream's size), which
   Swift cannot call; these wrap them. `window_bits` as in inflateInit2/deflateInit2: 15 for a
   zlib stream, -15 for raw deflate, 31 for gzip, 47 for gzip or zlib detected from the header. */
int ct_inflate_init(z_stream *stream, int window_bits);
int ct_deflate_init(z_stream *stream, int level, int window_bits);

#endif
