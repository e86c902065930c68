#ifndef CLAIMTRACE_LIBXML2_SHIM_H
#define CLAIMTRACE_LIBXML2_SHIM_H
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#endif
