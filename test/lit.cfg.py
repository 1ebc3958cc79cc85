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
