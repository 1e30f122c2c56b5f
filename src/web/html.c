/* Escaping HTML writers (placeholder until the web layer lands). */
#include "core/result.h"

const char *kp_web_version(void);
const char *kp_web_version(void) { return "0"; }
