#include "CHTMLShim.h"
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdlib.h>
#include <strings.h>

struct ct_html_document {
    htmlDocPtr doc;
};

static pthread_once_t initialized = PTHREAD_ONCE_INIT;
static void initialize(void) { xmlInitParser(); }

ct_html_document *ct_html_parse(const char *utf8, int32_t length) {
    pthread_once(&initialized, initialize);
    /* HUGE lifts the nesting limit from 256 to 2048 levels (runs of unclosed inline tags nest
       deeply); callers bound the input size, and walk the tree with explicit stacks. */
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                  HTML_PARSE_COMPACT | XML_PARSE_HUGE;
    htmlDocPtr doc = htmlReadMemory(utf8, length, NULL, "UTF-8", options);
    if (doc == NULL) return NULL;
    ct_html_document *document = malloc(sizeof(ct_html_document));
    if (document == NULL) {
        xmlFreeDoc(doc);
        return NULL;
    }
    document->doc = doc;
    return document;
}

void ct_html_free(ct_html_document *document) {
    if (document == NULL) return;
    xmlFreeDoc(document->doc);
    free(document);
}

ct_html_node ct_html_root(const ct_html_document *document) { return xmlDocGetRootElement(document->doc); }

ct_html_node ct_html_first_child(ct_html_node node) { return ((const xmlNode *)node)->children; }

ct_html_node ct_html_next_sibling(ct_html_node node) { return ((const xmlNode *)node)->next; }

int ct_html_kind(ct_html_node node) {
    switch (((const xmlNode *)node)->type) {
    case XML_ELEMENT_NODE: return CT_NODE_ELEMENT;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE: return CT_NODE_TEXT;
    default: return CT_NODE_OTHER;
    }
}

const char *ct_html_name(ct_html_node node) {
    const xmlNode *n = node;
    return n->type == XML_ELEMENT_NODE ? (const char *)n->name : NULL;
}

const char *ct_html_text(ct_html_node node) {
    const xmlNode *n = node;
    return (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) ? (const char *)n->content : NULL;
}

const char *ct_html_attribute(ct_html_node node, const char *name) {
    const xmlNode *n = node;
    if (n->type != XML_ELEMENT_NODE) return NULL;
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        if (a->name != NULL && strcasecmp((const char *)a->name, name) == 0) {
            for (const xmlNode *c = a->children; c != NULL; c = c->next) {
                if (c->content != NULL) return (const char *)c->content;
            }
            return "";
        }
    }
    return NULL;
}
