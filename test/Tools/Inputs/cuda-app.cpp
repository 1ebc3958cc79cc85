// An application of deform-compile --target=cuda's header: runs @main of
// deform-compile-cuda.mlir through layer_main (host arrays) and
// layer_main_device (runtime buffers on a CUDA context) on deterministic
// inputs and checks both against the float64 reference.
#include "layer.h"

#include "deform/reference/Reference.h"

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  deform::ref::Conv2dParams p;
  p.batch = 1, p.inChannels = 4, p.inH = 7, p.inW = 7, p.outChannels = 6;
  p.kernelH = p.kernelW = 3;
  std::vector<float> x(1 * 4 * 7 * 7), off(1 * 18 * 5 * 5), w(6 * 4 * 3 * 3),
      out(1 * 6 * 5 * 5), dev(out.size());
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = std::sin(0.37 * i);
  for (size_t i = 0; i < off.size(); ++i)
    off[i] = 3 * std::sin(1.3 * i + 1); // samples leave the image
  for (size_t i = 0; i < w.size(); ++i)
    w[i] = std::cos(0.11 * i);
  if (layer_main(x.data(), off.data(), w.data(), out.data()) != DEFORM_OK) {
    std::printf("layer_main: %s\n", deform_last_error());
    return 1;
  }
  // The same on device buffers, inputs uploaded once.
  deform_context_options o;
  deform_context_options_init(&o);
  o.device = DEFORM_DEVICE_CUDA;
  deform_context *ctx = nullptr;
  if (deform_context_create(&o, &ctx) != DEFORM_OK) {
    std::printf("%s\n", deform_last_error());
    return 1;
  }
  std::vector<deform_buffer *> b(4);
  const std::vector<float> *host[] = {&x, &off, &w, &dev};
  for (int i = 0; i < 4; ++i) {
    deform_buffer_create(ctx, host[i]->size() * sizeof(float), &b[i]);
    deform_buffer_copy_from_host(b[i], host[i]->data(), host[i]->size() * sizeof(float));
    deform_buffer_sync_to_device(b[i]);
  }
  if (layer_main_device(ctx, b[0], b[1], b[2], b[3]) != DEFORM_OK) {
    std::printf("layer_main_device: %s\n", deform_last_error());
    return 1;
  }
  deform_buffer_sync_to_host(b[3]);
  deform_buffer_copy_to_host(b[3], dev.data(), dev.size() * sizeof(float));
  // A buffer too small for its tensor is refused, naming it.
  deform_buffer *small = nullptr;
  deform_buffer_create(ctx, 16, &small);
  if (layer_main_device(ctx, b[0], b[1], b[2], small) != DEFORM_ERROR_SHAPE_MISMATCH)
    return 1;
  std::printf("too small: %s\n", deform_last_error());
  deform_context_destroy(ctx);

  std::vector<double> xd(x.begin(), x.end()), od(off.begin(), off.end()),
      wd(w.begin(), w.end()), ref(out.size());
  deform::ref::conv2d(p, xd.data(), od.data(), wd.data(), nullptr, nullptr, ref.data());
  for (const std::vector<float> *got : {&out, &dev}) {
    double num = 0, den = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
      num += ((*got)[i] - ref[i]) * ((*got)[i] - ref[i]);
      den += ref[i] * ref[i];
    }
    double err = std::sqrt(num / den);
    std::printf("relative L2 error %.3g: %s\n", err, err < 1e-5 ? "PASS" : "FAIL");
    if (!(err < 1e-5))
      return 1;
  }
  return 0;
}
