// The C floor: the cheapest way to call the benchmark library, a C program linked against it.
// Usage: floor <iterations per run>; prints one "case ns_per_call" line per case: the best of 15 timed runs,
// as the Node side reports its best round.
// Built by bench/lib/prepare.ts with -DLIBHEADER naming the header cgo wrote.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include LIBHEADER

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static volatile int64_t sink_i;
static volatile double sink_d;

enum { RUNS = 15 };

// Each case is a loop body over `n` calls; the best of RUNS timed runs is reported, after one warm-up run.
#define CASE(name, n, body)                                         \
  do {                                                              \
    double t[RUNS];                                                 \
    for (int r = -1; r < RUNS; r++) {                               \
      double t0 = now_ns();                                         \
      for (long i = 0; i < (n); i++) { body; }                      \
      double dt = now_ns() - t0;                                    \
      if (r >= 0) t[r] = dt / (double)(n);                          \
    }                                                               \
    qsort(t, RUNS, sizeof t[0], cmp_double);                        \
    printf("%s %.3f\n", name, t[0]);                               \
    fflush(stdout);                                                 \
  } while (0)

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000;
  if (n < 1) n = 1;

  CASE("add", n, sink_i = add(i, 1));

  char *small = malloc(16), *big = malloc(64 * 1024);
  memset(small, 'a', 16);
  memset(big, 'a', 64 * 1024);
  GoString s16 = {small, 16}, s64k = {big, 64 * 1024};
  CASE("string16", n, sink_i = StrLen(s16));
  CASE("string64k", n, sink_i = StrLen(s64k));

  long nbig = 1000000, nsmall = 16;
  double *xs = calloc((size_t)nbig, sizeof(double));
  GoSlice big_slice = {xs, nbig, nbig}, small_slice = {xs, nsmall, nsmall};
  CASE("slice16", n, sink_d = Last(small_slice));
  CASE("slice1m", n, sink_d = Last(big_slice));

  // Decoding a C string in C is reading it: strlen, then free it.
  long ng = n / 4 > 0 ? n / 4 : 1;
  CASE("cstring", ng, {
    char *p = Greet();
    sink_i = (int64_t)strlen(p);
    free(p);
  });
  return 0;
}
