/* The gather throughput this machine sustains: random 4-byte loads from a
 * table that fits in L2 (as one image plane of a deformable conv input
 * does), with enough independent work that only the load path limits it.
 * Prints one line per method: "<method> <G elements/s>" for `threads`
 * threads (each its own table and indices), best of a few repetitions.
 *
 *   gather_bench [threads] [table_floats]
 *
 * Built by bench/gather/run.sh for each CPU target (-march), so that the
 * AVX2 build measures ymm gathers and the AVX-512 build zmm ones. */
#include <immintrin.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { kIndices = 1 << 20, kRounds = 16 };

typedef struct {
  int method;
  size_t table;
  double seconds;
  float sink;
} Job;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *run(void *arg) {
  Job *job = arg;
  float *t = aligned_alloc(64, job->table * 4);
  int32_t *idx = aligned_alloc(64, kIndices * 4);
  unsigned seed = 12345u + (unsigned)(uintptr_t)job;
  for (size_t i = 0; i < job->table; ++i)
    t[i] = (float)(i & 1023);
  for (size_t i = 0; i < kIndices; ++i) {
    seed = seed * 1103515245u + 12345u;
    idx[i] = (int32_t)((seed >> 4) % job->table);
  }
  float total = 0;
  double start = now();
  for (int r = 0; r < kRounds; ++r) {
    if (job->method == 0) { /* scalar loads, 8 independent sums */
      float s[8] = {0};
      for (size_t i = 0; i < kIndices; i += 8)
        for (int k = 0; k < 8; ++k)
          s[k] += t[idx[i + k]];
      for (int k = 0; k < 8; ++k)
        total += s[k];
    }
#ifdef __AVX2__
    if (job->method == 1) { /* 8-lane gathers, 4 independent sums */
      __m256 s[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(),
                     _mm256_setzero_ps(), _mm256_setzero_ps()};
      for (size_t i = 0; i < kIndices; i += 32)
        for (int k = 0; k < 4; ++k)
          s[k] = _mm256_add_ps(
              s[k], _mm256_i32gather_ps(
                        t, _mm256_load_si256((const __m256i *)(idx + i + 8 * k)), 4));
      float o[8];
      _mm256_storeu_ps(o, _mm256_add_ps(_mm256_add_ps(s[0], s[1]),
                                        _mm256_add_ps(s[2], s[3])));
      for (int k = 0; k < 8; ++k)
        total += o[k];
    }
#endif
#ifdef __AVX512F__
    if (job->method == 2) { /* 16-lane gathers, 4 independent sums */
      __m512 s[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(),
                     _mm512_setzero_ps(), _mm512_setzero_ps()};
      for (size_t i = 0; i < kIndices; i += 64)
        for (int k = 0; k < 4; ++k)
          s[k] = _mm512_add_ps(
              s[k], _mm512_i32gather_ps(_mm512_load_si512(idx + i + 16 * k), t, 4));
      total += _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s[0], s[1]),
                                                  _mm512_add_ps(s[2], s[3])));
    }
#endif
  }
  job->seconds = now() - start;
  job->sink = total;
  free(t);
  free(idx);
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  size_t table = argc > 2 ? (size_t)atol(argv[2]) : 64 * 1024; /* 256 KiB */
  if (threads < 1 || threads > 256 || table < 1024) {
    fprintf(stderr, "usage: gather_bench [threads 1-256] [table_floats >= 1024]\n");
    return 2;
  }
  const char *names[] = {"scalar", "gather8", "gather16"};
  for (int method = 0; method < 3; ++method) {
#ifndef __AVX2__
    if (method == 1) continue;
#endif
#ifndef __AVX512F__
    if (method == 2) continue;
#endif
    double best = 0;
    for (int rep = 0; rep < 5; ++rep) {
      Job jobs[256];
      pthread_t ids[256];
      for (int i = 0; i < threads; ++i) {
        jobs[i] = (Job){method, table, 0, 0};
        pthread_create(&ids[i], NULL, run, &jobs[i]);
      }
      double slowest = 0;
      for (int i = 0; i < threads; ++i) {
        pthread_join(ids[i], NULL);
        if (jobs[i].seconds > slowest)
          slowest = jobs[i].seconds;
      }
      double rate = (double)threads * kIndices * kRounds / slowest / 1e9;
      if (rate > best)
        best = rate;
    }
    printf("%s %.3f\n", names[method], best);
  }
  return 0;
}
