//===- RoiPool.cpp - deformable RoI pooling reference (SEMANTICS 2) -------===//
#include "Internal.h"
#include "deform/reference/Reference.h"

#include <cmath>

namespace deform {
namespace ref {

using detail::msg;

std::string RoiPoolParams::validate() const {
  struct Field {
    const char *name;
    int64_t value;
  };
  const Field sizes[] = {{"batch", batch},         {"channels", channels},
                         {"inH", inH},             {"inW", inW},
                         {"outChannels", outChannels}, {"pooledH", pooledH},
                         {"pooledW", pooledW}};
  for (const Field &f : sizes)
    if (f.value < 1)
      return msg(f.name, f.value, "must be >= 1");
  if (numRois < 0)
    return msg("numRois", numRois, "must be >= 0");
  if (!std::isfinite(spatialScale))
    return msg("spatialScale", spatialScale, "must be finite");
  if (!std::isfinite(gamma))
    return msg("gamma", gamma, "must be finite");
  if (!std::isfinite(transStd))
    return msg("transStd", transStd, "must be finite");
  if (samplingRatio < 0)
    return msg("samplingRatio", samplingRatio, "must be >= 0");
  int64_t r = 0;
  if (!detail::checkedProduct({batch, channels, inH, inW}, r))
    return "input element count overflows int64";
  if (!detail::checkedProduct({numRois, outChannels, pooledH, pooledW}, r))
    return "output element count overflows int64";
  if (!detail::checkedProduct({numRois, 5}, r))
    return "rois element count overflows int64";
  if (variant == RoiPoolVariant::MMCV) {
    if (outChannels != channels)
      return msg("outChannels", outChannels,
                 "must equal channels (" + std::to_string(channels) +
                     ") for the MMCV variant");
    if (!detail::checkedProduct({numRois, 2, pooledH, pooledW}, r))
      return "offset element count overflows int64";
    return std::string();
  }
  // DCNPSRoI.
  const Field ps[] = {{"groupSize", groupSize},
                      {"partSize", partSize},
                      {"samplePerPart", samplePerPart}};
  for (const Field &f : ps)
    if (f.value < 1)
      return msg(f.name, f.value, "must be >= 1");
  if (hasMask)
    return "hasMask (true) must be false for the DCNPSRoI variant";
  int64_t expected = 0;
  if (!detail::checkedProduct({outChannels, groupSize, groupSize}, expected))
    return "outChannels * groupSize^2 overflows int64";
  if (channels != expected)
    return msg("channels", channels,
               "must equal outChannels * groupSize^2 (" +
                   std::to_string(outChannels) + " * " +
                   std::to_string(groupSize) + "^2 = " +
                   std::to_string(expected) + ")");
  if (hasOffset) {
    if (transChannels < 2 || transChannels % 2 != 0)
      return msg("transChannels", transChannels,
                 "must be a positive even number (2 * num_classes)");
    if (outChannels % (transChannels / 2) != 0)
      return msg("outChannels", outChannels,
                 "must be divisible by num_classes = transChannels / 2 (" +
                     std::to_string(transChannels / 2) + ")");
    if (!detail::checkedProduct({numRois, transChannels, partSize, partSize},
                                r))
      return "trans element count overflows int64";
  }
  return std::string();
}

int64_t RoiPoolParams::inputSize() const {
  return detail::sizeOrZero({batch, channels, inH, inW});
}
int64_t RoiPoolParams::roisSize() const {
  return detail::sizeOrZero({numRois, 5});
}
int64_t RoiPoolParams::offsetSize() const {
  if (!hasOffset)
    return 0;
  if (variant == RoiPoolVariant::MMCV)
    return detail::sizeOrZero({numRois, 2, pooledH, pooledW});
  return detail::sizeOrZero({numRois, transChannels, partSize, partSize});
}
int64_t RoiPoolParams::maskSize() const {
  if (!hasMask || variant != RoiPoolVariant::MMCV)
    return 0;
  return detail::sizeOrZero({numRois, pooledH, pooledW});
}
int64_t RoiPoolParams::outputSize() const {
  return detail::sizeOrZero({numRois, outChannels, pooledH, pooledW});
}

namespace {

/// mmcv / torchvision bilinear_interpolate (roi_align). NaN is outside.
double sampleRoiAlign(const double *plane, int64_t H, int64_t W, double y,
                      double x) {
  if (!(y >= -1.0 && y <= static_cast<double>(H) && x >= -1.0 &&
        x <= static_cast<double>(W)))
    return 0.0;
  if (y <= 0.0)
    y = 0.0;
  if (x <= 0.0)
    x = 0.0;
  // y, x are now in [0, H] x [0, W]: safe to convert.
  int64_t y0 = static_cast<int64_t>(y), x0 = static_cast<int64_t>(x);
  int64_t y1, x1;
  if (y0 >= H - 1) {
    y1 = y0 = H - 1;
    y = static_cast<double>(y0);
  } else {
    y1 = y0 + 1;
  }
  if (x0 >= W - 1) {
    x1 = x0 = W - 1;
    x = static_cast<double>(x0);
  } else {
    x1 = x0 + 1;
  }
  double ly = y - static_cast<double>(y0), lx = x - static_cast<double>(x0);
  double hy = 1.0 - ly, hx = 1.0 - lx;
  double v1 = plane[y0 * W + x0], v2 = plane[y0 * W + x1];
  double v3 = plane[y1 * W + x0], v4 = plane[y1 * W + x1];
  return hy * hx * v1 + hy * lx * v2 + ly * hx * v3 + ly * lx * v4;
}

/// MXNet DeformablePSROIPooling bilinear_interp; (y, x) already clamped to
/// [0, H-1] x [0, W-1].
double samplePS(const double *plane, int64_t W, double y, double x) {
  double xf = std::floor(x), xc = std::ceil(x);
  double yf = std::floor(y), yc = std::ceil(y);
  int64_t x1 = static_cast<int64_t>(xf), x2 = static_cast<int64_t>(xc);
  int64_t y1 = static_cast<int64_t>(yf), y2 = static_cast<int64_t>(yc);
  double dx = x - xf, dy = y - yf;
  double v11 = plane[y1 * W + x1], v12 = plane[y2 * W + x1];
  double v21 = plane[y1 * W + x2], v22 = plane[y2 * W + x2];
  return (1 - dx) * (1 - dy) * v11 + (1 - dx) * dy * v12 +
         dx * (1 - dy) * v21 + dx * dy * v22;
}

/// Adaptive grid size of the MMCV variant (see the header).
int64_t adaptiveGrid(double extent, int64_t pooled) {
  double g = std::ceil(extent / static_cast<double>(pooled));
  if (!(g >= 1.0))
    return 0; // NaN, zero-size or negative roi
  return g < static_cast<double>(kMaxAdaptiveSamples)
             ? static_cast<int64_t>(g)
             : kMaxAdaptiveSamples;
}

/// Batch index of a roi, or -1 when invalid.
int64_t roiBatch(double v, int64_t N) {
  if (!(v > -1.0 && v < static_cast<double>(N)))
    return -1;
  return static_cast<int64_t>(v);
}

void roiPoolMMCV(const RoiPoolParams &p, const double *input,
                 const double *rois, const double *offset, const double *mask,
                 double *out) {
  const int64_t C = p.channels, H = p.inH, W = p.inW;
  const int64_t PH = p.pooledH, PW = p.pooledW;
  for (int64_t r = 0; r < p.numRois; ++r) {
    const double *roi = rois + r * 5;
    const int64_t b = roiBatch(roi[0], p.batch);
    const double sw0 = roi[1] * p.spatialScale - 0.5;
    const double sh0 = roi[2] * p.spatialScale - 0.5;
    const double ew = roi[3] * p.spatialScale - 0.5;
    const double eh = roi[4] * p.spatialScale - 0.5;
    const double rw = ew - sw0, rh = eh - sh0;
    const double bw = rw / static_cast<double>(PW);
    const double bh = rh / static_cast<double>(PH);
    const int64_t gh =
        p.samplingRatio > 0 ? p.samplingRatio : adaptiveGrid(rh, PH);
    const int64_t gw =
        p.samplingRatio > 0 ? p.samplingRatio : adaptiveGrid(rw, PW);
    const double ghd = static_cast<double>(gh), gwd = static_cast<double>(gw);
    const double cnt = ghd * gwd > 1.0 ? ghd * gwd : 1.0;
    for (int64_t c = 0; c < C; ++c)
      for (int64_t ph = 0; ph < PH; ++ph)
        for (int64_t pw = 0; pw < PW; ++pw) {
          double *dst = out + ((r * C + c) * PH + ph) * PW + pw;
          if (b < 0) {
            *dst = 0.0;
            continue;
          }
          double sw = sw0, sh = sh0;
          if (p.hasOffset) {
            const double *o = offset + r * 2 * PH * PW + ph * PW + pw;
            sw += p.gamma * rw * o[0];
            sh += p.gamma * rh * o[PH * PW];
          }
          const double *plane = input + (b * C + c) * H * W;
          double sum = 0.0;
          for (int64_t iy = 0; iy < gh; ++iy) {
            const double y = sh + static_cast<double>(ph) * bh +
                             (static_cast<double>(iy) + 0.5) * bh / ghd;
            for (int64_t ix = 0; ix < gw; ++ix) {
              const double x = sw + static_cast<double>(pw) * bw +
                               (static_cast<double>(ix) + 0.5) * bw / gwd;
              sum += sampleRoiAlign(plane, H, W, y, x);
            }
          }
          double v = sum / cnt;
          if (p.hasMask)
            v *= mask[(r * PH + ph) * PW + pw];
          *dst = v;
        }
  }
}

void roiPoolPS(const RoiPoolParams &p, const double *input, const double *rois,
               const double *trans, double *out, double *count) {
  const int64_t C = p.channels, H = p.inH, W = p.inW;
  const int64_t PH = p.pooledH, PW = p.pooledW, OD = p.outChannels;
  const int64_t G = p.groupSize, PS = p.partSize, SPP = p.samplePerPart;
  const bool noTrans = !p.hasOffset;
  const int64_t numClasses = noTrans ? 1 : p.transChannels / 2;
  const int64_t channelsEachClass = OD / numClasses;
  const double spp = static_cast<double>(SPP);
  for (int64_t r = 0; r < p.numRois; ++r) {
    const double *roi = rois + r * 5;
    const int64_t b = roiBatch(roi[0], p.batch);
    const double sw = std::round(roi[1]) * p.spatialScale - 0.5;
    const double sh = std::round(roi[2]) * p.spatialScale - 0.5;
    const double ew = (std::round(roi[3]) + 1.0) * p.spatialScale - 0.5;
    const double eh = (std::round(roi[4]) + 1.0) * p.spatialScale - 0.5;
    const double dw = ew - sw, dh = eh - sh;
    const double rw = dw < 0.1 ? 0.1 : dw; // NaN stays NaN
    const double rh = dh < 0.1 ? 0.1 : dh;
    const double bw = rw / static_cast<double>(PW);
    const double bh = rh / static_cast<double>(PH);
    const double sbw = bw / spp, sbh = bh / spp;
    for (int64_t ctop = 0; ctop < OD; ++ctop)
      for (int64_t ph = 0; ph < PH; ++ph)
        for (int64_t pw = 0; pw < PW; ++pw) {
          const int64_t idx = ((r * OD + ctop) * PH + ph) * PW + pw;
          if (b < 0) {
            out[idx] = 0.0;
            if (count)
              count[idx] = 0.0;
            continue;
          }
          // Integer-valued doubles in [0, PS): the min() only guards
          // rounding.
          int64_t partH = static_cast<int64_t>(std::floor(
              static_cast<double>(ph) / static_cast<double>(PH) *
              static_cast<double>(PS)));
          int64_t partW = static_cast<int64_t>(std::floor(
              static_cast<double>(pw) / static_cast<double>(PW) *
              static_cast<double>(PS)));
          partH = partH < PS - 1 ? partH : PS - 1;
          partW = partW < PS - 1 ? partW : PS - 1;
          const int64_t classId = ctop / channelsEachClass;
          double tx = 0.0, ty = 0.0;
          if (!noTrans) {
            tx = trans[(((r * numClasses + classId) * 2) * PS + partH) * PS +
                       partW] *
                 p.transStd;
            ty = trans[(((r * numClasses + classId) * 2 + 1) * PS + partH) *
                           PS +
                       partW] *
                 p.transStd;
          }
          double wstart = static_cast<double>(pw) * bw + sw;
          wstart += tx * rw;
          double hstart = static_cast<double>(ph) * bh + sh;
          hstart += ty * rh;
          int64_t gw = static_cast<int64_t>(std::floor(
              static_cast<double>(pw) * static_cast<double>(G) /
              static_cast<double>(PW)));
          int64_t gh = static_cast<int64_t>(std::floor(
              static_cast<double>(ph) * static_cast<double>(G) /
              static_cast<double>(PH)));
          gw = gw < 0 ? 0 : (gw > G - 1 ? G - 1 : gw);
          gh = gh < 0 ? 0 : (gh > G - 1 ? G - 1 : gh);
          const int64_t c = (ctop * G + gh) * G + gw;
          const double *plane = input + (b * C + c) * H * W;
          double sum = 0.0;
          int64_t n = 0;
          for (int64_t ih = 0; ih < SPP; ++ih)
            for (int64_t iw = 0; iw < SPP; ++iw) {
              double w = wstart + static_cast<double>(iw) * sbw;
              double h = hstart + static_cast<double>(ih) * sbh;
              if (!(w >= -0.5 && w <= static_cast<double>(W) - 0.5 &&
                    h >= -0.5 && h <= static_cast<double>(H) - 0.5))
                continue; // outside or NaN: skipped, not counted
              const double wmax = static_cast<double>(W - 1);
              const double hmax = static_cast<double>(H - 1);
              w = w < 0.0 ? 0.0 : (w > wmax ? wmax : w);
              h = h < 0.0 ? 0.0 : (h > hmax ? hmax : h);
              sum += samplePS(plane, W, h, w);
              ++n;
            }
          out[idx] = n == 0 ? 0.0 : sum / static_cast<double>(n);
          if (count)
            count[idx] = static_cast<double>(n);
        }
  }
}

} // namespace

void roiPool(const RoiPoolParams &p, const double *input, const double *rois,
             const double *offset, const double *mask, double *out,
             double *count) {
  if (p.variant == RoiPoolVariant::MMCV)
    roiPoolMMCV(p, input, rois, offset, mask, out);
  else
    roiPoolPS(p, input, rois, offset, out, count);
}

} // namespace ref
} // namespace deform
