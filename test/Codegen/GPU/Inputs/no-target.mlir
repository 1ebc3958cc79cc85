module attributes {gpu.container_module} {
  gpu.module @deform_kernels {
  }
}
