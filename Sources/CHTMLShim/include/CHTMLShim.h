#ifndef CLAIMTRACE_HTML_SHIM_H
#define CLAIMTRACE_HTML_SHIM_H
#include <stdint.h>

/* libxml2's HTML parser behind plain C types. libxml2's own headers include ICU's on Debian,
   which clash with Foundation's ICU module when imported into Swift; this header keeps them
   out of Swift's sight. Nodes are opaque pointers valid while their document lives. */

typedef struct ct_html_document ct_html_document;
typedef const void *ct_html_node;

enum { CT_NODE_OTHER = 0, CT_NODE_ELEMENT = 1, CT_NODE_TEXT = 3 };

/* Parses `length` bytes of UTF-8 HTML, repairing malformed markup. NULL when nothing parsed. */
ct_html_document *ct_html_parse(const char *utf8, int32_t length);
void ct_html_free(ct_html_document *document);

ct_html_node ct_html_root(const ct_html_document *document);
ct_html_node ct_html_first_child(ct_html_node node);
ct_html_node ct_html_next_sibling(ct_html_node node);
/* CT_NODE_ELEMENT, CT_NODE_TEXT (text and CDATA) or CT_NODE_OTHER. */
int ct_html_kind(ct_html_node node);
/* An element's name (lower case, UTF-8), or NULL. */
const char *ct_html_name(ct_html_node node);
/* A text node's content (UTF-8), or NULL. */
const char *ct_html_text(ct_html_node node);
/* The value of an element's attribute `name` (its first text part, UTF-8), or NULL. */
const char *ct_html_attribute(ct_html_node node, const char *name);

#endif
