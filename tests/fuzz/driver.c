/* A stand-in for libFuzzer's main, linked into the fuzz targets in the gcc
 * trees (build/, build-asan/), where -fsanitize=fuzzer does not exist. It
 * takes libFuzzer's command line: every file named, and every file in every
 * directory named, is run once (the committed corpus: regression inputs);
 * -max_total_time=N then feeds mutations of those inputs for N seconds
 * (deterministic: the seed is fixed). Other -flags are ignored. Exits 0 when
 * nothing failed; a failed invariant aborts. The clang tree links libFuzzer
 * instead and leaves this file out. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LONGEST_INPUT 4096

typedef struct input {
    uint8_t *data;
    size_t size;
} input;

static input *inputs;
static size_t ninputs, cap;

static void add_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz driver: cannot open %s\n", path);
        exit(2);
    }
    uint8_t *buf = malloc(LONGEST_INPUT);
    if (!buf)
        abort();
    size_t n = fread(buf, 1, LONGEST_INPUT, f);
    fclose(f);
    buf = realloc(buf, n ? n : 1); /* exact size: ASan sees a read past the input */
    if (!buf)
        abort();
    if (ninputs == cap) {
        cap = cap ? cap * 2 : 64;
        inputs = realloc(inputs, cap * sizeof *inputs);
        if (!inputs)
            abort();
    }
    inputs[ninputs].data = buf;
    inputs[ninputs].size = n;
    ninputs++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void add_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "fuzz driver: no such file or directory: %s\n", path);
        exit(2);
    }
    if (!S_ISDIR(st.st_mode)) {
        add_file(path);
        return;
    }
    struct dirent **names = NULL;
    int n = scandir(path, &names, NULL, by_name);
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            char full[4096];
            snprintf(full, sizeof full, "%s/%s", path, names[i]->d_name);
            add_file(full);
        }
        free(names[i]);
    }
    free(names);
}

static uint64_t state = 0x5eed5eedULL;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

/* A few byte flips, insertions, deletions and truncations of one input. */
static size_t mutate(uint8_t *buf, size_t n)
{
    int edits = 1 + (int)(next() % 4);
    for (int k = 0; k < edits; k++) {
        uint64_t r = next();
        size_t at = n ? (size_t)((r >> 8) % n) : 0;
        switch (r % 4) {
        case 0:
            if (n)
                buf[at] = (uint8_t)(r >> 32);
            break;
        case 1:
            if (n < LONGEST_INPUT) {
                memmove(buf + at + 1, buf + at, n - at);
                buf[at] = (uint8_t)(r >> 32);
                n++;
            }
            break;
        case 2:
            if (n) {
                memmove(buf + at, buf + at + 1, n - at - 1);
                n--;
            }
            break;
        default:
            n = at;
        }
    }
    return n;
}

int main(int argc, char **argv)
{
    double seconds = 0;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "-max_total_time=", 16) == 0)
            seconds = strtod(argv[i] + 16, NULL);
        else if (argv[i][0] != '-')
            add_path(argv[i]);
    }
    for (size_t i = 0; i < ninputs; i++)
        LLVMFuzzerTestOneInput(inputs[i].data, inputs[i].size);
    printf("fuzz driver: %zu corpus inputs passed\n", ninputs);

    unsigned long runs = 0;
    if (seconds > 0) {
        uint8_t *buf = malloc(LONGEST_INPUT);
        if (!buf)
            abort();
        clock_t start = clock();
        while ((double)(clock() - start) / CLOCKS_PER_SEC < seconds) {
            size_t n = 0;
            if (ninputs) {
                const input *in = &inputs[next() % ninputs];
                memcpy(buf, in->data, in->size);
                n = in->size;
            }
            n = mutate(buf, n);
            /* An exact-size copy, so ASan sees a read past the input. */
            uint8_t *one = malloc(n ? n : 1);
            if (!one)
                abort();
            memcpy(one, buf, n);
            LLVMFuzzerTestOneInput(one, n);
            free(one);
            runs++;
        }
        free(buf);
        printf("fuzz driver: %lu mutated inputs passed\n", runs);
    }
    for (size_t i = 0; i < ninputs; i++)
        free(inputs[i].data);
    free(inputs);
    return 0;
}
