/* Fuzz target for the CSV reader that imports go through: any bytes must be
 * read or refused with a message, never crash or leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "service/csv_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/kopa-fuzz-csv-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    kp_csv c;
    char err[256];
    if (kp_csv_read(path, &c, err, sizeof err) == KP_OK) {
        for (size_t i = 0; i < c.n; i++)
            for (int k = 0; k < (int)c.header.n + 1; k++)
                (void)strlen(kp_csv_field(&c.rows[i], k));
        kp_csv_free(&c);
    } else if (!err[0]) {
        abort(); /* a refusal always says why */
    }
    unlink(path);
    return 0;
}
