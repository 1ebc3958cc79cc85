"""The optional CPU peers of bench/run.py, each run in its own process with
the python of the peers' virtual environment (bench/.venv, made by
bench/setup-peers.sh), so that their numpy/protobuf never meet Debian's
torch 1.13 in the main process. Never imported by the core build.

    bench/.venv/bin/python bench/peers.py SPEC.json

SPEC.json (written by run.py):
  peer      "ort" | "tvm" | "tvm_tuned" | "tf"
  mode      "time" (warm-up, timed runs, writes the output)
            "memory" (one warm-up call, then the peak RSS growth of one call)
            "ref" (tf only: the TF layer in float64, batch by batch; writes it)
  case      the case's parameters (run.py Case.spec())
  inputs    {name: path of a float32 .npy}, the same arrays deform-run gets
  output    path of the .npy to write (time / ref modes), or null
  reps, warmup, threads, budget_s, min_runs
  tvm_target   {"kind": "llvm", "mcpu": ..., "num-cores": T}
  tvm_tuned_dir  directory of bench/tvm_tune.py's record for this case

Prints, as its last line, one JSON object: ms (median), runs, na (the reason
the peer cannot express the case, or is not installed), error, version,
extra_bytes (memory mode), info.

What each peer runs:
  ort       onnxruntime InferenceSession of a one-node model, CPU execution
            provider, intra_op_num_threads=T: DeformConv (opset 19) for conv
            cases, RoiAlign (opset 16, half_pixel, avg) for mmcv cases (the
            nearest op: no offsets, like torchvision's roi_align).
  tvm       topi.nn.deformable_conv2d_nchw through te.create_prim_func and
            tvm.compile, no schedule (single-threaded loops), llvm -mcpu=host.
  tvm_tuned the same PrimFunc compiled with the schedule meta_schedule found
            (bench/tvm_tune.py), when a record for this shape and target exists.
  tf        the TF layer (DHZS/tf-deformable-conv-layer) computation, written
            here in TF2 ops step by step as the layer's call() does it (see
            tf_layer_fn), in graph mode (tf.function), oneDNN on.
"""

import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def read_status_kb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def median(values):
    v = sorted(values)
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else 0.5 * (v[mid - 1] + v[mid])


def time_calls(fn, reps, warmup, budget_s, min_runs):
    """Median ms of `reps` calls after `warmup` untimed ones; stops early
    (after at least min_runs) once the timed calls took budget_s."""
    for _ in range(warmup):
        fn()
    times = []
    start = time.perf_counter()
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= min_runs and time.perf_counter() - start > budget_s:
            break
    return median(times) * 1e3, len(times)


