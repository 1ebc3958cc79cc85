# lit configuration for deform-mlir's FileCheck tests.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "DEFORM"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.deform_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "reference", "Inputs", "fuzz", "autotune"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["deform-opt", "deform-run", "deform-compile", "deform-tune"], [config.deform_tools_dir])
llvm_config.add_tool_substitutions(["llvm-nm"], [config.llvm_tools_dir])
# Debian's python3 with numpy (the pyenv one on PATH may lack it).
config.substitutions.append(("%python", "/usr/bin/python3"))
# What tuning database entries record as "compiler" (deform-tune).
config.substitutions.append(("%deform_version", config.deform_compiler_version))

# GPU tests. `ptxas`: a CUDA toolkit's ptxas is there (found the way the GPU
# pipeline finds it); `gpu-emulator`: the emulating fake CUDA driver was
# built (not in sanitizer builds). %fake-cuda-driver and %emu-cuda-driver
# name the fake drivers, loaded through DEFORM_CUDA_DRIVER_PATH; a test run
# with DEFORM_CUDA_DRIVER_PATH=%no-cuda-driver sees no driver at all.
import shutil
ptxas = None
for root in [os.environ.get("CUDA_PATH", ""), "/usr/local/cuda"]:
    if root and os.path.isfile(os.path.join(root, "bin", "ptxas")):
        ptxas = os.path.join(root, "bin", "ptxas")
        break
if not ptxas:
    ptxas = shutil.which("ptxas")
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
runtime_tests = os.path.join(config.deform_obj_root, "test", "runtime")
fake_driver = os.path.join(runtime_tests, "libdeform-fake-cuda-driver.so")
emu_driver = os.path.join(runtime_tests, "libdeform-emu-cuda-driver.so")
config.substitutions.append(("%fake-cuda-driver", fake_driver))
config.substitutions.append(("%emu-cuda-driver", emu_driver))
config.substitutions.append(("%no-cuda-driver", os.path.join(runtime_tests, "no-such-libcuda.so")))
if os.path.isfile(emu_driver):
    config.available_features.add("gpu-emulator")
config.substitutions.append(("%deform_src_root", config.deform_src_root))
config.substitutions.append(("%deform_obj_root", config.deform_obj_root))
# A C++ compiler and the runtime, for tests that build applications.
config.substitutions.append(("%cxx", config.deform_cxx))
config.substitutions.append(("%deform_runtime_lib", config.deform_runtime_lib))
config.substitutions.append(("%deform_runtime_include", os.path.join(config.deform_src_root, "runtime", "include")))
