/* Corner fetch of column sampling, five ways, on r50_s2's tile shape
 * (208 pixels, 32 channels of a 56x56 image, 9 taps, offsets of about
 * N(0, 2)): A = four 16-lane vgatherdps per pixel vector (the code before
 * corner pairs), B = four vpgatherdq, each lane a 64-bit pair of
 * neighbouring corners, C = scalar 64-bit pair loads through a stack
 * buffer (what deform-cpu-lower's corner pairs compile to), D = each pair
 * expand-loaded into its two lanes (vexpandps with merge), E = each pair
 * a masked merge load into its two lanes. Prints ns per sample, best of 7
 * rounds; chk must agree. AVX-512 only:
 *
 *   clang-22 -O2 -march=native bench/gather/pairs_bench.c -o pairs_bench -lm
 *   ./pairs_bench [reps]
 */
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
enum { W = 56, H = 56, C = 32, P = 208, TAPS = 9 };
static float *img;
static int32_t base[TAPS][P];
static float wt[TAPS][4][P];
static float out[C][P];
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}
/* out[c][p..p+15] = the four corners of tap k weighted. */
static inline void weigh(int k, int c, int p, __m512 v0, __m512 v1, __m512 v2,
                         __m512 v3) {
  __m512 r = _mm512_mul_ps(v0, _mm512_loadu_ps(&wt[k][0][p]));
  r = _mm512_fmadd_ps(v1, _mm512_loadu_ps(&wt[k][1][p]), r);
  r = _mm512_fmadd_ps(v2, _mm512_loadu_ps(&wt[k][2][p]), r);
  r = _mm512_fmadd_ps(v3, _mm512_loadu_ps(&wt[k][3][p]), r);
  _mm512_storeu_ps(&out[c][p], r);
}
static void runA(void) {
  for (int k = 0; k < TAPS; ++k)
    for (int c = 0; c < C; ++c) {
      const float *pl = img + c * W * H;
      for (int p = 0; p < P; p += 16) {
        __m512i b = _mm512_loadu_si512(&base[k][p]);
        __m512 v0 = _mm512_i32gather_ps(b, pl, 4),
               v1 = _mm512_i32gather_ps(
                   _mm512_add_epi32(b, _mm512_set1_epi32(1)), pl, 4);
        __m512 v2 = _mm512_i32gather_ps(
                   _mm512_add_epi32(b, _mm512_set1_epi32(W)), pl, 4),
               v3 = _mm512_i32gather_ps(
                   _mm512_add_epi32(b, _mm512_set1_epi32(W + 1)), pl, 4);
        weigh(k, c, p, v0, v1, v2, v3);
      }
    }
}
static const int32_t evn[16] = {0,  2,  4,  6,  8,  10, 12, 14,
                                16, 18, 20, 22, 24, 26, 28, 30},
                     odd[16] = {1,  3,  5,  7,  9,  11, 13, 15,
                                17, 19, 21, 23, 25, 27, 29, 31};
static inline void deint(__m512 a, __m512 b, __m512 *x0, __m512 *x1) {
  *x0 = _mm512_permutex2var_ps(a, _mm512_loadu_si512(evn), b);
  *x1 = _mm512_permutex2var_ps(a, _mm512_loadu_si512(odd), b);
}
static void runB(void) {
  for (int k = 0; k < TAPS; ++k)
    for (int c = 0; c < C; ++c) {
      const float *pl = img + c * W * H;
      for (int p = 0; p < P; p += 16) {
        __m256i b0 = _mm256_loadu_si256((void *)&base[k][p]),
                b1 = _mm256_loadu_si256((void *)&base[k][p + 8]);
        __m256i w = _mm256_set1_epi32(W);
        __m512 t0 = _mm512_castpd_ps(_mm512_i32gather_pd(b0, pl, 4)),
               t1 = _mm512_castpd_ps(_mm512_i32gather_pd(b1, pl, 4));
        __m512 u0 = _mm512_castpd_ps(
                   _mm512_i32gather_pd(_mm256_add_epi32(b0, w), pl, 4)),
               u1 = _mm512_castpd_ps(
                   _mm512_i32gather_pd(_mm256_add_epi32(b1, w), pl, 4));
        __m512 v0, v1, v2, v3;
        deint(t0, t1, &v0, &v1);
        deint(u0, u1, &v2, &v3);
        weigh(k, c, p, v0, v1, v2, v3);
      }
    }
}
static void runC(void) {
  for (int k = 0; k < TAPS; ++k)
    for (int c = 0; c < C; ++c) {
      const float *pl = img + c * W * H;
      for (int p = 0; p < P; p += 16) {
        double top[16], bot[16];
        for (int j = 0; j < 16; ++j) {
          const float *q = pl + base[k][p + j];
          __builtin_memcpy(&top[j], q, 8);
          __builtin_memcpy(&bot[j], q + W, 8);
        }
        __m512 v0, v1, v2, v3;
        deint(_mm512_loadu_ps(top), _mm512_loadu_ps(top + 8), &v0, &v1);
        deint(_mm512_loadu_ps(bot), _mm512_loadu_ps(bot + 8), &v2, &v3);
        weigh(k, c, p, v0, v1, v2, v3);
      }
    }
}

