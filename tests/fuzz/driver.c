/* A stand-alone driver for the fuzz targets: without libFuzzer it feeds a
 * target mutated inputs for a few seconds (what `make check` runs); built
 * with clang -fsanitize=fuzzer the target runs under libFuzzer instead and
 * this file is left out. Deterministic: the seed is fixed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs the mutations start from: the shapes each parser sees. */
static const char *const SEEDS[] = {
    "161175-19997", "32073120115", "328673-00677", "398161.28", "1 821 776,78 €", "156,584,49", "2021-12-31",
    "2021-02-30", "a,b,c\n1,\"x,y\",3\n", "\"unterminated\n", "id,name\n1,Bērziņa\n", "\xc3\x28", "", "0.01",
    "-3.5", "9999999999999999999", "2024-02-29", "3.333",
};

static uint64_t state = 0x5eed5eedULL;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

int main(int argc, char **argv)
{
    double seconds = 2.0;
    const char *env = getenv("KOPA_FUZZ_SECONDS");
    if (argc > 1)
        env = argv[1];
    if (env)
        seconds = strtod(env, NULL);
    uint8_t buf[256];
    clock_t start = clock();
    unsigned long runs = 0;
    size_t nseeds = sizeof SEEDS / sizeof SEEDS[0];
    while ((double)(clock() - start) / CLOCKS_PER_SEC < seconds) {
        const char *seed = SEEDS[next() % nseeds];
        size_t n = strlen(seed);
        memcpy(buf, seed, n);
        /* A few byte flips, insertions and truncations. */
        int edits = (int)(next() % 4);
        for (int k = 0; k < edits; k++) {
            uint64_t r = next();
            switch (r % 3) {
            case 0:
                if (n)
                    buf[(r >> 8) % n] = (uint8_t)(r >> 16);
                break;
            case 1:
                if (n < sizeof buf)
                    buf[n++] = (uint8_t)(r >> 8);
                break;
            default:
                if (n)
                    n = (size_t)((r >> 8) % n);
            }
        }
        LLVMFuzzerTestOneInput(buf, n);
        runs++;
    }
    printf("fuzz: %lu inputs, no crash\n", runs);
    return 0;
}
