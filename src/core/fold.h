/* Text folded for searching: "Ozoliņš", "OZOLINS" and "ozolins" fold to the
 * same "ozolins". ICU decomposes each letter (NFD), drops the combining
 * marks (ā → a, č → c, ģ → g, ķ → k, ļ → l, ņ → n, š → s, ž → z …) and
 * folds case. Pure: no I/O; ICU's normaliser is a shared read-only
 * instance, so this is safe from any thread. */
#ifndef KOPA_CORE_FOLD_H
#define KOPA_CORE_FOLD_H
#include <stddef.h>
#include "core/result.h"

/* Writes the folded form of the UTF-8 text `in` into out (NUL-terminated,
 * at most outlen-1 bytes; a longer result is cut at a character boundary).
 * KP_EINVAL for NULL arguments, outlen 0 or text that is not UTF-8 (out is
 * then ""). */
kp_rc kp_fold_search(const char *in, char *out, size_t outlen);

#endif
