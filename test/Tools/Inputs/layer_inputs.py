"""layer_inputs.py DIR: random inputs of the layers in layers.mlir;
layer_inputs.py DIR --compare NAME...: checks each layer's fused and whole
results against its scalar one (relative L2 < 1e-5)."""
import sys
import numpy as np

d = sys.argv[1]
if len(sys.argv) > 2 and sys.argv[2] == "--compare":
    for name in sys.argv[3:]:
        ref = np.load("%s/%s_scalar.npy" % (d, name)).astype(np.float64)
        assert np.abs(ref).max() > 0, name
        verdicts = []
        for kind in ("fused", "whole"):
            got = np.load("%s/%s_%s.npy" % (d, name, kind)).astype(np.float64)
            err = np.linalg.norm(got - ref) / np.linalg.norm(ref)
            verdicts.append("%s %s" % (kind, "PASS" if err < 1e-5 else "FAIL (%.3g)" % err))
        print("%s: %s" % (name, ", ".join(verdicts)))
    sys.exit(0)

rng = np.random.default_rng(7)
def normal(*shape, scale=1.0):
    return (scale * rng.standard_normal(shape)).astype(np.float32)
def save(name, a):
    np.save("%s/%s.npy" % (d, name), a)

# Offset weights scaled so the offsets come out about N(0, 2^2).
for name, x, woff, w, b in [
        ("dcnv1", (2, 8, 12, 10), (18, 8, 3, 3), (6, 8, 3, 3), None),
        ("wide", (1, 8, 9, 37), (18, 8, 3, 3), (6, 8, 3, 3), None),
        ("modulated", (1, 8, 13, 11), (27, 8, 3, 3), (5, 8, 3, 3), (5,)),
        ("tf_layer", (2, 11, 9, 3), (3, 3, 3, 72), (3, 3, 4, 3), (4,))]:
    fan_in = np.prod(woff[1:]) if name != "tf_layer" else 27
    save(name + "_x", normal(*x))
    save(name + "_woff", normal(*woff, scale=2.0 / np.sqrt(fan_in)))
    save(name + "_w", normal(*w, scale=1.0 / np.sqrt(fan_in)))
    if b:
        save(name + "_b", normal(*b))