/* D: each lane's pair expand-loaded into lanes 2j, 2j+1 (vexpandps, merge). */
static inline __m512 expandPairs(const float *pl, const int32_t *b, int off) {
  __m512 r = _mm512_setzero_ps();
  for (int j = 0; j < 8; ++j)
    r = _mm512_mask_expandloadu_ps(r, (__mmask16)(3u << (2 * j)),
                                   pl + b[j] + off);
  return r;
}
/* E: masked merge loads from pl + b[j] - 2j (lanes 2j, 2j+1 only). */
static inline __m512 maskPairs(const float *pl, const int32_t *b, int off) {
  __m512 r = _mm512_setzero_ps();
  for (int j = 0; j < 8; ++j)
    r = _mm512_mask_loadu_ps(r, (__mmask16)(3u << (2 * j)),
                             pl + b[j] + off - 2 * j);
  return r;
}
/* D and E: 8 pairs per vector from `fetch` (inlined: a constant callee). */
typedef __m512 (*PairFetch)(const float *, const int32_t *, int);
static inline __attribute__((always_inline)) void runFetch(PairFetch fetch) {
  for (int k = 0; k < TAPS; ++k)
    for (int c = 0; c < C; ++c) {
      const float *pl = img + c * W * H;
      for (int p = 0; p < P; p += 16) {
        const int32_t *b = &base[k][p];
        __m512 v0, v1, v2, v3;
        deint(fetch(pl, b, 0), fetch(pl, b + 8, 0), &v0, &v1);
        deint(fetch(pl, b, W), fetch(pl, b + 8, W), &v2, &v3);
        weigh(k, c, p, v0, v1, v2, v3);
      }
    }
}
static void runD(void) { runFetch(expandPairs); }
static void runE(void) { runFetch(maskPairs); }
int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 200;
  /* 64 floats before the image: E's masked loads start up to 14 early. */
  img =
      (float *)aligned_alloc(64, (size_t)C * W * H * 4 + 4 * W * 4 + 256) + 64;
  for (int i = 0; i < C * W * H + 4 * W; ++i)
    img[i] = (float)(i % 97) * 0.01f;
  srand(1);
  for (int k = 0; k < TAPS; ++k)
    for (int p = 0; p < P; ++p) {
      int y = p / W + 1, x = p % W;
      double g = sqrt(-2 * log((rand() + 1.0) / RAND_MAX)) *
                 cos(6.283 * rand() / RAND_MAX);
      int yy = y + (k / 3 - 1) + (int)(2 * g),
          xx = x + (k % 3 - 1) + (int)(2 * g * 0.7);
      if (yy < 0)
        yy = 0;
      if (yy > H - 2)
        yy = H - 2;
      if (xx < 0)
        xx = 0;
      if (xx > W - 2)
        xx = W - 2;
      base[k][p] = yy * W + xx;
      for (int i = 0; i < 4; ++i)
        wt[k][i][p] = 0.25f;
    }
  void (*f[5])(void) = {runA, runB, runC, runD, runE};
  const char *n[5] = {"A gather16 x4", "B gatherdq x4 (pairs)",
                      "C scalar pairs", "D expandload pairs",
                      "E masked merge loads"};
  double best[5] = {1e9, 1e9, 1e9, 1e9, 1e9};
  float chk[5];
  for (int round = 0; round < 7; ++round)
    for (int m = 0; m < 5; ++m) {
      double t = now();
      for (int r = 0; r < reps; ++r)
        f[m]();
      t = (now() - t) / reps;
      if (t < best[m])
        best[m] = t;
      chk[m] = out[5][77] + out[31][200];
    }
  for (int m = 0; m < 5; ++m)
    printf("%-24s %.2f ns/sample  (chk %g)\n", n[m],
           best[m] * 1e9 / (TAPS * C * P), chk[m]);
}
