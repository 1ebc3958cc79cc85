func.func @unknown_boundary() attributes {b = #deform.boundary<reflect>} {
  return
}
