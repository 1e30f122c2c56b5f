/* kopa document: being written in this session; replaced before it lands. */
#include "cli/cli.h"
#include <stdio.h>

int kp_cmd_document(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "kopa document: not available in this build\n");
    return 1;
}
