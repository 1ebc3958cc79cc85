//===- Passes.td - applying a tuning database --------------*- tablegen -*-===//
#ifndef DEFORM_TUNING_PASSES_TD
#define DEFORM_TUNING_PASSES_TD

include "mlir/Pass/PassBase.td"

def DeformApplyTuning : Pass<"deform-apply-tuning", "::mlir::ModuleOp"> {
  let summary = "Configure deform ops from a tuning database";
  let description = [{
    Gives each `deform.conv2d` and `deform.roi_pool` without a `config` the
    configuration `deform-tune` recorded for it in the JSON file `db`: the
    entry whose op signature (name, operand and result types, attributes
    but `config`), target kind and device (the module's `deform.target`, set
    by the target pass that runs before), thread count (`threads`; 0: one per
    hardware thread, as the runtime's default context) and compiler version
    all equal this op's. It runs after the target pass and before the
    configure pass, which then configures only the ops left without a
    configuration; an op that already has one keeps it.

    Reports, as a remark on the module, how many ops an entry configured.
    An op without a matching entry gets one warning naming it (and the
    entries for it that were ignored because they are for another device,
    thread count or compiler version) and keeps the heuristic. An entry
    whose configuration does not parse, is for another target kind or is
    rejected by the verifier (`verifyFor`) is an error naming the file and
    the entry; so is an unreadable file, invalid JSON or a missing field.

    Before (`db=tuning.json threads=2`, an entry for this op on x86-64-v3):
    ```mlir
    module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3", ...>} {
      %r = deform.conv2d ins(...) outs(%o : tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
    ```
    After:
    ```mlir
      %r = deform.conv2d ins(...) outs(%o : tensor<1x8x16x16xf32>)
           {config = #deform.cpu_config<tile = [1, 8, 2, 16], reduction = 4,
            vector = 8, register_tile = [4, 2]>} -> tensor<1x8x16x16xf32>
    ```
    with `remark: deform-apply-tuning: 1 of 1 deform op(s) configured from
    'tuning.json' (cpu x86-64-v3, 2 threads)`.
  }];
  let options = [
    Option<"db", "db", "std::string", /*default=*/"\"\"",
           "The tuning database (JSON, written by deform-tune)">,
    Option<"threads", "threads", "int64_t", /*default=*/"0",
           "Runtime threads the code will run on (0: one per hardware thread)">,
  ];
  let dependentDialects = ["::mlir::deform::DeformDialect"];
}

#endif // DEFORM_TUNING_PASSES_TD