def peak_growth(fn):
    """The growth of VmHWM over VmRSS across the first call after set-up
    (compilation, inputs, TF tracing). Not after a warm-up call: ORT's arena,
    TVM's workspace pool and TF's allocator keep their memory between calls,
    so a second call would read 0. run.py starts this process with small
    malloc thresholds."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    base = read_status_kb("VmRSS")
    keep = fn()
    hwm = read_status_kb("VmHWM")
    del keep
    return max(0, hwm - base) * 1024


class NotExpressible(Exception):
    """The peer cannot compute this case (the message is the reason)."""


# ----------------------------------------------------------------------------
# ONNX Runtime
# ----------------------------------------------------------------------------

def ort_setup(spec, arrays):
    import numpy as np
    import onnx
    from onnx import TensorProto, helper
    import onnxruntime as ort
    case = spec["case"]
    version = "onnxruntime %s" % ort.__version__
    f32 = TensorProto.FLOAT
    if case["kind"] == "conv2d":
        if case["variant"] != "torchvision":
            raise NotExpressible("DeformConv has no NHWC, interleaved offsets, offset groups over "
                                 "output filters or tf_clamp boundary")
        names = ["X", "W", "offset", "B" if case["has_bias"] else "", "mask" if case["has_mask"] else ""]
        while names and names[-1] == "":
            names.pop()
        node = helper.make_node(
            "DeformConv", names, ["Y"], kernel_shape=[case["kh"], case["kw"]],
            strides=[case["sh"], case["sw"]], dilations=[case["dh"], case["dw"]],
            pads=[case["pt"], case["pl"], case["pb"], case["pr"]], group=case["G"],
            offset_group=case["og"])
        feeds = {"X": arrays["x"], "W": arrays["w"], "offset": arrays["off"]}
        if case["has_bias"]:
            feeds["B"] = arrays["b"]
        if case["has_mask"]:
            feeds["mask"] = arrays["m"]
        opset = 19
        out_shape = case["out_shapes"][0]
        output_note = None
    elif case["kind"] == "mmcv":
        node = helper.make_node(
            "RoiAlign", ["X", "rois", "batch_indices"], ["Y"], mode="avg",
            output_height=case["PH"], output_width=case["PW"],
            sampling_ratio=case["sampling_ratio"], spatial_scale=case["scale"],
            coordinate_transformation_mode="half_pixel")
        rois = arrays["rois"]
        feeds = {"X": arrays["feat"], "rois": np.ascontiguousarray(rois[:, 1:5]),
                 "batch_indices": rois[:, 0].astype(np.int64)}
        opset = 16
        out_shape = case["out_shapes"][0]
        output_note = "RoiAlign: no offsets, no mask (the nearest op)"
    else:
        raise NotExpressible("ONNX has no (deformable) position-sensitive RoI pooling")
    inputs = []
    for name, a in feeds.items():
        dt = TensorProto.INT64 if a.dtype == np.int64 else f32
        inputs.append(helper.make_tensor_value_info(name, dt, list(a.shape)))
    graph = helper.make_graph([node], "peer", inputs,
                              [helper.make_tensor_value_info("Y", f32, list(out_shape))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = min(model.ir_version, 10)
    onnx.checker.check_model(model)
    so = ort.SessionOptions()
    so.intra_op_num_threads = spec["threads"]
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sess = ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])

    def call():
        return sess.run(None, feeds)[0]
    info = {"opset": opset, "op": node.op_type, "providers": sess.get_providers()}
    if output_note:
        info["note"] = output_note
    return call, (lambda r: r), version, info


# ----------------------------------------------------------------------------
# Apache TVM
# ----------------------------------------------------------------------------

def tvm_expressible(case):
    """None, or why topi.nn.deformable_conv2d_nchw cannot compute the case."""
    if case["kind"] != "conv2d":
        return "TVM has no deformable RoI pooling op"
    if case["variant"] != "torchvision":
        return "no interleaved offsets, offset groups over output filters or tf_clamp boundary"
    if case["has_mask"]:
        return "deformable_conv2d_nchw has no mask (DCNv2)"
    if case["G"] != 1:
        return "deformable_conv2d_nchw has no weight groups"
    return None


def tvm_module(case):
    """IRModule with one PrimFunc "main"(data, offset, kernel[, bias], out):
    topi's deformable conv (plus a bias add when the case has one). The same
    function is tuned by bench/tvm_tune.py, so the records match."""
    import tvm
    from tvm import te, topi
    why = tvm_expressible(case)
    if why:
        raise NotExpressible(why)
    data = te.placeholder(tuple(case["shapes"]["x"]), name="data")
    offset = te.placeholder(tuple(case["shapes"]["off"]), name="offset")
    kernel = te.placeholder(tuple(case["shapes"]["w"]), name="kernel")
    out = topi.nn.deformable_conv2d_nchw(
        data, offset, kernel, (case["sh"], case["sw"]), (case["pt"], case["pl"], case["pb"], case["pr"]),
        (case["dh"], case["dw"]), case["og"], 1, "float32")
    args = [data, offset, kernel]
    if case["has_bias"]:
        bias = te.placeholder(tuple(case["shapes"]["b"]), name="bias")
        out = te.compute(out.shape, lambda n, f, y, x: out[n, f, y, x] + bias[f], name="bias_add")
        args.append(bias)
    func = te.create_prim_func(args + [out])
    return tvm.IRModule({"main": func.with_attr("global_symbol", "main")})


def tvm_target_dict(spec):
    """spec's target with mcpu "host" replaced by the CPU TVM's LLVM sees."""
    import tvm
    t = dict(spec["tvm_target"])
    if t.get("mcpu", "host") == "host":
        t["mcpu"] = tvm.target.codegen.llvm_get_system_cpu()
    return t


def tuned_record_info(tuned_dir):
    path = os.path.join(tuned_dir, "tune.json")
    with open(path) as f:
        return json.load(f)


def tvm_setup(spec, arrays, tuned):
    import numpy as np
    import tvm
    case = spec["case"]
    mod = tvm_module(case)
    tdict = tvm_target_dict(spec)
    target = tvm.target.Target(tdict)
    version = "tvm %s" % tvm.__version__
    info = {"target": tdict}
    t0 = time.perf_counter()
    if tuned:
        from tvm.s_tir import meta_schedule as ms
        d = spec.get("tvm_tuned_dir")
        if not d or not os.path.exists(os.path.join(d, "tune.json")):
            raise NotExpressible("no tuning record (run bench/tvm_tune.py %s)" % case["name"])
        rec = tuned_record_info(d)
        info["trials"] = rec.get("trials")
        info["tuning_s"] = rec.get("tuning_seconds")
        if rec.get("shape_key") != shape_key(case):
            raise NotExpressible("tuning record is for another shape (re-run bench/tvm_tune.py)")
        if rec.get("target", {}).get("mcpu") != tdict["mcpu"] or \
                int(rec.get("target", {}).get("num-cores", 0)) != int(tdict["num-cores"]):
            raise NotExpressible("tuning record is for target %s" % json.dumps(rec.get("target")))
        db = ms.database.JSONDatabase(
            path_workload=os.path.join(d, "database_workload.json"),
            path_tuning_record=os.path.join(d, "database_tuning_record.json"),
            allow_missing=False)
        sch = ms.tir_integration.compile_tir(db, mod, target)
        if sch is None:
            raise NotExpressible("the tuning record does not match this function")
        mod = sch.mod
    lib = tvm.compile(mod, target=target)
    info["compile_s"] = time.perf_counter() - t0
    dev = tvm.cpu()
    names = ["x", "off", "w"] + (["b"] if case["has_bias"] else [])
    args = [tvm.runtime.tensor(arrays[n], dev) for n in names]
    out = tvm.runtime.tensor(np.zeros(case["out_shapes"][0], np.float32), dev)
    fn = lib["main"]

    def call():
        fn(*args, out)
        return None
    return call, (lambda r: out.numpy()), version, info


def shape_key(case):
    """What a tuning record must match: every parameter of the function."""
    keys = ["N", "Cin", "Cout", "H", "W", "kh", "kw", "sh", "sw", "dh", "dw", "pt", "pl", "pb", "pr",
            "G", "og", "has_mask", "has_bias", "variant"]
    return ",".join("%s=%s" % (k, case[k]) for k in keys)


# ----------------------------------------------------------------------------
# TensorFlow: the TF layer
# ----------------------------------------------------------------------------

def tf_layer_fn(tf, case, dtype):
    """The TF layer's computation (DHZS/tf-deformable-conv-layer,
    DeformableConvLayer.call after the offset conv) for this case, in TF2 ops:
    the layer's four TF1 names are tf.to_float/tf.to_int32 (tf.cast here) and
    tf.image.extract_image_patches (tf.image.extract_patches). Arguments:
    x [B, H, W, C] (NHWC), offset [B, Ho, Wo, 2*K*og] (interleaved: pair
    k*og + g holds (dy, dx)), kernel [kh, kw, OC, C] (its depthwise kernel
    [kh, kw, OC*C, 1] reshaped, SEMANTICS 1.1), bias [OC]. Padding: the
    layer pads the input explicitly (its _pad_input), here with the case's
    pads [top, left, bottom, right]."""
    kh, kw = case["kh"], case["kw"]
    sh, sw = case["sh"], case["sw"]
    dh, dw = case["dh"], case["dw"]
    og = case["og"]
    OC = case["Cout"]
    pads = [case["pt"], case["pl"], case["pb"], case["pr"]]

    def call(inputs, offset, kernel, bias):
        if any(pads):
            inputs = tf.pad(inputs, [[0, 0], [pads[0], pads[2]], [pads[1], pads[3]], [0, 0]])
        batch_size = int(inputs.shape[0])
        channel_in = int(inputs.shape[-1])
        in_h, in_w = int(inputs.shape[1]), int(inputs.shape[2])
        out_h, out_w = int(offset.shape[1]), int(offset.shape[2])

        # get x, y axis offset
        offset = tf.reshape(offset, [batch_size, out_h, out_w, -1, 2])
        y_off, x_off = offset[:, :, :, :, 0], offset[:, :, :, :, 1]

        # input feature map grid coordinates (_get_conv_indices)
        xg, yg = tf.meshgrid(tf.range(in_w), tf.range(in_h))
        xg, yg = [tf.reshape(i, [1, in_h, in_w, 1]) for i in [xg, yg]]
        xg, yg = [tf.image.extract_patches(i, [1, kh, kw, 1], [1, sh, sw, 1], [1, dh, dw, 1], "VALID")
                  for i in [xg, yg]]
        y, x = yg, xg
        y, x = [tf.expand_dims(i, axis=-1) for i in [y, x]]
        y, x = [tf.tile(i, [batch_size, 1, 1, 1, og]) for i in [y, x]]
        y, x = [tf.reshape(i, [batch_size, out_h, out_w, -1]) for i in [y, x]]
        y, x = [tf.cast(i, dtype) for i in [y, x]]

        # add offset
        y, x = y + y_off, x + x_off
        y = tf.clip_by_value(y, 0, in_h - 1)
        x = tf.clip_by_value(x, 0, in_w - 1)

        # get four coordinates of points around (x, y)
        y0, x0 = [tf.cast(tf.floor(i), tf.int32) for i in [y, x]]
        y1, x1 = y0 + 1, x0 + 1
        y0, y1 = [tf.clip_by_value(i, 0, in_h - 1) for i in [y0, y1]]
        x0, x1 = [tf.clip_by_value(i, 0, in_w - 1) for i in [x0, x1]]

        # get pixel values (_get_pixel_values_at_point)
        def pixels_at(yy, xx):
            b, h, w, n = [int(v) for v in yy.shape[0:4]]
            batch_idx = tf.reshape(tf.range(0, b), (b, 1, 1, 1))
            bb = tf.tile(batch_idx, (1, h, w, n))
            return tf.gather_nd(inputs, tf.stack([bb, yy, xx], axis=-1))
        p0, p1, p2, p3 = [pixels_at(*i) for i in [(y0, x0), (y0, x1), (y1, x0), (y1, x1)]]

        x0, x1, y0, y1 = [tf.cast(i, dtype) for i in [x0, x1, y0, y1]]
        w0 = (y1 - y) * (x1 - x)
        w1 = (y1 - y) * (x - x0)
        w2 = (y - y0) * (x1 - x)
        w3 = (y - y0) * (x - x0)
        w0, w1, w2, w3 = [tf.expand_dims(i, axis=-1) for i in [w0, w1, w2, w3]]
        pixels = tf.add_n([w0 * p0, w1 * p1, w2 * p2, w3 * p3])

        # reshape the "big" feature map
        pixels = tf.reshape(pixels, [batch_size, out_h, out_w, kh, kw, og, channel_in])
        pixels = tf.transpose(pixels, [0, 1, 3, 2, 4, 5, 6])
        pixels = tf.reshape(pixels, [batch_size, out_h * kh, out_w * kw, og, channel_in])

        # copy channels to same group
        feat_in_group = OC // og
        pixels = tf.tile(pixels, [1, 1, 1, 1, feat_in_group])
        pixels = tf.reshape(pixels, [batch_size, out_h * kh, out_w * kw, -1])

        # depth-wise conv with the layer's [kh, kw, OC*C, 1] kernel
        dw_kernel = tf.reshape(kernel, [kh, kw, OC * channel_in, 1])
        out = tf.nn.depthwise_conv2d(pixels, dw_kernel, [1, kh, kw, 1], "VALID")
        # add the output feature maps in the same group
        out = tf.reshape(out, [batch_size, out_h, out_w, OC, channel_in])
        out = tf.reduce_sum(out, axis=-1)
        if bias is not None:
            out += bias
        return out
    return call


def tf_import(threads):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    os.environ["TF_ENABLE_ONEDNN_OPTS"] = "1"
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    return tf


def tf_check_case(case):
    if case["kind"] != "conv2d" or case["variant"] != "tf_layer":
        raise NotExpressible("TF runs only the TF layer (the seed layer at its shape)")
    if case["has_mask"] or case["G"] != 1:
        raise NotExpressible("the TF layer has no mask and no weight groups")
    if case["Cout"] % case["og"]:
        raise NotExpressible("the TF layer needs filters divisible by the offset groups")


def tf_setup(spec, arrays):
    case = spec["case"]
    tf_check_case(case)
    tf = tf_import(spec["threads"])
    fn = tf_layer_fn(tf, case, tf.float32)
    names = ["x", "off", "w"] + (["b"] if case["has_bias"] else [])
    sig = [tf.TensorSpec(arrays[n].shape, tf.float32) for n in names]
    if case["has_bias"]:
        graph_fn = tf.function(lambda x, o, w, b: fn(x, o, w, b), input_signature=sig)
    else:
        graph_fn = tf.function(lambda x, o, w: fn(x, o, w, None), input_signature=sig)
    tensors = [tf.constant(arrays[n]) for n in names]
    graph_fn.get_concrete_function()  # trace now, not in the first (memory) call

    def call():
        r = graph_fn(*tensors)
        r.numpy()  # make sure the work is done
        return r
    info = {"mode": "tf.function (graph)", "TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS"),
            "intra_op_threads": spec["threads"], "inter_op_threads": 1}
    return call, (lambda r: r.numpy()), "tensorflow %s" % tf.__version__, info


def tf_reference(spec, arrays):
    """The TF layer in float64, a few images at a time (batch elements are
    independent; the full batch in float64 would need many GB)."""
    import numpy as np
    case = spec["case"]
    tf_check_case(case)
    tf = tf_import(spec["threads"])
    fn = tf_layer_fn(tf, case, tf.float64)
    N = case["N"]
    per = max(1, int(spec.get("ref_batch", 4)))
    outs = []
    b = tf.constant(arrays["b"].astype(np.float64)) if case["has_bias"] else None
    w = tf.constant(arrays["w"].astype(np.float64))
    graph_fn = tf.function(fn)
    for i in range(0, N, per):
        x = tf.constant(arrays["x"][i:i + per].astype(np.float64))
        o = tf.constant(arrays["off"][i:i + per].astype(np.float64))
        outs.append(graph_fn(x, o, w, b).numpy())
    return np.concatenate(outs, axis=0), "tensorflow %s" % tf.__version__


# ----------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------

def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    result = {"ms": None, "runs": 0, "na": None, "error": None, "version": None,
              "extra_bytes": None, "info": {}}
    peer = spec["peer"]
    try:
        import numpy as np
        arrays = {k: np.load(p) for k, p in spec["inputs"].items()}
        if spec["mode"] == "ref":
            out, result["version"] = tf_reference(spec, arrays)
            np.save(spec["output"], out.astype(np.float64))
            print(json.dumps(result))
            return 0
        if peer == "ort":
            try:
                import onnxruntime  # noqa: F401
                import onnx  # noqa: F401
            except ImportError as e:
                raise NotExpressible("not installed (bash bench/setup-peers.sh ort): %s" % e)
            call, fetch, result["version"], result["info"] = ort_setup(spec, arrays)
        elif peer in ("tvm", "tvm_tuned"):
            why = tvm_expressible(spec["case"])
            if why:
                raise NotExpressible(why)
            try:
                import tvm  # noqa: F401
            except ImportError as e:
                raise NotExpressible("not installed (bash bench/setup-peers.sh tvm): %s" % e)
            call, fetch, result["version"], result["info"] = tvm_setup(spec, arrays, peer == "tvm_tuned")
        elif peer == "tf":
            tf_check_case(spec["case"])
            try:
                import importlib.util
                if importlib.util.find_spec("tensorflow") is None:
                    raise ImportError("no module named tensorflow")
            except ImportError as e:
                raise NotExpressible("not installed (bash bench/setup-peers.sh tf): %s" % e)
            call, fetch, result["version"], result["info"] = tf_setup(spec, arrays)
        else:
            raise ValueError("unknown peer %r" % peer)
        if spec["mode"] == "memory":
            extra = peak_growth(call)
            if peer in ("ort", "tf"):  # these allocate their output during the call
                extra -= 4 * int(np.prod(spec["case"]["out_shapes"][0]))
            result["extra_bytes"] = extra
        else:
            last = {}

            def timed():
                last["r"] = call()
            result["ms"], result["runs"] = time_calls(timed, spec["reps"], spec["warmup"],
                                                      spec["budget_s"], spec["min_runs"])
            if spec.get("output"):
                np.save(spec["output"], np.asarray(fetch(last.get("r")), np.float32))
    except NotExpressible as e:
        result["na"] = str(e)
    except Exception as e:  # noqa: BLE001 - report anything the peer says
        import traceback
        traceback.print_exc()
        msg = str(e).strip().splitlines()
        result["error"] = "%s: %s" % (type(e).__name__, msg[0][:300] if msg else "")
    sys.stdout.flush()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
