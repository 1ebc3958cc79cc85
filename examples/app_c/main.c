/* A C99 application that links a deform-compile'd DCNv2 layer, runs it on
 * random data whose offsets leave the image, and checks it against a small
 * float64 implementation of torchvision's deform_conv2d written here in C.
 * It also checks that misuse is reported with a status and a message. */
#include "dcn_layer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { B = 2, C = 8, H = 12, W = 12, OC = 6, K = 3, PAD = 1, TAPS = K * K };

static float x[B][C][H][W], off[B][2 * TAPS][H][W], w[OC][C][K][K],
    mask[B][TAPS][H][W], bias[OC], y[B][OC][H][W];

/* A small deterministic generator (xorshift) and a uniform draw in [lo, hi). */
static uint64_t state = 88172645463325252ull;
static double uniform(double lo, double hi) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return lo + (hi - lo) * (double)(state >> 11) / 9007199254740992.0;
}
static void fill(float *v, size_t n, double lo, double hi) {
  for (size_t i = 0; i < n; ++i)
    v[i] = (float)uniform(lo, hi);
}

/* Bilinear sample of the zero-extended image (SEMANTICS 1.2, "zero"). */
static double sample(int b, int c, double h, double wd) {
  if (!(h > -1 && h < H && wd > -1 && wd < W))
    return 0;
  int h0 = (int)floor(h), w0 = (int)floor(wd);
  double lh = h - h0, lw = wd - w0, s = 0;
  for (int dy = 0; dy < 2; ++dy)
    for (int dx = 0; dx < 2; ++dx) {
      int r = h0 + dy, q = w0 + dx;
      if (r < 0 || r >= H || q < 0 || q >= W)
        continue;
      s += (dy ? lh : 1 - lh) * (dx ? lw : 1 - lw) * x[b][c][r][q];
    }
  return s;
}

static int expect(int ok, const char *what) {
  if (!ok)
    printf("dcn_c: FAIL: %s (last error: \"%s\")\n", what, deform_last_error());
  return ok;
}

int main(void) {
  fill(&x[0][0][0][0], sizeof x / sizeof(float), -1, 1);
  fill(&off[0][0][0][0], sizeof off / sizeof(float), -4, 4); /* leaves the image */
  fill(&w[0][0][0][0], sizeof w / sizeof(float), -0.3, 0.3);
  fill(&mask[0][0][0][0], sizeof mask / sizeof(float), 0, 1);
  fill(bias, OC, -1, 1);

  int ok = 1;
  /* Misuse: a NULL array names the function and the argument. */
  ok &= expect(dcn_layer_main(&x[0][0][0][0], NULL, &w[0][0][0][0],
                              &mask[0][0][0][0], bias, &y[0][0][0][0]) ==
                   DEFORM_ERROR_INVALID_ARGUMENT,
               "a NULL offset is rejected");
  ok &= expect(strstr(deform_last_error(), "dcn_layer_main") &&
                   strstr(deform_last_error(), "in1"),
               "the message names dcn_layer_main and in1");

  deform_context_options options;
  deform_context_options_init(&options);
  options.cpu_threads = 2;
  deform_context *ctx = NULL;
  if (!expect(deform_context_create(&options, &ctx) == DEFORM_OK,
              "a context is created"))
    return 1;
  deform_status s = dcn_layer_main_on(ctx, &x[0][0][0][0], &off[0][0][0][0],
                                      &w[0][0][0][0], &mask[0][0][0][0], bias,
                                      &y[0][0][0][0]);
  ok &= expect(s == DEFORM_OK, "the layer runs on the context");
  deform_context_destroy(ctx);
  /* A destroyed context gets the runtime's own code. */
  ok &= expect(dcn_layer_main_on(ctx, &x[0][0][0][0], &off[0][0][0][0],
                                 &w[0][0][0][0], &mask[0][0][0][0], bias,
                                 &y[0][0][0][0]) ==
                   DEFORM_ERROR_DESTROYED_CONTEXT,
               "a destroyed context is refused");
  ok &= expect(strstr(deform_last_error(), "dcn_layer_main_on") != NULL,
               "the message names dcn_layer_main_on");

  double num = 0, den = 0;
  for (int b = 0; b < B; ++b)
    for (int o = 0; o < OC; ++o)
      for (int i = 0; i < H; ++i)
        for (int j = 0; j < W; ++j) {
          double sum = bias[o];
          for (int c = 0; c < C; ++c)
            for (int k = 0; k < TAPS; ++k) {
              double py = i - PAD + k / K + off[b][2 * k][i][j];
              double px = j - PAD + k % K + off[b][2 * k + 1][i][j];
              sum += w[o][c][k / K][k % K] * mask[b][k][i][j] *
                     sample(b, c, py, px);
            }
          num += (y[b][o][i][j] - sum) * (y[b][o][i][j] - sum);
          den += sum * sum;
        }
  double err = sqrt(num / den);
  ok &= expect(err < 1e-5, "the result matches the float64 reference");
  printf("dcn_c: DCNv2 2x8x12x12 -> 2x6x12x12, relative L2 error vs float64 "
         "%.3g: %s\n", err, ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
