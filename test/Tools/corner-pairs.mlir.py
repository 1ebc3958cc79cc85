# Inputs of corner-pairs.mlir: random edge columns, +Inf inside; every
# sample on the left (x = -0.5) or right (x = W - 0.75) edge.
import sys
import numpy as np

out = sys.argv[1]
r = np.random.default_rng(3)
H, W = 3, 20
for c in (2, 5):
    x = r.standard_normal((1, c, H, W)).astype(np.float32) + 2
    x[..., 1:W - 1] = np.inf
    np.save("%s/x%d.npy" % (out, c), x)
    np.save("%s/w%d.npy" % (out, c), r.standard_normal((3, c, 1, 1)).astype(np.float32))
cols = np.arange(W, dtype=np.float32)
off = np.empty((1, 2, H, W), np.float32)
off[0, 0] = r.uniform(-0.8, 0.8, (H, W))  # dy: rows inside or just outside
left = r.random((H, W)) < 0.5
off[0, 1] = np.where(left, -0.5 - cols, W - 0.75 - cols)
np.save(out + "/off.npy", off)
# tf_clamp (pads of 1, else the last column's weights are 0) reads column
# 1 at x = -0.5 (clipped to column 0 with weight 0 on column 1, so its Inf
# gives NaN in the reference too): the right edge only, x = W - 0.75.
tf = np.empty((1, 2, H + 2, W + 2), np.float32)
tf[0, 0] = r.uniform(-0.8, 0.8, (H + 2, W + 2))
tf[0, 1] = W - 0.75 - (np.arange(W + 2, dtype=np.float32) - 1)
np.save(out + "/off_tf_clamp.npy", tf)
np.save(out + "/init_tf_clamp.npy", np.zeros((1, 3, H + 2, W + 2), np.float32))
np.save(out + "/init.npy", np.zeros((1, 3, H, W), np.float32))
